"""Unsaved edits kept beside the store, so a killed terminal loses nothing.

Each open project with unsaved changes is written (atomically) to
``<store>/.jixiao/autosave/<id>.toml`` a moment after each edit; saving or
discarding the project removes it.  On the next start the app offers it back.
The folder carries its own ``.gitignore`` so it never shows up in git.

An autosave is offered back only when its project differs from the file's
(models compared, not texts); one equal to the file is deleted unseen.
"""

from __future__ import annotations

import datetime as _dt
import stat
from dataclasses import dataclass
from pathlib import Path

from . import model as m
from .files import WORK_DIR, atomic_write
from .reading import read_project
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
        on the next start: dropping it is never worth failing the save or the close that asked).
        A work folder that is a symlink out of the store is never followed."""
        try:
            path = self.path(pid)
            if self.store.work_dir("autosave", create=False) is not None:
                path.unlink(missing_ok=True)
        except OSError:
            return False
        return True

    def pending(self) -> list[Pending]:
        """Autosaves that differ from the project on disk, oldest first."""
        if self.store.work_dir("autosave", create=False) is None:  # missing, or a symlink out of the store
            return []
        found = []
        for path in sorted(self.folder.glob("*.toml")):
            pid = path.stem
            try:
                self.store.project_path(pid)
                if not stat.S_ISREG(path.lstat().st_mode):
                    continue  # a FIFO, a device, a link: not ours, never opened
                _, project, _ = read_project(path.read_bytes(), pid, str(path))
            except (OSError, StoreError, RecursionError):
                continue
            if project is None:
                continue  # not ours, or torn beyond use: never offered, never deleted
            try:
                on_disk = self.store.load_project(pid).project
            except StoreError:
                on_disk = None  # the project file is gone: restoring brings it back
            if on_disk == project:
                self.discard(pid)
                continue
            try:
                when = _dt.datetime.fromtimestamp(path.stat().st_mtime)
            except OSError:
                continue  # gone meanwhile
            found.append(Pending(pid, when, project))
        return found
