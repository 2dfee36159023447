"""``jixiao export xlsx``: the declaration as an Excel workbook, in the official layout.

Sheets: the cover (绩效目标设置情况 and the project list), one sheet per
project laid out as the form (:mod:`.form_sheet`), then the working sheets
项目, 预算明细, 绩效指标 (:mod:`.working`).  Findings come from the one check
engine (:mod:`store.rules`), never from rules of this module's own.

xlsxwriter is imported here, when a workbook is built, and by no other
command: ``check`` and the other exports start without it (a test holds it).
The workbook is safe to open: user text is always a string cell, never a
formula or a link; no external links, no macros.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from typing import TYPE_CHECKING, Callable, Iterable

from store import model as m
from store.cache import unit_findings_of
from store.findings import Finding, sort_key
from store.rules import check_project, locate, summary
from store.toml_store import Store, StoreError

from .layout import file_name, sheet_name

if TYPE_CHECKING:
    from .parts import Part

__all__ = ["build_workbook", "store_workbook", "project_workbook", "file_name", "XlsxUnavailable", "Workbook"]


class XlsxUnavailable(StoreError):
    """xlsxwriter is not installed; ``str()`` says how to install it."""


@dataclass
class Workbook:
    data: bytes
    #: The default file name, from the unit, the year (and the project).
    name: str


def _xlsxwriter():
    try:
        import xlsxwriter
    except ImportError:
        raise XlsxUnavailable("导出 Excel 需要 xlsxwriter：python3 -m pip install xlsxwriter") from None
    return xlsxwriter


def build_workbook(unit: m.Unit, parts: Iterable[Part], unit_findings: Callable[[list[Part]], list[Finding]],
                   whole: bool = True) -> bytes:
    """The workbook's bytes.  ``parts``: each project's share (:mod:`.parts`), in order, written as
    they come (while workers still read the rest); ``unit_findings(parts)``: then the check
    engine's findings on the unit, for the cover (it may add loader findings to a part's counts);
    ``whole``: the whole store (the cover then sets the projects' total against the unit's
    declared total)."""
    xlsxwriter = _xlsxwriter()
    from .cover import COVER_NAME, CoverLine, write_cover
    from .record import replay
    from .styles import DEFAULT_FORMAT, Styles
    from .working import SHEET_NAMES, write_working_sheets

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        # User text stays text: never a formula, a number or a link because of how it looks.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "default_format_properties": DEFAULT_FORMAT,
    })
    book.set_properties({"title": f"{unit.name} 财政支出项目绩效目标申报表", "creator": "jixiao"})
    styles = Styles(book)
    formats = styles.by_name()
    cover = book.add_worksheet(COVER_NAME)
    taken = {COVER_NAME.lower(), *(name.lower() for name in SHEET_NAMES.values())}
    written: list[tuple[Part, str | None]] = []
    rows: dict[str, list[list[object]]] = {}
    for part in parts:
        name = None
        if part.name is not None:
            name = sheet_name(part.pid, part.name, taken)
            replay(book.add_worksheet(name), part.ops, formats)
            part.ops = []  # written: not kept until the end
            for what, table in part.rows.items():
                rows.setdefault(what, []).extend(table)
        written.append((part, name))
    found = unit_findings([part for part, _ in written])
    lines = [CoverLine(p.pid, p.name, p.annual, p.total, name, p.errors, p.warnings) for p, name in written]
    write_cover(cover, unit, lines, found, whole, styles)
    write_working_sheets(book, rows, styles)
    cover.activate()
    book.close()
    return buffer.getvalue()


def store_workbook(store: Store, jobs: int | None = None) -> Workbook:
    """The whole store: every project, findings as ``jixiao check`` counts them.  The files are read
    and checked on ``jobs`` processes (:mod:`.parts`)."""
    _xlsxwriter()  # before any file is read
    from .parts import read_parts

    unit, unit_text, load_findings = store.load_unit()

    def unit_findings(parts: list[Part]) -> list[Finding]:
        located = sorted(unit_findings_of(store, unit, unit_text, load_findings, parts), key=sort_key)
        counts = {part.pid: part for part in parts}
        out = []
        for f in located:
            if f.project and f.project in counts:  # a finding of the loader on a project's file
                part = counts[f.project]
                if f.is_error:
                    part.errors += 1
                else:
                    part.warnings += 1
            elif not f.project:
                out.append(f)
        return out

    data = build_workbook(unit, read_parts(store, unit, jobs), unit_findings)
    return Workbook(data, file_name(unit.name, unit.year))


def project_workbook(store: Store, pid: str, project: m.Project | None = None,
                     findings: list[Finding] | None = None) -> Workbook:
    """One project: as its file holds it, or ``project`` (a working copy with its ``findings``)."""
    _xlsxwriter()
    from .parts import make_part

    unit = store.load_unit()[0]
    if project is None:
        loaded = store.load_project(pid)
        if loaded.project is None:
            raise StoreError(f"项目 {pid} 的文件有格式错误，请先运行 jixiao check")
        project = loaded.project
        findings = locate(loaded.findings, loaded.text) + check_project(project, unit, str(loaded.path), loaded.text)
    findings = list(findings or [])
    errors, warnings = summary([f for f in findings if f.project == pid])
    part = make_part(pid, project, unit, errors, warnings)
    data = build_workbook(unit, [part], lambda parts: [f for f in findings if not f.project], whole=False)
    return Workbook(data, file_name(unit.name, unit.year, pid))
