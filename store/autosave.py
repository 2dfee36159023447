"""Unsaved edits kept beside the store, so a killed terminal loses nothing.

Each open project with unsaved changes is written (atomically) to
``<store>/.jixiao/autosave/<id>.toml`` a moment after each edit; saving or
discarding the project removes it.  On the next start the app offers it back.
The folder carries its own ``.gitignore`` so it never shows up in git.
"""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from . import model as m
from .files import WORK_DIR, atomic_write
from .reading import parse_text, project_from_data
from .toml_store import Store, StoreError, render_project

__all__ = ["Autosave", "Pending"]


@dataclass(frozen=True)
class Pending:
    id: str
    when: _dt.datetime
    project: m.Project


class Autosave:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.folder = store.root / WORK_DIR / "autosave"

    def path(self, pid: str) -> Path:
        self.store.project_path(pid)  # validates the id
        return self.folder / f"{pid}.toml"

    def write(self, project: m.Project, original: str | None) -> None:
        self.store.work_dir("autosave")
        atomic_write(self.path(project.id), render_project(project, original).encode("utf-8"))

    def discard(self, pid: str) -> bool:
        """Remove the autosave, if any; False when it could not be removed (it is offered again
        on the next start: dropping it is never worth failing the save or the close that asked)."""
        try:
            self.path(pid).unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def pending(self) -> list[Pending]:
        """Autosaves that differ from the project on disk, oldest first."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.toml")):
            pid = path.stem
            try:
                self.store.project_path(pid)
                data = parse_text(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, StoreError):
                continue  # not ours, or torn beyond use: never offered, never deleted
            project, _ = project_from_data(data, pid, str(path))
            try:
                on_disk = self.store.load_project(pid).project
            except StoreError:
                on_disk = None  # the project file is gone: restoring brings it back
            if on_disk == project:
                path.unlink(missing_ok=True)
                continue
            when = _dt.datetime.fromtimestamp(path.stat().st_mtime)
            found.append(Pending(pid, when, project))
        return found
