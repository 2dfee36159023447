"""The store's index: what each project file says for the list and the checks.

For every project file the index keeps a :class:`Summary`: the file's content
digest and stamp (size, modification time), its 项目名称, 年度资金申请总额,
order and indicator names, and the findings checking it gave.  That is all
the unit screen's list, the unit rules and indicator completion need, so a
store of 10,000 projects opens without parsing 10,000 files, and a second
``jixiao check`` of an unchanged store reads no TOML at all.

Trust, in two steps:

* ``jixiao check`` uses an entry only when the file's bytes hash to the same
  digest *and* unit.toml and the rule code are the ones it was made with;
  anything else is read, checked and entered again.
* The app shows an entry at once when the file's stamp is unchanged (a
  provisional row, as git's index does), then confirms every row by digest in
  the background and corrects any that differ.

The index lives in ``<store>/.jixiao/cache/`` and is safe to delete: a
missing, stale or unreadable index is simply rebuilt.  It is JSON, never
pickle: a store may come from someone else, and reading it must not run code.

The index is untrusted too (a store is handed over with its ``.jixiao``, or
edited by hand): it is used only when its keyed digest proves this user's
program made it, and each entry is checked for shape and range
(:mod:`store.index_trust`).  A ``.jixiao`` or ``cache`` that is a symlink is
not followed (:meth:`Store.work_dir`).

One loop serves ``jixiao check``, ``jixiao check --no-cache`` and the app:
:func:`survey` confirms what an index vouches for and summarizes the rest,
using several processes for many files (:func:`summarize_many`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from . import model as m
from .files import UNIT_FILE, WORK_DIR, atomic_write
from .findings import Finding, sort_key
from .index_trust import (FIELDS, INDEX_LIMIT, amount, finding, index_key, lines_at_most, mac, read_regular,
                          valid_digest)
from .parallel import map_chunks
from .reading import read_file
from .rules import RULES, check_project, check_unit_amounts, locate
from .toml_store import LoadedProject, Store, StoreError, valid_project_id

__all__ = ["Summary", "Index", "INDEX_NAME", "survey", "summarize", "summarize_many",
           "stamp_of", "unit_findings_of", "code_digest"]

INDEX_NAME = "index-v2.json"


def code_digest(root: Path = Path(__file__).parent) -> str:
    """Changes whenever the code findings come from changes: every ``.py`` file under ``root``
    (the ``store`` package: the rules, reading, the model, normalizing, locating, this index)."""
    digest = hashlib.blake2b(repr(sorted((r.id, r.severity.value) for r in RULES.values())).encode(),
                             digest_size=16)
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


_RULESET = code_digest()



def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def stamp_of(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of a file, or None when it cannot be stat'ed."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@dataclass(frozen=True)
class Summary:
    """What one project file says, as far as the list and the unit rules care."""

    digest: str
    stamp: tuple[int, int] | None
    name: str
    annual: Decimal | None
    order: int | None
    #: The file parsed into a project (False: unreadable, undecodable or not TOML).
    loaded: bool
    #: Indicator names (三级指标), for completion in the indicator editor.
    names: tuple[str, ...]
    #: Loader and rule findings, located, with ``file=""`` (attached on use).
    found: tuple[Finding, ...]
    errors: int = field(init=False, compare=False)
    warnings: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        errors = sum(1 for f in self.found if f.is_error)
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "warnings", len(self.found) - errors)

    def findings(self, file: str) -> list[Finding]:
        return [replace(f, file=file) for f in self.found]

    def to_json(self) -> list:
        rows = [[f.rule, f.severity.value, *(getattr(f, name) for name in FIELDS[2:])] for f in self.found]
        return [self.digest, list(self.stamp) if self.stamp else None, self.name,
                None if self.annual is None else str(self.annual), self.order, self.loaded,
                "\n".join(self.names), rows]

    @classmethod
    def from_json(cls, data: list, pid: str) -> "Summary":
        """An entry read back; ValueError unless every part has its type and range."""
        if not (isinstance(data, list) and len(data) == 8):
            raise ValueError("bad entry")
        digest, stamp, name, annual, order, loaded, names, rows = data
        if not (valid_digest(digest) and isinstance(name, str)
                and type(loaded) is bool and (order is None or type(order) is int) and isinstance(names, str)
                and isinstance(rows, list)):
            raise ValueError("bad entry")
        if stamp is not None:
            if not (isinstance(stamp, list) and len(stamp) == 2 and all(type(n) is int for n in stamp)
                    and stamp[0] >= 0):
                raise ValueError("bad stamp")
            stamp = (stamp[0], stamp[1])
        return cls(digest, stamp, name, amount(annual), order, loaded,
                   tuple(names.split("\n")) if names else (), tuple(finding(row, pid) for row in rows))

    @property
    def last_line(self) -> int:
        return max((f.line or 0 for f in self.found), default=0)


def summarize_loaded(lp: LoadedProject, unit: m.Unit, digest: str, stamp: tuple[int, int] | None) -> Summary:
    """Check one loaded project and sum it up."""
    found = locate(list(lp.findings), lp.text)
    project = lp.project
    if project is not None:
        found += check_project(project, unit, "", lp.text)
    found = tuple(sorted((replace(f, file="") for f in found), key=sort_key))
    if project is None:
        return Summary(digest, stamp, "", None, None, False, (), found)
    names = tuple(dict.fromkeys(" ".join(ind.name.splitlines()) for ind in project.indicators if ind.name))
    return Summary(digest, stamp, project.header.name, project.funding.annual, project.order, True, names, found)


def summarize(store: Store, unit: m.Unit, pid: str) -> tuple[Summary, LoadedProject]:
    """Read, load and check one project file (raises StoreError when it is gone)."""
    path = store.project_path(pid)
    stamp = stamp_of(path)  # before reading: a change while reading makes the stamp stale, never fresh
    try:
        raw = read_file(path)  # never a FIFO, a device or a file beyond the size limit
    except FileNotFoundError:
        raise StoreError(f"没有编号为 {pid} 的项目（{path}）") from None
    except OSError:
        raw = None
    lp = store.load_project(pid, raw=raw)
    return summarize_loaded(lp, unit, _digest(raw or b""), stamp), lp


def confirm(store: Store, pid: str, entry: Summary | None) -> Summary | None:
    """``entry`` with a fresh stamp if the file still hashes to its digest, else None."""
    if entry is None:
        return None
    path = store.project_path(pid)
    stamp = stamp_of(path)
    try:
        raw = read_file(path)
    except OSError:
        return None
    if _digest(raw) != entry.digest:
        return None
    last = entry.last_line  # a finding beyond the file's last line: not made for these bytes
    if last > raw.count(b"\n") + 1 and last > lines_at_most(raw):
        return None
    return entry if entry.stamp == stamp else replace(entry, stamp=stamp)


# -- several processes -------------------------------------------------------------


def _worker(root: str, unit: m.Unit) -> tuple[Store, m.Unit]:
    return Store(root), unit


def _summarize_chunk(state: tuple[Store, m.Unit], pids: list[str]) -> list[tuple[str, Summary | None]]:
    store, unit = state
    out: list[tuple[str, Summary | None]] = []
    for pid in pids:
        try:
            out.append((pid, summarize(store, unit, pid)[0]))
        except StoreError:  # deleted meanwhile
            out.append((pid, None))
    return out


def summarize_many(store: Store, unit: m.Unit, pids: list[str],
                   jobs: int | None = None) -> Iterator[list[tuple[str, Summary | None]]]:
    """Summaries of many files, in batches in ``pids`` order; None for a file deleted meanwhile.
    Many files are spread over worker processes (:mod:`store.parallel`)."""
    return map_chunks(_summarize_chunk, pids, factory=_worker, args=(str(store.root), unit), jobs=jobs)


# -- the index file ------------------------------------------------------------------


def _context(unit_text: str | None) -> str:
    return _RULESET + _digest((unit_text or "").encode("utf-8"))


class Index:
    """The entries saved by the last run, for one unit.toml and rule set."""

    def __init__(self, store: Store, unit_text: str | None, entries: dict[str, Summary] | None = None) -> None:
        self.store = store
        self.context = _context(unit_text)
        self.entries: dict[str, Summary] = entries or {}

    @property
    def path(self) -> Path:
        return self.store.root / WORK_DIR / "cache" / INDEX_NAME

    @classmethod
    def read(cls, store: Store, unit_text: str | None) -> "Index":
        """The saved entries, if this user's program made them for this unit.toml and rule set
        (its keyed digest says so); an entry out of shape or range is dropped, the rest kept."""
        index = cls(store, unit_text)
        key = index_key()
        folder = store.work_dir("cache", create=False)  # None: missing, or a symlink out of the store
        if key is None or folder is None:
            return index
        try:
            header, _, body = read_regular(folder / INDEX_NAME, INDEX_LIMIT).partition(b"\n")
            head = json.loads(header)
            if not (isinstance(head, dict) and head.get("context") == index.context
                    and isinstance(head.get("mac"), str)
                    and hmac.compare_digest(head["mac"], mac(key, index.context, body))):
                return index
            saved = json.loads(body)
        except Exception:  # missing, torn, from another version or another user, edited by hand: rebuild
            return index
        if isinstance(saved, dict):
            for pid, entry in saved.items():
                try:
                    if valid_project_id(pid):
                        index.entries[pid] = Summary.from_json(entry, pid)
                except (ValueError, TypeError, ArithmeticError):
                    continue  # this entry only: its file is read again
        return index

    def get(self, pid: str) -> Summary | None:
        return self.entries.get(pid)

    def write(self, entries: dict[str, Summary]) -> None:
        """Save these entries (if they differ from what was read); a read-only store is left alone."""
        key = index_key()
        if entries == self.entries or key is None:
            return
        body = json.dumps({pid: s.to_json() for pid, s in sorted(entries.items())},
                          ensure_ascii=False).encode("utf-8")
        head = json.dumps({"context": self.context, "mac": mac(key, self.context, body)}).encode("ascii")
        try:
            self.store.work_dir("cache")  # refuses a .jixiao or cache that is a symlink (an OSError)
            atomic_write(self.path, head + b"\n" + body)
        except OSError:
            return  # checked all the same, just not faster next time
        self.entries = dict(entries)


def survey(store: Store, unit: m.Unit, pids: list[str], index: Index | None = None,
           jobs: int | None = None) -> Iterator[list[tuple[str, Summary | None]]]:
    """The one "confirm the index or re-read" loop: these projects' summaries, in batches.

    An entry of ``index`` is taken when the file still hashes to its digest
    (those batches come first); every other file is read and checked, on
    several processes when there are many.  ``None`` for a file deleted
    meanwhile.  Changes nothing: safe in a worker thread.
    """
    stale: list[str] = []
    batch: list[tuple[str, Summary | None]] = []
    for pid in pids:
        entry = confirm(store, pid, index.get(pid)) if index is not None else None
        if entry is None:
            stale.append(pid)
        else:
            batch.append((pid, entry))
        if len(batch) >= 256:
            yield batch
            batch = []
    if batch:
        yield batch
    yield from summarize_many(store, unit, stale, jobs)


def unit_findings_of(store: Store, unit: m.Unit, unit_text: str | None, load_findings: Iterable[Finding],
                     summaries: Iterable[Summary]) -> list[Finding]:
    """unit.toml's loading findings and the unit rules over these projects' summaries, located."""
    annuals = [s.annual for s in summaries if s.loaded]
    return (locate(list(load_findings), unit_text)
            + check_unit_amounts(unit, annuals, str(store.root / UNIT_FILE), unit_text))


