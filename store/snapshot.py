"""One side of a comparison: a store's unit and projects as read, from a folder or from a git revision.

Nothing here compares or prints (that is :mod:`store.diff` and ``exports/diff_text.py``).
A file that cannot be read or parsed becomes that project's :attr:`SideProject.problem`,
one Chinese line naming the file, line and reason; the other projects are read as usual.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import model as m
from .findings import Finding
from .reading import Unreadable, parse_text, read_file, read_project, read_unit
from .toml_store import Store

__all__ = ["Side", "SideProject", "side_from_files", "side_from_store"]


@dataclass
class SideProject:
    id: str
    #: The file as the user names it (``B/projects/p03.toml``, ``HEAD~1:projects/p03.toml``).
    file: str
    #: None when the file could not be read or is not TOML: :attr:`problem` says why.
    project: m.Project | None
    #: The file's data as tomllib read it: the way each value was written (``"30 万元"``).
    data: dict = field(default_factory=dict)
    problem: str = ""


@dataclass
class Side:
    #: What the user called this side: a folder, or ``REV:folder``.
    label: str
    unit: m.Unit
    unit_file: str
    unit_data: dict = field(default_factory=dict)
    unit_problem: str = ""
    projects: dict[str, SideProject] = field(default_factory=dict)


def _problem(findings: list[Finding], file: str) -> str:
    """The first load error as ``file:line: message`` (the same words as ``jixiao check``)."""
    for f in findings:
        if f.rule.startswith("load-"):
            return f"{f.file or file}:{f.line}: {f.message}" if f.line else f"{f.file or file}: {f.message}"
    return f"{file}: 无法读取"


def _data(text: str | None) -> dict:
    if text is None:
        return {}
    try:
        return parse_text(text)
    except tomllib.TOMLDecodeError:
        return {}


def _why(err: OSError) -> str:
    return f"文件{err.strerror}" if isinstance(err, Unreadable) else f"无法读取文件：{err.strerror or err}"


def side_from_files(label: str, unit: tuple[str, bytes | OSError],
                    projects: Iterable[tuple[str, str, bytes | OSError]]) -> Side:
    """A side from the bytes of its files: ``unit`` is (file, bytes), each project (id, file, bytes);
    an :class:`OSError` in place of the bytes is a file that could not be read."""
    unit_file, raw = unit
    if isinstance(raw, OSError):
        side = Side(label, m.Unit(), unit_file, unit_problem=f"{unit_file}: {_why(raw)}")
    else:
        model, text, findings = read_unit(raw, unit_file)
        broken = any(f.rule in ("load-encoding", "load-syntax") for f in findings)
        problem = _problem(findings, unit_file) if broken else ""
        side = Side(label, model, unit_file, _data(text), problem)
    for pid, file, raw in projects:
        if isinstance(raw, OSError):
            side.projects[pid] = SideProject(pid, file, None, problem=f"{file}: {_why(raw)}")
            continue
        text, project, findings = read_project(raw, pid, file)
        side.projects[pid] = SideProject(pid, file, project, _data(text),
                                         "" if project is not None else _problem(findings, file))
    return side


def _read(path: Path) -> bytes | OSError:
    try:
        return read_file(path)
    except OSError as err:
        return err


def side_from_store(root: Path | str) -> Side:
    """The store in the folder ``root`` (:class:`~store.toml_store.StoreError` when it is not one)."""
    store = Store.open(root)
    projects = [(pid, str(store.project_path(pid)), _read(store.project_path(pid))) for pid in store.project_ids()]
    return side_from_files(str(store.root), (str(store.unit_path), _read(store.unit_path)), projects)
