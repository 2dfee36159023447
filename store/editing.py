"""Editing one project: a working copy, undo and redo, live findings.

The app's widgets never change a project directly: they call
:meth:`EditSession.edit` with a small function that changes the working copy.
That one path gives every edit an undo step, re-runs the check engine, and
tells the screen that something changed.  No textual here.

The marks a roll-over left (``project.review``, :mod:`store.rollover`) follow
their field through every edit: a field set is reviewed (:func:`store.model.set_at`
drops its mark, even when set to the same value: that confirms it), a row
deleted takes its marks with it, and a row inserted or moved above a marked
one moves the mark along, so that nothing unreviewed slips to another row.
"""

from __future__ import annotations

import copy
from typing import Callable

from . import model as m
from .rules import check_project
from .findings import Finding

__all__ = ["EditSession"]

UNDO_LIMIT = 500


class EditSession:
    def __init__(self, project: m.Project, unit: m.Unit | None = None, file: str = "") -> None:
        self.project = copy.deepcopy(project)
        self.unit = unit or m.Unit()
        self.file = file
        self._saved = copy.deepcopy(project)
        self._undo: list[tuple[str, m.Project]] = []
        self._redo: list[tuple[str, m.Project]] = []
        self._findings: list[Finding] | None = None
        self._coalesce: str | None = None

    # -- state -------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """True when the working copy differs from what was last saved."""
        return self.project != self._saved

    def mark_saved(self) -> None:
        self._saved = copy.deepcopy(self.project)

    @property
    def findings(self) -> list[Finding]:
        """The check engine's findings for the working copy (cached until the next edit)."""
        if self._findings is None:
            self._findings = check_project(self.project, self.unit, self.file)
        return self._findings

    # -- edits ---------------------------------------------------------------

    def edit(self, description: str, change: Callable[[m.Project], object],
             coalesce: str | None = None) -> bool:
        """Apply ``change`` to the working copy as one undo step.

        Edits with the same ``coalesce`` key in a row (the keystrokes of one
        field) share one undo step.  Returns False, recording nothing, when the
        change left the project as it was.
        """
        marks = _anchor_marks(self.project)
        if coalesce is not None and self._coalesce == coalesce and self._undo:
            change(self.project)
            _follow_marks(self.project, marks)
            self._redo.clear()
            self._findings = None
            return True
        before = copy.deepcopy(self.project)
        change(self.project)
        _follow_marks(self.project, marks)
        if self.project == before:
            return False
        self._undo.append((description, before))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._coalesce = coalesce
        self._findings = None
        return True

    def end_coalescing(self) -> None:
        """The next edit starts a new undo step, even for the same field."""
        self._coalesce = None

    def set_field(self, path: m.KeyPath, value: object, description: str = "",
                  coalesce: bool = False) -> bool:
        """Set the field a key path names (``("funding", "annual")``) as one undo step.

        With ``coalesce``, successive sets of the same field share one step.  Handing back the very
        value object the field holds is no edit (a form echoes the model's values as it is shown,
        and that must not confirm a 结转复核 mark); a value typed, even an equal one, is.
        """
        if value is m.get_at(self.project, path) and value is not None:
            return False
        name = ".".join(str(part) for part in path)
        return self.edit(description or name, lambda project: m.set_at(project, path, value),
                         coalesce=name if coalesce else None)

    def replace(self, project: m.Project, description: str = "恢复") -> bool:
        """Replace the whole working copy (e.g. restoring an autosave) as one undo step."""
        new = copy.deepcopy(project)
        return self.edit(description, lambda p: p.__dict__.update(new.__dict__))

    def undo(self) -> str | None:
        """Undo the last edit; returns its description, or None when there is none."""
        if not self._undo:
            return None
        description, before = self._undo.pop()
        self._redo.append((description, self.project))
        self.project = before
        self._findings = None
        self._coalesce = None
        return description

    def redo(self) -> str | None:
        if not self._redo:
            return None
        description, after = self._redo.pop()
        self._undo.append((description, self.project))
        self.project = after
        self._findings = None
        self._coalesce = None
        return description


# -- 结转复核 marks follow their field ------------------------------------------------


def _containers(project: m.Project) -> dict[int, m.KeyPath]:
    """Where each part of the project that holds fields is now: ``id(line)`` → its path."""
    where: dict[int, m.KeyPath] = {id(project): ()}
    for name in ("header", "funding", "narrative", "budget", "goals"):
        where[id(getattr(project, name))] = (name,)
    for gi, group in enumerate(project.budget.groups):
        where[id(group)] = ("budget", "groups", gi)
        for li, line in enumerate(group.lines):
            where[id(line)] = ("budget", "groups", gi, "lines", li)
    for ii, indicator in enumerate(project.indicators):
        where[id(indicator)] = ("indicators", ii)
    return where


def _anchor_marks(project: m.Project) -> tuple[dict, list[tuple]] | None:
    """Each mark tied to the object that holds its field, and the field's value, before an edit."""
    if not project.review:
        return None
    anchors = []
    for path, old in project.review.items():
        try:
            holder = m.get_at(project, tuple(path[:-1]))
            value = getattr(holder, str(path[-1]))
        except (AttributeError, IndexError, TypeError):
            holder = value = None  # names no field (a hand-edited table): left as it is
        anchors.append((path, old, holder, value))
    return project.review, anchors


def _follow_marks(project: m.Project, anchors: tuple[dict, list[tuple]] | None) -> None:
    """After an edit: keep the marks of fields not changed, at their holder's new place."""
    if anchors is None:
        return
    review, marks = anchors
    if project.review is not review:
        return  # the whole project was replaced (a restore): its own marks hold
    where = _containers(project)
    kept = {}
    for path, old, holder, value in marks:
        if path not in review:
            continue  # set: reviewed
        if holder is None:
            kept[path] = old
            continue
        prefix = where.get(id(holder))
        now = getattr(holder, str(path[-1]))
        if prefix is None or now != value or type(now) is not type(value):
            continue  # its row was deleted, or the field changed: reviewed
        kept[prefix + (path[-1],)] = old
    review.clear()
    review.update(kept)
