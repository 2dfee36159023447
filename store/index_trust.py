"""What makes the index (:mod:`store.cache`) trustworthy: this user's key, the keyed digest, checks on each entry.

A store is handed over with its ``.jixiao`` folder, or edited by hand; a
plain digest of a file proves nothing, since anyone can compute it.  So the
index carries a keyed BLAKE2b digest over its context (rule set, unit.toml)
and its entries, with a key that lives outside every store: ``index.key`` in
``$XDG_CACHE_HOME/jixiao/`` (or ``~/.cache/jixiao/``), 32 random bytes, mode
0600, made on first use.  An index that does not carry this user's digest is
not used.  When the key can be neither read nor made, nothing is reused:
slower, never wrong, never a failure.

Even an index with the right digest is read as untrusted data: each entry is
checked for shape and range (a registered rule with its own severity, this
project's id, positive line numbers no further than the file has lines,
finite amounts) and dropped alone if it fails.

A file's stamp (:func:`stamp_of`) is what lets ``jixiao check`` use an entry
without reading the file: size, modification time, change time and inode, all
four equal.  The change time cannot be set back by a program (``os.utime``
sets it to now), so a file rewritten with its old size and modification time
restored is still caught.  As git does with racy entries, a stamp is *settled*
only when the file was already older than :data:`GRANULARITY_NS` when it was
stat'ed: a file changed again within the same timestamp would otherwise keep
its stamp.  An unsettled entry is confirmed by digest, every time, until the
file is old enough.  Only on POSIX systems (on Windows the "change time" is the
creation time): elsewhere every entry is confirmed by digest.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from .findings import Finding

__all__ = ["KEY_SIZE", "INDEX_LIMIT", "STREAM_LIMIT", "FIELDS", "GRANULARITY_NS", "Stamp", "stamp_of",
           "stamp_from_stat", "index_key", "read_regular", "open_regular", "mac", "mac_of", "amount", "finding", "valid_digest",
           "lines_at_most"]

KEY_SIZE = 32
#: The most of an index read into memory at once (about 50 times what 10,000 projects without findings
#: need); a bigger one is read line by line (``jixiao check``), or rebuilt (the app, which keeps it all).
INDEX_LIMIT = 256 * 1024 * 1024
#: The largest index ``jixiao check`` reads line by line (10,000 projects with a finding on every cost
#: line: about 400 MB); a bigger one is rebuilt.
STREAM_LIMIT = 16 * INDEX_LIMIT
#: A finding's fields as the index stores them, in order.
FIELDS = ("rule", "severity", "message", "project", "path", "field", "line", "column")

#: How long after its last change a file's stamp is trusted (the coarsest common timestamps: FAT's 2 s).
GRANULARITY_NS = 2_000_000_000
#: (size, modification time in ns) and, once settled, (change time in ns, inode); see the module's text.
Stamp = tuple[tuple[int, int], "tuple[int, int] | None"]

_keys: dict[Path, bytes | None] = {}


def stamp_from_stat(st: os.stat_result, now_ns: int) -> Stamp:
    """The stamp of a file stat'ed at ``now_ns`` (``time.time_ns()`` just after the stat)."""
    settled = None
    if os.name == "posix" and max(st.st_mtime_ns, st.st_ctime_ns) < now_ns - GRANULARITY_NS:
        settled = (st.st_ctime_ns, st.st_ino)
    return (st.st_size, st.st_mtime_ns), settled


def stamp_of(path: Path | str) -> Stamp | None:
    """The stamp of a file now, or None when it cannot be stat'ed."""
    return stamped(path)[0]


def stamped(path: Path | str) -> tuple[Stamp | None, os.stat_result | None]:
    """:func:`stamp_of`, with the stat it was made from (for :func:`store.file_bytes.read_file`)."""
    try:
        st = os.stat(path)
    except OSError:
        return None, None
    return stamp_from_stat(st, time.time_ns()), st


def _key_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "jixiao" / "index.key"


def index_key() -> bytes | None:
    """This user's key, made on first use; None when it can be neither read nor made."""
    path = _key_path()
    if path not in _keys:
        try:
            key = _read_key(path)
            if key is None:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".index.key.")  # mode 0600
                try:
                    os.write(fd, os.urandom(KEY_SIZE))
                    os.fsync(fd)
                    os.close(fd)
                    os.link(tmp, path)  # atomic, never half a key; a key another process made first wins
                except FileExistsError:
                    pass
                finally:
                    os.unlink(tmp)
                key = _read_key(path)
        except (OSError, RuntimeError):  # RuntimeError: no home directory
            key = None
        _keys[path] = key
    return _keys[path]


def _read_key(path: Path) -> bytes | None:
    """The key if ``path`` is a regular file of this user's with exactly a key in it; None if missing."""
    try:
        data = read_regular(path, KEY_SIZE)
    except FileNotFoundError:
        return None
    if len(data) != KEY_SIZE or (hasattr(os, "geteuid") and path.lstat().st_uid != os.geteuid()):
        raise PermissionError(f"{path}: not this user's key")
    return data


def open_regular(path: Path, limit: int) -> BinaryIO:
    """A regular file opened for reading, never through a symlink, never a FIFO or device (no hang);
    OSError when it is none, or bigger than ``limit``.  Read it with that limit in mind: it may grow."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError(f"{path}: not a regular file, or bigger than {limit} bytes")
        return os.fdopen(os.dup(fd), "rb")
    finally:
        os.close(fd)


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes (:func:`open_regular`), at most ``limit`` and one."""
    with open_regular(path, limit) as handle:
        return handle.read(limit + 1)


def mac_of(key: bytes, context: str) -> "hashlib.blake2b":
    """The keyed digest of an index, to be updated with its entries' bytes (in pieces, as read)."""
    digest = hashlib.blake2b(key=key, digest_size=32, person=b"jixiao-index")
    digest.update(context.encode("ascii") + b"\0")
    return digest


def mac(key: bytes, context: str, body: bytes) -> str:
    """The keyed digest of an index: its context (rule set and unit.toml) and its entries' bytes."""
    digest = mac_of(key, context)
    digest.update(body)
    return digest.hexdigest()


# -- one entry's parts --------------------------------------------------------------

_DIGEST = re.compile(r"[0-9a-f]{40}")


def valid_digest(text: object) -> bool:
    return isinstance(text, str) and bool(_DIGEST.fullmatch(text))


def amount(text: object) -> Decimal | None:
    """An amount read back: None, or a Decimal within the one set of limits (:func:`store.numbers.range_problem`);
    ValueError otherwise."""
    if text is None:
        return None
    if not (isinstance(text, str) and len(text) <= 40):
        raise ValueError("bad amount")
    from .numbers import range_problem

    value = Decimal(text)  # InvalidOperation is an ArithmeticError: the caller drops the entry
    if range_problem(value) is not None:
        raise ValueError("amount out of range")
    return value


def finding(row: object, pid: str, file: str = "") -> Finding:
    """One finding read back: a registered rule with its own severity, this project, sane positions."""
    from .rules import RULES  # only when there is a finding: an unchanged clean store starts without the rules

    if not (isinstance(row, list) and len(row) == len(FIELDS)):
        raise ValueError("bad finding")
    rule_id, severity, message, project, path, field, line, column = row
    rule = RULES.get(rule_id) if isinstance(rule_id, str) else None
    if rule is None or severity != rule.severity.value or project != pid:
        raise ValueError("unknown rule, severity or project")
    if not (isinstance(message, str) and isinstance(field, str) and isinstance(path, list)
            and all(type(key) is str or (type(key) is int and key >= 0) for key in path)
            and all(n is None or (type(n) is int and n >= 1) for n in (line, column))):
        raise ValueError("bad finding")
    return Finding(rule_id, rule.severity, message, file, project, tuple(path), field, line, column)


#: Bytes that may start a line for the locator (str.splitlines): no finding's line is beyond their count + 1.
_BREAKS = (b"\n", b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", "\x85".encode(), "\u2028".encode(),
           "\u2029".encode())


def lines_at_most(raw: bytes) -> int:
    return 1 + sum(raw.count(b) for b in _BREAKS)
