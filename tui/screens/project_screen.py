"""The project screen: every field of the 申报表, grouped as the form groups them.

基本信息 / 项目资金 / 项目说明（一至五）/ 六、年度预算安排 / 绩效目标与指标, in one
scrolling form that Tab and Shift+Tab walk through; F2–F6 jump to each group.
Every change goes through the document's :class:`~store.editing.EditSession`,
which gives undo and redo and re-runs the check engine; the panel at the bottom
always shows its findings, and Enter on a finding moves the cursor to its field.
Loading, autosave, saving and conflicts belong to the
:class:`~store.document.ProjectDocument`: this screen calls it and shows what it says.

What the screen shows is current after every edit anywhere: the title, the check
panel, and the budget table's total line and flags (a funding field changes them
too).  Undo and redo move the view and the focus to the place they changed.
The first paint draws the sections on screen (基本信息, 项目资金) as one preview;
the fields and the rest are built right after it, so that a project opens about
as fast as a bare screen.  Keys pressed meanwhile wait for the fields, then go to them in order.

Keys come as fast as a terminal sends them: the screen's keys work only while it
is mounted and on top, it closes once, and nothing it was asked before closing
(an edit, an autosave, a repaint) runs after it left.
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import DataTable, Static

from store.document import Outcome, ProjectDocument, Step
from store.editing import EditSession
from store.findings import Finding
from store.model import KeyPath, get_at

from ..text import visible
from ..widgets.cost_table import CostTableEditor
from ..widgets.findings_panel import FindingsPanel
from ..widgets.grid_editor import GridEditor
from ..widgets.key_bar import KeyBar
from ..widgets.form_field import FieldChanged, FieldsPreview, FormField, TextField, stop_at_invalid
from ..key_order import handling, typed_into
from .held_keys import HoldsKeys
from .quiet_focus import QuietFocus
from .project_form import (SECTION_OF, SECTIONS, ask_conflict, ask_unsaved, early_fields, first_sections,
                           later_sections, prepare, spec_of)
from ..widgets.indicator_table import IndicatorEditor
from ..keymap import bindings
from ..widgets.form_scroll import FormScroll

__all__ = ["ProjectScreen", "SECTIONS", "prepare", "ask_unsaved", "ask_conflict"]

AUTOSAVE_DELAY = 1.0


class ProjectScreen(QuietFocus, HoldsKeys, Screen):
    BINDINGS = bindings("project")
    #: The first field's editor takes the focus as the screen is built (Textual's default, the first
    #: focusable widget, is the scrolling form: focused, then left for the field, it is styled twice more).
    AUTO_FOCUS = "FormField > *"

    def __init__(self, document: ProjectDocument) -> None:
        super().__init__()
        self.document = document
        self._autosave_timer: Timer | None = None
        self._title: Text | None = None
        #: The project was left (saved or not): nothing more is done for it here.
        self.left = False
        #: The fields and sections built after the first paint (:meth:`build_rest`), and their mounting.
        self._early: list[Widget] = []
        self._rest: list[Widget] = []
        self._mounting: list[AwaitMount] | None = None
        #: Every field and section is in place (false for a moment after opening).
        self.built = False
        #: What each table showed beside its rows when it was last drawn (see :meth:`_follow_edits`).
        self._views: dict[str, tuple[object, ...]] = {}
        #: The screen has been shown (see :meth:`_on_screen_resume`); its fields are mounted (:meth:`on_mount`).
        self._resumed = False
        self._opened = False

    @property
    def pid(self) -> str:
        return self.document.pid

    @property
    def session(self) -> EditSession:
        return self.document.session

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """At first only what is on screen at 80×24 (:mod:`.project_form`); :meth:`build_rest` the rest."""
        yield Static(id="project-title")
        with FormScroll(id="form"):
            yield from first_sections(self.session.project)
        yield FindingsPanel(id="findings")
        yield KeyBar()

    async def build_rest(self) -> None:
        """Build the fields the preview stands for and the sections below the fold, then show them in
        one step (once; whoever asks meanwhile waits for it).  A key pressed meanwhile goes to the
        first field, which is there from the start."""
        if self.built:
            return  # (awaiting a mount again would lay the whole form out again)
        form = self.query_one("#form", VerticalScroll)
        if self._mounting is None:
            self._early = early_fields(self.session.project)
            for widget in self._early:
                widget.display = False
            self._rest = later_sections(self.session, self._known_indicator_names())
            self._mounting = [form.mount_all(self._early, after=self.query_one(FieldsPreview)),
                              form.mount_all(self._rest)]
        for mounting in self._mounting:
            await mounting
        if not self.built and not self.left:
            for preview in self.query(FieldsPreview):
                preview.display = False
                preview.remove()
            for widget in self._early:
                widget.display = True
            self.built = True
            self._views = {"costs": self.document.table_view(), "indicators": self.document.indicator_view()}
            self.call_after_refresh(self.release_keys)  # (the focus order needs the fields laid out)

    def _known_indicator_names(self) -> list[str]:
        return sorted(self.document.workspace.indicator_names())

    def on_mount(self) -> None:
        if self.left:  # closed before it was shown (Enter, then Esc at once)
            return
        self._refresh_status()
        self._opened = True
        self.refresh_bindings()  # the key bar shows the keys that work from now on
        self.call_after_refresh(self._build_later)

    async def _build_later(self) -> None:
        if not self.left:
            await self.build_rest()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screen's keys work while it is on top and not leaving; all but Esc wait until its first
        fields are mounted (Esc pressed while it opens closes it before it is shown)."""
        return self.is_active and not self.left and (self._opened or action == "close")

    # -- what changed ----------------------------------------------------------

    def fields(self) -> list[FormField | TextField]:
        return list(self.query(FormField)) + list(self.query(TextField))

    @on(FieldChanged)
    def _field_changed(self, event: FieldChanged) -> None:
        spec = spec_of(event.attr)
        if not self.left and self.session.set_field(spec.key, event.value, f"修改{spec.label}", coalesce=True):
            self._after_edit()

    @on(CostTableEditor.Changed)
    @on(IndicatorEditor.Changed)
    def _table_changed(self, event: CostTableEditor.Changed) -> None:
        self.session.end_coalescing()
        self._after_edit(event.editor)

    def _after_edit(self, drawn: Widget | None = None) -> None:
        """After every edit: repaint, and autosave soon (or, back to what is on disk, drop the autosave now).
        ``drawn``: the table that made the edit and has drawn itself already."""
        if self.left:
            return
        self._refresh_status()
        self._follow_edits(drawn)
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
        if self.document.dirty:  # a new project is unsaved until its first save
            title.append("  ● 未保存", style="bold yellow")
        if title != self._title:  # an unchanged line is not repainted (remote users pay per byte)
            self._title = title
            self.query_one("#project-title", Static).update(title)
        self.query_one(FindingsPanel).show(session.findings)

    def _follow_edits(self, drawn: Widget | None = None) -> None:
        """Draw a table again when what it shows beside its rows changed (an edit elsewhere:
        年度资金申请总额 in the total line, a finding on its rows), without moving the view."""
        if not self.built:
            return
        for editor, view in ((self.query_one(CostTableEditor), self.document.table_view()),
                             (self.query_one(IndicatorEditor), self.document.indicator_view())):
            if self._views.get(editor.id or "") != view:
                self._views[editor.id or ""] = view
                if editor is not drawn:
                    self._redraw(editor)

    def _redraw(self, editor: CostTableEditor | IndicatorEditor) -> None:
        """The table shown again from the project, the view left where it is."""
        with self.prevent(DataTable.CellHighlighted):  # its cursor, put back, would scroll the form to it
            editor.reload()

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
        if self.built:
            for editor in (self.query_one(CostTableEditor), self.query_one(IndicatorEditor)):
                self._redraw(editor)
            self._views = {"costs": self.document.table_view(), "indicators": self.document.indicator_view()}
        self._refresh_status()

    # -- actions ---------------------------------------------------------------

    async def action_undo(self) -> None:
        await self._travel(self.document.undo, "已撤销", "没有可撤销的修改")

    async def action_redo(self) -> None:
        await self._travel(self.document.redo, "已重做", "没有可重做的修改")

    async def _travel(self, step: Callable[[], Step | None], done: str, nothing: str) -> None:
        """Undo or redo, then show the place it changed, focused."""
        await self.build_rest()
        if self.left:
            return
        result = step()
        if result is None:
            self.notify(nothing)
            return
        self._reload_widgets()
        self._after_edit()
        self.show_place(result.place)
        self.notify(f"{done}：{result.description}")

    async def action_save(self) -> bool:
        """Ctrl+S, a key run as it arrives: what was typed before it is taken first (tui/key_order.py)."""
        if self.hold_key("ctrl+s"):  # pressed as the project opens: saves once the keys before it are typed
            return False
        if not handling(self):  # (keys held while the form was built are replayed in order by the screen)
            await typed_into(self.focused)
        return self.save()

    def save(self) -> bool:
        if stop_at_invalid(self.fields()):
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
            if choice == "discard" or (choice == "save" and self.save()):
                leave()

        self.app.push_screen(ask_unsaved(self.session.project, draft=not self.document.on_disk), answer)

    def _leave(self) -> None:
        self.dismiss()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own.  Shown the first time, the screen's styles are those it was just
        built with: Textual would apply them all once more before the first paint."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
        if self.left:  # left while a question was on top: close now
            self.dismiss()

    def dismiss(self, result: object = None) -> AwaitComplete:
        """Close, only while on top (Textual's dismiss pops whatever screen is on top)."""
        if not self.is_active or self not in self.app.screen_stack:
            return AwaitComplete.nothing()
        return super().dismiss(result)

    async def action_goto(self, section_id: str) -> None:
        """Scroll the section to the top and focus its first field (built first, if need be)."""
        await self.build_rest()
        if self.left:
            return
        form = self.query_one("#form", VerticalScroll)
        section = self.query_one(f"#{section_id}")
        if section.region:
            form.scroll_to_widget(section, top=True, animate=False, immediate=True)
        else:  # just built, not laid out yet
            self.call_after_refresh(form.scroll_to_widget, section, top=True, animate=False)
        following = form.children[form.children.index(section):]
        target = next((w for w in following if isinstance(w, (FormField, TextField, GridEditor))), None)
        if isinstance(target, (FormField, TextField)):
            self.set_focus(target.input, scroll_visible=False)  # now: the next key goes there
        elif target is not None:
            self.set_focus(target.table, scroll_visible=False)

    def action_findings(self) -> None:
        panel = self.query_one(FindingsPanel)
        panel.focus()
        if panel.findings and panel.highlighted is None:
            panel.highlighted = 0

    @on(FindingsPanel.Jump)
    async def _jump(self, event: FindingsPanel.Jump) -> None:
        await self.build_rest()
        if not self.left:
            self.go_to(event.finding)

    def go_to(self, finding: Finding) -> None:
        """Move the cursor to the field a finding names."""
        self.show_place(finding.path)

    def show_place(self, path: KeyPath) -> None:
        """Focus the field (or table cell) a key path names, and scroll it into view."""
        if not path or not self.built:
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
                self.set_focus(field.input, scroll_visible=False)
                self.query_one("#form", VerticalScroll).scroll_to_widget(field, animate=False, immediate=True)
                return
        self.call_later(self.action_goto, SECTION_OF.get(str(path[0]), "sec-header"))
