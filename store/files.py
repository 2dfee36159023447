"""A store's files on disk: their names, and writing them so that a crash leaves the old or the new file."""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from glob import escape as glob_escape
from pathlib import Path

__all__ = ["UNIT_FILE", "PROJECTS_DIR", "WORK_DIR", "STALE_TEMP_SECONDS", "atomic_write"]

UNIT_FILE = "unit.toml"
PROJECTS_DIR = "projects"
#: The app's working files inside a store (autosave, trash, the index); ignored by git.
WORK_DIR = ".jixiao"

#: A temporary file older than this was left by a killed save, not one under way.
STALE_TEMP_SECONDS = 600


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves the old or the new file.

    Temporary file in the same directory, fsync, ``os.replace``, then fsync of
    the directory so the rename itself is durable.  Temporary files that an
    earlier, killed save of the same file left behind are swept away.
    """
    path = Path(path)
    _sweep_stale_temps(path)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _sweep_stale_temps(path: Path) -> None:
    now = _dt.datetime.now().timestamp()
    for temp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
        except OSError:
            pass  # another process's, or already gone
