"""What the app works on: a loaded store with its findings, project by project.

No textual here: the screens only display what a :class:`Workspace` says,
so the app and ``jixiao check`` can never disagree.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import model as m
from .checks import check_project, check_unit, locate
from .findings import ERROR, Finding, sort_key
from .toml_store import LoadedProject, Store, UNIT_FILE

__all__ = ["Workspace", "ProjectRow"]


@dataclass(frozen=True)
class ProjectRow:
    """One line of the unit screen's project list."""

    id: str
    name: str
    annual: Decimal | None
    errors: int
    warnings: int
    #: The file could not be read at all.
    broken: bool


class Workspace:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.reload()

    @classmethod
    def open(cls, path: Path | str) -> "Workspace":
        return cls(Store.open(path))

    def reload(self) -> None:
        loaded = self.store.load()
        self.unit = loaded.unit
        self.unit_text = loaded.unit_text
        self.unit_load_findings = loaded.findings
        self.projects: dict[str, LoadedProject] = {lp.id: lp for lp in loaded.projects}
        self._findings: dict[str, list[Finding]] = {}

    def reload_project(self, pid: str) -> None:
        """Re-read one project's file (after a save, or an edit elsewhere)."""
        self.projects[pid] = self.store.load_project(pid)
        self.projects = dict(sorted(self.projects.items()))
        self._findings.pop(pid, None)

    def create_project(self, copy_of: str | None = None) -> str:
        """A new project on disk, empty or a copy of another; returns its id."""
        pid = self.store.new_project_id()
        source = self.projects[copy_of].project if copy_of else None
        project = copy.deepcopy(source) if source is not None else m.Project()
        project.id = pid
        orders = [p.order for p in self.models if p.order is not None]
        project.order = max(orders, default=0) + 1
        project.header.name = f"{project.header.name}（副本）" if source is not None else "新项目"
        if source is None:
            project.header.department = self.unit.department
            project.header.implementer = self.unit.name
        self.store.save_project(project)
        self.reload_project(pid)
        return pid

    def trash_project(self, pid: str) -> None:
        self.store.trash_project(pid)
        del self.projects[pid]
        self._findings.pop(pid, None)

    @property
    def models(self) -> list[m.Project]:
        return [lp.project for lp in self.projects.values() if lp.project is not None]

    def project_findings(self, pid: str) -> list[Finding]:
        """Loading problems and rule findings of one project, located and sorted."""
        if pid not in self._findings:
            lp = self.projects[pid]
            found = locate(list(lp.findings), lp.text)
            if lp.project is not None:
                found += check_project(lp.project, self.unit, str(lp.path), lp.text)
            self._findings[pid] = sorted(found, key=sort_key)
        return self._findings[pid]

    def unit_findings(self) -> list[Finding]:
        found = locate(list(self.unit_load_findings), self.unit_text)
        found += check_unit(self.unit, self.models, str(self.store.root / UNIT_FILE), self.unit_text)
        return sorted(found, key=sort_key)

    def rows(self) -> list[ProjectRow]:
        rows = []
        for pid, lp in self.projects.items():
            found = self.project_findings(pid)
            errors = sum(1 for f in found if f.severity == ERROR)
            project = lp.project
            rows.append(ProjectRow(
                pid, project.header.name if project else "", project.funding.annual if project else None,
                errors, len(found) - errors, project is None))
        return rows

    @property
    def projects_total(self) -> Decimal:
        return sum((p.funding.annual or Decimal(0) for p in self.models), Decimal(0))
