"""A store as it was at a git revision, read with ``git`` itself: never a checkout, the work tree untouched.

``git ls-tree`` lists the revision's ``unit.toml`` and ``projects/*.toml`` under
the store's folder (which may be a sub-folder of the repository), and one
``git cat-file --batch`` reads their bytes.  The files then go through the same
reader as a folder's (:func:`store.snapshot.side_from_files`).  Whatever goes
wrong — no git, not a repository, no such revision, no store there at that
revision — is one Chinese :class:`GitError`.
"""

from __future__ import annotations

import errno
import subprocess
from pathlib import Path
from typing import Callable

from .files import PROJECTS_DIR, UNIT_FILE
from .reading import MAX_FILE_BYTES, Unreadable
from .snapshot import ProjectFile, Side, side_from_files
from .toml_store import StoreError, valid_project_id

__all__ = ["GitError", "locate", "side_at_revision", "split_range"]


class GitError(StoreError):
    """git could not give what was asked; ``str()`` is one Chinese line."""


def _git(args: list[str], cwd: Path, data: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "--literal-pathspecs", *args], cwd=cwd, input=data,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("找不到 git 命令：请先安装 git") from None
    except OSError as err:
        raise GitError(f"无法运行 git：{err.strerror or err}") from None


def locate(folder: Path | str) -> tuple[Path, str]:
    """(the repository's top folder, the store's folder within it as ``sub/dir/`` or ``""``)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GitError(f"找不到目录 {folder}")
    run = _git(["rev-parse", "--show-toplevel", "--show-prefix"], folder)
    lines = run.stdout.decode("utf-8", "surrogateescape").splitlines()
    if run.returncode != 0 or len(lines) < 1:
        raise GitError(f"{folder} 不在 git 仓库中（或不在其工作目录中）")
    return Path(lines[0]), (lines[1] if len(lines) > 1 else "")


def split_range(rev: str) -> tuple[str, str | None]:
    """``A..B`` → (A, B); ``A`` → (A, None): B then is the folder on disk."""
    if ".." in rev and "..." not in rev:
        old, new = rev.split("..", 1)
        return old or "HEAD", new or "HEAD"
    return rev, None


def _commit(top: Path, rev: str) -> str:
    if not rev or rev.startswith("-") or "\0" in rev:
        raise GitError(f"git 版本“{rev}”无效")
    run = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if run.returncode != 0:
        raise GitError(f"git 仓库中没有版本“{rev}”")
    return run.stdout.decode().strip()


def _entries(top: Path, commit: str, prefix: str) -> list[tuple[str, str, str, int | None, str]]:
    """(mode, type, object, size, path relative to the store) of the revision's store files."""
    run = _git(["ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--",
                f"{prefix}{UNIT_FILE}", f"{prefix}{PROJECTS_DIR}/"], top)
    if run.returncode != 0:
        raise GitError(f"无法列出版本 {commit[:12]} 中的文件：{run.stderr.decode('utf-8', 'replace').strip()}")
    out = []
    for record in run.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, obj, size = meta.decode().split(maxsplit=3)
        name = path.decode("utf-8", "surrogateescape")[len(prefix):]
        out.append((mode, kind, obj, int(size) if size.strip().isdigit() else None, name))
    return out


def _blobs(top: Path, objects: list[str]) -> dict[str, bytes]:
    """The bytes of each blob, read by one ``git cat-file --batch``."""
    if not objects:
        return {}
    run = _git(["cat-file", "--batch"], top, "".join(f"{obj}\n" for obj in objects).encode())
    data, out, at = run.stdout, {}, 0
    for obj in objects:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"无法读取 git 对象 {obj[:12]}")
        size = int(header[2])
        out[obj] = data[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return out


def side_at_revision(folder: Path | str, rev: str) -> Side:
    """The store in ``folder`` as it was at ``rev`` (a commit, tag, branch, ``HEAD~1`` …)."""
    top, prefix = locate(folder)
    commit = _commit(top, rev)
    where = prefix.rstrip("/") or "."
    label = f"{rev}:{where}"
    entries = _entries(top, commit, prefix)
    unit = [e for e in entries if e[4] == UNIT_FILE]
    if not unit:
        raise GitError(f"版本 {rev} 中没有申报目录 {where}（缺少 {UNIT_FILE}）")
    wanted: dict[str, tuple[str, str, str, int | None, str]] = {UNIT_FILE: unit[0]}
    for entry in entries:
        name = entry[4]
        head, _, base = name.partition("/")
        if head == PROJECTS_DIR and "/" not in base and base.endswith(".toml") and valid_project_id(base[:-5]):
            wanted[name] = entry
    readable = [e[2] for e in wanted.values() if e[1] == "blob" and e[0] != "120000"
                and (e[3] or 0) <= MAX_FILE_BYTES]
    blobs = _blobs(top, readable)

    def content(entry: tuple[str, str, str, int | None, str]) -> bytes | OSError:
        mode, kind, obj, size, _ = entry
        if mode == "120000":
            return Unreadable("是符号链接，未读取")
        if kind != "blob":
            return Unreadable("不是普通文件")
        if (size or 0) > MAX_FILE_BYTES:
            return Unreadable(f"过大（{(size or 0) / 1048576:.1f} MiB，上限 {MAX_FILE_BYTES // 1048576} MiB），未读取",
                              errno.EFBIG)
        return blobs[obj]

    def file(name: str) -> str:
        return f"{rev}:{prefix}{name}"

    def fetch(entry: tuple[str, str, str, int | None, str]) -> Callable[[], bytes]:
        def read() -> bytes:
            data = content(entry)
            if isinstance(data, OSError):
                raise data
            return data
        return read

    projects = sorted((ProjectFile(name[len(PROJECTS_DIR) + 1:-5], file(name), fetch(entry))
                       for name, entry in wanted.items() if name != UNIT_FILE), key=lambda pf: pf.id)
    return side_from_files(label, (file(UNIT_FILE), content(unit[0])), projects)
