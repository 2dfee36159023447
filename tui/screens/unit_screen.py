"""The unit screen: the unit's header, its projects with live finding counts,
and the sum of the projects against the unit's declared total and count.

Its keys work only while it is mounted and on top: an Enter that arrives while a
project opens does not open a second one, and the autosaves left by a killed
session are offered when the screen is on top, not over a project just opened.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from store.cache import Index, Summary
from store.normalize import format_yuan
from store.toml_store import StoreError
from store.workspace import INDEX_LATER_FROM, Workspace

from ..text import literal
from ..widgets.findings_panel import FindingsPanel
from ..widgets.key_bar import KeyBar
from ..widgets.project_list import ProjectList
from ..dialogs import Choice, ChoiceDialog
from ..keymap import bindings

if TYPE_CHECKING:
    from store.document import Pending, ProjectDocument

__all__ = ["UnitScreen"]


class UnitScreen(Screen):
    BINDINGS = bindings("unit")

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._away = False
        #: Autosaves still to offer once this screen is on top again.
        self._to_offer: list[Pending] | None = None
        #: The new project (a draft until saved) opened last.
        self._draft: ProjectDocument | None = None
        #: Set once the screen has been painted: the findings and the background read wait for it, so the first
        #: frame shares the interpreter with neither the rules, the index nor starting worker processes.
        self._painted = threading.Event()

    def compose(self) -> ComposeResult:
        yield Static(id="unit-header")
        yield ProjectList(id="projects")
        yield Static(id="totals")
        yield FindingsPanel(id="findings")
        yield KeyBar()

    def on_mount(self) -> None:
        """The first frame shows the unit, the list and the totals line; the findings panel (which loads
        the rules, and reads the first project of a big store) and the background read come right after it."""
        self._show_unit()
        self.query_one(ProjectList).focus()
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self._painted.set()
        self._show_findings()
        self._settle()
        self._offer_autosaves()
        self.set_timer(PRELOAD_AFTER, lambda: _prepare_project_screen(self.app))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screen's keys work while it is mounted and on top (not while a project opens over it)."""
        return self.is_mounted and self.is_active

    def on_screen_resume(self) -> None:
        if self._away:  # back from a project, which may have been saved
            self._away = False
            self.refresh_all()
            draft, self._draft = self._draft, None
            if draft is not None and draft.pid in self.workspace:  # a new project, saved: the cursor on it
                self.select(draft.pid)
        if self._to_offer:
            self.call_after_refresh(self._offer, self._to_offer)
            self._to_offer = None

    def refresh_all(self) -> None:
        self._show_unit()
        self._show_findings()

    def _show_unit(self) -> None:
        """The unit's name and year, the project list and the totals line."""
        ws = self.workspace
        unit = ws.unit
        title = literal(unit.name or "（未填单位名称）")
        if unit.year:
            title.append(f" · {unit.year} 年度")
        self.query_one("#unit-header", Static).update(title)
        self.query_one(ProjectList).set_rows(ws.rows())
        self._show_totals()

    # -- reading in the background ------------------------------------------------------

    def _settle(self) -> None:
        """Confirm or read the rows not yet known, off the screen's thread."""
        if self.workspace.pending:
            self._settle_worker(self.workspace.pending, self.workspace.generation)

    @work(thread=True, exclusive=True, group="settle", exit_on_error=False)
    def _settle_worker(self, pids: list[str], generation: int) -> None:
        worker = get_current_worker()
        if not self.workspace.index_read:  # a big store: its index is read after the first paint
            self._painted.wait(FIRST_PAINT_WAIT)
            index, matches = self.workspace.read_index()
            if worker.is_cancelled:
                return
            self.app.call_from_thread(self._take_index, index, matches, generation)
        unknown = self.workspace.unknown
        batches = self.workspace.summaries_for(pids)
        waiting: list[tuple[str, Summary | None]] = []
        shown = 0.0  # the first batch at once: the rows on screen fill first
        try:
            for batch in batches:
                if worker.is_cancelled:
                    return
                waiting += batch
                if time.monotonic() - shown >= APPLY_EVERY:  # the screen takes rows a few times a second,
                    self.app.call_from_thread(self._apply, waiting, generation)  # not once per 32 files
                    waiting, shown = [], time.monotonic()
            if waiting and not worker.is_cancelled:
                self.app.call_from_thread(self._apply, waiting, generation)
        finally:
            batches.close()  # stops the worker processes early when cancelled
        if worker.is_cancelled:
            return
        if unknown and len(self.workspace.ids) >= DONE_NOTICE_FROM:  # a big store had rows to fill
            self.app.call_from_thread(self._read_done, generation)
        snapshot = self.app.call_from_thread(self.workspace.index_snapshot)
        self.workspace.index.write(snapshot)

    def _read_done(self, generation: int) -> None:
        """A long read has ended: say so (the totals line is complete from now on)."""
        ws = self.workspace
        if generation == ws.generation and not ws.unknown:
            self.notify(f"已读完全部 {len(ws.ids):,} 个项目")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "settle" and event.state == WorkerState.ERROR:
            self.notify(f"后台读取项目文件失败：{event.worker.error}。可按 F5 重试；用 jixiao check 查看详情。",
                        severity="error", timeout=10)

    def _take_index(self, index: Index, matches: dict[str, Summary], generation: int) -> None:
        if self.workspace.take_index(index, matches, generation):
            self.query_one(ProjectList).set_rows(self.workspace.rows())
            self._show_totals()
            self._show_findings()

    def _apply(self, batch: list[tuple[str, Summary | None]], generation: int) -> None:
        ws = self.workspace
        changed = ws.apply(batch, generation)
        if not changed:
            return
        projects = self.query_one(ProjectList)
        if any(pid not in ws for pid in changed):  # a file went away meanwhile
            projects.set_rows(ws.rows())
        else:
            projects.update_rows([ws.row(pid) for pid in changed])
        self._show_totals()
        if not ws.unknown or projects.selected in changed:
            self._show_findings()

    def _show_totals(self) -> None:
        ws = self.workspace
        unit = ws.unit
        count, unknown = len(ws.ids), ws.unknown
        total = ws.projects_total
        totals = self.query_one("#totals", Static)
        if unknown:
            totals.set_class(False, "-bad")
            totals.update(Text(f"项目合计 {format_yuan(total)} 元 · 读取中：已读 {count - unknown:,} / {count:,} 个项目"),
                          layout=False)  # one line always: no layout of the whole screen per update
            return
        text = Text(f"项目合计 {format_yuan(total)} 元")
        ok = True
        if unit.declared_total is not None:
            same = total == unit.declared_total
            ok &= same
            text.append(f" · 申报 {format_yuan(unit.declared_total)} 元 ")
            text.append("✓" if same else "✗", style="green" if same else "bold red")
        text.append(f" · 项目 {count} 个")
        if unit.declared_projects is not None:
            same = count == unit.declared_projects
            ok &= same
            text.append(f" / 申报 {unit.declared_projects} 个 ")
            text.append("✓" if same else "✗", style="green" if same else "bold red")
        totals.set_class(not ok, "-bad")
        totals.update(text, layout=False)

    @property
    def selected(self) -> str | None:
        return self.query_one(ProjectList).selected

    def select(self, pid: str) -> None:
        self.query_one(ProjectList).move_to(pid)

    def _show_findings(self) -> None:
        ws, pid = self.workspace, self.selected
        found = []
        if pid:
            unknown = ws.row(pid).pending
            found += self._guard(lambda: ws.project_findings(pid)) or []  # reads the file if still unknown
            if unknown and pid in ws:
                self.query_one(ProjectList).update_rows([ws.row(pid)])
                self._show_totals()
        found = ws.unit_findings() + found
        self.query_one(FindingsPanel).show(found)

    async def on_project_list_selected(self, event: ProjectList.Selected) -> None:
        event.stop()
        await self.action_open()

    async def action_open(self) -> None:
        """Enter on a project (run by the list in its own turn, :meth:`ProjectList.on_key`); awaiting it waits
        until the project's screen is mounted, so that keys typed right after Enter go to the project."""
        pid = self.selected
        if pid is None or not self.is_active:
            return
        from store.document import CannotOpen, ProjectDocument  # editing loads the rules: not at start-up

        try:
            document = ProjectDocument.open(self.workspace, pid)
        except CannotOpen as err:
            self.notify(str(err), severity="error", timeout=8)
            return
        await self._show_project(document)

    def _show_project(self, document: ProjectDocument) -> AwaitMount | AwaitComplete:
        """Push the project's screen; awaiting the result waits until it is mounted."""
        from .project_screen import ProjectScreen  # the editors load when first needed, not at start-up

        if not self.is_active:  # another screen came first: this one is not opened over it
            return AwaitComplete.nothing()
        self._away = True
        return self.app.push_screen(ProjectScreen(document))

    def _guard(self, work) -> object:
        try:
            return work()
        except (StoreError, OSError) as err:
            self.notify(f"操作失败：{err}", severity="error", timeout=8)
            return None

    def action_new(self) -> None:
        """A draft: nothing is written until its first save (leaving it unsaved asks)."""
        from store.document import ProjectDocument

        document = self._guard(lambda: ProjectDocument.new(self.workspace))
        if document is not None:
            self._draft = document
            self._show_project(document)

    def action_info(self, focus: tuple = ()) -> None:
        """F2: the unit's own information (unit.toml), in a form checked as it is typed."""
        from store.document import CannotOpen
        from store.unit_document import UnitDocument

        from .unit_form_screen import UnitFormScreen

        try:
            document = UnitDocument.open(self.workspace)
        except CannotOpen as err:
            self.notify(str(err), severity="error", timeout=8)
            return
        self.app.push_screen(UnitFormScreen(document, focus), self._unit_saved)

    @on(FindingsPanel.Jump)
    def _jump(self, event: FindingsPanel.Jump) -> None:
        """Enter on a finding about the unit's information opens the unit form at its field."""
        if not event.finding.project and event.finding.path and self.is_active:
            self.action_info(tuple(event.finding.path))

    def _unit_saved(self, changed: bool | None) -> None:
        """Back from the unit form: after a save its totals and findings are new, and every
        project is checked again against the unit (in the background)."""
        if changed:
            self.workers.cancel_group(self, "settle")
            self.refresh_all()
            self._settle()

    def action_copy(self) -> None:
        source = self.selected
        if source is None or self._guard(lambda: self.workspace.project(source)) is None:
            return
        pid = self._guard(lambda: self.workspace.create_project(copy_of=source))
        if pid:
            self.refresh_all()
            self.select(pid)
            self.notify(f"已复制为 {pid}")

    def action_delete(self) -> None:
        pid = self.selected
        if pid is None:
            return
        name = self.workspace.name(pid) or pid

        def answer(choice: str | None) -> None:
            if choice == "delete" and self._guard(lambda: self.workspace.trash_project(pid) or True):
                self.refresh_all()
                self.notify(f"已删除 {pid}（文件移到 .jixiao/trash/，可手动找回）")

        self.app.push_screen(ChoiceDialog(
            "删除项目", f"删除项目 {pid}“{name}”？文件将移到申报目录的 .jixiao/trash/ 中，可手动找回。",
            [Choice("delete", "删除", "error"), Choice("cancel", "取消")], default=1), answer)

    def _offer_autosaves(self) -> None:
        from store.document import Recovery

        pending = self._guard(lambda: Recovery(self.workspace).pending())
        if pending:
            self._offer(pending)

    def _offer(self, pending: list[Pending]) -> None:
        """Ask about the first autosave, then the rest (after the project restored is left)."""
        if not self.is_active:  # a project was opened first: ask when back here
            self._to_offer = pending
            return
        from store.document import Recovery

        first, rest = pending[0], pending[1:]
        name = first.project.header.name or first.id

        def answer(choice: str | None) -> None:
            if choice == "restore" and self._restore(first):
                self._to_offer = rest or None  # asked when back from the restored project
                return
            if choice == "discard":
                Recovery(self.workspace).discard(first)
            if rest:
                self._offer(rest)

        self.app.push_screen(ChoiceDialog(
            "发现未保存的修改",
            f"项目 {first.id}“{name}”有上次未保存的修改（{first.when:%Y-%m-%d %H:%M}）。恢复吗？",
            [Choice("restore", "恢复", "primary"), Choice("discard", "丢弃", "error"),
             Choice("later", "以后再说")]), answer)

    def _restore(self, pending: Pending) -> bool:
        """Open the project with the autosave's edits (a project whose file is gone comes back)."""
        from store.document import CannotOpen, Recovery

        try:
            document = Recovery(self.workspace).restore(pending)
        except (StoreError, OSError) as err:
            self.notify(str(err) if isinstance(err, CannotOpen) else f"操作失败：{err}",
                        severity="error", timeout=8)
            return False
        finally:
            self.refresh_all()
        self._show_project(document)
        return True

    def on_project_list_highlighted(self, event: ProjectList.Highlighted) -> None:
        event.stop()
        if self.is_mounted and self._painted.is_set():  # the first screen's findings come right after it
            self._show_findings()

    def action_reload(self) -> None:
        self.workers.cancel_group(self, "settle")
        self._guard(lambda: self.workspace.reload(settle=False))
        self.refresh_all()
        self._settle()
        self.notify("已重新读取申报目录")


#: The background read hands rows to the screen at most this often (seconds): each hand-over repaints the
#: totals, and on a store of 10,000 projects the worker processes deliver 32 files many times a second.
APPLY_EVERY = 0.25
#: At most this long (seconds) the background read waits for the screen's first paint.
FIRST_PAINT_WAIT = 1.0
#: In a store of at least this many projects, a read that had rows to fill ends with a notice
#: (a small store's list just fills).
DONE_NOTICE_FROM = INDEX_LATER_FROM


#: Seconds after the unit screen is shown when the project screen's code and styles are loaded, while the
#: user reads: opening the first project is then as fast as opening the next (the app's first paint waits for none).
PRELOAD_AFTER = 0.3


def _prepare_project_screen(app) -> None:
    from .project_screen import prepare

    prepare(app)
