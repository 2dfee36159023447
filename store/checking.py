"""``jixiao check``: the store's findings in order, as its files are read.

This is the one way a whole store is checked (``check``, ``check --no-cache``).
A store of 10,000 projects with a finding on every cost line has a million
findings (over a gigabyte as objects); :class:`StoreCheck` yields them in order
(:func:`store.findings.sort_key`) while holding one batch of projects, with the
index as without: files are taken in the order their findings are printed,
and of each only its 年度资金申请总额 is kept for the unit rules, which come
last (``unit.toml`` sorts after ``projects/``).

With the index (:mod:`store.index_file`), an unchanged store is checked from
a listing of ``projects/`` with each file's stamp and one read of the index:

1. each file whose settled stamp equals its entry's is taken from the index
   without being read; one whose stamp changed or is not settled yet is read
   and taken if it still hashes to the entry's digest (and the entry's stamp
   refreshed); every other file is read and checked, on several processes
   when there are many;
2. the findings are printed entry by entry, and a new index is written the
   same way (the old one's lines copied) when anything differs;
3. unit.toml's findings come from ``unit-v2.json`` when the project files are
   the same ones (by digest) they were made for; otherwise unit.toml is parsed
   and the unit rules run.

So an unchanged store costs the listing, one read of the index and little
else: no project file, no rule module, no unit.toml parse.
"""

from __future__ import annotations

import heapq
import os
from typing import Iterator

from . import model as m
from .cache import (Summary, context_of, dump, file_digest, output_order, rows_of, summarize, summarize_many,
                    unit_findings_of)
from .findings import Finding, sort_key
from .index_file import IndexFile, IndexWriter, projects_key, read_unit_record, write_unit_record
from .index_trust import finding, index_key, stamp_of
from .reading import decode_text, read_file, read_unit
from .toml_store import Store, StoreError, valid_project_id

__all__ = ["StoreCheck"]


class _Annual:
    """What the unit rules read of a summary."""

    __slots__ = ("annual", "loaded")

    def __init__(self, summary: Summary | None) -> None:
        self.annual, self.loaded = (None, False) if summary is None else (summary.annual, summary.loaded)


class StoreCheck:
    """Iterate for the findings; :attr:`projects`, :attr:`errors` and :attr:`warnings` are
    complete once the iteration ends.  ``project``: only that project's findings (and
    the unit's rules over all of them are left out, as ``--project`` did)."""

    def __init__(self, store: Store, jobs: int | None = None, use_index: bool = True,
                 project: str | None = None) -> None:
        self.store, self.jobs, self.use_index, self.project = store, jobs, use_index, project
        self.projects = self.errors = self.warnings = 0

    def __iter__(self) -> Iterator[Finding]:
        for finding_ in self._indexed() if self.use_index else self._all():
            if self.project is not None and finding_.project != self.project:
                continue
            if finding_.is_error:
                self.errors += 1
            else:
                self.warnings += 1
            yield finding_

    def _all(self) -> Iterator[Finding]:
        """``--no-cache``: every file read and checked, no index read or written."""
        store = self.store
        unit, unit_text, load_findings = store.load_unit()
        unit_file = str(store.unit_path)
        # Findings on other files than unit.toml (the listing of projects/) merge into the stream;
        # unit.toml's own wait for the unit rules, at the end.
        early = sorted((f for f in load_findings if f.file != unit_file), key=sort_key)
        late = [f for f in load_findings if f.file == unit_file]
        pids = output_order(store.project_ids())
        kept: list[_Annual] = []
        yield from heapq.merge(early, self._read_all(unit, pids, kept), key=sort_key)
        yield from sorted(unit_findings_of(store, unit, unit_text, late, kept), key=sort_key)

    def _read_all(self, unit: m.Unit, pids: list[str], kept: list) -> Iterator[Finding]:
        base = str(self.store.projects_dir) + os.sep
        for batch in summarize_many(self.store, unit, pids, self.jobs):
            for pid, summary in batch:
                if summary is not None:
                    self.projects += 1
                    kept.append(_Annual(summary))
                    yield from summary.findings(base + pid + ".toml")

    # -- with the index -------------------------------------------------------------------

    def _indexed(self) -> Iterator[Finding]:
        store = self.store
        unit_file = str(store.unit_path)
        try:
            raw_unit: bytes | None = read_file(store.unit_path)
        except OSError:
            raw_unit = None  # its finding comes from load_unit, below
        unit_text = None if raw_unit is None else decode_text(raw_unit, unit_file)[0]
        run = _Run(self, raw_unit, context_of(unit_text))
        try:
            early = sorted(store.listing_findings(), key=sort_key)
            yield from heapq.merge(early, run.projects(), key=sort_key)
            yield from sorted(run.unit_findings(), key=sort_key)
        finally:
            run.close()


class _Run:
    """One ``check`` with the index: what the index vouches for, what is read again, the new index."""

    def __init__(self, check: StoreCheck, raw_unit: bytes | None, context: str) -> None:
        self.check, self.store, self.raw_unit, self.context = check, check.store, raw_unit, context
        self.key = index_key()
        self.folder = self.store.work_dir("cache", create=False)  # None: missing, or a symlink out of the store
        self.saved = IndexFile.open(self.folder, context, self.key)
        self.writer: IndexWriter | None = None
        self._unit: tuple[m.Unit, str | None, list[Finding]] | None = None
        self.annuals: list[_Annual] = []
        self.files: list[tuple[str, str]] = []  # (id, digest) of every project read: the unit record's key

    def close(self) -> None:
        if self.writer is not None:
            self.writer.abort()  # stopped early (`check | head`): the old index stays
        if self.saved is not None:
            self.saved.close()

    def unit(self) -> tuple[m.Unit, str | None, list[Finding]]:
        """unit.toml parsed (from the bytes the index's context was made from), with its own findings."""
        if self._unit is None:
            if self.raw_unit is not None:
                self._unit = read_unit(self.raw_unit, str(self.store.unit_path))
            else:
                unit, text, found = self.store.load_unit()
                self._unit = unit, text, [f for f in found if f.file == str(self.store.unit_path)]
        return self._unit

    def _listing(self) -> dict[str, os.stat_result | None]:
        """Every project id with its file's stat (as :meth:`Store.project_stamps` lists them)."""
        found: dict[str, os.stat_result | None] = {}
        try:
            entries = os.scandir(self.store.projects_dir)
        except OSError:  # missing, not a folder, unreadable: listing_findings() says which
            return found
        with entries:
            for entry in entries:
                pid = entry.name[:-5]
                if entry.name.endswith(".toml") and valid_project_id(pid):
                    try:
                        found[pid] = entry.stat()
                    except OSError:
                        found[pid] = None
        return found

    def _sort(self, pids: list[str], stats: dict[str, os.stat_result | None]) -> tuple[set, dict, list]:
        """(ids the index vouches for by stamp, ids confirmed by digest with their new stamps, the rest)."""
        heads = self.saved.heads if self.saved is not None else {}
        trusted: set[str] = set()
        restamped: dict[str, tuple] = {}
        stale: list[str] = []
        for pid in pids:
            head, st = heads.get(pid), stats[pid]
            if head is None:
                stale.append(pid)
            elif (st is not None and head.settled is not None and head.settled == (st.st_ctime_ns, st.st_ino)
                  and head.stamp == (st.st_size, st.st_mtime_ns)):
                trusted.add(pid)
            else:
                stamp = self._confirm(pid, head.digest)
                if stamp is None:
                    stale.append(pid)
                else:
                    restamped[pid] = stamp
        return trusted, restamped, stale

    def _confirm(self, pid: str, digest: str) -> tuple | None:
        """The file's new stamp if its bytes still hash to ``digest`` and the entry fits them; else None."""
        path = self.store.project_path(pid)
        stamp = stamp_of(path)  # before reading: a change while reading makes the stamp stale, never fresh
        try:
            raw = read_file(path)
        except OSError:
            return None
        if file_digest(raw) != digest:
            return None
        try:
            if not Summary.from_json(self.saved.entry(pid)[0], pid).fits(raw):
                return None
        except (ValueError, TypeError, ArithmeticError):
            return None
        return stamp

    def projects(self) -> Iterator[Finding]:
        store = self.store
        stats = self._listing()
        pids = output_order(stats)
        trusted, restamped, stale = self._sort(pids, stats)
        if self.key is not None and (self.saved is None or stale or restamped or list(self.saved.heads) != pids):
            try:
                self.writer = IndexWriter(store.work_dir("cache"), self.context, self.key)
            except OSError:
                self.writer = None  # a read-only store, or a .jixiao that is a symlink: checked all the same
        fresh = self._fresh(stale)
        stale_ids = set(stale)
        base = str(store.projects_dir) + os.sep
        heads = self.saved.heads if self.saved is not None else {}
        for pid in pids:
            file = base + pid + ".toml"
            if pid in trusted and heads[pid].clean:  # nothing to print: not even parsed
                raw = None if self.writer is None else self.saved.entry(pid, parse=False)[1]
                if self.writer is None or raw is not None:
                    self._keep(pid, heads[pid].digest, pid, raw)
                    continue
            summary, raw = (None, None) if pid in stale_ids else self._from_index(pid, file)
            if summary is not None:
                found = summary.found
                if pid in restamped:
                    summary, raw = summary.restamped(restamped[pid]), None
            else:  # read again: stale, or its entry out of shape after all
                got, summary = next(fresh) if pid in stale_ids else self._read(pid)
                if got != pid:  # cannot happen: the batches come in order
                    raise RuntimeError(f"index order: {got} for {pid}")
                if summary is None:
                    continue  # deleted meanwhile
                found = summary.findings(file)
            self._keep(pid, summary.digest, _Annual(summary), raw if raw is not None else dump(summary))
            yield from found
        if self.writer is not None:
            self.writer.commit()
            self.writer = None

    def _keep(self, pid: str, digest: str, annual: _Annual | str, entry: bytes | None) -> None:
        """Count one project, keep what the unit rules need of it (or its id, to read when they do)."""
        self.check.projects += 1
        self.annuals.append(annual)
        self.files.append((pid, digest))
        if self.writer is not None:
            self.writer.add(pid, entry)

    def _from_index(self, pid: str, file: str) -> tuple[Summary | None, bytes | None]:
        try:
            data, raw = self.saved.entry(pid)
            return Summary.from_json(data, pid, file), raw
        except (ValueError, TypeError, ArithmeticError):
            return None, None  # out of shape after all: read the file again

    def _read(self, pid: str) -> tuple[str, Summary | None]:
        try:
            return pid, summarize(self.store, self.unit()[0], pid, defer=True)[0]
        except StoreError:
            return pid, None

    def _fresh(self, stale: list[str]) -> Iterator[tuple[str, Summary | None]]:
        """The summaries of the files read again, in order, as workers give them."""
        if stale:
            for batch in summarize_many(self.store, self.unit()[0], stale, self.check.jobs):
                yield from batch

    def _annual(self, kept: _Annual | str) -> _Annual | Summary:
        """A project's 年度资金申请总额: kept, or (for an entry that was not parsed) read from the index now."""
        if not isinstance(kept, str):
            return kept
        summary, _ = self._from_index(kept, "")
        if summary is None:
            summary = self._read(kept)[1]
        return _Annual(summary)  # None: gone meanwhile, counted as not loaded

    def unit_findings(self) -> list[Finding]:
        """unit.toml's own findings and the unit rules over every project: saved, or made and saved."""
        unit_file = str(self.store.unit_path)
        files = projects_key(self.files)
        rows = read_unit_record(self.folder, self.context, self.key, files) if self.raw_unit is not None else None
        if rows is not None:
            try:
                return [finding(row, "", unit_file) for row in rows]
            except (ValueError, TypeError):
                pass
        unit, text, late = self.unit()
        found = unit_findings_of(self.store, unit, text, late, [self._annual(a) for a in self.annuals])
        if self.key is not None and self.raw_unit is not None:
            try:
                folder = self.store.work_dir("cache")
            except OSError:
                return found
            write_unit_record(folder, self.context, self.key, files, rows_of(found))
        return found
