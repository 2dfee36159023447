"""A store file's bytes: read only when it is a regular file within the size limit (:func:`read_file`).

Split from :mod:`store.reading`, which re-exports these names.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["read_file", "Unreadable", "MAX_FILE_BYTES"]

#: The one size limit of a store's file.  The example's largest project is
#: 12 KiB and a synthetic one of 4,000 cost lines 0.4 MiB; tomllib reads 4 MiB
#: in about a second and a half, in some 60 MB.  Beyond it a file is not read.
MAX_FILE_BYTES = 4 * 1024 * 1024


class Unreadable(OSError):
    """A file that is there but is not read; ``str()`` says why, in Chinese."""

    def __init__(self, reason: str, code: int = errno.EINVAL) -> None:
        super().__init__(code, reason)


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "是目录，不是文件"
    if stat.S_ISFIFO(mode):
        return "是命名管道（FIFO），不是普通文件"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "是设备，不是普通文件"
    if stat.S_ISSOCK(mode):
        return "是套接字，不是普通文件"
    return "不是普通文件"


def read_file(path: Path | str, st: os.stat_result | None = None) -> bytes:
    """A store file's bytes, read only when it is a regular file within :data:`MAX_FILE_BYTES`.

    A FIFO, device, socket or directory (or a symlink to one) is never opened:
    no hang, no endless read, no side effect of opening a device.  Raises
    :class:`FileNotFoundError` when nothing is there, :class:`Unreadable` with
    the reason (a dangling symlink, a special file, too large) when something
    is there that will not be read, and :class:`OSError` when it cannot be read.  ``st``: the caller's
    stat of ``path`` just now, not taken again (what is opened is checked all the same).
    """
    try:
        st = os.stat(path) if st is None else st
    except FileNotFoundError:
        if os.path.lexists(path):
            raise Unreadable("是指向不存在文件的符号链接", errno.ENOENT) from None
        raise
    _check_file(st)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)  # what was opened, should the name have changed meanwhile
        _check_file(st)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        raise Unreadable(_too_large(size), errno.EFBIG)
    return b"".join(chunks)


def _check_file(st: os.stat_result) -> None:
    if not stat.S_ISREG(st.st_mode):
        raise Unreadable(_what(st.st_mode))
    if st.st_size > MAX_FILE_BYTES:
        raise Unreadable(_too_large(st.st_size), errno.EFBIG)


def _too_large(size: int) -> str:
    return f"过大（{size / 1048576:.1f} MiB，上限 {MAX_FILE_BYTES // 1048576} MiB），未读取"
