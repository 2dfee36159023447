"""The rows that every export shares: projects, cost lines, indicators.

A table is a list of :class:`Column` and rows of raw values (``str``,
``Decimal`` or ``None``); the CSV and text writers format them their own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from store import model as m
from store.normalize import target_text

__all__ = ["Column", "Table", "projects_table", "costs_table", "indicators_table", "TABLES"]


@dataclass(frozen=True)
class Column:
    title: str
    #: ``text``, ``money`` (元, two decimals) or ``number`` (digits as written).
    kind: str = "text"

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[object]]


def _id_columns() -> list[Column]:
    return [Column("项目编号"), Column("项目名称")]


def projects_table(projects: Iterable[m.Project]) -> Table:
    columns = _id_columns() + [
        Column("序号", "number"), Column("项目性质"), Column("项目类别"), Column("主管部门"),
        Column("实施单位"), Column("计划开始日期"), Column("计划完成日期"),
        Column("项目资金总额", "money"), Column("财政资金", "money"), Column("其他资金", "money"),
        Column("年度资金申请总额", "money"), Column("当年财政拨款", "money"),
        Column("上年结转资金", "money"), Column("其他资金（年度）", "money"),
        Column("预算明细合计", "money"), Column("明细行数", "number"), Column("指标条数", "number"),
    ]
    rows = []
    for p in projects:
        h, f = p.header, p.funding
        rows.append([
            p.id, h.name, None if p.order is None else Decimal(p.order), h.nature, h.category,
            h.department, h.implementer, h.start.isoformat() if h.start else "",
            h.end.isoformat() if h.end else "",
            f.total, f.total_fiscal, f.total_other, f.annual, f.annual_fiscal, f.annual_carryover,
            f.annual_other, p.budget.yuan if p.budget.line_count else None,
            Decimal(p.budget.line_count), Decimal(len(p.indicators)),
        ])
    return Table(columns, rows)


def costs_table(projects: Iterable[m.Project]) -> Table:
    columns = _id_columns() + [
        Column("分组"), Column("行号", "number"), Column("组成"),
        Column("数量", "number"), Column("数量单位"), Column("单价", "number"), Column("单价单位"),
        Column("资金需求", "number"), Column("资金需求单位"),
        Column("资金需求（元）", "money"), Column("数量×单价（元）", "money"), Column("测算依据"),
    ]
    rows = []
    for p in projects:
        for group in p.budget.groups:
            for li, line in enumerate(group.lines, start=1):
                q, pr, a = line.quantity, line.price, line.amount
                rows.append([
                    p.id, p.header.name, group.name, Decimal(li), line.item,
                    q.value if q else None, q.unit if q else "",
                    pr.value if pr else None, pr.unit if pr else "",
                    a.value if a else None, (a.unit or "元") if a else "",
                    line.yuan, line.computed_yuan, line.note,
                ])
    return Table(columns, rows)


def indicators_table(projects: Iterable[m.Project]) -> Table:
    columns = _id_columns() + [
        Column("序号", "number"), Column("一级指标"), Column("二级指标"), Column("三级指标"),
        Column("指标值"),
    ]
    rows = []
    for p in projects:
        for ii, ind in enumerate(p.indicators, start=1):
            rows.append([p.id, p.header.name, Decimal(ii), ind.level1, ind.level2, ind.name,
                         target_text(ind.target)])
    return Table(columns, rows)


TABLES = {"projects": projects_table, "costs": costs_table, "indicators": indicators_table}
