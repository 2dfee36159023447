"""One project's sheet, laid out as the official form (the seed; :mod:`exports.form` as text).

First the 项目经费情况说明: 一 to 五 as paragraphs, 六 with the cost table by
group (the amounts as written, and in 元 as numbers, 小计 and 合计 as live
``=SUM`` formulas); then, on a page of its own, the 财政项目支出绩效目标申报表
grid in seven columns, merged as on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from store import model as m
from store.normalize import target_text

from .grid import Grid
from .styles import Styles, print_setup

__all__ = ["write_form", "FORM_WIDTHS", "FormCells"]

#: Columns A to G.  The cost table: 组成 A:B, 数量 C, 单价 D, 资金需求 E, 折合（元） F, 测算依据 G.
FORM_WIDTHS = [14, 12, 12, 17, 14, 16, 18]
A, B, C, D, E, F, G = range(7)
LAST = G

SECTIONS = (("一、项目概述", "overview"), ("二、立项依据", "basis"), ("三、实施主体", "responsible"),
            ("四、实施方案", "plan"), ("五、实施周期", "period"))
UNFILLED = "（未填）"
FUNDING_ROWS = (
    ("项目资金总额", "total", "年度资金申请总额", "annual"),
    ("其中：财政资金", "total_fiscal", "其中：当年财政拨款", "annual_fiscal"),
    ("", None, "上年结转资金", "annual_carryover"),
    ("其他资金", "total_other", "其他资金", "annual_other"),
)


@dataclass
class FormCells:
    """Where things landed (0-based rows): what the tests and the cover link to."""

    grid_title: int = 0
    cost_total: tuple[int, int] | None = None
    subtotals: list[tuple[int, int]] = field(default_factory=list)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()] or [UNFILLED]


def write_form(sheet: Any, project: m.Project, unit: m.Unit, styles: Styles) -> FormCells:
    grid = Grid(sheet, FORM_WIDTHS)
    cells = FormCells()
    h = project.header
    order = project.order if project.order is not None else ""
    grid.line([(A, LAST, f"项目经费情况说明 {order}--{h.name}", styles.title)], min_height=28, size=16)
    for label, attr in SECTIONS:
        grid.line([(A, LAST, label, styles.heading)])
        for text in _paragraphs(getattr(project.narrative, attr)):
            grid.paragraph(text, styles.para)
    grid.line([(A, LAST, "六、年度预算安排", styles.heading)])
    if project.budget.prose.strip():
        for text in _paragraphs(project.budget.prose):
            grid.paragraph(text, styles.para)
    _cost_table(grid, project.budget, styles, cells)
    grid.line([(A, LAST, "七、绩效目标", styles.heading)])
    grid.paragraph("详见单位的项目绩效目标表", styles.para)

    cells.grid_title = grid.row
    sheet.set_h_pagebreaks([grid.row])  # the 申报表 starts a page, as on paper
    year = unit.year or (h.start.year if h.start else "")
    grid.line([(A, LAST, "财政项目支出绩效目标申报表", styles.title)], min_height=28, size=16)
    grid.line([(A, LAST, f"({year} 年度)", styles.subtitle)])
    _header(grid, h, styles)
    _funding(grid, project.funding, styles)
    _goals(grid, project.goals, styles)
    _indicators(grid, project.indicators, styles)
    print_setup(sheet, (0, 0))
    return cells


def _cost_table(grid: Grid, budget: m.Budget, styles: Styles, cells: FormCells) -> None:
    if not budget.groups:
        grid.paragraph(UNFILLED, styles.para)
        return
    subtotals = []
    for group in budget.groups:
        grid.line([(A, B, group.name or "组成", styles.head), (C, C, "数量", styles.head),
                   (D, D, "单价", styles.head), (E, E, "资金需求", styles.head),
                   (F, F, "折合（元）", styles.head), (G, G, "测算依据", styles.head)])
        first = grid.row
        for line in group.lines:
            grid.line([(A, B, line.item, styles.cell),
                       (C, C, "" if line.quantity is None else str(line.quantity), styles.right),
                       (D, D, "" if line.price is None else str(line.price), styles.right),
                       (E, E, "" if line.amount is None else str(line.amount), styles.right),
                       (F, F, line.yuan, styles.money), (G, G, line.note, styles.cell)])
        last = grid.row - 1
        total = (f"=SUM({_cell(first, F)}:{_cell(last, F)})", group.yuan) if group.lines else Decimal(0)
        row = grid.line([(A, B, "小计", styles.total_label), (C, D, "", styles.cell),
                         (E, E, "" if group.total is None else str(group.total), styles.right),
                         (F, F, total, styles.total_money), (G, G, "", styles.cell)])
        subtotals.append((row, F))
    formula = "=" + "+".join(_cell(r, c) for r, c in subtotals)
    row = grid.line([(A, E, "预算明细合计（元）", styles.total_label),
                     (F, F, (formula, budget.yuan), styles.total_money), (G, G, "", styles.cell)])
    cells.subtotals = subtotals
    cells.cost_total = (row, F)


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def _header(grid: Grid, h: m.Header, styles: Styles) -> None:
    grid.line([(A, A, "项目名称", styles.label), (B, C, h.name, styles.cell), (D, D, "项目性质", styles.label),
               (E, E, h.nature, styles.cell), (F, F, "项目类别", styles.label), (G, G, h.category, styles.cell)])
    grid.line([(A, A, "主管部门", styles.label), (B, C, h.department, styles.cell),
               (D, D, "实施单位", styles.label), (E, G, h.implementer, styles.cell)])
    grid.line([(A, A, "计划开始日期", styles.label), (B, C, h.start.isoformat() if h.start else "", styles.center),
               (D, D, "计划完成日期", styles.label), (E, G, h.end.isoformat() if h.end else "", styles.center)])


def _funding(grid: Grid, f: m.Funding, styles: Styles) -> None:
    top = grid.row
    grid.put(top, A, A, "项目资金（元）", styles.label, rows=len(FUNDING_ROWS))
    for left, left_attr, right, right_attr in FUNDING_ROWS:
        left_value = getattr(f, left_attr) if left_attr else None
        grid.line([(B, C, left, styles.cell), (D, D, left_value, styles.money),
                   (E, F, right, styles.cell), (G, G, getattr(f, right_attr), styles.money)], min_height=20)


def _goals(grid: Grid, goals: m.Goals, styles: Styles) -> None:
    top = grid.row
    grid.line([(B, D, "项目总目标", styles.head), (E, G, "年度总体目标", styles.head)])
    rows = grid.tall([(B, D, "\n".join(_paragraphs(goals.overall)), styles.cell),
                      (E, G, "\n".join(_paragraphs(goals.annual)), styles.cell)])
    grid.put(top, A, A, "项目绩效目标", styles.label, rows=1 + rows)


def _indicators(grid: Grid, indicators: list[m.Indicator], styles: Styles) -> None:
    top = grid.row
    grid.line([(B, B, "一级指标", styles.head), (C, C, "二级指标", styles.head),
               (D, E, "三级指标", styles.head), (F, G, "年度（/项目）指标值", styles.head)])
    first = grid.row
    for ind in indicators:
        grid.line([(B, B, ind.level1, styles.center), (C, C, ind.level2, styles.center),
                   (D, E, ind.name, styles.cell), (F, G, target_text(ind.target), styles.center)],
                  min_height=20)
    grid.put(top, A, A, "绩效指标", styles.label, rows=1 + len(indicators))
    # 一级 merged down its run of rows, 二级 down its run inside it, as on paper.
    for col, key in ((B, lambda i: (i.level1,)), (C, lambda i: (i.level1, i.level2))):
        start = 0
        for i in range(1, len(indicators) + 1):
            if i == len(indicators) or key(indicators[i]) != key(indicators[start]):
                if i - start > 1:
                    value = indicators[start].level1 if col == B else indicators[start].level2
                    grid.put(first + start, col, col, value, styles.center, rows=i - start)
                start = i
