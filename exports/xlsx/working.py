"""The working sheets 项目, 预算明细, 绩效指标: the CSV exports' tables, for finance staff to work in.

The same columns and rows as ``jixiao export csv`` (:data:`exports.tables.TABLES`),
with amounts as numbers (``#,##0.00``), a frozen header row and an
autofilter.  Below the rows, a 合计 row of live ``=SUM`` formulas; on 项目,
each project's 预算明细合计 is a live ``=SUMIF`` over 预算明细, so changing a
cost line's amount moves both.  Every formula stores the model's own total as
its value, which is what a reader sees before Excel recalculates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Iterable

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .layout import cell_text, text_width, to_float
from .parts import decode
from .styles import Styles, print_setup
from ..tables import TABLES, Table

__all__ = ["write_working_sheets", "SHEET_NAMES", "TOTALLED"]

SHEET_NAMES = {"projects": "项目", "costs": "预算明细", "indicators": "绩效指标"}
#: Which columns of each table get a 合计 (the money columns).
TOTALLED = {"projects": "money", "costs": "money", "indicators": None}
#: 项目 · 预算明细合计 sums this column of 预算明细, by 项目编号.
COST_AMOUNT = "资金需求（元）"
PROJECT_COST_TOTAL = "预算明细合计"
SAMPLE_ROWS = 400  # column widths are judged on the first rows: enough to see the kind of text


def write_working_sheets(workbook: Any, rows: dict[str, list[list[object]]], styles: Styles) -> dict[str, Any]:
    """The three sheets, after the forms, from every project's rows (encoded, :mod:`.parts`) by table
    name; returns the sheets by table name."""
    tables = {what: Table(make([]).columns, rows.get(what, [])) for what, make in TABLES.items()}
    sheets = {what: workbook.add_worksheet(SHEET_NAMES[what]) for what in TABLES}
    costs = tables["costs"]
    link = _cost_link(costs) if "costs" in tables else None
    for what, table in tables.items():
        _write_table(sheets[what], what, table, styles, link if what == "projects" else None)
    return sheets


def _cost_link(costs: Table) -> tuple[str, str, int] | None:
    """(id range, amount range, rows) of 预算明细, for the 项目 sheet's =SUMIF."""
    titles = [c.title for c in costs.columns]
    if COST_AMOUNT not in titles:
        return None
    last = len(costs.rows) + 1  # 1-based: the header is row 1
    sheet = f"'{SHEET_NAMES['costs']}'"
    amount = xl_col_to_name(titles.index(COST_AMOUNT))
    return f"{sheet}!$A$2:$A${last}", f"{sheet}!${amount}$2:${amount}${last}", len(costs.rows)


def _widths(table: Table) -> list[float]:
    widths = []
    for i, column in enumerate(table.columns):
        if column.kind == "money":
            widths.append(16)
            continue
        sample = (decode(row[i], column.numeric) for row in table.rows[:SAMPLE_ROWS])
        longest = max((text_width(str(v)) for v in sample if v is not None), default=0)
        widths.append(min(30, max(8, text_width(column.title) + 2, longest + 2)))
    return widths


def _write_table(sheet: Any, what: str, table: Table, styles: Styles,
                 link: tuple[str, str, int] | None) -> None:
    columns = table.columns
    for col, width in enumerate(_widths(table)):
        sheet.set_column(col, col, width)
    sheet.set_row(0, 32)
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.title, styles.sheet_head)
    titles = [c.title for c in columns]
    sumif = titles.index(PROJECT_COST_TOTAL) if link and PROJECT_COST_TOTAL in titles else None
    formats = [styles.sheet_money if c.kind == "money" else styles.sheet_number if c.numeric else styles.sheet_text
               for c in columns]
    numeric = [c.numeric for c in columns]
    write_string, write_number = sheet.write_string, sheet.write_number
    for r, values in enumerate(table.rows, start=1):
        for col, value in enumerate(values):
            if value is None or value == "":  # an empty cell, as the CSV's empty field
                continue
            if type(value) is str:  # the common cases, as encoded: a number's text, or text
                if numeric[col]:
                    if col == sumif and link is not None:
                        ids, amounts, _ = link
                        sheet.write_formula(r, col, f"=SUMIF({ids},{xl_rowcol_to_cell(r, 0)},{amounts})",
                                            formats[col], float(value))
                    else:
                        write_number(r, col, float(value), formats[col])  # the Decimal's own double
                else:
                    write_string(r, col, cell_text(value), formats[col])
                continue
            value = decode(value, numeric[col])
            if col == sumif and link is not None and isinstance(value, Decimal):
                ids, amounts, _ = link
                sheet.write_formula(r, col, f"=SUMIF({ids},{xl_rowcol_to_cell(r, 0)},{amounts})", formats[col],
                                    to_float(value))
            elif isinstance(value, Decimal):
                write_number(r, col, to_float(value), formats[col])
            else:
                write_string(r, col, cell_text(value), formats[col])
    last = len(table.rows)
    sheet.freeze_panes(1, 2)  # the header row, and the project's id and name
    sheet.autofilter(0, 0, max(last, 1), len(columns) - 1)
    if TOTALLED[what]:
        _total_row(sheet, table, last + 1, styles)
    print_setup(sheet, (0, 0), table=True)


def _total_row(sheet: Any, table: Table, row: int, styles: Styles) -> None:
    sheet.write_string(row, 0, "合计", styles.sheet_total)
    for col, column in enumerate(table.columns):
        if column.kind != "money":
            if col:
                sheet.write_blank(row, col, None, styles.sheet_total)
            continue
        total = _sum(decode(r[col], True) for r in table.rows)
        if table.rows:
            formula = f"=SUM({xl_rowcol_to_cell(1, col)}:{xl_rowcol_to_cell(len(table.rows), col)})"
        else:
            formula = "=0"
        sheet.write_formula(row, col, formula, styles.sheet_total_money, to_float(total))


def _sum(values: Iterable[object]) -> Decimal:
    return sum((v for v in values if isinstance(v, Decimal)), Decimal(0))
