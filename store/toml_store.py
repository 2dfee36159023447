"""The store: one directory per unit, ``unit.toml`` plus ``projects/<id>.toml``.

Reading uses :mod:`tomllib` (fast, exact: floats are read as Decimal).
Saving edits the file's own tomlkit document in place, so comments, key
order and the way a value was written survive; a value that did not change
keeps its bytes, and a file saved without changes is not touched at all.
Every write is atomic: a temporary file in the same directory, fsync,
``os.replace``.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
import tomllib
from glob import escape as glob_escape
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any, Iterable


from . import model as m
from .codec import decode
from .findings import ERROR, WARNING, Finding, KeyPath
from .normalize import NormalizeError, parse_measure

__all__ = [
    "Store", "StoreError", "SaveConflict", "ANY", "LoadedProject", "LoadedStore",
    "UNIT_FILE", "PROJECTS_DIR", "WORK_DIR", "valid_project_id", "atomic_write",
    "project_from_data", "unit_from_data", "render_project", "render_unit",
]

UNIT_FILE = "unit.toml"
PROJECTS_DIR = "projects"
#: The app's working files inside a store (autosave, trash); ignored by git.
WORK_DIR = ".jixiao"
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


class StoreError(Exception):
    """A store-level problem (no such store, bad id …); ``str()`` is Chinese."""


class SaveConflict(StoreError):
    """The file changed on disk since it was read: saving would overwrite that change."""


#: ``save_project(..., expected=ANY)``: save whatever is on disk now.
ANY = object()


def valid_project_id(pid: str) -> bool:
    """Ids are file names: ASCII letters, digits, ``-`` and ``_`` only."""
    return isinstance(pid, str) and bool(_ID.fullmatch(pid))


# --------------------------------------------------------------------------
# Reading: TOML data → model, with findings for what cannot be read.


class _Reader:
    """Collects load findings for one file while converting its data."""

    def __init__(self, file: str, project: str) -> None:
        self.file = file
        self.project = project
        self.findings: list[Finding] = []

    def issue(self, rule: str, severity: str, message: str, path: KeyPath, label: str) -> None:
        self.findings.append(
            Finding(rule, severity, message, self.file, self.project, tuple(path), label)
        )

    def table(self, data: Any, path: KeyPath, label: str) -> dict:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.issue("field-invalid", ERROR, f"{label}应为表（[...]），已忽略", path, label)
            return {}
        return data

    def array(self, data: Any, path: KeyPath, label: str) -> list[dict]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.issue("field-invalid", ERROR, f"{label}应为表数组（[[...]]），已忽略", path, label)
            return []
        items = []
        for i, item in enumerate(data):
            if isinstance(item, dict):
                items.append(item)
            else:
                self.issue("field-invalid", ERROR, f"{label}第 {i + 1} 项应为表，已忽略",
                           path + (i,), label)
                items.append({})
        return items

    def fields(self, data: dict, target: object, specs: Iterable[m.FieldSpec], base: KeyPath) -> None:
        """Read ``specs`` from the table ``data`` at ``base`` into the model part ``target``.

        Each spec is found under the last part of its key, and set as the
        attribute of that name.
        """
        for spec in specs:
            name = spec.key[-1]
            raw = data.get(name)
            if raw is None:
                continue
            try:
                value = _decode(spec.kind, raw)
            except NormalizeError as err:
                self.issue("field-invalid", ERROR, str(err), base + (name,),
                           _label_prefix(base) + spec.label)
                continue
            setattr(target, name, value)

    def unknown(self, data: dict, known: frozenset[str], base: KeyPath, where: str) -> None:
        if data.keys() <= known:
            return
        for key in data:
            if key not in known:
                self.issue("field-unknown", WARNING,
                           f"{where}中有未知的键“{key}”：保存时保留，但本工具不使用它",
                           base + (key,), where)


def _decode(kind: str, raw: object) -> object:
    """:func:`~store.codec.decode`, with what fills most of a file first: text, and measures written as text."""
    if isinstance(raw, str):
        if kind == "measure":
            return parse_measure(raw)
        if kind == "text" or kind == "longtext":
            return raw
    return decode(kind, raw)


def _label_prefix(base: KeyPath) -> str:
    """How the labels of the fields at ``base`` begin: ``第 2 组第 3 行 `` in a cost line."""
    match base:
        case ("budget", "groups", gi):
            return f"第 {gi + 1} 组 "
        case ("budget", "groups", gi, "lines", li):
            return f"第 {gi + 1} 组第 {li + 1} 行 "
        case ("indicators", ii):
            return f"第 {ii + 1} 条指标 "
    return ""


def _keys(specs: Iterable[m.FieldSpec], *more: str) -> frozenset[str]:
    return frozenset([spec.key[-1] for spec in specs] + list(more))


_PROJECT_TABLES = {
    "header": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "header"),
    "funding": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "funding"),
    "narrative": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "narrative"),
    "goals": _keys(s for s in m.PROJECT_FIELDS if s.key[0] == "goals"),
    "budget": frozenset(["prose", "groups"]),
}
_TABLE_LABELS = {"header": "基本信息", "funding": "项目资金", "narrative": "项目说明",
                 "goals": "绩效目标", "budget": "年度预算安排"}
_PROJECT_KEYS = frozenset(["order", "indicators", *_PROJECT_TABLES])
#: PROJECT_FIELDS in order, in runs that share a table: ``(("order",) …)``, ``("header", (…))`` ….
_PROJECT_RUNS = tuple((table, tuple(specs)) for table, specs in
                      groupby(m.PROJECT_FIELDS, key=lambda s: s.key[0] if len(s.key) == 2 else ""))
assert all(len(s.key) <= 2 for s in m.PROJECT_FIELDS), "project fields are at most one table deep"
_GROUP_KEYS = _keys(m.GROUP_FIELDS, "lines")
_LINE_KEYS = _keys(m.LINE_FIELDS)
_INDICATOR_KEYS = _keys(m.INDICATOR_FIELDS)
_UNIT_KEYS = _keys(m.UNIT_FIELDS)


def project_from_data(data: dict, pid: str, file: str = "") -> tuple[m.Project, list[Finding]]:
    """Build a :class:`~store.model.Project` from tomllib data; never raises."""
    reader = _Reader(file, pid)
    project = m.Project(id=pid)
    reader.unknown(data, _PROJECT_KEYS, (), "项目文件")
    tables = {}
    for name, keys in _PROJECT_TABLES.items():
        tables[name] = table = reader.table(data.get(name), (name,), _TABLE_LABELS[name])
        reader.unknown(table, keys, (name,), _TABLE_LABELS[name])
    for name, specs in _PROJECT_RUNS:
        if name:
            reader.fields(tables[name], getattr(project, name), specs, (name,))
        else:
            reader.fields(data, project, specs, ())
    groups = reader.array(tables["budget"].get("groups"), ("budget", "groups"), "预算分组")
    for gi, gdata in enumerate(groups):
        base = ("budget", "groups", gi)
        group = m.CostGroup()
        reader.unknown(gdata, _GROUP_KEYS, base, "预算分组")
        reader.fields(gdata, group, m.GROUP_FIELDS, base)
        for li, ldata in enumerate(reader.array(gdata.get("lines"), base + ("lines",), "预算明细")):
            line = m.CostLine()
            lbase = base + ("lines", li)
            reader.unknown(ldata, _LINE_KEYS, lbase, "预算明细行")
            reader.fields(ldata, line, m.LINE_FIELDS, lbase)
            group.lines.append(line)
        project.budget.groups.append(group)
    for ii, idata in enumerate(reader.array(data.get("indicators"), ("indicators",), "绩效指标")):
        indicator = m.Indicator()
        ibase = ("indicators", ii)
        reader.unknown(idata, _INDICATOR_KEYS, ibase, "绩效指标")
        reader.fields(idata, indicator, m.INDICATOR_FIELDS, ibase)
        project.indicators.append(indicator)
    return project, reader.findings


def unit_from_data(data: dict, file: str = "") -> tuple[m.Unit, list[Finding]]:
    reader = _Reader(file, "")
    unit = m.Unit()
    reader.unknown(data, _UNIT_KEYS, (), "单位信息")
    reader.fields(data, unit, m.UNIT_FIELDS, ())
    return unit, reader.findings


def _decode_text(raw: bytes, file: str) -> tuple[str | None, Finding | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, Finding("load-encoding", ERROR,
                             f"文件不是 UTF-8 编码（第 {err.start + 1} 字节），请用 UTF-8 保存",
                             file, line=line)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)|\(at end of document\)")


def _syntax_finding(err: tomllib.TOMLDecodeError, file: str, pid: str, text: str) -> Finding:
    message = str(err)
    match = _POSITION.search(message)
    line = column = None
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    elif match:
        line = text.count("\n") + 1
    reason = _POSITION.sub("", message).strip()
    return Finding("load-syntax", ERROR, f"TOML 格式错误：{reason}（第 {line} 行第 {column} 列）"
                   if column else f"TOML 格式错误：{reason}", file, pid, line=line, column=column)


def parse_text(text: str) -> dict:
    return tomllib.loads(text, parse_float=_decimal_float)


def _decimal_float(text: str):
    from decimal import Decimal

    return Decimal(text)


NEW_UNIT_TOML = """\
# 单位信息 —— 绩效目标设置情况
# 本目录是一个单位的申报：本文件为单位信息，projects/ 下每个项目一个 TOML 文件。
# 金额写成带引号的文本，单位为元，如 "4941.00" 或 "4941 万元"。
name = ""               # 单位名称
department = ""         # 主管部门
year = {year}           # 年度
budget_units = 1        # 开展编报的预算单位个数
declared_projects = 0   # 编报绩效目标的项目个数
declared_total = "0.00" # 涉及项目预算资金（元）
"""


#: A temporary file older than this was left by a killed save, not one under way.
STALE_TEMP_SECONDS = 600


def render_project(project: m.Project, original: str | None = None) -> str:
    """The TOML text for ``project``: ``original`` edited in place, or a new file."""
    from .toml_write import render_project as render  # tomlkit only when writing

    return render(project, original)


def render_unit(unit: m.Unit, original: str | None = None) -> str:
    from .toml_write import render_unit as render

    return render(unit, original)


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


# --------------------------------------------------------------------------
# The store directory.


@dataclass
class LoadedProject:
    id: str
    path: Path
    #: The file's text as read (None when it could not be decoded).
    text: str | None
    #: None when the file could not be parsed at all.
    project: m.Project | None
    findings: list[Finding] = field(default_factory=list)


@dataclass
class LoadedStore:
    root: Path
    unit: m.Unit
    unit_text: str | None
    projects: list[LoadedProject]
    findings: list[Finding] = field(default_factory=list)

    @property
    def models(self) -> list[m.Project]:
        return [lp.project for lp in self.projects if lp.project is not None]

    def texts(self) -> dict[str, str]:
        """File path → text, for locating findings."""
        out = {str(self.root / UNIT_FILE): self.unit_text or ""}
        for lp in self.projects:
            out[str(lp.path)] = lp.text or ""
        return out


class Store:
    """One unit's declaration on disk."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    @property
    def unit_path(self) -> Path:
        return self.root / UNIT_FILE

    @property
    def projects_dir(self) -> Path:
        return self.root / PROJECTS_DIR

    @classmethod
    def open(cls, root: Path | str) -> "Store":
        store = cls(root)
        if not store.root.exists():
            raise StoreError(f"找不到申报目录 {store.root}（可用 jixiao new {store.root} 新建）")
        if not store.root.is_dir():
            raise StoreError(f"{store.root} 不是目录：申报应是一个含 {UNIT_FILE} 的目录")
        if not store.unit_path.is_file():
            raise StoreError(f"{store.root} 不是申报目录：缺少 {UNIT_FILE}"
                             f"（可用 jixiao new {store.root} 新建）")
        return store

    @classmethod
    def create(cls, root: Path | str, year: int | None = None) -> "Store":
        store = cls(root)
        if store.unit_path.exists():
            raise StoreError(f"{store.root} 已是申报目录，未作改动")
        if store.root.exists() and not store.root.is_dir():
            raise StoreError(f"{store.root} 已存在且不是目录")
        store.projects_dir.mkdir(parents=True, exist_ok=True)
        year = year or _dt.date.today().year
        atomic_write(store.unit_path, NEW_UNIT_TOML.format(year=year).encode("utf-8"))
        return store

    def project_path(self, pid: str) -> Path:
        if not valid_project_id(pid):
            raise StoreError(f"项目编号“{pid}”无效：只能用英文字母、数字、- 和 _，最长 64 位")
        return self.projects_dir / f"{pid}.toml"

    def project_ids(self) -> list[str]:
        return list(self.project_stamps(stat=False))

    def project_stamps(self, stat: bool = True) -> dict[str, tuple[int, int] | None]:
        """Every project id, in order, with its file's (size, modification time in ns).

        One read of the directory: a store of 10,000 projects lists in
        milliseconds.  Files whose names are not project ids are left out.
        """
        try:
            entries = os.scandir(self.projects_dir)
        except (FileNotFoundError, NotADirectoryError):
            return {}
        found: dict[str, tuple[int, int] | None] = {}
        with entries:
            for entry in entries:
                pid = entry.name[:-5]
                if not entry.name.endswith(".toml") or not valid_project_id(pid):
                    continue
                if not stat:
                    found[pid] = None
                    continue
                try:
                    st = entry.stat()
                except OSError:
                    found[pid] = None
                else:
                    found[pid] = (st.st_size, st.st_mtime_ns)
        return dict(sorted(found.items()))

    def _rel(self, path: Path) -> str:
        return str(path)

    def load_project(self, pid: str, raw: bytes | None = None) -> LoadedProject:
        """Read and load one project (``raw``: its bytes, when the caller has read them already)."""
        path = self.project_path(pid)
        file = self._rel(path)
        try:
            if raw is None:
                raw = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"没有编号为 {pid} 的项目（{file}）") from None
        except OSError as err:
            return LoadedProject(pid, path, None, None, [
                Finding("load-io", ERROR, f"无法读取文件：{err.strerror}", file, pid)])
        text, problem = _decode_text(raw, file)
        if problem is not None:
            return LoadedProject(pid, path, None, None, [_with_project(problem, pid)])
        try:
            data = parse_text(text)
        except tomllib.TOMLDecodeError as err:
            return LoadedProject(pid, path, text, None, [_syntax_finding(err, file, pid, text)])
        project, findings = project_from_data(data, pid, file)
        return LoadedProject(pid, path, text, project, findings)

    def load_unit(self) -> tuple[m.Unit, str | None, list[Finding]]:
        file = self._rel(self.unit_path)
        try:
            raw = self.unit_path.read_bytes()
        except OSError as err:
            return m.Unit(), None, [Finding("load-io", ERROR, f"无法读取文件：{err.strerror}", file)]
        text, problem = _decode_text(raw, file)
        if problem is not None:
            return m.Unit(), None, [problem]
        try:
            data = parse_text(text)
        except tomllib.TOMLDecodeError as err:
            return m.Unit(), text, [_syntax_finding(err, file, "", text)]
        unit, findings = unit_from_data(data, file)
        return unit, text, findings

    def load(self) -> LoadedStore:
        unit, unit_text, findings = self.load_unit()
        projects = [self.load_project(pid) for pid in self.project_ids()]
        return LoadedStore(self.root, unit, unit_text, projects, findings)

    def save_project(self, project: m.Project, expected: str | None | object = ANY) -> bool:
        """Save through the file's own document; False when nothing changed.

        ``expected`` is the text the caller loaded (None: the file did not
        exist).  If the file now holds something else, another program or
        person changed it meanwhile: :class:`SaveConflict` is raised and
        nothing is written.
        """
        path = self.project_path(project.id)
        original = None
        bom = b""
        if path.exists():
            raw = path.read_bytes()
            text, problem = _decode_text(raw, str(path))
            if problem is not None:
                raise StoreError(f"{path}：{problem.message}；未保存")
            original = text
            bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
        if expected is not ANY and original != expected:
            what = "已被删除" if original is None else "已在别处被修改"
            raise SaveConflict(f"{path} 在打开之后{what}；为免覆盖，未保存")
        if original is not None:
            try:
                parse_text(original)
            except tomllib.TOMLDecodeError as err:
                raise StoreError(f"{path}：文件本身有格式错误，请先修正；未保存（{err}）") from None
        rendered = render_project(project, original)
        if rendered == original:
            return False
        self.projects_dir.mkdir(parents=True, exist_ok=True)
        atomic_write(path, bom + rendered.encode("utf-8"))
        return True

    def save_unit(self, unit: m.Unit) -> bool:
        original = self.unit_path.read_text(encoding="utf-8") if self.unit_path.exists() else None
        rendered = render_unit(unit, original)
        if rendered == original:
            return False
        atomic_write(self.unit_path, rendered.encode("utf-8"))
        return True

    def work_dir(self, name: str) -> Path:
        """A folder of the app's own under ``.jixiao/`` (which git is told to ignore)."""
        folder = self.root / WORK_DIR / name
        folder.mkdir(parents=True, exist_ok=True)
        ignore = self.root / WORK_DIR / ".gitignore"
        if not ignore.exists():
            atomic_write(ignore, b"# jixiao working files: autosave and trash\n*\n")
        return folder

    def trash_project(self, pid: str) -> Path:
        """Move a project's file into ``.jixiao/trash/``; never destroyed."""
        path = self.project_path(pid)
        if not path.exists():
            raise StoreError(f"没有编号为 {pid} 的项目")
        trash = self.work_dir("trash")
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = trash / f"{pid}-{stamp}.toml"
        n = 1
        while target.exists():
            n += 1
            target = trash / f"{pid}-{stamp}-{n}.toml"
        os.replace(path, target)
        return target

    def new_project_id(self) -> str:
        taken = set(self.project_ids())
        n = len(taken) + 1
        while f"p{n:02d}" in taken:
            n += 1
        return f"p{n:02d}"


def _with_project(finding: Finding, pid: str) -> Finding:
    from dataclasses import replace

    return replace(finding, project=pid)
