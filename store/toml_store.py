"""The store: one directory per unit, ``unit.toml`` plus ``projects/<id>.toml``.

Reading is :mod:`store.reading` (tomllib: fast, exact, floats read as Decimal).
Saving edits the file's own tomlkit document in place (:mod:`store.toml_write`),
so comments, key order and the way a value was written survive; a value that
did not change keeps its bytes, and a file saved without changes is not
touched at all.  Every write is atomic (:func:`store.files.atomic_write`).
"""

from __future__ import annotations

import datetime as _dt
import errno
import os
import re
import stat
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import model as m
from .files import PROJECTS_DIR, UNIT_FILE, WORK_DIR, atomic_write, reason
from .findings import ERROR, Finding
from .reading import Unreadable, decode_text, parse_text, read_file, read_project, read_unit
from .templates import NEW_UNIT_TOML

__all__ = [
    "Store", "StoreError", "SaveConflict", "WorkDirError", "ANY", "LoadedProject", "LoadedStore",
    "valid_project_id", "render_project",
]

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
#: In the names of ``projects/`` joined by line breaks: the project files' ids, and every name that
#: is taken for a project file (not hidden, ending in ``.toml`` in any case).
_ID_LINES = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]{0,63})\.toml$", re.MULTILINE)
_TOML_LINES = re.compile(r"^[^.\n][^\n]*\.toml$", re.MULTILINE | re.IGNORECASE)


class StoreError(Exception):
    """A store-level problem (no such store, bad id …); ``str()`` is Chinese."""


class WorkDirError(StoreError, OSError):
    """``.jixiao`` (or a folder in it) is a symlink or not a folder: not used.  Both a StoreError
    and an OSError, so every caller that reports a failed autosave or trash reports this."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


class SaveConflict(StoreError):
    """The file changed on disk since it was read: saving would overwrite that change."""


#: ``save_project(..., expected=ANY)``: save whatever is on disk now.
ANY = object()


def valid_project_id(pid: str) -> bool:
    """Ids are file names: ASCII letters, digits, ``-`` and ``_`` only."""
    return isinstance(pid, str) and bool(_ID.fullmatch(pid))


def render_project(project: m.Project, original: str | None = None) -> str:
    """The TOML text for ``project``: ``original`` edited in place, or a new file."""
    from .toml_write import render_project as render  # tomlkit only when writing

    return render(project, original)


def _shown(name: str) -> str:
    """A file name as words: bytes that are not UTF-8 and control characters as escapes."""
    out = []
    for ch in name:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


_ERRNO_WORDS = {errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ELOOP: "符号链接循环",
                errno.ENOTDIR: "不是目录", errno.EIO: "输入输出错误", errno.ENAMETOOLONG: "名称过长"}


def _reason(err: OSError) -> str:
    return _ERRNO_WORDS.get(err.errno, str(err.strerror or err))  # type: ignore[arg-type]


def _unreadable(err: OSError) -> str:
    """A load-io message: what the file is (:class:`Unreadable`), or why it cannot be read."""
    return f"文件{err.strerror}" if isinstance(err, Unreadable) else f"无法读取文件：{_reason(err)}"


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
        if os.path.lexists(store.unit_path) and not store.unit_path.is_file():
            raise StoreError(f"{store.unit_path} 不是普通文件（是目录、管道、设备或断开的链接），未读取")
        if not store.unit_path.is_file():
            raise StoreError(f"{store.root} 不是申报目录：缺少 {UNIT_FILE}"
                             f"（可用 jixiao new {store.root} 新建）")
        return store

    @classmethod
    def create(cls, root: Path | str, year: int | None = None) -> "Store":
        """A new store: ``unit.toml`` and ``projects/``.  Whatever stops it (a file in the way, no
        permission, a read-only disk) is one Chinese :class:`StoreError`, and the folders it had
        made are removed again: nothing on disk changes."""
        store = cls(root)
        if store.unit_path.exists() or store.unit_path.is_symlink():
            raise StoreError(f"{store.root} 已是申报目录，未作改动")
        if store.root.exists() and not store.root.is_dir():
            raise StoreError(f"{store.root} 已存在且不是目录，未作改动")
        missing = [store.projects_dir]
        while not missing[-1].parent.exists() and missing[-1].parent != missing[-1]:
            missing.append(missing[-1].parent)
        made: list[Path] = []
        try:
            for folder in reversed(missing):
                if not folder.is_dir():
                    folder.mkdir()
                    made.append(folder)
            year = year or _dt.date.today().year
            atomic_write(store.unit_path, NEW_UNIT_TOML.format(year=year).encode("utf-8"))
        except OSError as err:
            for folder in reversed(made):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            raise StoreError(f"无法新建申报目录 {store.root}：{reason(err)}，未作改动") from None
        return store

    def project_path(self, pid: str) -> Path:
        if not valid_project_id(pid):
            raise StoreError(f"项目编号“{pid}”无效：只能用英文字母、数字、- 和 _，最长 64 位")
        return self.projects_dir / f"{pid}.toml"

    def project_ids(self) -> list[str]:
        return self.listing()[0]

    def listing(self) -> tuple[list[str], list[Finding]]:
        """Every project id, in order, and :meth:`listing_findings`, from one read of ``projects/``.

        The names are checked in one pass over them all (a store of 10,000 projects lists in a few
        milliseconds before the app's first screen); a name with a line break in it, which that pass
        cannot tell apart, sends every name through :func:`valid_project_id` one by one instead.
        """
        try:
            names = os.listdir(self.projects_dir)
        except FileNotFoundError:
            return [], []
        except OSError as err:  # not a folder, unreadable: said once, as listing_findings() says it
            return [], [Finding("load-io", ERROR, f"无法列出项目目录：{_reason(err)}", str(self.projects_dir))]
        joined = "\n".join(names)
        if joined.count("\n") == max(len(names) - 1, 0):
            ids = _ID_LINES.findall(joined)
            tomls = len(_TOML_LINES.findall(joined))  # names not starting with "." that end in .toml, any case
        else:
            ids = [name[:-5] for name in names if name.endswith(".toml") and valid_project_id(name[:-5])]
            tomls = -1
        ids.sort()
        if tomls == len(ids):
            return ids, []
        out = []
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith(".toml"):
                continue
            if not (name.endswith(".toml") and valid_project_id(name[:-5])):
                out.append(Finding("load-io", ERROR,
                                   f"文件名“{_shown(name)}”不是有效的项目编号（只能用英文字母、数字、- 和 _，"
                                   f"以 .toml 结尾），未读取：请改名", str(self.projects_dir)))
        return ids, out

    def project_stamps(self, stat: bool = True) -> dict[str, tuple[int, int] | None]:
        """Every project id, in order, with its file's (size, modification time in ns).

        One read of the directory: a store of 10,000 projects lists in
        milliseconds.  Files whose names are not project ids are left out.
        """
        try:
            entries = os.scandir(self.projects_dir)
        except OSError:  # missing, not a folder, unreadable: listing_findings() says which
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

    def load_project(self, pid: str, raw: bytes | None = None, path: Path | None = None,
                     defer: bool = False) -> LoadedProject:
        """Read and load one project (``raw``: its bytes, when the caller has read them already from
        ``path``, its :meth:`project_path`; ``defer``: quiet cost lines built on first use, for a check,
        see :func:`~store.reading.project_from_data`)."""
        path = self.project_path(pid) if path is None else path
        file = str(path)
        try:
            if raw is None:
                raw = read_file(path)
        except FileNotFoundError:
            raise StoreError(f"没有编号为 {pid} 的项目（{file}）") from None
        except OSError as err:
            return LoadedProject(pid, path, None, None, [Finding("load-io", ERROR, _unreadable(err), file, pid)])
        return LoadedProject(pid, path, *read_project(raw, pid, file, defer))

    def load_unit(self, listed: list[Finding] | None = None) -> tuple[m.Unit, str | None, list[Finding]]:
        """unit.toml read, with its findings and the store's own (:meth:`listing_findings`; ``listed``:
        those findings, when the caller has just listed the store with :meth:`listing`)."""
        file = str(self.unit_path)
        try:
            unit, text, findings = read_unit(read_file(self.unit_path), file)
        except OSError as err:
            unit, text, findings = m.Unit(), None, [Finding("load-io", ERROR, _unreadable(err), file)]
        return unit, text, findings + (self.listing_findings() if listed is None else listed)

    def listing_findings(self) -> list[Finding]:
        """A finding for each ``.toml`` in ``projects/`` that is not read as a project, by name:
        its name is not a project id (spaces, Chinese, ``.TOML``), or the folder cannot be listed.
        Files whose names start with ``.`` (editors' and our own temporary files) are not projects."""
        return self.listing()[1]

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
        return self._save_edited(self.project_path(project.id), lambda text: render_project(project, text), expected)

    def save_unit(self, unit: m.Unit, expected: str | None | object = ANY) -> bool:
        """Save ``unit.toml`` as :meth:`save_project` saves a project: its own document edited in
        place (comments and key order kept), with the same conflict detection; False when nothing changed."""
        from .toml_write import render_unit  # tomlkit only when writing

        return self._save_edited(self.unit_path, lambda text: render_unit(unit, text), expected)

    def _save_edited(self, path: Path, render, expected: str | None | object) -> bool:
        """Write ``render(text now on disk)`` to ``path`` atomically, unless the file changed since
        ``expected`` was read (:class:`SaveConflict`) or cannot be edited (:class:`StoreError`)."""
        original = None
        bom = b""
        if os.path.lexists(path):
            try:
                raw = read_file(path)
            except OSError as err:
                raise StoreError(f"{path}：{_unreadable(err)}；未保存") from None
            text, problem = decode_text(raw, str(path))
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
        rendered = render(original)
        if rendered == original:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, bom + rendered.encode("utf-8"))
        return True

    def work_dir(self, name: str, create: bool = True) -> Path | None:
        """A folder of the app's own under ``.jixiao/`` (which git is told to ignore), made if missing.

        Never followed out of the store: a ``.jixiao`` or ``.jixiao/<name>`` that is a symlink (or
        not a folder) is refused with :class:`WorkDirError`, so nothing is read, written or deleted
        where it points.  ``create=False``: the folder if it is there and safe, else None (for reading).
        """
        base = self.root / WORK_DIR
        folder = base / name
        for part in (base, folder):
            try:
                mode = os.lstat(part).st_mode
            except FileNotFoundError:
                if not create:
                    return None
                part.mkdir()
                continue
            if not stat.S_ISDIR(mode):
                if not create:
                    return None
                what = "符号链接" if stat.S_ISLNK(mode) else "不是目录"
                raise WorkDirError(errno.ENOTDIR, f"{part} 是{what}，程序不使用它（工作文件只放在申报目录内）")
        ignore = base / ".gitignore"
        if create and not ignore.exists() and not ignore.is_symlink():
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

