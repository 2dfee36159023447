"""The cover sheet: the unit's 绩效目标设置情况, worded as the seed words it, and the projects.

Each project's line gives its amounts and how many errors and warnings the
check engine found (the counts ``jixiao check`` prints); its id links to its
sheet.  For a whole store, the 合计 is a live formula set against the total
the unit declared, with the difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from store import model as m
from store.findings import Finding
from store.normalize import format_number
from store.rules import with_field

from .grid import Grid
from .styles import Styles, print_setup

__all__ = ["write_cover", "CoverLine", "paragraph", "COVER_NAME"]

COVER_NAME = "绩效目标设置情况"
COVER_WIDTHS = [6, 10, 36, 18, 18, 8, 8]
HEADS = ("序号", "项目编号", "项目名称", "年度资金申请总额（元）", "项目资金总额（元）", "错误", "警告")
WAN = Decimal(10000)
CENT = Decimal("0.01")


@dataclass
class CoverLine:
    pid: str
    #: The project's name; None when its file does not load.
    name: str | None
    annual: Decimal | None
    total: Decimal | None
    sheet: str | None
    errors: int
    warnings: int


def _wan(value: Decimal) -> str:
    """元 as 万元 with two decimals, as the seed writes it (4941.00); more when the figure has more."""
    wan = value / WAN
    return f"{wan:.2f}" if wan == wan.quantize(CENT) else format_number(wan.normalize())


def paragraph(unit: m.Unit) -> str:
    """The seed's sentence, from the unit's own figures; a figure not filled in says so."""
    def given(value: object) -> str:
        return "（未填）" if value is None or value == "" else str(value)

    total = given(None if unit.declared_total is None else _wan(unit.declared_total))
    return (f"按照本市预算绩效管理工作的总体要求，本单位 {given(unit.budget_units)} 个预算单位开展了 "
            f"{given(unit.year)} 年项目预算绩效目标编报工作，编报绩效目标的项目 {given(unit.declared_projects)} 个，"
            f"涉及项目预算资金 {total} 万元。")


def write_cover(sheet: Any, unit: m.Unit, lines: list[CoverLine], unit_findings: list[Finding],
                whole: bool, styles: Styles) -> dict[str, int]:
    """Returns the rows (0-based) of the 合计 and, for a whole store, the declared total and the difference."""
    grid = Grid(sheet, COVER_WIDTHS)
    year = f"{unit.year} 年 " if unit.year else ""
    grid.line([(0, 6, f"{unit.name}{year}财政支出项目绩效目标申报表 绩效目标设置情况", styles.title)],
              min_height=28, size=16)
    grid.skip()
    grid.paragraph(paragraph(unit), styles.para)
    grid.skip()
    head = grid.line([(i, i, text, styles.head) for i, text in enumerate(HEADS)])
    first = grid.row
    for n, line in enumerate(lines, start=1):
        name = line.name if line.name is not None else "（文件有格式错误，未导出；请运行 jixiao check）"
        row = grid.line([(0, 0, Decimal(n), styles.center), (1, 1, "", styles.center), (2, 2, name, styles.cell),
                         (3, 3, line.annual, styles.money), (4, 4, line.total, styles.money),
                         (5, 5, Decimal(line.errors), styles.center), (6, 6, Decimal(line.warnings), styles.center)])
        if line.sheet is not None:  # the id, linked to the project's sheet (inside this workbook)
            quoted = line.sheet.replace("'", "''")
            sheet.write_url(row, 1, f"internal:'{quoted}'!A1", styles.link, string=line.pid)
        else:
            sheet.write_string(row, 1, line.pid, styles.center)
    last = grid.row - 1
    annual = sum((ln.annual or Decimal(0) for ln in lines if ln.name is not None), Decimal(0))
    total = sum((ln.total or Decimal(0) for ln in lines if ln.name is not None), Decimal(0))
    errors = sum(ln.errors for ln in lines)
    warnings = sum(ln.warnings for ln in lines)

    def col_sum(col: int, value: Decimal) -> tuple[str, Decimal]:
        if not lines:
            return ("=0", Decimal(0))
        return (f"=SUM({_cell(first, col)}:{_cell(last, col)})", value)

    rows = {"header": head}
    rows["total"] = grid.line([(0, 2, "合计", styles.total_label), (3, 3, col_sum(3, annual), styles.total_money),
                               (4, 4, col_sum(4, total), styles.total_money),
                               (5, 5, col_sum(5, Decimal(errors)), styles.total_label),
                               (6, 6, col_sum(6, Decimal(warnings)), styles.total_label)])
    if whole:
        declared = unit.declared_total
        rows["declared"] = grid.line([(0, 2, "单位填报的涉及项目预算资金（元）", styles.total_label),
                                      (3, 3, declared, styles.total_money), (4, 6, "", styles.cell)])
        difference = None if declared is None else annual - declared
        formula = f"={_cell(rows['total'], 3)}-{_cell(rows['declared'], 3)}"
        rows["difference"] = grid.line([(0, 2, "差额（各项目合计 − 单位填报）", styles.total_label),
                                        (3, 3, (formula, difference) if declared is not None else None,
                                         styles.total_money), (4, 6, "", styles.cell)])
    if unit_findings:
        grid.skip()
        grid.line([(0, 6, "单位信息的核对结果", styles.heading)])
        for f in unit_findings:
            grid.paragraph(f"{'错误' if f.is_error else '警告'}［{f.rule}］{with_field(f)}", styles.para)
    print_setup(sheet, (0, 0))
    return rows


def _cell(row: int, col: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(row, col)
