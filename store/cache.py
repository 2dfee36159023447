"""A derived index that makes a second ``jixiao check`` of an unchanged store fast.

For every project file it keeps the file's content digest and what checking it
gave: its findings and its 年度资金申请总额 (all the unit rules need).  An entry
is used only when the file's bytes hash to the same digest *and* unit.toml and
the rule set are the ones it was made with; anything else is re-read, re-checked
and re-entered.  The index lives in ``<store>/.jixiao/cache/`` and is safe to
delete: a missing, stale or unreadable index is simply rebuilt.  It is JSON,
never pickle: a store may come from someone else, and reading it must not run code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from . import model as m
from .checks import RULES, check_project, check_unit, locate
from .findings import Finding, sort_key
from .toml_store import UNIT_FILE, WORK_DIR, Store, atomic_write

__all__ = ["check_store_cached", "INDEX_NAME"]

INDEX_NAME = "index-v1.json"
def _code_digest() -> str:
    """Changes whenever the rules, or the reading they depend on, change."""
    digest = hashlib.blake2b(repr(sorted((r.id, r.severity) for r in RULES.values())).encode(), digest_size=16)
    here = Path(__file__).parent
    for name in ("checks.py", "codec.py", "locate.py", "model.py", "normalize.py", "toml_store.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


_RULESET = _code_digest()


_FIELDS = ("rule", "severity", "message", "project", "path", "field", "line", "column")


@dataclass(frozen=True)
class _Entry:
    digest: str
    findings: tuple[Finding, ...]  # with file="" (re-attached on use)
    annual: Decimal | None
    loaded: bool

    def to_json(self) -> list:
        rows = [[getattr(f, name) for name in _FIELDS] for f in self.findings]
        return [self.digest, rows, None if self.annual is None else str(self.annual), self.loaded]

    @classmethod
    def from_json(cls, data: list) -> "_Entry":
        digest, rows, annual, loaded = data
        findings = []
        for row in rows:
            values = dict(zip(_FIELDS, row, strict=True))
            values["path"] = tuple(values["path"])
            findings.append(Finding(**values))
        if not isinstance(digest, str) or not isinstance(loaded, bool):
            raise ValueError("bad entry")
        return cls(digest, tuple(findings), None if annual is None else Decimal(annual), loaded)


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _read_index(path: Path, context: str) -> dict[str, _Entry]:
    try:
        saved = json.loads(path.read_bytes())
        if saved.get("context") != context:
            return {}
        return {pid: _Entry.from_json(entry) for pid, entry in saved["entries"].items()}
    except Exception:  # missing, torn, from another version, edited by hand: rebuild
        return {}


def check_store_cached(store: Store) -> tuple[list[Finding], int]:
    """Every finding of the store (as :func:`store.checks.check_store`) and the project count."""
    unit, unit_text, unit_findings = store.load_unit()
    context = _RULESET + _digest((unit_text or "").encode("utf-8"))
    index_path = store.root / WORK_DIR / "cache" / INDEX_NAME
    old = _read_index(index_path, context)
    new: dict[str, _Entry] = {}
    out: list[Finding] = locate(list(unit_findings), unit_text)
    stubs: list[m.Project] = []
    for pid in store.project_ids():
        path = store.project_path(pid)
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""
        digest = _digest(raw)
        entry = old.get(pid)
        if entry is None or entry.digest != digest:
            entry = _check_file(store, pid, unit, digest)
        new[pid] = entry
        out.extend(replace(f, file=str(path)) for f in entry.findings)
        if entry.loaded:
            stubs.append(m.Project(id=pid, funding=m.Funding(annual=entry.annual)))
    out.extend(check_unit(unit, stubs, str(store.root / UNIT_FILE), unit_text))
    if new != old:
        try:
            folder = store.work_dir("cache")
            payload = {"context": context, "entries": {pid: e.to_json() for pid, e in new.items()}}
            atomic_write(folder / INDEX_NAME, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass  # a read-only store is checked all the same, just not faster next time
    return sorted(out, key=sort_key), len(new)


def _check_file(store: Store, pid: str, unit: m.Unit, digest: bytes) -> _Entry:
    loaded = store.load_project(pid)
    found = locate(list(loaded.findings), loaded.text)
    if loaded.project is not None:
        found += check_project(loaded.project, unit, "", loaded.text)
    annual = loaded.project.funding.annual if loaded.project is not None else None
    return _Entry(digest, tuple(replace(f, file="") for f in found), annual, loaded.project is not None)
