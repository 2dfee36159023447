"""Each project's share of the workbook, made in the process that reads its file.

A store's files are read and checked by :func:`store.cache.summarize` — the
one way ``jixiao check`` reads and checks a file — on several processes
(:mod:`store.parallel`), as ``export csv`` reads them.  Each worker lays out
its projects' form sheets (:mod:`.record`) and their rows of the working
sheets, and sends back text and numbers, never models: the process that
builds the workbook only writes cells.

Rows of the working sheets are sent compact: in a number column a Decimal
goes as its text (Excel's number and the column's width both come from it),
in a text column a string as itself; any other value goes as itself in a
1-tuple.  :func:`decode` gives the table's own value back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from store import model as m
from store.cache import summarize
from store.parallel import map_chunks
from store.toml_store import Store, StoreError

from ..tables import TABLES
from .form_sheet import write_form
from .record import Recorder
from .styles import Styles

__all__ = ["Part", "make_part", "read_parts", "decode", "NUMERIC"]

#: Per table, which columns hold numbers.
NUMERIC = {what: [c.numeric for c in make([]).columns] for what, make in TABLES.items()}
_NAMES = Styles()


@dataclass
class Part:
    pid: str
    #: What the cover lists; None when the file does not load (it is listed, not exported).
    name: str | None
    annual: Decimal | None
    total: Decimal | None
    errors: int
    warnings: int
    #: The form sheet's recorded calls (:mod:`.record`).
    ops: list[tuple] = field(default_factory=list)
    #: The working sheets' rows, by table, encoded (:func:`decode`).
    rows: dict[str, list[list[object]]] = field(default_factory=dict)

    @property
    def loaded(self) -> bool:  # what the unit rules read of a project (store.cache.unit_findings_of)
        return self.name is not None


def _encode(row: list[object], numeric: list[bool]) -> list[object]:
    out: list[object] = []
    for number, value in zip(numeric, row):
        if value is None or value == "":
            out.append(value)
        elif number and type(value) is Decimal:
            out.append(str(value))
        elif not number and type(value) is str:
            out.append(value)
        else:
            out.append((value,))
    return out


def decode(value: object, number: bool) -> object:
    """A cell of an encoded row as the table held it (a Decimal, text, None)."""
    if type(value) is tuple:
        return value[0]
    if number and value:
        return Decimal(value)  # type: ignore[arg-type]
    return value


def make_part(pid: str, project: m.Project | None, unit: m.Unit, errors: int, warnings: int) -> Part:
    """One project's share: its form recorded, its rows of the working sheets."""
    if project is None:
        return Part(pid, None, None, None, errors, warnings)
    sheet = Recorder()
    write_form(sheet, project, unit, _NAMES)  # type: ignore[arg-type]
    rows = {what: [_encode(row, NUMERIC[what]) for row in make([project]).rows] for what, make in TABLES.items()}
    f = project.funding
    return Part(pid, project.header.name, f.annual, f.total, errors, warnings, sheet.ops, rows)


def _worker(root: str, unit: m.Unit) -> tuple[Store, m.Unit]:
    return Store(root), unit


def _chunk(state: tuple[Store, m.Unit], pids: list[str]) -> list[Part]:
    store, unit = state
    out = []
    for pid in pids:
        try:
            summary, loaded = summarize(store, unit, pid)
        except StoreError:  # deleted meanwhile
            continue
        out.append(make_part(pid, loaded.project, unit, summary.errors, summary.warnings))
    return out


def read_parts(store: Store, unit: m.Unit, jobs: int | None = None) -> Iterator[Part]:
    """Every project's part, in the store's order; many files are read on several processes."""
    for parts in map_chunks(_chunk, store.project_ids(), factory=_worker, args=(str(store.root), unit), jobs=jobs):
        yield from parts
