"""One side of a comparison: a store's unit and projects as read, from a folder or from a git revision.

Nothing here compares or prints (that is :mod:`store.diff` and ``exports/diff_text.py``).
A file that cannot be read or parsed becomes that project's :attr:`SideProject.problem`,
one Chinese line naming the file, line and reason; the other projects are read as usual.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from . import model as m
from .findings import Finding
from .reading import (Unreadable, decode_text, parse_text, project_from_data, read_file, syntax_finding,
                      unit_from_data)
from .toml_store import Store

__all__ = ["Side", "SideProject", "ProjectFile", "side_from_files", "side_from_store", "load_project"]


@dataclass
class SideProject:
    """One project file, read."""

    id: str
    #: The file as the user names it (``B/projects/p03.toml``, ``HEAD~1:projects/p03.toml``).
    file: str
    #: None when the file could not be read or is not TOML: :attr:`problem` says why.
    project: m.Project | None
    #: The file's data as tomllib read it: the way each value was written (``"30 万元"``).
    data: dict = field(default_factory=dict)
    problem: str = ""


@dataclass(frozen=True)
class ProjectFile:
    """One project file, not yet read: :meth:`raw` gives its bytes (or the error that stopped it)."""

    id: str
    file: str
    fetch: Callable[[], bytes]

    def raw(self) -> bytes | OSError:
        try:
            return self.fetch()
        except OSError as err:
            return err


@dataclass
class Side:
    #: What the user called this side: a folder, or ``REV:folder``.
    label: str
    unit: m.Unit
    unit_file: str
    unit_data: dict = field(default_factory=dict)
    unit_problem: str = ""
    #: Read one at a time as they are compared: a side of 10,000 projects is never held whole.
    projects: dict[str, ProjectFile] = field(default_factory=dict)


def _problem(findings: list[Finding], file: str) -> str:
    """The first load error as ``file:line: message`` (the same words as ``jixiao check``)."""
    for f in findings:
        if f.rule.startswith("load-"):
            return f"{f.file or file}:{f.line}: {f.message}" if f.line else f"{f.file or file}: {f.message}"
    return f"{file}: 无法读取"


def _why(err: OSError) -> str:
    return f"文件{err.strerror}" if isinstance(err, Unreadable) else f"无法读取文件：{err.strerror or err}"


def _parse(raw: bytes, file: str) -> tuple[dict | None, list[Finding]]:
    """(tomllib data, []) or (None, [the load finding]): each file is parsed once."""
    text, problem = decode_text(raw, file)
    if problem is not None:
        return None, [problem]
    try:
        return parse_text(text), []  # type: ignore[arg-type]
    except tomllib.TOMLDecodeError as err:
        return None, [syntax_finding(err, file, "", text)]  # type: ignore[arg-type]


def load_project(pf: ProjectFile, raw: bytes | OSError | None = None) -> SideProject:
    """Read ``pf`` (``raw``: its bytes, when the caller has them already)."""
    raw = pf.raw() if raw is None else raw
    if isinstance(raw, OSError):
        return SideProject(pf.id, pf.file, None, problem=f"{pf.file}: {_why(raw)}")
    data, findings = _parse(raw, pf.file)
    if data is None:
        return SideProject(pf.id, pf.file, None, problem=_problem(findings, pf.file))
    project, _ = project_from_data(data, pf.id, pf.file)
    return SideProject(pf.id, pf.file, project, data)


def side_from_files(label: str, unit: tuple[str, bytes | OSError], projects: Iterable[ProjectFile]) -> Side:
    """A side from unit.toml's (file, bytes) and its project files; an :class:`OSError` in place of
    the bytes is a file that could not be read."""
    unit_file, raw = unit
    if isinstance(raw, OSError):
        side = Side(label, m.Unit(), unit_file, unit_problem=f"{unit_file}: {_why(raw)}")
    else:
        data, findings = _parse(raw, unit_file)
        if data is None:
            side = Side(label, m.Unit(), unit_file, unit_problem=_problem(findings, unit_file))
        else:
            side = Side(label, unit_from_data(data, unit_file)[0], unit_file, data)
    side.projects = {pf.id: pf for pf in projects}
    return side


def _read(path: Path) -> bytes | OSError:
    try:
        return read_file(path)
    except OSError as err:
        return err


def side_from_store(root: Path | str) -> Side:
    """The store in the folder ``root`` (:class:`~store.toml_store.StoreError` when it is not one)."""
    store = Store.open(root)
    projects = [ProjectFile(pid, str(store.project_path(pid)), partial(read_file, store.project_path(pid)))
                for pid in store.project_ids()]
    return side_from_files(str(store.root), (str(store.unit_path), _read(store.unit_path)), projects)
