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

from store import model as m
from store.findings import Finding
from store.rules import check_project, check_store, locate
from store.toml_store import Store, StoreError

from .layout import file_name, sheet_name

__all__ = ["build_workbook", "store_workbook", "project_workbook", "file_name", "XlsxUnavailable", "Workbook"]


class XlsxUnavailable(StoreError):
    """xlsxwriter is not installed; ``str()`` says how to install it."""


@dataclass
class Workbook:
    data: bytes
    #: The default file name, from the unit, the year (and the project).
    name: str


def build_workbook(unit: m.Unit, projects: list[tuple[str, m.Project | None]], findings: list[Finding],
                   whole: bool = True) -> bytes:
    """The workbook's bytes.  ``projects``: (id, model or None when its file could not be read), in
    order; ``findings``: the check engine's, for the cover's counts; ``whole``: the whole store (the
    cover then sets the projects' total against the unit's declared total)."""
    try:
        import xlsxwriter
    except ImportError:
        raise XlsxUnavailable("导出 Excel 需要 xlsxwriter：python3 -m pip install xlsxwriter") from None
    from .cover import COVER_NAME, CoverLine, write_cover
    from .form_sheet import write_form
    from .styles import DEFAULT_FORMAT, Styles
    from .working import SHEET_NAMES, write_working_sheets

    counts: dict[str, list[int]] = {}
    unit_findings = []
    for f in findings:
        if f.project:
            counts.setdefault(f.project, [0, 0])[0 if f.is_error else 1] += 1
        else:
            unit_findings.append(f)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {
        "in_memory": True,
        # User text stays text: never a formula, a number or a link because of how it looks.
        "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
        "default_format_properties": DEFAULT_FORMAT,
    })
    book.set_properties({"title": f"{unit.name} 财政支出项目绩效目标申报表", "creator": "jixiao"})
    styles = Styles(book)
    cover = book.add_worksheet(COVER_NAME)
    taken = {COVER_NAME.lower(), *(name.lower() for name in SHEET_NAMES.values())}
    lines = []
    models = []
    for pid, project in projects:
        errors, warnings = counts.get(pid, (0, 0))
        if project is None:
            lines.append(CoverLine(pid, None, None, errors, warnings))
            continue
        name = sheet_name(pid, project.header.name, taken)
        write_form(book.add_worksheet(name), project, unit, styles)
        lines.append(CoverLine(pid, project, name, errors, warnings))
        models.append(project)
    write_cover(cover, unit, lines, unit_findings, whole, styles)
    write_working_sheets(book, models, styles)
    cover.activate()
    book.close()
    return buffer.getvalue()


def store_workbook(store: Store) -> Workbook:
    """The whole store: every project, findings as ``jixiao check`` gives them."""
    loaded = store.load()
    findings = check_store(loaded)
    data = build_workbook(loaded.unit, [(lp.id, lp.project) for lp in loaded.projects], findings)
    return Workbook(data, file_name(loaded.unit.name, loaded.unit.year))


def project_workbook(store: Store, pid: str, project: m.Project | None = None,
                     findings: list[Finding] | None = None) -> Workbook:
    """One project: as its file holds it, or ``project`` (a working copy with its ``findings``)."""
    unit = store.load_unit()[0]
    if project is None:
        loaded = store.load_project(pid)
        if loaded.project is None:
            raise StoreError(f"项目 {pid} 的文件有格式错误，请先运行 jixiao check")
        project = loaded.project
        findings = locate(loaded.findings, loaded.text) + check_project(project, unit, str(loaded.path), loaded.text)
    data = build_workbook(unit, [(pid, project)], findings or [], whole=False)
    return Workbook(data, file_name(unit.name, unit.year, pid))
