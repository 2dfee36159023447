"""基本信息 and the dates: required fields, 项目性质, 主管部门, the plan's dates and 五、实施周期."""

from __future__ import annotations

import re
from typing import Iterator

from .. import model as m
from ..findings import ERROR, WARNING
from ..amounts import folded
from ..normalize import fold_width
from .common import refused
from .engine import Hit, rule

_REQUIRED_HEADER = [s for s in m.PROJECT_FIELDS if s.key[0] == "header"]


@rule("header-required", ERROR, "基本信息必填项未填", example="未填项目名称")
def header_required(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in _REQUIRED_HEADER:
        value = getattr(project.header, spec.key[1])
        if (value is None or (isinstance(value, str) and not value.strip())) and not refused(project, spec.key):
            yield Hit(f"未填{spec.label}", spec.key)


@rule("header-nature", WARNING, "项目性质不是常用的取值", example="项目性质写“长期项目”")
def header_nature(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    nature = project.header.nature.strip()
    if nature and nature not in m.NATURES:
        yield Hit(f"项目性质“{nature}”不是常用取值（{'、'.join(m.NATURES)}）", ("header", "nature"))


@rule("header-department", WARNING, "项目的主管部门与单位的主管部门不同", example="主管部门与 unit.toml 中的不同")
def header_department(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    mine, theirs = project.header.department.strip(), unit.department.strip()
    if mine and theirs and mine != theirs and fold_width(mine) != fold_width(theirs):  # (equal: nothing to fold)
        yield Hit(f"主管部门“{mine}”与单位信息中的“{theirs}”不同", ("header", "department"))


@rule("dates-order", ERROR, "计划开始日期晚于计划完成日期", example="开始 2025-01-01，完成 2024-12-31")
def dates_order(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    start, end = project.header.start, project.header.end
    if start and end and start > end:
        yield Hit(f"计划开始日期 {start} 晚于计划完成日期 {end}", ("header", "start"))


@rule("dates-year", WARNING, "计划日期不含申报年度", example="2024 年的申报，计划期 2023 年")
def dates_year(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    start, end = project.header.start, project.header.end
    if unit.year and start and end and start <= end and not start.year <= unit.year <= end.year:
        yield Hit(f"计划期 {start} 至 {end} 不含申报年度 {unit.year} 年", ("header", "start"))


_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—+|-|~|～)\s*"
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月"
)
#: ``2024.01-2024.12``, ``2024/1/1-2024/12/31``, ``2024-01至2024-12``.
_PERIOD_DIGITS = re.compile(
    r"(\d{4})[./-](\d{1,2})(?:[./-]\d{1,2})?\s*(?:至|到|—+|-|~|～)\s*(\d{4})[./-](\d{1,2})(?:[./-]\d{1,2})?")


def _period_said(text: str) -> tuple[int, int, int, int] | None:
    text = folded(text)
    match = _PERIOD.search(text)
    if match:
        y1, m1, y2, m2 = match.groups()
        return int(y1), int(m1), int(y2) if y2 else int(y1), int(m2)
    match = _PERIOD_DIGITS.search(text)
    if match:
        y1, m1, y2, m2 = (int(g) for g in match.groups())
        return y1, m1, y2, m2
    return None


@rule("dates-period-text", ERROR, "五、实施周期的文字与计划日期不符", example="五、实施周期写 2024 年 3 月至 12 月，计划日期 2024-01-01 至 2024-12-31")
def dates_period_text(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    start, end = project.header.start, project.header.end
    said = _period_said(project.narrative.period)
    if not said or not (start and end) or start > end:
        return
    y1, m1, y2, m2 = said
    if (y1, m1) == (start.year, start.month) and (y2, m2) == (end.year, end.month):
        return
    inside = (start.year, start.month) <= (y1, m1) <= (y2, m2) <= (end.year, end.month)
    budget_year = unit.year or y1
    if inside and start.year < end.year and y1 == y2 == budget_year:
        return  # a multi-year plan: the text describes this budget year inside it
    yield Hit(f"实施周期写“{y1}年{m1}月至{y2}年{m2}月”，而计划日期为 {start} 至 {end}", ("narrative", "period"))
