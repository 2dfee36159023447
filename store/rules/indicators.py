"""绩效指标: the framework's levels, coverage, empty cells, readable targets, percentages, duplicates."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import ERROR, WARNING
from ..normalize import NormalizeError, money_factor, parse_target
from ..frameworks import framework_of, is_satisfaction
from .common import EPSILON, cost_lines, refused, said_figures, yuan
from .engine import Hit, rule
from .facts import shared


@rule("indicator-level1", ERROR, "一级指标不属于所用的指标框架",
      example="一级指标写“影响指标”")
def indicator_level1(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    frame = shared(project, "framework", lambda: framework_of(project, unit))
    for ii, ind in enumerate(project.indicators):
        level1 = ind.level1.strip()
        if level1 and level1 not in frame.levels:
            hint = ""
            for level1_, level2s in frame.levels.items():
                if level1 in level2s:
                    hint = f"；按{frame.name}，{level1}是{level1_}下的二级指标"
            yield Hit(f"一级指标“{ind.level1}”应为 {'、'.join(frame.levels)} 之一{hint}", ("indicators", ii, "level1"))


@rule("indicator-level2", ERROR, "二级指标不属于它的一级指标（按所用的指标框架）",
      example="产出指标 › 社会效益指标")
def indicator_level2(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    frame = shared(project, "framework", lambda: framework_of(project, unit))
    for ii, ind in enumerate(project.indicators):
        level1, level2 = ind.level1.strip(), ind.level2.strip()
        allowed = frame.levels.get(level1)
        if allowed is None or not level2:
            continue
        if level2 not in frame.level2_choices(level1):
            owner = next((name for name, level2s in frame.levels.items() if level2 in level2s), "")
            hint = f"，它属于{owner}" if owner else ""
            yield Hit(f"二级指标“{level2}”不属于{level1}{hint}（按{frame.name}，{level1}下应为 "
                      f"{'、'.join(allowed)}）", ("indicators", ii, "level2"))


@rule("indicator-coverage", ERROR, "缺少所用指标框架要求的一级指标（成本、产出、效益、满意度）",
      example="项目没有一条满意度指标")
def indicator_coverage(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    frame = shared(project, "framework", lambda: framework_of(project, unit))
    present = {ind.level1.strip() for ind in project.indicators}
    if any(is_satisfaction(ind) for ind in project.indicators):
        present.add("满意度指标")
    if any("成本" in ind.level2 for ind in project.indicators):
        present.add("成本指标")  # (placed under another 一级: indicator-level2 says so, once)
    for needed in frame.required:
        if needed not in present:
            where = "（服务对象满意度指标，可作为效益指标下的二级指标）" if frame.key == "88" and needed == "满意度指标" else ""
            yield Hit(f"至少应有一条{needed}{where}（{frame.name}）", ("indicators",))


@rule("indicator-empty", ERROR, "指标的层级、名称或指标值未填", example="指标值未填")
def indicator_empty(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        for spec in m.INDICATOR_FIELDS:
            if not getattr(ind, spec.attr).strip() and not refused(project, ("indicators", ii, spec.attr)):
                yield Hit(f"未填{spec.label}", ("indicators", ii, spec.attr))


@rule("indicator-target", ERROR, "指标值写法无法识别", example="指标值写“≥9x0”")
def indicator_target(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        if not ind.target.strip():
            continue
        try:
            parse_target(ind.target)
        except NormalizeError as err:
            yield Hit(str(err), ("indicators", ii, "target"))


def _targets(project: m.Project) -> list[tuple[int, m.Indicator, object]]:
    """The quantitative targets (ii, indicator, target): read once per check, for the rules that compare them."""
    return shared(project, "targets", lambda: list(_read_targets(project)))


def _read_targets(project: m.Project) -> Iterator[tuple[int, m.Indicator, object]]:
    for ii, ind in enumerate(project.indicators):
        try:
            target = parse_target(ind.target) if ind.target.strip() else None
        except NormalizeError:
            target = None
        if target is not None and target.quantitative:
            yield ii, ind, target


@rule("indicator-percent", ERROR, "百分比指标值超过 100% 或为负", example="≥120.00(%)")
def indicator_percent(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, _, target in _targets(project):
        if target.unit == "%" and not Decimal(0) <= target.value <= 100:
            yield Hit(f"指标值 {target} 超出 0–100%", ("indicators", ii, "target"))


@rule("indicator-cost-direction", WARNING, "成本指标的指标值用了 ≥（成本通常设上限 ≤）", example="成本指标写 ≥25.00(万元)")
def indicator_cost_direction(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind, target in _targets(project):
        if ind.level1.strip() == "成本指标" and target.op in ("≥", ">"):
            yield Hit(f"成本指标“{ind.name}”的指标值 {target} 用了 {target.op}；成本一般应写上限，如 ≤",
                      ("indicators", ii, "target"))


@rule("indicator-duplicate", WARNING, "同一项目中三级指标重名", example="两条“接待人员数量”")
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


def _is_cost(ind: m.Indicator) -> bool:
    return "成本" in ind.level1 or "成本" in ind.level2


def _base(item: str) -> str:
    """``餐费（市外）`` → ``餐费``."""
    return item.split("（", 1)[0].split("(", 1)[0].strip()


def _cost_figures(project: m.Project, ind: m.Indicator, per: str) -> list[tuple[str, Decimal | None]]:
    """What a 成本指标 may name in the cost table, by what its name and unit say it is; [] when they say nothing."""
    name, annual = ind.name, project.funding.annual
    lines = [line for _, _, line in cost_lines(project)]
    named = [line for line in lines if len(_base(line.item)) >= 2 and _base(line.item) in name]
    lines = named or lines  # 餐费人均标准: the 餐费 lines only
    if "月" in name:
        return [("年度资金申请总额的 1/12", None if annual is None else annual / 12)] + [
            (f"「{line.item}」的 1/12", None if line.yuan is None else line.yuan / 12) for line in lines]
    if "人均" in name or "每人" in name or per == "人":
        return [(f"「{line.item}」的单价", line.price.yuan()) for line in lines
                if line.price is not None and (line.price.per == "人" or (
                    line.quantity is not None and line.quantity.unit == "人"))]
    if any(word in name for word in ("总成本", "总额", "总投入", "总费用", "项目成本", "总预算")):
        return [("年度资金申请总额", annual), ("项目资金总额", project.funding.total)] + [
            (f"「{group.name}」合计", group.yuan) for group in project.budget.groups]
    if per or any(word in name for word in ("单价", "单位成本", "单次", "每", "均")):
        return [(f"「{line.item}」的单价", line.price.yuan()) for line in lines if line.price is not None] + [
            (f"「{line.item}」", line.yuan) for line in lines if line.price is None]
    return []


#: How far above the figure it names a cap (≤) may lie, and below it a floor (≥): 20%.
CAP_MARGIN = Decimal("1.2")


def _agrees(op: str, value: Decimal, step: Decimal, figure_: Decimal) -> bool:
    """The indicator's value is the figure (within the rounding it shows), or a cap a little above it."""
    if abs(value - figure_) <= step + EPSILON:
        return True
    if op in ("≤", "<"):
        return figure_ <= value <= figure_ * CAP_MARGIN
    if op in ("≥", ">"):
        return figure_ / CAP_MARGIN <= value <= figure_
    return False


@rule("indicator-cost-table", ERROR, "成本指标的金额与预算明细中它所指的单价、人均、月均或总额不符",
      example="成本指标“援藏干部人才人均工作经费”写 ≤2.50(万元)，明细单价 25 万元/人")
def indicator_cost_table(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    if not project.budget.line_count:
        return
    for ii, ind, target in _targets(project):
        factor = money_factor(target.unit)
        if not _is_cost(ind) or factor is None:
            continue
        per = target.unit.split("/", 1)[1].strip() if "/" in target.unit else ""
        candidates = [(label, value) for label, value in _cost_figures(project, ind, per) if value is not None]
        value = target.value * factor
        exponent = target.value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:  # 235500 元: the zeros of a whole number are not digits shown
            exponent = target.value.normalize().as_tuple().exponent
        step = Decimal(1).scaleb(exponent) * factor if isinstance(exponent, int) else EPSILON
        if not candidates or any(_agrees(target.op, value, step, figure_) for _, figure_ in candidates):
            continue
        yield Hit(f"成本指标“{ind.name}”为 {target}（{yuan(value)}），{said_figures(candidates)}"
                  f"（已按指标值的位数取舍，上限可高出 20%）",
                  ("indicators", ii, "target"))
