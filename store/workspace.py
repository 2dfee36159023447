"""What the app works on: a store's projects, their rows and findings, loaded lazily.

No textual here: the screens only display what a :class:`Workspace` says,
so the app and ``jixiao check`` can never disagree (both sum a project up
with :func:`store.cache.summarize_loaded`).

Opening a workspace reads ``unit.toml``, lists the project files and reads
the index (:mod:`store.cache`); it parses no project.  A row whose file's
stamp matches its index entry is shown at once (provisional); every other
row is *pending* until :meth:`Workspace.settle` (or the app's background
worker, through :meth:`Workspace.summaries_for` and :meth:`Workspace.apply`)
confirms or reads it.  A project is parsed in full only when it is opened,
copied, or its findings are asked for while it is still unknown.
"""

from __future__ import annotations

import copy
import os
from decimal import Decimal
from pathlib import Path
from typing import Iterator, NamedTuple

from . import model as m
from .cache import Index, Summary, summarize, survey, unit_findings_of
from .findings import Finding, sort_key
from .numbers import total
from .toml_store import LoadedProject, Store, StoreError

__all__ = ["Workspace", "ProjectRow", "INDEX_LATER_FROM"]

#: From this many projects on, a workspace opened without settling reads its
#: index after the first paint too (10,000 entries take about 0.1 s to read).
INDEX_LATER_FROM = 1000


class ProjectRow(NamedTuple):
    """One line of the unit screen's project list (a tuple: a store of 10,000 projects makes
    10,000 of them before its first screen)."""

    id: str
    name: str
    annual: Decimal | None
    #: None while the project is still being read.
    errors: int | None
    warnings: int | None
    #: The file could not be read at all.
    broken: bool

    @property
    def pending(self) -> bool:
        return self.errors is None


def _row(pid: str, s: Summary | None, new=tuple.__new__) -> ProjectRow:
    """The row of one project (``tuple.__new__`` directly: a big store's first screen makes 10,000)."""
    if s is None:
        return new(ProjectRow, (pid, "", None, None, None, False))
    return new(ProjectRow, (pid, s.name, s.annual, s.errors, s.warnings, not s.loaded))


class Workspace:
    def __init__(self, store: Store, *, settle: bool = True) -> None:
        self.store = store
        self._generation = 0
        self.reload(settle=settle)

    @classmethod
    def open(cls, path: Path | str, *, settle: bool = True) -> "Workspace":
        """``settle=False``: return at once; rows the index vouches for by stamp show now, the rest
        are pending (the app reads them, and a big store's index, in the background)."""
        return cls(Store.open(path), settle=settle)

    # -- loading -----------------------------------------------------------------

    def reload(self, *, settle: bool = True) -> None:
        self._generation += 1
        ids, listed = self.store.listing()  # one read of projects/: its ids, and the names that are no id
        self.unit, self.unit_text, self.unit_load_findings = self.store.load_unit(listed)
        self._summaries: dict[str, Summary | None] = dict.fromkeys(ids)
        self._confirmed: set[str] = set()
        self._loaded: dict[str, LoadedProject] = {}
        self._unit_findings: list[Finding] | None = None
        self.index = Index(self.store, self.unit_text)  # empty until read
        self.index_read = False
        if settle or len(self._summaries) < INDEX_LATER_FROM:
            self.take_index(*self.read_index())
        if settle:
            self.settle()

    def reload_unit(self) -> None:
        """Read ``unit.toml`` again (the unit form saved it).  Every project's findings depend on the
        unit (主管部门, 年度, 指标框架), so each row is checked again: it keeps showing what it showed
        until then (:attr:`pending`), and the unit's own checks, which need only the projects'
        年度资金申请总额, stand at once."""
        self._generation += 1
        self.unit, self.unit_text, self.unit_load_findings = self.store.load_unit()
        self.index, self.index_read = Index(self.store, self.unit_text), True  # the old one was for the old unit
        self._confirmed.clear()
        self._loaded.clear()
        self._unit_findings = None

    def read_index(self) -> tuple[Index, dict[str, Summary]]:
        """The saved index, and its entries whose file's stamp is unchanged.
        Changes nothing here: safe to run in a worker thread (then :meth:`take_index`)."""
        index = Index.read(self.store, self.unit_text)
        if not index.entries:
            return index, {}
        stamps = self.store.project_stamps()
        return index, {pid: entry for pid, entry in index.entries.items()
                       if entry.stamp is not None and stamps.get(pid) == entry.stamp}

    def take_index(self, index: Index, matches: dict[str, Summary], generation: int | None = None) -> list[str]:
        """Show the matching entries (provisionally, until confirmed); returns the ids whose rows changed."""
        if generation is not None and generation != self._generation:
            return []
        self.index, self.index_read = index, True
        changed = [pid for pid, entry in matches.items()
                   if pid in self._summaries and self._summaries[pid] is None and pid not in self._confirmed]
        for pid in changed:
            self._summaries[pid] = matches[pid]
        if changed:
            self._unit_findings = None
        return changed

    @property
    def ids(self) -> list[str]:
        return list(self._summaries)

    def __contains__(self, pid: object) -> bool:
        return pid in self._summaries

    @property
    def pending(self) -> list[str]:
        """Projects not yet confirmed against their file's content."""
        return [pid for pid in self._summaries if pid not in self._confirmed]

    @property
    def unknown(self) -> int:
        """How many rows have nothing to show yet."""
        return sum(1 for s in self._summaries.values() if s is None)

    @property
    def generation(self) -> int:
        """Changes on every reload; results computed for an older generation are dropped."""
        return self._generation

    def summaries_for(self, pids: list[str], jobs: int | None = None) -> Iterator[list[tuple[str, Summary | None]]]:
        """Confirm or compute these projects' summaries, in batches (:func:`store.cache.survey`).
        Changes nothing here: safe to run in a worker thread; hand each batch to :meth:`apply`
        on the owning thread."""
        return survey(self.store, self.unit, pids, self.index, jobs)

    def apply(self, batch: list[tuple[str, Summary | None]], generation: int | None = None) -> list[str]:
        """Take summaries from :meth:`summaries_for`; returns the ids whose rows changed."""
        if generation is not None and generation != self._generation:
            return []
        changed = []
        for pid, summary in batch:
            if pid not in self._summaries or pid in self._confirmed:
                continue  # deleted, or re-read since (a save): the newer answer stands
            if summary is None:  # the file is gone
                del self._summaries[pid]
                self._unit_findings = None
                changed.append(pid)
                continue
            if summary != self._summaries[pid]:
                self._loaded.pop(pid, None)
                self._unit_findings = None
                changed.append(pid)
            self._summaries[pid] = summary
            self._confirmed.add(pid)
        return changed

    def settle(self, jobs: int | None = None) -> None:
        """Confirm every pending row now."""
        for batch in self.summaries_for(self.pending, jobs):
            self.apply(batch)
        self.save_index()

    def save_index(self) -> None:
        """Remember the confirmed summaries for the next start (nothing is written for a read-only store)."""
        self.index.write(self.index_snapshot())

    def index_snapshot(self) -> dict[str, Summary]:
        """The confirmed summaries (what the index may keep)."""
        return {pid: s for pid, s in self._summaries.items() if s is not None and pid in self._confirmed}

    def loaded(self, pid: str) -> LoadedProject:
        """One project, parsed in full (read on first use)."""
        if pid not in self._summaries:
            raise StoreError(f"没有编号为 {pid} 的项目")
        if pid not in self._loaded:
            summary, lp = summarize(self.store, self.unit, pid)
            self._loaded[pid] = lp
            if summary != self._summaries.get(pid):
                self._unit_findings = None
            self._summaries[pid] = summary
            self._confirmed.add(pid)
        return self._loaded[pid]

    def project(self, pid: str) -> m.Project | None:
        """The project's model, or None when its file cannot be parsed."""
        return self.loaded(pid).project

    def reload_project(self, pid: str) -> None:
        """Re-read one project's file (after a save, or an edit elsewhere)."""
        self._loaded.pop(pid, None)
        self._summaries[pid] = None
        self._summaries = dict(sorted(self._summaries.items()))
        self._unit_findings = None
        self._confirmed.discard(pid)
        self.loaded(pid)

    def new_project(self, copy_of: str | None = None) -> m.Project:
        """A new project, empty or a copy of another, with a free id; not written anywhere."""
        source = self.project(copy_of) if copy_of else None
        project = copy.deepcopy(source) if source is not None else m.Project()
        project.id = self.free_project_id()
        orders = [s.order for s in self._summaries.values() if s is not None and s.order is not None]
        project.order = max(orders, default=0) + 1
        project.header.name = f"{project.header.name}（副本）" if source is not None else "新项目"
        if source is None:
            project.header.department = self.unit.department
            project.header.implementer = self.unit.name
        return project

    def free_project_id(self) -> str:
        """An id whose file does not exist and that no autosave holds: a draft never saved, whose
        edits a killed session kept, is not overwritten by the next new project's autosave."""
        pid = self.store.new_project_id()
        try:
            autosaves = self.store.work_dir("autosave", create=False)
        except OSError:
            autosaves = None
        n = int(pid[1:])
        while os.path.lexists(self.store.project_path(pid)) or (
                autosaves is not None and os.path.lexists(autosaves / f"{pid}.toml")):
            n += 1
            pid = f"p{n:02d}"
        return pid

    def create_project(self, copy_of: str | None = None) -> str:
        """A new project on disk, empty or a copy of another; returns its id."""
        project = self.new_project(copy_of)
        self.store.save_project(project)
        self.reload_project(project.id)
        return project.id

    def trash_project(self, pid: str) -> None:
        self.store.trash_project(pid)
        self._unit_findings = None
        del self._summaries[pid]
        self._loaded.pop(pid, None)
        self._confirmed.discard(pid)

    # -- what the screens show ---------------------------------------------------------

    def name(self, pid: str) -> str:
        summary = self._summaries.get(pid)
        return summary.name if summary is not None else ""

    def project_findings(self, pid: str) -> list[Finding]:
        """Loading problems and rule findings of one project, located and sorted."""
        summary = self._summaries.get(pid)
        if summary is None:
            self.loaded(pid)
            summary = self._summaries[pid]
            assert summary is not None
        return summary.findings(str(self.store.project_path(pid)))

    def unit_findings(self) -> list[Finding]:
        """Findings on unit.toml; the rules over all projects wait until every row is known."""
        if self._unit_findings is None:
            summaries = list(self._summaries.values())
            if None in summaries:
                from .rules import locate

                found = locate(list(self.unit_load_findings), self.unit_text)
            else:
                found = unit_findings_of(self.store, self.unit, self.unit_text, self.unit_load_findings, summaries)
            self._unit_findings = sorted(found, key=sort_key)
        return list(self._unit_findings)

    def check_unit(self, unit: m.Unit, load_findings: list[Finding], text: str | None) -> list[Finding]:
        """``unit`` as the unit form holds it, checked against the projects as they are now
        (``load_findings``: what reading ``unit.toml`` found, still to show), located in ``text``.
        A row still being read counts as a project whose 年度资金申请总额 is not known yet."""
        from .rules import check_unit_amounts, locate  # the rules load after the first screen

        annuals = [s.annual if s is not None else None for s in self._summaries.values() if s is None or s.loaded]
        found = locate(list(load_findings), text) + check_unit_amounts(unit, annuals, str(self.store.unit_path), text)
        return sorted(found, key=sort_key)

    def row(self, pid: str) -> ProjectRow:
        return _row(pid, self._summaries[pid])

    def rows(self) -> list[ProjectRow]:
        return [_row(pid, s) for pid, s in self._summaries.items()]

    @property
    def projects_total(self) -> Decimal:
        """The sum of the known rows' 年度资金申请总额 (complete when :attr:`unknown` is 0)."""
        return total(s.annual for s in self._summaries.values() if s is not None)  # never raises

    def indicator_names(self) -> set[str]:
        """三级指标 names used in the known projects, for completion."""
        names = {n for s in self._summaries.values() if s is not None for n in s.names}
        for lp in self._loaded.values():
            if lp.project is not None:
                names.update(ind.name for ind in lp.project.indicators if ind.name)
        return names
