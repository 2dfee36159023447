"""One project's whole 申报表 as text, in the seed's layout.

First the 项目经费情况说明 (一 to 六, the cost table by group), then the
财政项目支出绩效目标申报表 grid: header, 项目资金（元）, goals, indicators.
"""

from __future__ import annotations

from decimal import Decimal

from tabulate import tabulate

from store import model as m
from store.normalize import format_yuan, target_text

from .writers import clean_text

__all__ = ["render_form"]


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_yuan(value)


def _paragraphs(text: str) -> list[str]:
    return [clean_text(p) for p in text.splitlines() if p.strip()] or ["（未填）"]


def _grid(rows: list[list[str]], align: list[str] | None = None,
          widths: list[int | None] | None = None) -> str:
    return tabulate(rows, tablefmt="simple_grid", disable_numparse=True, colalign=align,
                    maxcolwidths=widths)


def _cost_tables(project: m.Project) -> list[str]:
    out = []
    for group in project.budget.groups:
        rows = []
        for line in group.lines:
            rows.append([
                clean_text(line.item), clean_text(str(line.quantity or "")),
                clean_text(str(line.price or "")), clean_text(str(line.amount or "")),
                _money(line.yuan), clean_text(line.note),
            ])
        rows.append(["小计", "", "", clean_text(str(group.total or "")), _money(group.yuan), ""])
        out.append(tabulate(
            rows,
            headers=[clean_text(group.name) or "组成", "数量", "单价", "资金需求", "折合（元）", "测算依据"],
            tablefmt="simple", disable_numparse=True,
            colalign=["left", "right", "right", "right", "right", "left"],
        ))
    if project.budget.groups:
        out.append(f"预算明细合计：{_money(project.budget.yuan)} 元")
    return out


def render_form(project: m.Project, unit: m.Unit | None = None) -> str:
    unit = unit or m.Unit()
    h, f, n = project.header, project.funding, project.narrative
    lines: list[str] = []
    order = project.order if project.order is not None else ""
    lines.append(f"项目经费情况说明 {order}--{clean_text(h.name)}")
    for label, text in (("一、项目概述", n.overview), ("二、立项依据", n.basis),
                        ("三、实施主体", n.responsible), ("四、实施方案", n.plan),
                        ("五、实施周期", n.period)):
        lines += ["", label, "", *_paragraphs(text)]
    lines += ["", "六、年度预算安排", ""]
    if project.budget.prose.strip():
        lines += [*_paragraphs(project.budget.prose), ""]
    lines += _cost_tables(project) or ["（未填）"]
    lines += ["", "七、绩效目标", "", "详见单位的项目绩效目标表", ""]

    year = unit.year or (h.start.year if h.start else "")
    lines += ["财政项目支出绩效目标申报表", f"({year} 年度)"]
    header = [
        ["项目名称", clean_text(h.name), "项目性质", clean_text(h.nature)],
        ["项目类别", clean_text(h.category), "主管部门", clean_text(h.department)],
        ["实施单位", clean_text(h.implementer), "", ""],
        ["计划开始日期", h.start.isoformat() if h.start else "",
         "计划完成日期", h.end.isoformat() if h.end else ""],
    ]
    lines.append(_grid(header))
    funding = [
        ["项目资金（元）", "金额", "", "金额"],
        ["项目资金总额", _money(f.total), "年度资金申请总额", _money(f.annual)],
        ["其中：财政资金", _money(f.total_fiscal), "其中：当年财政拨款", _money(f.annual_fiscal)],
        ["", "", "上年结转资金", _money(f.annual_carryover)],
        ["其他资金", _money(f.total_other), "其他资金", _money(f.annual_other)],
    ]
    lines.append(_grid(funding, ["left", "right", "left", "right"]))
    goals = [["项目总目标", "\n".join(_paragraphs(project.goals.overall))],
             ["年度总体目标", "\n".join(_paragraphs(project.goals.annual))]]
    lines.append(_grid(goals, widths=[None, 64]))
    indicators = [["一级指标", "二级指标", "三级指标", "年度(/项目)指标值"]]
    previous = ("", "")
    for ind in project.indicators:
        level1 = "" if ind.level1 == previous[0] else ind.level1
        level2 = "" if (ind.level1, ind.level2) == previous else ind.level2
        previous = (ind.level1, ind.level2)
        indicators.append([clean_text(level1), clean_text(level2), clean_text(ind.name),
                           clean_text(target_text(ind.target))])
    lines.append(_grid(indicators))
    return "\n".join(lines) + "\n"
