"""绩效指标: the framework's levels, coverage, empty cells, readable targets, percentages, duplicates."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import ERROR, WARNING
from ..normalize import NormalizeError, parse_target
from .common import refused
from .engine import Hit, rule


@rule("indicator-level1", ERROR, "一级指标不在成本/产出/效益/满意度之中")
def indicator_level1(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        if ind.level1.strip() and ind.level1.strip() not in m.FRAMEWORK:
            yield Hit(f"一级指标“{ind.level1}”应为 {'、'.join(m.FRAMEWORK)} 之一", ("indicators", ii, "level1"))


@rule("indicator-level2", ERROR, "二级指标不属于它的一级指标")
def indicator_level2(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        level1, level2 = ind.level1.strip(), ind.level2.strip()
        allowed = m.FRAMEWORK.get(level1)
        if allowed is None or not level2:
            continue
        if level2 not in m.level2_choices(level1):
            yield Hit(f"二级指标“{level2}”不属于{level1}（应为 {'、'.join(allowed)}）",
                      ("indicators", ii, "level2"))


@rule("indicator-coverage", ERROR, "缺少产出、效益或满意度指标")
def indicator_coverage(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    present = {ind.level1.strip() for ind in project.indicators}
    for needed in ("产出指标", "效益指标", "满意度指标"):
        if needed not in present:
            yield Hit(f"至少应有一条{needed}", ("indicators",))


@rule("indicator-empty", ERROR, "指标的层级、名称或指标值未填")
def indicator_empty(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        for spec in m.INDICATOR_FIELDS:
            if not getattr(ind, spec.attr).strip() and not refused(project, ("indicators", ii, spec.attr)):
                yield Hit(f"未填{spec.label}", ("indicators", ii, spec.attr))


@rule("indicator-target", ERROR, "指标值写法无法识别")
def indicator_target(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        if not ind.target.strip():
            continue
        try:
            parse_target(ind.target)
        except NormalizeError as err:
            yield Hit(str(err), ("indicators", ii, "target"))


def _targets(project: m.Project) -> Iterator[tuple[int, m.Indicator, object]]:
    for ii, ind in enumerate(project.indicators):
        try:
            target = parse_target(ind.target) if ind.target.strip() else None
        except NormalizeError:
            target = None
        if target is not None and target.quantitative:
            yield ii, ind, target


@rule("indicator-percent", ERROR, "百分比指标值超过 100% 或为负")
def indicator_percent(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, _, target in _targets(project):
        if target.unit == "%" and not Decimal(0) <= target.value <= 100:
            yield Hit(f"指标值 {target} 超出 0–100%", ("indicators", ii, "target"))


@rule("indicator-cost-direction", WARNING, "成本指标的指标值用了 ≥（成本通常设上限 ≤）")
def indicator_cost_direction(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind, target in _targets(project):
        if ind.level1.strip() == "成本指标" and target.op in ("≥", ">"):
            yield Hit(f"成本指标“{ind.name}”的指标值 {target} 用了 {target.op}；成本一般应写上限，如 ≤",
                      ("indicators", ii, "target"))


@rule("indicator-duplicate", WARNING, "同一项目中三级指标重名")
def indicator_duplicate(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for ii, ind in enumerate(project.indicators):
        name = ind.name.strip()
        if not name:
            continue
        if name in seen:
            yield Hit(f"三级指标“{name}”与第 {seen[name] + 1} 条重名", ("indicators", ii, "name"))
        else:
            seen[name] = ii
