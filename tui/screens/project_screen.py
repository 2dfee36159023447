"""The project screen: every field of the 申报表, grouped as the form groups them.

基本信息 / 项目资金 / 项目说明（一至五）/ 六、年度预算安排 / 绩效目标与指标, in one
scrolling form that Tab and Shift+Tab walk through; F2–F6 jump to each group.
Every change goes through the document's :class:`~store.editing.EditSession`,
which gives undo and redo and re-runs the check engine; the panel at the bottom
always shows its findings, and Enter on a finding moves the cursor to its field.
Loading, autosave, saving and conflicts belong to the
:class:`~store.document.ProjectDocument`: this screen calls it and shows what it says.

Keys come as fast as a terminal sends them: the screen's keys work only while it
is mounted and on top, it closes once, and nothing it was asked before closing
(an edit, an autosave, a repaint) runs after it left.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from store import model as m
from store.document import Outcome, ProjectDocument
from store.editing import EditSession
from store.findings import Finding
from store.model import get_at

from ..text import visible
from ..widgets.cost_table import CostTableEditor
from ..widgets.findings_panel import FindingsPanel
from ..widgets.key_bar import KeyBar
from ..widgets.form_field import FieldChanged, FormField, TextField
from ..widgets.indicator_table import IndicatorEditor
from ..dialogs import Choice, ChoiceDialog
from ..keymap import bindings

__all__ = ["ProjectScreen", "SECTIONS"]

#: (section id, title, jump key) in the form's order.
SECTIONS = [
    ("sec-header", "基本信息", "f2"),
    ("sec-funding", "项目资金（元）", "f3"),
    ("sec-narrative", "项目说明", "f4"),
    ("sec-budget", "年度预算安排", "f5"),
    ("sec-goals", "绩效目标与指标", "f6"),
]
_SECTION_OF = {"header": "sec-header", "funding": "sec-funding", "narrative": "sec-narrative",
               "budget": "sec-budget", "goals": "sec-goals", "indicators": "sec-goals"}

AUTOSAVE_DELAY = 1.0


class ProjectScreen(Screen):
    BINDINGS = bindings("project")

    def __init__(self, document: ProjectDocument) -> None:
        super().__init__()
        self.document = document
        self._autosave_timer: Timer | None = None
        self._title: Text | None = None
        #: The project was left (saved or not): nothing more is done for it here.
        self.left = False

    @property
    def pid(self) -> str:
        return self.document.pid

    @property
    def session(self) -> EditSession:
        return self.document.session

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        project = self.session.project
        yield Static(id="project-title")
        with VerticalScroll(id="form"):
            yield _section_title(0, id="sec-header")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "header":
                    suggestions = list(m.NATURES) if spec.attr == "header.nature" else None
                    yield FormField(spec, get_at(project, spec.key), suggestions)
            yield _section_title(1, id="sec-funding")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "funding":
                    yield FormField(spec, get_at(project, spec.key))
            yield _section_title(2, id="sec-narrative")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "narrative":
                    yield TextField(spec, get_at(project, spec.key))
            yield _section_title(3, id="sec-budget")
            yield TextField(_spec("budget.prose"), project.budget.prose)
            yield CostTableEditor(self.session, id="costs")
            yield _section_title(4, id="sec-goals")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "goals":
                    yield TextField(spec, get_at(project, spec.key))
            yield IndicatorEditor(self.session, self._known_indicator_names(), id="indicators")
        yield FindingsPanel(id="findings")
        yield KeyBar()

    def _known_indicator_names(self) -> list[str]:
        return sorted(self.document.workspace.indicator_names())

    def on_mount(self) -> None:
        if self.left:  # closed before it was shown (Enter, then Esc at once)
            return
        self._refresh_status()
        self.query_one(FormField).input.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screen's keys work while it is on top and not leaving; all but Esc wait until it is mounted
        (Esc pressed while it opens closes it before it is shown)."""
        return self.is_active and not self.left and (self.is_mounted or action == "close")

    # -- what changed ----------------------------------------------------------

    def fields(self) -> list[FormField | TextField]:
        return list(self.query(FormField)) + list(self.query(TextField))

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        spec = _spec(event.attr)
        if not self.left and self.session.set_field(spec.key, event.value, f"修改{spec.label}", coalesce=True):
            self._after_edit()

    @on(CostTableEditor.Changed)
    @on(IndicatorEditor.Changed)
    def _table_changed(self) -> None:
        self.session.end_coalescing()
        self._after_edit()

    def _after_edit(self) -> None:
        """After every edit: repaint, and autosave soon (or, back to what is on disk, drop the autosave now)."""
        if self.left:
            return
        self._refresh_status()
        self._stop_autosave()
        if self.document.edited():
            self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._write_autosave)

    def _stop_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None

    def _refresh_status(self) -> None:
        session = self.session
        title = Text(f"{self.pid}  ")
        title.append(visible(session.project.header.name) or "（未命名项目）", style="bold")
        if session.dirty:
            title.append("  ● 未保存", style="bold yellow")
        if title != self._title:  # an unchanged line is not repainted (remote users pay per byte)
            self._title = title
            self.query_one("#project-title", Static).update(title)
        self.query_one(FindingsPanel).show(session.findings)

    def _write_autosave(self) -> None:
        self._autosave_timer = None
        if self.left:
            return
        failed = self.document.autosave()
        if failed is not None:
            self.notify(failed.message, severity="error")

    def _reload_widgets(self) -> None:
        if self.left:
            return
        project = self.session.project
        for field in self.fields():
            field.set_value(get_at(project, field.spec.key))
        self.query_one(CostTableEditor).reload()
        self.query_one(IndicatorEditor).reload()
        self._refresh_status()

    # -- actions ---------------------------------------------------------------

    def action_undo(self) -> None:
        self._travel(self.session.undo, "已撤销", "没有可撤销的修改")

    def action_redo(self) -> None:
        self._travel(self.session.redo, "已重做", "没有可重做的修改")

    def _travel(self, step: Callable[[], str | None], done: str, nothing: str) -> None:
        what = step()
        if what is None:
            self.notify(nothing)
            return
        self._reload_widgets()
        self._after_edit()
        self.notify(f"{done}：{what}")

    def action_save(self) -> bool:
        invalid = [f for f in self.fields() if f.error]
        if invalid:
            field = invalid[0]
            self.notify(f"{field.spec.label}：{field.error}。请先改正再保存。", severity="error")
            field.input.focus()
            return False
        outcome = self.document.save()
        if outcome.conflict:
            self.app.push_screen(ask_conflict(outcome.message), self._resolve_conflict)
            return False
        if outcome.ok:
            self._refresh_status()
        self._tell(outcome)
        return outcome.ok

    def _tell(self, outcome: Outcome) -> None:
        if outcome.failed:
            self.notify(outcome.message, severity="error", timeout=8)
        else:
            self.notify(outcome.message)

    def _resolve_conflict(self, choice: str | None) -> None:
        """Someone changed the file meanwhile: take theirs, or keep mine as a new project."""
        if choice not in ("reload", "copy") or self.left:
            return
        outcome = self.document.reload_from_disk() if choice == "reload" else self.document.save_as_new()
        if outcome.ok:
            self._reload_widgets()
        self._tell(outcome)

    def action_close(self) -> None:
        self.confirm_leave(self._leave)

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Run ``then`` now, or — with unsaved edits — after asking: save, don't save, cancel."""

        def leave() -> None:
            if not self.left:
                self.left = True
                self._stop_autosave()
                self.document.leave()
            then()

        if self.left or not self.document.dirty:
            leave()
            return

        def answer(choice: str | None) -> None:
            if choice == "discard" or (choice == "save" and self.action_save()):
                leave()

        self.app.push_screen(ask_unsaved(self.session.project, draft=not self.document.on_disk), answer)

    def _leave(self) -> None:
        self.dismiss()

    def on_screen_resume(self) -> None:
        if self.left:  # left while a question was on top: close now
            self.dismiss()

    def dismiss(self, result: object = None) -> AwaitComplete:
        """Close, only while on top (Textual's dismiss pops whatever screen is on top)."""
        if not self.is_active or self not in self.app.screen_stack:
            return AwaitComplete.nothing()
        return super().dismiss(result)

    def action_goto(self, section_id: str) -> None:
        section = self.query_one(f"#{section_id}")
        self.query_one("#form", VerticalScroll).scroll_to_widget(section, top=True, animate=False)
        following = [w for w in self.query("FormField, TextField, CostTableEditor, IndicatorEditor")
                     if w.region.y >= section.region.y] if section.region else []
        target = following[0] if following else None
        if isinstance(target, (FormField, TextField)):
            target.input.focus()
        elif target is not None:
            target.focus()

    def action_findings(self) -> None:
        panel = self.query_one(FindingsPanel)
        panel.focus()
        if panel.findings and panel.highlighted is None:
            panel.highlighted = 0

    @on(FindingsPanel.Jump)
    def _jump(self, event: FindingsPanel.Jump) -> None:
        if not self.left:
            self.go_to(event.finding)

    def go_to(self, finding: Finding) -> None:
        """Move the cursor to the field a finding names."""
        path = finding.path
        if not path:
            return
        if path[0] == "budget" and len(path) > 1 and path[1] == "groups":
            self.query_one(CostTableEditor).focus_path(path)
            return
        if path[0] == "indicators":
            self.query_one(IndicatorEditor).focus_path(path)
            return
        attr = ".".join(str(p) for p in path[:2])
        for field in self.fields():
            if field.spec.attr == attr:
                field.input.focus()
                field.scroll_visible(animate=False)
                return
        self.action_goto(_SECTION_OF.get(str(path[0]), "sec-header"))


def _section_title(index: int, **kwargs) -> Static:
    _, title, key = SECTIONS[index]
    text = Text(f"■ {title}", style="bold")
    text.append(f"  {key.upper()}", style="dim")
    return Static(text, classes="section-title", **kwargs)


def ask_unsaved(project: m.Project, draft: bool = False) -> ChoiceDialog:
    name = project.header.name or project.id
    if draft:  # a new project never saved: 放弃 leaves nothing, neither a file nor a row
        return ChoiceDialog(
            "新项目尚未保存",
            f"新项目“{name}”还没有保存过，不保存就不会留下任何文件。保存吗？",
            [Choice("save", "保存", "primary"), Choice("discard", "放弃", "error"), Choice("cancel", "取消")],
        )
    return ChoiceDialog(
        "有未保存的修改",
        f"项目“{name}”有未保存的修改。保存吗？",
        [Choice("save", "保存", "primary"), Choice("discard", "不保存", "error"),
         Choice("cancel", "取消")],
    )


def ask_conflict(reason: str) -> ChoiceDialog:
    return ChoiceDialog(
        "文件已被别处修改",
        f"{reason}。\n读取磁盘上的版本（你的修改可用 Ctrl+Z 找回），还是把你的版本另存为新项目？",
        [Choice("reload", "读取磁盘版本"), Choice("copy", "另存为新项目", "primary"),
         Choice("cancel", "取消")], default=1)


def _spec(attr: str) -> m.FieldSpec:
    return next(s for s in m.PROJECT_FIELDS if s.attr == attr)
