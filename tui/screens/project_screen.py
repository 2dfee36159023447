"""The project screen: every field of the 申报表, grouped as the form groups them.

基本信息 / 项目资金 / 项目说明（一至五）/ 六、年度预算安排 / 绩效目标与指标, in one
scrolling form that Tab and Shift+Tab walk through; F2–F6 jump to each group.
Every change goes through the :class:`~store.editing.EditSession`, which gives
undo and redo and re-runs the check engine; the panel at the bottom always shows
its findings, and Enter on a finding moves the cursor to its field.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from store import model as m
from store.autosave import Autosave
from store.editing import EditSession
from store.findings import Finding
from store.model import get_attr
from store.toml_store import SaveConflict, StoreError
from store.workspace import Workspace

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

    def __init__(self, workspace: Workspace, pid: str, restored: m.Project | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.pid = pid
        loaded = workspace.loaded(pid)
        self.original_text = loaded.text
        self.session = EditSession(loaded.project, workspace.unit, str(loaded.path))
        if restored is not None:
            self.session.replace(restored, "恢复自动保存的修改")
        self.autosave = Autosave(workspace.store)
        self._autosave_timer: Timer | None = None
        self._title: Text | None = None

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        project = self.session.project
        yield Static(id="project-title")
        with VerticalScroll(id="form"):
            yield _section_title(0, id="sec-header")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "header":
                    suggestions = list(m.NATURES) if spec.attr == "header.nature" else None
                    yield FormField(spec, get_attr(project, spec.attr), suggestions)
            yield _section_title(1, id="sec-funding")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "funding":
                    yield FormField(spec, get_attr(project, spec.attr))
            yield _section_title(2, id="sec-narrative")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "narrative":
                    yield TextField(spec, get_attr(project, spec.attr))
            yield _section_title(3, id="sec-budget")
            yield TextField(_spec("budget.prose"), project.budget.prose)
            yield CostTableEditor(self.session, id="costs")
            yield _section_title(4, id="sec-goals")
            for spec in m.PROJECT_FIELDS:
                if spec.key[0] == "goals":
                    yield TextField(spec, get_attr(project, spec.attr))
            yield IndicatorEditor(self.session, self._known_indicator_names(), id="indicators")
        yield FindingsPanel(id="findings")
        yield KeyBar()

    def _known_indicator_names(self) -> list[str]:
        return sorted(self.workspace.indicator_names())

    def on_mount(self) -> None:
        self._refresh_status()
        self.query_one(FormField).input.focus()

    # -- what changed ----------------------------------------------------------

    def fields(self) -> list[FormField | TextField]:
        return list(self.query(FormField)) + list(self.query(TextField))

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        label = _spec(event.attr).label
        if self.session.set_field(event.attr, event.value, f"修改{label}", coalesce=True):
            self._after_edit()

    @on(CostTableEditor.Changed)
    @on(IndicatorEditor.Changed)
    def _table_changed(self) -> None:
        self.session.end_coalescing()
        self._after_edit()

    def _after_edit(self) -> None:
        self._refresh_status()
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self._autosave_timer = self.set_timer(AUTOSAVE_DELAY, self._write_autosave)

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
        try:
            if self.session.dirty:
                self.autosave.write(self.session.project, self.original_text)
            else:
                self.autosave.discard(self.pid)
        except OSError as err:
            self.notify(f"自动保存失败：{err.strerror}", severity="error")

    def _reload_widgets(self) -> None:
        project = self.session.project
        for field in self.fields():
            field.set_value(get_attr(project, field.spec.attr))
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
        try:
            written = self.workspace.store.save_project(self.session.project, expected=self.original_text)
        except SaveConflict as err:
            self.app.push_screen(ask_conflict(str(err)), self._resolve_conflict)
            return False
        except (StoreError, OSError) as err:
            self.notify(f"未保存：{err}", severity="error", timeout=8)
            return False
        self._saved()
        self.notify("已保存" if written else "没有改动，无需保存")
        return True

    def _saved(self) -> None:
        self.session.mark_saved()
        self.autosave.discard(self.pid)
        self.workspace.reload_project(self.pid)
        self.original_text = self.workspace.loaded(self.pid).text
        self._refresh_status()

    def _resolve_conflict(self, choice: str | None) -> None:
        """Someone changed the file meanwhile: take theirs, or keep mine as a new project."""
        if choice == "reload":
            self.workspace.reload_project(self.pid)
            loaded = self.workspace.loaded(self.pid)
            if loaded.project is None:
                self.notify("磁盘上的文件现有格式错误，无法读取；你的修改仍在，可另存为新项目",
                            severity="error", timeout=8)
                return
            self.session.replace(loaded.project, "读取磁盘上的版本")
            self.original_text = loaded.text
            self.session.mark_saved()
            self.autosave.discard(self.pid)
            self._reload_widgets()
            self.notify("已读取磁盘上的版本；按 Ctrl+Z 可找回你的修改")
        elif choice == "copy":
            old = self.pid
            new = self.workspace.store.new_project_id()

            def as_copy(project: m.Project) -> None:
                project.id = new
                project.header.name = f"{project.header.name}（我的版本）"

            self.session.edit("另存为新项目", as_copy)
            try:
                self.workspace.store.save_project(self.session.project, expected=None)
            except (StoreError, OSError) as err:
                self.notify(f"未保存：{err}", severity="error", timeout=8)
                return
            self.autosave.discard(old)
            self.pid = new
            self._saved()
            self._reload_widgets()
            self.notify(f"你的版本已另存为 {new}；{old} 保留别处的修改")

    def action_close(self) -> None:
        self.confirm_leave(self._leave)

    def confirm_leave(self, then: Callable[[], object]) -> None:
        """Run ``then`` now, or — with unsaved edits — after asking: save, don't save, cancel."""
        if not self.session.dirty:
            then()
            return

        def answer(choice: str | None) -> None:
            if choice == "save" and self.action_save():
                then()
            elif choice == "discard":
                self.autosave.discard(self.pid)
                then()

        self.app.push_screen(ask_unsaved(self.session.project), answer)

    def _leave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
        self.dismiss()

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


def ask_unsaved(project: m.Project) -> ChoiceDialog:
    name = project.header.name or project.id
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
