"""``jixiao check``: the store's findings in order, as its files are read.

This is the one way a whole store is checked (``check``, ``check --no-cache``;
the app reads the same :func:`store.cache.survey` batches).  A store of 10,000
projects with a finding on every cost line has a million findings (over a
gigabyte); :class:`StoreCheck` yields them in order
(:func:`store.findings.sort_key`) while holding one batch of projects:
``--no-cache`` reads the files in the order their findings are printed, and
keeps of each only its 年度资金申请总额 for the unit rules, which come last
(``unit.toml`` sorts after ``projects/``).  With the index, every summary is
kept, since the index is written whole.
"""

from __future__ import annotations

import heapq
from typing import Iterator

from . import model as m
from .cache import Index, Summary, survey, unit_findings_of
from .findings import Finding, sort_key
from .toml_store import Store

__all__ = ["StoreCheck"]


class _Annual:
    """What the unit rules read of a summary."""

    __slots__ = ("annual", "loaded")

    def __init__(self, summary: Summary) -> None:
        self.annual, self.loaded = summary.annual, summary.loaded


class StoreCheck:
    """Iterate for the findings; :attr:`projects`, :attr:`errors` and :attr:`warnings` are
    complete once the iteration ends.  ``project``: only that project's findings (and
    the unit's rules over all of them are left out, as ``--project`` did)."""

    def __init__(self, store: Store, jobs: int | None = None, use_index: bool = True,
                 project: str | None = None) -> None:
        self.store, self.jobs, self.use_index, self.project = store, jobs, use_index, project
        self.projects = self.errors = self.warnings = 0

    def __iter__(self) -> Iterator[Finding]:
        for finding in self._all():
            if self.project is not None and finding.project != self.project:
                continue
            if finding.is_error:
                self.errors += 1
            else:
                self.warnings += 1
            yield finding

    def _all(self) -> Iterator[Finding]:
        store = self.store
        unit, unit_text, load_findings = store.load_unit()
        unit_file = str(store.unit_path)
        # Findings on other files than unit.toml (the listing of projects/) merge into the stream;
        # unit.toml's own wait for the unit rules, at the end.
        early = sorted((f for f in load_findings if f.file != unit_file), key=sort_key)
        late = [f for f in load_findings if f.file == unit_file]
        pids = sorted(store.project_ids(), key=lambda pid: str(store.project_path(pid)))
        kept: list[_Annual | Summary] = []
        yield from heapq.merge(early, self._projects(unit, unit_text, pids, kept), key=sort_key)
        yield from sorted(unit_findings_of(store, unit, unit_text, late, kept), key=sort_key)

    def _projects(self, unit: m.Unit, unit_text: str | None, pids: list[str], kept: list) -> Iterator[Finding]:
        store = self.store
        if not self.use_index:
            for batch in survey(store, unit, pids, None, self.jobs):
                for pid, summary in batch:
                    if summary is not None:
                        self.projects += 1
                        kept.append(_Annual(summary))
                        yield from summary.findings(str(store.project_path(pid)))
            return
        index = Index.read(store, unit_text)
        summaries: dict[str, Summary] = {}
        for batch in survey(store, unit, pids, index, self.jobs):
            summaries.update((pid, s) for pid, s in batch if s is not None)
        index.write(summaries)
        for pid in pids:
            summary = summaries.get(pid)
            if summary is not None:
                self.projects += 1
                kept.append(summary)
                yield from summary.findings(str(store.project_path(pid)))

