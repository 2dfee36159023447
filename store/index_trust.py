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
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import tempfile
from decimal import Decimal
from pathlib import Path

from .findings import Finding
from .numbers import range_problem
from .rules import RULES

__all__ = ["KEY_SIZE", "INDEX_LIMIT", "FIELDS", "index_key", "read_regular", "mac", "amount", "finding",
           "valid_digest", "lines_at_most"]

KEY_SIZE = 32
#: The largest index read back (about 50 times what 10,000 projects need); a bigger one is rebuilt.
INDEX_LIMIT = 256 * 1024 * 1024
#: A finding's fields as the index stores them, in order.
FIELDS = ("rule", "severity", "message", "project", "path", "field", "line", "column")

_keys: dict[Path, bytes | None] = {}


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


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes, never through a symlink, never a FIFO or device (no hang), at most ``limit``."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            raise OSError(f"{path}: not a regular file, or bigger than {limit} bytes")
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(limit + 1)
    finally:
        os.close(fd)


def mac(key: bytes, context: str, body: bytes) -> str:
    """The keyed digest of an index: its context (rule set and unit.toml) and its entries' bytes."""
    digest = hashlib.blake2b(key=key, digest_size=32, person=b"jixiao-index")
    digest.update(context.encode("ascii") + b"\0")
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
    value = Decimal(text)  # InvalidOperation is an ArithmeticError: the caller drops the entry
    if range_problem(value) is not None:
        raise ValueError("amount out of range")
    return value


def finding(row: object, pid: str) -> Finding:
    """One finding read back: a registered rule with its own severity, this project, sane positions."""
    if not (isinstance(row, list) and len(row) == len(FIELDS)):
        raise ValueError("bad finding")
    values = dict(zip(FIELDS, row))
    rule = RULES.get(values["rule"]) if isinstance(values["rule"], str) else None
    if rule is None or values["severity"] != rule.severity.value or values["project"] != pid:
        raise ValueError("unknown rule, severity or project")
    if not (isinstance(values["message"], str) and isinstance(values["field"], str)
            and isinstance(values["path"], list)
            and all(type(key) is str or (type(key) is int and key >= 0) for key in values["path"])
            and all(values[n] is None or (type(values[n]) is int and values[n] >= 1) for n in ("line", "column"))):
        raise ValueError("bad finding")
    values["path"] = tuple(values["path"])
    return Finding(**values)


#: Bytes that may start a line for the locator (str.splitlines): no finding's line is beyond their count + 1.
_BREAKS = (b"\n", b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", "\x85".encode(), "\u2028".encode(),
           "\u2029".encode())


def lines_at_most(raw: bytes) -> int:
    return 1 + sum(raw.count(b) for b in _BREAKS)
