"""The store's index: what each project file says for the list and the checks.

For every project file the index keeps a :class:`Summary`: the file's content
digest and stamp, its 项目名称, 年度资金申请总额, order and indicator names,
and the findings checking it gave.  That is all the unit screen's list, the
unit rules and indicator completion need, so a store of 10,000 projects opens
without parsing 10,000 files, and a second ``jixiao check`` of an unchanged
store reads no project file at all.

Trust, always for the unit.toml and rule code the index was made with
(:func:`context_of`):

* ``jixiao check`` uses an entry without reading its file when the file's
  settled stamp (size, modification and change time, inode) is unchanged; an
  entry whose stamp changed or is not settled is used when the file's bytes
  hash to its digest (:mod:`store.index_trust`); anything else is read,
  checked and entered again (:mod:`store.checking`).
* The app shows an entry at once when the file's size and modification time
  are unchanged (a provisional row), then confirms every row by digest in
  the background and corrects any that differ (:func:`survey`).

The index lives in ``<store>/.jixiao/cache/`` and is safe to delete: a
missing, stale or unreadable index is simply rebuilt.  It is JSON, never
pickle: a store may come from someone else, and reading it must not run code;
it is read and written entry by entry (:mod:`store.index_file`).

The index is untrusted too (a store is handed over with its ``.jixiao``, or
edited by hand): it is used only when its keyed digest proves this user's
program made it, and each entry is checked for shape and range
(:mod:`store.index_trust`).  A ``.jixiao`` or ``cache`` that is a symlink is
not followed (:meth:`Store.work_dir`).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from . import model as m
from .files import UNIT_FILE, WORK_DIR
from .findings import Finding, sort_key
from .index_file import INDEX_NAME, IndexFile, IndexWriter
from .index_trust import INDEX_LIMIT, amount, finding, index_key, lines_at_most, stamp_of, stamped, valid_digest
from .reading import read_file
from .toml_store import LoadedProject, Store, StoreError, valid_project_id

__all__ = ["Summary", "Index", "INDEX_NAME", "survey", "summarize", "summarize_many", "confirm", "dump",
           "unit_findings_of", "code_digest", "context_of", "file_digest", "output_order", "rows_of"]


def code_digest(root: Path = Path(__file__).parent) -> str:
    """Changes whenever the code findings come from changes: every ``.py`` file under ``root``
    (the ``store`` package: the rules and their registry, reading, the model, normalizing, locating,
    this index).  Read from the files, without importing the rules."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found += [os.path.join(folder, name) for name in files if name.endswith(".py")]
    if not found:  # installed without its sources: no way to tell a rule changed, so never reuse an index
        return os.urandom(16).hex()
    digest = hashlib.blake2b(b"jixiao-rules-v3", digest_size=16)
    for path in sorted(found, key=lambda p: Path(p).relative_to(root).as_posix()):
        digest.update(Path(path).relative_to(root).as_posix().encode("utf-8") + b"\0")
        with open(path, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()


_ruleset: list[str] = []


def _rules_digest() -> str:
    if not _ruleset:
        _ruleset.append(code_digest())
    return _ruleset[0]


def file_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


_digest = file_digest


def context_of(unit_text: str | None) -> str:
    """What every entry of an index depends on besides its file: the rule code and unit.toml's text."""
    return _rules_digest() + _digest((unit_text or "").encode("utf-8"))


@dataclass(frozen=True)
class Summary:
    """What one project file says, as far as the list and the unit rules care."""

    digest: str
    #: (size, modification time in ns) when it was read, as the app's list compares it.
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
    #: (change time in ns, inode) when the stamp was settled: with it, ``check`` trusts the entry
    #: without reading the file (:mod:`store.index_trust`).
    settled: tuple[int, int] | None = None
    errors: int = field(init=False, compare=False)
    warnings: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        errors = sum(1 for f in self.found if f.is_error)
        object.__setattr__(self, "errors", errors)
        object.__setattr__(self, "warnings", len(self.found) - errors)

    def findings(self, file: str) -> list[Finding]:
        return [Finding(f.rule, f.severity, f.message, file, f.project, f.path, f.field, f.line, f.column)
                for f in self.found]

    def to_json(self) -> list:
        rows = rows_of(self.found)
        stamp = None if self.stamp is None else [*self.stamp, *(self.settled or ())]
        return [self.digest, stamp, self.name, None if self.annual is None else str(self.annual), self.order,
                self.loaded, "\n".join(self.names), rows]

    @classmethod
    def from_json(cls, data: object, pid: str, file: str = "") -> "Summary":
        """An entry read back (its findings' file: ``file``); ValueError unless every part has its type
        and range."""
        if not (isinstance(data, list) and len(data) == 8):
            raise ValueError("bad entry")
        digest, stamp, name, annual, order, loaded, names, rows = data
        if not (valid_digest(digest) and isinstance(name, str)
                and type(loaded) is bool and (order is None or type(order) is int) and isinstance(names, str)
                and isinstance(rows, list)):
            raise ValueError("bad entry")
        settled = None
        if stamp is not None:
            if not (isinstance(stamp, list) and len(stamp) in (2, 4) and all(type(n) is int for n in stamp)
                    and stamp[0] >= 0 and stamp[-1] >= 0):
                raise ValueError("bad stamp")
            stamp, settled = (stamp[0], stamp[1]), ((stamp[2], stamp[3]) if len(stamp) == 4 else None)
        return cls(digest, stamp, name, amount(annual), order, loaded,
                   tuple(names.split("\n")) if names else (), tuple(finding(row, pid, file) for row in rows),
                   settled)

    @property
    def last_line(self) -> int:
        return max((f.line or 0 for f in self.found), default=0)

    def fits(self, raw: bytes) -> bool:
        """No finding beyond the last line of ``raw``: else the entry was not made for these bytes."""
        last = self.last_line
        return not (last > raw.count(b"\n") + 1 and last > lines_at_most(raw))

    def restamped(self, stamp: tuple) -> "Summary":
        """The same summary for the same bytes, stat'ed again (:func:`store.index_trust.stamp_of`)."""
        stamp, settled = stamp if stamp is not None else (None, None)
        return self if (stamp, settled) == (self.stamp, self.settled) else replace(self, stamp=stamp,
                                                                                  settled=settled)


def rows_of(findings: Iterable[Finding]) -> list[list]:
    """Findings as the index keeps them (:data:`store.index_trust.FIELDS`; the file is attached on use)."""
    return [[f.rule, f.severity.value, f.message, f.project, f.path, f.field, f.line, f.column] for f in findings]


def summarize_loaded(lp: LoadedProject, unit: m.Unit, digest: str, stamp: tuple | None) -> Summary:
    """Check one loaded project and sum it up (``stamp``: :func:`store.index_trust.stamp_of` before reading)."""
    from .rules import check_project, locate

    found = locate(list(lp.findings), lp.text) if lp.findings else []
    project = lp.project
    if project is not None:
        found += check_project(project, unit, "", lp.text)
    found = tuple(sorted((replace(f, file="") for f in found), key=sort_key)) if found else ()
    size_time, settled = stamp if stamp is not None else (None, None)
    if project is None:
        return Summary(digest, size_time, "", None, None, False, (), found, settled)
    # (a printable name has no line boundary: splitlines would give it back whole)
    names = tuple(dict.fromkeys(ind.name if ind.name.isprintable() else " ".join(ind.name.splitlines())
                                for ind in project.indicators if ind.name))
    return Summary(digest, size_time, project.header.name, project.funding.annual, project.order, True, names,
                   found, settled)


def summarize(store: Store, unit: m.Unit, pid: str, defer: bool = False) -> tuple[Summary, LoadedProject]:
    """Read, load and check one project file (raises StoreError when it is gone).  ``defer``: only the
    summary is wanted, the project's quiet cost lines need not be built (:meth:`Store.load_project`)."""
    path = store.project_path(pid)
    stamp, st = stamped(path)  # before reading: a change while reading makes the stamp stale, never fresh
    try:
        raw = read_file(path, st)  # never a FIFO, a device or a file beyond the size limit
    except FileNotFoundError:
        raise StoreError(f"没有编号为 {pid} 的项目（{path}）") from None
    except OSError:
        raw = None
    lp = store.load_project(pid, raw=raw, path=path, defer=defer)
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
    if _digest(raw) != entry.digest or not entry.fits(raw):
        return None
    return entry.restamped(stamp)


# -- several processes -------------------------------------------------------------


def _worker(root: str, unit: m.Unit) -> tuple[Store, m.Unit]:
    return Store(root), unit


def _summarize_chunk(state: tuple[Store, m.Unit], pids: list[str]) -> list[tuple[str, Summary | None]]:
    store, unit = state
    out: list[tuple[str, Summary | None]] = []
    for pid in pids:
        try:
            out.append((pid, summarize(store, unit, pid, defer=True)[0]))
        except StoreError:  # deleted meanwhile
            out.append((pid, None))
    return out


def summarize_many(store: Store, unit: m.Unit, pids: list[str],
                   jobs: int | None = None) -> Iterator[list[tuple[str, Summary | None]]]:
    """Summaries of many files, in batches in ``pids`` order; None for a file deleted meanwhile.
    Many files are spread over worker processes (:mod:`store.parallel`)."""
    from .parallel import map_chunks

    return map_chunks(_summarize_chunk, pids, factory=_worker, args=(str(store.root), unit), jobs=jobs)


# -- the index, whole (the app) --------------------------------------------------------


def output_order(pids: Iterable[str]) -> list[str]:
    """Project ids in the order of their files' paths: the order ``check`` prints them and the index keeps."""
    return sorted(pids, key=lambda pid: pid + ".toml")


class Index:
    """The entries saved by the last run, for one unit.toml and rule set."""

    def __init__(self, store: Store, unit_text: str | None, entries: dict[str, Summary] | None = None) -> None:
        self.store = store
        self.context = context_of(unit_text)
        self.entries: dict[str, Summary] = entries or {}

    @property
    def path(self) -> Path:
        return self.store.root / WORK_DIR / "cache" / INDEX_NAME

    @classmethod
    def read(cls, store: Store, unit_text: str | None) -> "Index":
        """The saved entries, if this user's program made them for this unit.toml and rule set
        (its keyed digest says so); an entry out of shape or range is dropped, the rest kept."""
        index = cls(store, unit_text)
        saved = IndexFile.open(store.work_dir("cache", create=False), index.context, index_key(), INDEX_LIMIT)
        if saved is None:
            return index
        try:
            for pid in saved.heads:
                try:
                    if valid_project_id(pid):
                        index.entries[pid] = Summary.from_json(saved.entry(pid)[0], pid)
                except (ValueError, TypeError, ArithmeticError):
                    continue  # this entry only: its file is read again
        except Exception:  # torn meanwhile: what was read is kept, the rest read again
            pass
        finally:
            saved.close()
        return index

    def get(self, pid: str) -> Summary | None:
        return self.entries.get(pid)

    def write(self, entries: dict[str, Summary]) -> None:
        """Save these entries (if they differ from what was read); a read-only store is left alone."""
        key = index_key()
        if entries == self.entries or key is None:
            return
        try:
            writer = IndexWriter(self.store.work_dir("cache"), self.context, key)  # refuses a symlink (OSError)
        except OSError:
            return  # checked all the same, just not faster next time
        for pid in output_order(entries):
            writer.add(pid, dump(entries[pid]))
        if writer.commit():
            self.entries = dict(entries)


def dump(summary: Summary) -> bytes:
    """An entry's bytes in the index."""
    return _encode(summary.to_json()).encode("utf-8")


#: ``json.dumps(value, ensure_ascii=False)``, with the encoder json.dumps would make for each call made once.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def survey(store: Store, unit: m.Unit, pids: list[str], index: Index | None = None,
           jobs: int | None = None) -> Iterator[list[tuple[str, Summary | None]]]:
    """The app's "confirm the index or re-read" loop: these projects' summaries, in batches.

    An entry of ``index`` is taken when the file still hashes to its digest
    (those batches come first); every other file is read and checked, on
    several processes when there are many.  ``None`` for a file deleted
    meanwhile.  Changes nothing: safe in a worker thread.  (``jixiao check``
    streams instead, trusting settled stamps: :mod:`store.checking`.)
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
                     summaries: Iterable) -> list[Finding]:
    """unit.toml's loading findings and the unit rules over these projects' summaries, located."""
    from .rules import check_unit_amounts, locate

    annuals = [s.annual for s in summaries if s.loaded]
    return (locate(list(load_findings), unit_text)
            + check_unit_amounts(unit, annuals, str(store.root / UNIT_FILE), unit_text))
