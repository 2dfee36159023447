"""A store's files on disk: their names, and writing them so that a crash leaves the old or the new file."""

from __future__ import annotations

import datetime as _dt
import errno
import os
import stat
import tempfile
from contextlib import contextmanager
from typing import BinaryIO, Callable, Iterator
from glob import escape as glob_escape
from pathlib import Path

__all__ = ["UNIT_FILE", "PROJECTS_DIR", "WORK_DIR", "STALE_TEMP_SECONDS", "atomic_write", "atomic_file",
           "write_output", "OutputError", "reason"]

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
    with atomic_file(path) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """:func:`atomic_write` for a file written piece by piece (the store's index): the handle of the
    temporary file; ``path`` is replaced when the block ends, and left as it was if the block raises."""
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
            yield handle
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


# -- writing where the user said (``jixiao export … -o PATH``) ---------------------------


class OutputError(Exception):
    """Output refused or failed; ``str()`` is one Chinese line naming the path.  Nothing was replaced."""


_REASONS = {
    errno.EACCES: "没有写入权限", errno.EPERM: "没有写入权限", errno.EROFS: "文件系统只读",
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.ENOENT: "目录不存在",
    errno.ENOTDIR: "路径中有一段不是目录", errno.EISDIR: "是目录", errno.ELOOP: "符号链接层数过多（可能成环）",
    errno.EPIPE: "读取的一方已关闭", errno.ENXIO: "设备不存在", errno.EFBIG: "文件过大",
    errno.ENAMETOOLONG: "名称过长", errno.EEXIST: "已有同名的文件或链接", errno.EBUSY: "正被占用",
}


def reason(err: OSError) -> str:
    """An OSError in Chinese (the system's own words for a rare one)."""
    return _REASONS.get(err.errno, err.strerror or str(err))


def _through_descriptor(path: Path) -> bool:
    """``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N`` or a link to one: an open descriptor, not a file."""
    current = Path(os.path.abspath(path))
    for _ in range(40):
        if current.parts[1:2] == ("proc",) or current.parts[1:3] == ("dev", "fd"):
            return True
        if not current.is_symlink():
            return False
        current = Path(os.path.abspath(current.parent / os.readlink(current)))
    return False


def write_output(path: Path | str, data: bytes, for_terminal: Callable[[bytes], bytes] | None = None) -> str:
    """Write ``data`` where ``-o`` says, never destroying what the program does not own.

    * a regular file (or nothing yet): replaced atomically (:func:`atomic_write`);
    * a symlink: its target is written the same way; the link stays a link;
    * a FIFO, a character device (a terminal, ``/dev/null``) or an open descriptor
      (``/dev/stdout``): written through, as the shell's ``>`` does; never replaced by a file.
      A terminal gets ``for_terminal(data)``: shown, not run;
    * a directory, a block device or a socket: refused.

    Returns how it was written ("file" or "through"); raises :class:`OutputError` otherwise.
    """
    path = Path(path)
    try:
        st: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise OutputError(f"无法导出到 {path}：{reason(err)}；未作改动") from None
    if st is None:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        if not target.parent.is_dir():
            raise OutputError(f"目录 {target.parent} 不存在，未导出")
        return _replace(path, target, data)
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path} 是目录，请给出文件名")
    if stat.S_ISREG(st.st_mode) and not _through_descriptor(path):
        return _replace(path, Path(os.path.realpath(path)) if path.is_symlink() else path, data)
    if stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return _through(path, data, for_terminal)
    kind = "块设备" if stat.S_ISBLK(st.st_mode) else "套接字" if stat.S_ISSOCK(st.st_mode) else "特殊文件"
    raise OutputError(f"{path} 是{kind}，不导出到那里；请给出普通文件名")


def _replace(path: Path, target: Path, data: bytes) -> str:
    try:
        atomic_write(target, data)
    except OSError as err:
        raise OutputError(f"无法导出到 {path}：{reason(err)}；未作改动") from None
    return "file"


def _through(path: Path, data: bytes, for_terminal: Callable[[bytes], bytes] | None) -> str:
    try:
        # O_APPEND: /dev/stdout redirected to a file (``>>`` included) is added to, never overwritten.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise OutputError(f"无法导出到 {path}：{reason(err)}；未作改动") from None
    try:
        if for_terminal is not None and os.isatty(fd):
            data = for_terminal(data)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as err:
        raise OutputError(f"导出到 {path} 时出错：{reason(err)}") from None
    finally:
        os.close(fd)
    return "through"
