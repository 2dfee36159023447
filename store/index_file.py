"""The index's files (:mod:`store.cache`), read and written as streams.

``.jixiao/cache/index-v2.json`` is a header line, ``{"context": …, "mac": …}``
(:mod:`store.index_trust`), then the entries: one JSON object, written one
entry per line in the order ``jixiao check`` prints the projects::

    {"context": "…", "mac": "…"}
    {
    "p01": ["<digest>", [size, mtime, ctime, inode], "名称", "7128831462.00", 1, true, "指标…", [[…]]],
    "p02": […]
    }

A store of 10,000 projects with a million findings is never held whole.
:class:`IndexFile` reads the file twice: once for the keyed digest and, from
the start of each line, its id, digest and stamp; then each entry when its
turn comes (each line is checked again against what the digest covered, so a
file changed in between is not believed).  :class:`IndexWriter` writes entry
by entry and the header last.  An index written otherwise (by hand, the whole
object on one line) is read whole, within :data:`~store.index_trust.INDEX_LIMIT`.

Beside it, ``unit-v2.json`` keeps unit.toml's own findings (its loading, and the
unit rules over every project's 年度资金申请总额) for one set of project files,
named by their ids and digests (:func:`projects_key`): an unchanged store is
checked without parsing unit.toml or loading the rules.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
from pathlib import Path
from typing import BinaryIO, NamedTuple

from .files import atomic_file, atomic_write
from .index_trust import INDEX_LIMIT, STREAM_LIMIT, mac, mac_of, open_regular, read_regular, valid_digest

__all__ = ["INDEX_NAME", "UNIT_NAME", "Head", "IndexFile", "IndexWriter", "projects_key", "read_unit_record",
           "write_unit_record"]

#: The names stay when the format changes: an index made by other code (another version) does not
#: carry its context (:func:`store.cache.context_of`), and is rebuilt.
INDEX_NAME = "index-v2.json"
UNIT_NAME = "unit-v2.json"

#: An index up to this size is read at once (10,000 projects without findings: about 4 MB); a bigger
#: one (findings on every line) line by line.
MEMORY_LIMIT = 32 * 1024 * 1024
#: The start of an entry's line as :class:`IndexWriter` writes it: id, digest, stamp.
_HEAD = re.compile(rb'"([A-Za-z0-9][A-Za-z0-9_-]{0,63})": \["([0-9a-f]{40})", '
                   rb'(?:null|\[(\d+), (-?\d+)(?:, (-?\d+), (\d+))?\])')
#: The same at the start of any line of a body, with the rest of the line.
_HEAD_LINE = re.compile(rb"^" + _HEAD.pattern + rb"[^\n]*", re.M)


class Head(NamedTuple):
    """What an entry's line says at a glance: the file's digest and stamp (see :mod:`store.index_trust`),
    and whether it has no findings."""

    digest: str
    stamp: tuple[int, int] | None
    settled: tuple[int, int] | None
    clean: bool = False


#: How an entry without findings ends (its last part, the findings, an empty list).
_CLEAN = (b", []],\n", b", []]\n")
_CLEAN_IN_BODY = (b", []],", b", []]")


def _head(match: re.Match, clean: bool) -> Head:
    settled = None if match[5] is None else (int(match[5]), int(match[6]))
    stamp = None if match[3] is None else (int(match[3]), int(match[4]))
    return Head(match[2].decode("ascii"), stamp, settled, clean)


class IndexFile:
    """A saved index, its keyed digest verified; :attr:`heads` by project id, entries on demand."""

    def __init__(self, handle: BinaryIO, heads: dict[str, Head], lines: dict[str, tuple] | None,
                 whole: dict | None = None, body: bytes | None = None) -> None:
        self._handle = handle
        self.heads = heads
        #: id → where its line is: (offset, digest of the line) in the file, or (start, end) in ``body``.
        self._lines = lines
        self._whole = whole  # the entries parsed at once, for a body not written one entry a line
        self._body = body  # a small index, read at once
    @classmethod
    def open(cls, folder: Path | None, context: str, key: bytes | None,
             limit: int = STREAM_LIMIT) -> "IndexFile | None":
        """The index in ``folder`` if this user's program made it for ``context``; None otherwise
        (missing, torn, edited, another version, another user's: rebuilt, never a failure).  ``limit``: the
        largest file taken; at most :data:`~store.index_trust.INDEX_LIMIT` of it is ever held at once."""
        if key is None or folder is None:
            return None
        try:
            handle = open_regular(folder / INDEX_NAME, limit)
        except (OSError, ValueError):
            return None
        try:
            index = cls._read(handle, context, key, limit)
        except Exception:  # undecodable, torn, grown past the limit, of another shape: not used
            index = None
        if index is None:
            handle.close()
        return index

    @classmethod
    def _read(cls, handle: BinaryIO, context: str, key: bytes, limit: int) -> "IndexFile | None":
        head = json.loads(handle.readline(4096))
        if not (isinstance(head, dict) and head.get("context") == context and isinstance(head.get("mac"), str)):
            return None
        if os.fstat(handle.fileno()).st_size <= MEMORY_LIMIT:
            body = handle.read(MEMORY_LIMIT + 1)  # it may have grown: then what was read fails the digest
            if len(body) > limit or not hmac.compare_digest(head["mac"], mac(key, context, body)):
                return None
            if not body.startswith(b"{\n"):
                return cls._whole_of(handle, body)
            heads, lines = {}, {}
            for match in _HEAD_LINE.finditer(body, 2):
                pid, end = match[1].decode("ascii"), match.end()
                heads[pid] = _head(match, body.endswith(_CLEAN_IN_BODY, 0, end))
                lines[pid] = (match.start(), end)
            return cls(handle, heads, lines, body=body)
        digest = mac_of(key, context)
        first = handle.readline(INDEX_LIMIT + 1)
        if first != b"{\n":  # not as we write it: read whole
            whole = min(limit, INDEX_LIMIT)
            body = first + handle.read(whole + 1)
            if len(body) > whole or not hmac.compare_digest(head["mac"], mac(key, context, body)):
                return None
            return cls._whole_of(handle, body)
        digest.update(first)
        offset, size = handle.tell(), 0
        heads, lines = {}, {}
        while line := handle.readline(INDEX_LIMIT + 1):
            size += len(line)
            if size > limit:
                return None
            digest.update(line)
            match = _HEAD.match(line)
            if match is not None:
                pid = match[1].decode("ascii")
                heads[pid] = _head(match, line.endswith(_CLEAN))
                lines[pid] = (offset, _line_digest(line))
            offset += len(line)
        if not hmac.compare_digest(head["mac"], digest.hexdigest()):
            return None
        return cls(handle, heads, lines)

    @classmethod
    def _whole_of(cls, handle: BinaryIO, body: bytes) -> "IndexFile | None":
        """A body written otherwise (by hand): parsed whole; its stamps are not trusted, only digests."""
        whole = json.loads(body)
        if not isinstance(whole, dict):
            return None
        heads = {pid: Head(entry[0], None, None) for pid, entry in whole.items()
                 if isinstance(entry, list) and entry and valid_digest(entry[0])}
        return cls(handle, heads, None, whole)

    def entry(self, pid: str, parse: bool = True) -> tuple[object, bytes | None]:
        """``pid``'s entry as JSON data (unless ``parse`` is false), and its bytes as written (to copy into
        the next index; None when read whole); (None, None) when there is none, or its line no longer is
        what the digest covered."""
        if self._lines is None:
            return (self._whole or {}).get(pid), None
        place = self._lines.get(pid)
        if place is None:
            return None, None
        if self._body is not None:
            raw = self._body[place[0] + len(pid) + 4:place[1]].rstrip(b",")
            return (json.loads(raw) if parse else None), raw
        self._handle.seek(place[0])
        line = self._handle.readline(INDEX_LIMIT + 1)
        if _line_digest(line) != place[1]:
            return None, None
        raw = line[len(pid) + 4:].rstrip(b",\n")  # after '"pid": '
        return (json.loads(raw) if parse else None), raw

    def close(self) -> None:
        self._handle.close()


def _line_digest(line: bytes) -> bytes:
    return hashlib.blake2b(line, digest_size=16).digest()


class IndexWriter:
    """A new index, entry by entry, in the order they are added; the header (and its keyed digest) last.
    Nothing replaces the old index unless :meth:`commit` is reached; a write that fails (a read-only or
    full disk) just leaves the old one."""

    def __init__(self, folder: Path, context: str, key: bytes) -> None:
        self.context, self._key = context, key
        self._mac = mac_of(key, context)
        self._target = folder / INDEX_NAME
        self._cm = atomic_file(self._target)
        self._handle: BinaryIO | None = self._cm.__enter__()
        self._first = True
        self._write_raw(b" " * len(self._header("0" * 64)))  # the header's place
        self._write(b"{\n")

    def _header(self, digest: str) -> bytes:
        return json.dumps({"context": self.context, "mac": digest}).encode("ascii") + b"\n"

    def _write_raw(self, data: bytes) -> None:
        if self._handle is not None:
            try:
                self._handle.write(data)
            except OSError:
                self.abort()

    def _write(self, data: bytes) -> None:
        self._mac.update(data)
        self._write_raw(data)

    def add(self, pid: str, entry: bytes) -> None:
        """One entry: its JSON bytes (``Summary.to_json`` dumped, or a line of the last index)."""
        self._write((b"" if self._first else b",\n") + b'"' + pid.encode("ascii") + b'": ' + entry)
        self._first = False

    def commit(self) -> bool:
        """Replace the old index with this one; False when it could not be written."""
        self._write(b"\n}")
        if self._handle is None:
            return False
        try:
            self._handle.seek(0)
            self._handle.write(self._header(self._mac.hexdigest()))
            self._handle = None
            self._cm.__exit__(None, None, None)
        except OSError:
            return False
        return True

    def abort(self) -> None:
        """Leave the old index as it is (the temporary file is removed)."""
        if self._handle is not None:
            self._handle = None
            try:
                self._cm.__exit__(_Abandoned, _Abandoned(), None)
            except (_Abandoned, OSError):
                pass


class _Abandoned(Exception):
    """Thrown into the temporary file's writer: remove it, replace nothing."""


# -- unit.toml's findings --------------------------------------------------------------


def projects_key(pairs: list[tuple[str, str]]) -> str:
    """Names one set of project files: their ids and content digests, in order."""
    digest = hashlib.blake2b(digest_size=20)
    for pid, file_digest in pairs:
        digest.update(f"{pid}\0{file_digest}\n".encode("ascii"))
    return digest.hexdigest()


def read_unit_record(folder: Path | None, context: str, key: bytes | None, projects: str) -> list | None:
    """The unit's findings (as index rows) saved for this context and these project files; None otherwise."""
    if key is None or folder is None:
        return None
    try:
        header, _, body = read_regular(folder / UNIT_NAME, INDEX_LIMIT).partition(b"\n")
        head = json.loads(header)
        if not (isinstance(head, dict) and head.get("context") == context and isinstance(head.get("mac"), str)
                and hmac.compare_digest(head["mac"], mac(key, context, body))):
            return None
        saved = json.loads(body)
    except Exception:  # missing, torn, edited: the unit is checked again
        return None
    if isinstance(saved, list) and len(saved) == 2 and saved[0] == projects and isinstance(saved[1], list):
        return saved[1]
    return None


def write_unit_record(folder: Path, context: str, key: bytes, projects: str, rows: list) -> None:
    body = json.dumps([projects, rows], ensure_ascii=False).encode("utf-8")
    head = json.dumps({"context": context, "mac": mac(key, context, body)}).encode("ascii")
    try:
        atomic_write(folder / UNIT_NAME, head + b"\n" + body)
    except OSError:
        pass  # checked all the same, just not faster next time
