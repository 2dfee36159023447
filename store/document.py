"""One open project's life, from opening to leaving; no textual here.

A :class:`ProjectDocument` is what the project screen edits: it loads the
project (remembering the text it was loaded from), holds the
:class:`~store.editing.EditSession` the widgets edit through, writes and
deletes the autosave, saves with conflict detection, and offers the two ways
out of a conflict.  Each step returns an :class:`Outcome` whose Chinese
message the screen shows as it is; the screen only decides when to call
(the autosave timer, the keys) and how to ask.

A document may also hold a project that is not on disk yet
(:meth:`ProjectDocument.new`), a draft: it is unsaved (:attr:`~ProjectDocument.dirty`)
until its first save creates the file, and leaving it unsaved leaves nothing behind.
The unit's own information has its document too (:mod:`store.unit_document`).  :class:`Recovery` offers back the
autosaves a killed session left.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, fields, is_dataclass

from . import model as m
from .autosave import Autosave, Pending
from .editing import EditSession
from .toml_store import SaveConflict, StoreError
from .workspace import Workspace

__all__ = [
    "ProjectDocument", "Outcome", "CannotOpen", "Recovery", "Pending", "Step", "first_difference",
    "SAVED", "UNCHANGED", "CONFLICT", "FAILED", "DONE",
]

#: What a step came to (:attr:`Outcome.status`).
SAVED, UNCHANGED, CONFLICT, FAILED, DONE = "saved", "unchanged", "conflict", "failed", "done"


@dataclass(frozen=True)
class Outcome:
    """What a step came to, and what to tell the user (Chinese, shown as it is)."""

    status: str
    message: str

    @property
    def ok(self) -> bool:
        """The step did what was asked (a save with nothing to save included)."""
        return self.status in (SAVED, UNCHANGED, DONE)

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    @property
    def conflict(self) -> bool:
        """The file changed on disk since it was read; :attr:`message` says how."""
        return self.status == CONFLICT


@dataclass(frozen=True)
class Step:
    """An undo or redo done: what it was (Chinese), and the place it changed (a key path
    as findings name places: ``("budget", "groups", 0, "lines", 2, "amount")``)."""

    description: str
    place: m.KeyPath


#: The parts of a project a place can lead into; any other value is one field.
_PARTS = (m.Project, m.Header, m.Funding, m.Narrative, m.Budget, m.CostGroup, m.CostLine, m.Goals, m.Indicator)


def first_difference(before: object, after: object, place: m.KeyPath = ()) -> m.KeyPath:
    """The first place (in the form's order) where two projects differ; ``()`` when they are equal.
    A row inserted or deleted is the place of the first row that differs."""
    if isinstance(before, _PARTS) and type(after) is type(before) and is_dataclass(before):
        for part in fields(before):
            if part.compare:
                a, b = getattr(before, part.name), getattr(after, part.name)
                if a != b:
                    return first_difference(a, b, place + (part.name,))
        return ()
    if isinstance(before, list) and isinstance(after, list):
        for index, (a, b) in enumerate(zip(before, after)):
            if a != b:
                return first_difference(a, b, place + (index,))
        if len(after) > len(before):
            return place + (len(before),)
        if len(after) < len(before):
            return place + (len(after) - 1,) if after else place
        return ()
    return place


class CannotOpen(StoreError):
    """The project cannot be opened; ``str()`` is the Chinese message to show."""


class ProjectDocument:
    def __init__(self, workspace: Workspace, project: m.Project, expected: str | None) -> None:
        self.workspace = workspace
        #: The project's id, and so its file: kept when an undo takes back a "save as new".
        self.pid = project.id
        self.session = EditSession(project, workspace.unit, str(workspace.store.project_path(project.id)))
        #: The file's text when it was loaded or last saved; None: not on disk yet.
        self.expected = expected
        self._autosave = Autosave(workspace.store)
        #: Left (closed): no autosave is written for it any more.
        self.closed = False

    # -- opening ----------------------------------------------------------------

    @classmethod
    def open(cls, workspace: Workspace, pid: str, restored: m.Project | None = None) -> "ProjectDocument":
        """The project as its file holds it; ``restored`` (an autosave's project) is applied
        as one undo step.  Raises :class:`CannotOpen`."""
        try:
            loaded = workspace.loaded(pid)
        except (StoreError, OSError) as err:
            raise CannotOpen(f"无法打开：{err}") from None
        if loaded.project is None:
            raise CannotOpen("该项目文件有格式错误，无法打开。请按底部提示用文本编辑器修正后按 F5。")
        document = cls(workspace, loaded.project, loaded.text)
        if restored is not None:
            document.session.replace(restored, "恢复自动保存的修改")
        return document

    @classmethod
    def new(cls, workspace: Workspace, copy_of: str | None = None) -> "ProjectDocument":
        """A new project, empty or a copy of another, not on disk until its first save."""
        return cls(workspace, workspace.new_project(copy_of), None)

    # -- state -------------------------------------------------------------------

    @property
    def project(self) -> m.Project:
        """The working copy (change it only through :attr:`session`)."""
        return self.session.project

    @property
    def dirty(self) -> bool:
        """Edits not yet saved; a new project is unsaved as a whole until its first save
        (so leaving it asks, and 放弃 leaves nothing behind)."""
        return self.session.dirty or not self.on_disk

    @property
    def on_disk(self) -> bool:
        """False for a new project before its first save."""
        return self.expected is not None

    # -- undo and redo ---------------------------------------------------------------

    def undo(self) -> Step | None:
        """Take back the last edit; what it was and where, or None when there is none."""
        return self._travel(self.session.undo)

    def redo(self) -> Step | None:
        return self._travel(self.session.redo)

    def _travel(self, step) -> Step | None:
        before = self.session.project
        what = step()
        if what is None:
            return None
        return Step(what, first_difference(before, self.session.project))

    def table_view(self) -> tuple[object, ...]:
        """What the budget table shows beside its own rows: 年度资金申请总额 (its total line
        compares with it) and the findings on budget places.  When it changes after an edit
        elsewhere (a funding field), the table is shown again."""
        return (self.project.funding.annual,
                tuple(f for f in self.session.findings if f.path[:1] == ("budget",)))

    def indicator_view(self) -> tuple[object, ...]:
        """The findings on indicators: the indicator table flags its rows by them."""
        return tuple(f for f in self.session.findings if f.path[:1] == ("indicators",))

    # -- autosave ------------------------------------------------------------------

    def edited(self) -> bool:
        """Called after each edit.  True when there are unsaved edits to autosave soon.  When the
        edits were taken back (a value changed and changed back, an undo), the document equals
        what was loaded or saved: its autosave, written before, goes now, so that nothing equal
        to the file is ever offered back, even if the terminal is killed a moment later."""
        if self.dirty:
            return True
        self.autosave()
        return False

    def autosave(self) -> Outcome | None:
        """Keep the unsaved edits beside the store (or drop the autosave when there are none);
        None when done, a failed outcome to show otherwise.  Nothing is written once the
        document was left."""
        if self.closed:
            return None
        try:
            if self.dirty:
                self._autosave.write(self.project, self.expected)
            else:
                self._autosave.discard(self.pid)
        except OSError as err:
            return Outcome(FAILED, f"自动保存失败：{err.strerror}")
        return None

    def leave(self) -> None:
        """Closing the project, saved or not: its autosave goes (nothing is unsaved any more,
        or the user chose to drop it).  A new project never saved leaves nothing on disk."""
        self.closed = True
        self._autosave.discard(self.pid)

    # -- saving ----------------------------------------------------------------------

    def save(self) -> Outcome:
        """Save unless the file changed on disk since it was read (then a conflict:
        :meth:`reload_from_disk` or :meth:`save_as_new`)."""
        try:
            written = self.workspace.store.save_project(self.project, expected=self.expected)
        except SaveConflict as err:
            return Outcome(CONFLICT, str(err))
        except (StoreError, OSError) as err:
            return Outcome(FAILED, f"未保存：{err}")
        self._saved()
        return Outcome(SAVED, "已保存") if written else Outcome(UNCHANGED, "没有改动，无需保存")

    def _saved(self) -> None:
        self.session.mark_saved()
        self._autosave.discard(self.pid)
        self.workspace.reload_project(self.pid)
        self.expected = self.workspace.loaded(self.pid).text

    def reload_from_disk(self) -> Outcome:
        """Take the file as it is now; the edits made here stay recoverable by undo."""
        if not self.workspace.store.project_path(self.pid).exists():
            return Outcome(FAILED, "磁盘上的文件已被删除，无法读取；你的修改仍在，可另存为新项目")
        try:
            self.workspace.reload_project(self.pid)
            loaded = self.workspace.loaded(self.pid)
        except (StoreError, OSError) as err:
            return Outcome(FAILED, f"{err}；你的修改仍在，可另存为新项目")
        if loaded.project is None:
            return Outcome(FAILED, "磁盘上的文件现有格式错误，无法读取；你的修改仍在，可另存为新项目")
        self.session.replace(loaded.project, "读取磁盘上的版本")
        self.expected = loaded.text
        self.session.mark_saved()
        self._autosave.discard(self.pid)
        return Outcome(DONE, "已读取磁盘上的版本；按 Ctrl+Z 可找回你的修改")

    def save_as_new(self) -> Outcome:
        """Keep these edits as a new project (one undo step), and the file on disk as it is."""
        old, new = self.pid, self.workspace.free_project_id()

        def as_copy(project: m.Project) -> None:
            project.id = new
            project.header.name = f"{project.header.name}（我的版本）"

        mine = copy.deepcopy(self.project)
        as_copy(mine)
        try:
            self.workspace.store.save_project(mine, expected=None)
        except (StoreError, OSError) as err:
            return Outcome(FAILED, f"未保存：{err}")
        self.session.edit("另存为新项目", as_copy)
        self.session.file = str(self.workspace.store.project_path(new))
        self._autosave.discard(old)
        self.pid = new
        self._saved()
        return Outcome(DONE, f"你的版本已另存为 {new}；{old} 保留别处的修改")


class Recovery:
    """Unsaved edits a killed session left (:mod:`store.autosave`), offered back on start."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._autosave = Autosave(workspace.store)

    def pending(self) -> list[Pending]:
        """Autosaves that differ from their project's file, oldest first."""
        return self._autosave.pending()

    def discard(self, pending: Pending) -> None:
        self._autosave.discard(pending.id)

    def restore(self, pending: Pending) -> ProjectDocument:
        """The project opened with the autosave's edits as one undo step.  A project whose
        file is gone (or unreadable) is first written back from the autosave.
        Raises :class:`CannotOpen`, or StoreError/OSError when writing it back fails."""
        ws = self.workspace
        if pending.id not in ws or ws.project(pending.id) is None:
            ws.store.save_project(pending.project)
            ws.reload_project(pending.id)
        return ProjectDocument.open(ws, pending.id, pending.project)
