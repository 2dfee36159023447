"""项目资金: the totals are filled in, and each total is the sum of its parts."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import ERROR, WARNING
from .common import EPSILON, differ, refused, yuan
from .engine import Hit, rule


@rule("funding-required", ERROR, "项目资金总额或年度资金申请总额未填", example="未填年度资金申请总额")
def funding_required(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for attr, label in (("total", "项目资金总额"), ("annual", "年度资金申请总额")):
        if getattr(project.funding, attr) is None and not refused(project, ("funding", attr)):
            yield Hit(f"未填{label}", ("funding", attr))


def _split_check(total: Decimal | None, parts: list[Decimal | None]) -> Decimal | None:
    if total is None or all(p is None for p in parts):
        return None
    return sum((p or Decimal(0) for p in parts), Decimal(0))


@rule("funding-total-split", ERROR, "项目资金总额 ≠ 财政资金 + 其他资金", example="总额 200 万元，财政资金 150 万元 + 其他资金 0")
def funding_total_split(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    parts = _split_check(f.total, [f.total_fiscal, f.total_other])
    if parts is not None and differ(parts, f.total):
        yield Hit(f"项目资金总额 {yuan(f.total)} ≠ 财政资金 {yuan(f.total_fiscal)} + "
                  f"其他资金 {yuan(f.total_other)} = {yuan(parts)}", ("funding", "total"))


@rule("funding-annual-split", ERROR, "年度资金申请总额 ≠ 当年财政拨款 + 上年结转 + 其他资金", example="年度申请 200 万元，当年拨款 150 万元 + 结转 0 + 其他 0")
def funding_annual_split(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    parts = _split_check(f.annual, [f.annual_fiscal, f.annual_carryover, f.annual_other])
    if parts is not None and differ(parts, f.annual):
        yield Hit(f"年度资金申请总额 {yuan(f.annual)} ≠ 当年财政拨款 {yuan(f.annual_fiscal)} + "
                  f"上年结转 {yuan(f.annual_carryover)} + 其他资金 {yuan(f.annual_other)}"
                  f" = {yuan(parts)}", ("funding", "annual"))


@rule("funding-annual-over-total", ERROR, "年度资金申请总额大于项目资金总额", example="年度申请 300 万元，项目资金总额 200 万元")
def funding_annual_over_total(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    if f.total is not None and f.annual is not None and f.annual - f.total > EPSILON:
        yield Hit(f"年度资金申请总额 {yuan(f.annual)} 大于项目资金总额 {yuan(f.total)}", ("funding", "annual"))


@rule("funding-total-annual", WARNING, "非阶段性项目的项目资金总额与年度申请额不同", example="其他经常性项目：总额 847.5 万元，年度申请 282.5 万元")
def funding_total_annual(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    if project.multi_year or f.total is None or f.annual is None:
        return
    if f.total - f.annual > EPSILON:
        yield Hit(f"项目性质为“{project.header.nature or '未填'}”，项目资金总额 {yuan(f.total)} "
                  f"却大于年度资金申请总额 {yuan(f.annual)}；跨年度项目请将项目性质填为阶段性项目",
                  ("funding", "total"))
