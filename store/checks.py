"""The one check engine: every consistency rule, shared by ``jixiao check`` and the app.

A rule is a small pure function registered with :func:`rule`: it takes a
project (and the unit, for context) or the whole unit, and yields hits —
``(message, path, field)`` — that the engine turns into :class:`Finding`
objects with the rule's stable id and severity.  Rules never raise on any
model the loader accepts: a value that is missing is simply not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from . import model as m
from .findings import ERROR, WARNING, Finding, KeyPath, sort_key
from .locate import line_of
from .normalize import (
    EXACT,
    WAN,
    Measure,
    NormalizeError,
    fold_width,
    format_number,
    format_yuan,
    money_factor,
    parse_decimal,
    parse_target,
)

__all__ = ["RULES", "Rule", "rule", "check_project", "check_unit", "check_store", "Hit"]

#: Amounts closer than half a 分 are equal.
EPSILON = Decimal("0.005")


@dataclass(frozen=True)
class Hit:
    message: str
    path: KeyPath = ()
    field: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    #: ``project``, ``unit`` or ``load`` (reported by the loader itself).
    scope: str
    func: Callable[..., Iterable[Hit]] | None = None


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: str, title: str, scope: str = "project"):
    def register(func: Callable[..., Iterable[Hit]]):
        if rule_id in RULES:  # pragma: no cover - a programming error
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES[rule_id] = Rule(rule_id, severity, title, scope, func)
        return func
    return register


for _id, _sev, _title in (
    ("load-syntax", ERROR, "文件不是合法的 TOML"),
    ("load-encoding", ERROR, "文件不是 UTF-8 编码"),
    ("load-io", ERROR, "文件无法读取"),
    ("field-invalid", ERROR, "字段的值无法识别（金额、日期、数量、类型）"),
    ("field-unknown", WARNING, "文件中有本工具不认识的键（保存时保留）"),
):
    RULES[_id] = Rule(_id, _sev, _title, "load")


# --------------------------------------------------------------------------
# Helpers


def yuan(value: Decimal | None) -> str:
    return "（空）" if value is None else f"{format_yuan(value)} 元"


def _differ(a: Decimal, b: Decimal, tolerance: Decimal = EPSILON) -> bool:
    return abs(a - b) > tolerance


def _diff_text(actual: Decimal, expected: Decimal) -> str:
    delta = actual - expected
    return f"多 {format_yuan(delta)} 元" if delta > 0 else f"少 {format_yuan(-delta)} 元"


def group_label(project: m.Project, gi: int) -> str:
    group = project.budget.groups[gi]
    return f"六、年度预算安排 › {group.name or f'第 {gi + 1} 组'}"


def line_label(project: m.Project, gi: int, li: int, what: str = "") -> str:
    line = project.budget.groups[gi].lines[li]
    item = f"「{line.item}」" if line.item else ""
    label = f"{group_label(project, gi)} › 第 {li + 1} 行{item}"
    return f"{label} › {what}" if what else label


def indicator_label(project: m.Project, ii: int, what: str = "") -> str:
    ind = project.indicators[ii]
    name = f"「{ind.name}」" if ind.name else ""
    label = f"绩效指标 › 第 {ii + 1} 条{name}"
    return f"{label} › {what}" if what else label


def _rounded_price_tolerance(count: Decimal, price: Measure) -> Decimal:
    """How far 数量 × 单价 may drift when the unit price is itself rounded.

    A unit price written to the 分 (10.39 元) is usually an average rounded to
    the 分: the true price lies within half a 分, so the product may differ
    by ``count × 0.005 元``.  A price with coarser precision (27 万元, 0.3 万元,
    800 元) is taken as exact.
    """
    factor = money_factor(price.unit)
    exponent = price.value.as_tuple().exponent
    if factor is None or not isinstance(exponent, int):
        return Decimal(0)
    half_step = Decimal(5).scaleb(exponent - 1) * factor
    if half_step > Decimal("0.005"):
        return Decimal(0)
    return abs(count) * half_step


# --------------------------------------------------------------------------
# Header and dates

_REQUIRED_HEADER = [s for s in m.PROJECT_FIELDS if s.key[0] == "header"]


@rule("header-required", ERROR, "基本信息必填项未填")
def header_required(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in _REQUIRED_HEADER:
        value = getattr(project.header, spec.key[1])
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Hit(f"未填{spec.label}", spec.key, f"基本信息 › {spec.label}")


@rule("header-nature", WARNING, "项目性质不是常用的取值")
def header_nature(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    nature = project.header.nature.strip()
    if nature and nature not in m.NATURES:
        yield Hit(f"项目性质“{nature}”不是常用取值（{'、'.join(m.NATURES)}）",
                  ("header", "nature"), "基本信息 › 项目性质")


@rule("header-department", WARNING, "项目的主管部门与单位的主管部门不同")
def header_department(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    mine, theirs = project.header.department.strip(), unit.department.strip()
    if mine and theirs and fold_width(mine) != fold_width(theirs):
        yield Hit(f"主管部门“{mine}”与单位信息中的“{theirs}”不同",
                  ("header", "department"), "基本信息 › 主管部门")


@rule("dates-order", ERROR, "计划开始日期晚于计划完成日期")
def dates_order(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    start, end = project.header.start, project.header.end
    if start and end and start > end:
        yield Hit(f"计划开始日期 {start} 晚于计划完成日期 {end}", ("header", "start"),
                  "基本信息 › 计划开始日期")


@rule("dates-year", WARNING, "计划日期不含申报年度")
def dates_year(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    start, end = project.header.start, project.header.end
    if unit.year and start and end and start <= end and not start.year <= unit.year <= end.year:
        yield Hit(f"计划期 {start} 至 {end} 不含申报年度 {unit.year} 年", ("header", "start"),
                  "基本信息 › 计划开始日期")


_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—+|-|~|～)\s*"
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月"
)


@rule("dates-period-text", ERROR, "五、实施周期的文字与计划日期不符")
def dates_period_text(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    start, end = project.header.start, project.header.end
    match = _PERIOD.search(fold_width(project.narrative.period))
    if not match or not (start and end):
        return
    y1, m1, y2, m2 = match.groups()
    y1, m1, m2 = int(y1), int(m1), int(m2)
    y2 = int(y2) if y2 else y1
    said = f"{y1}年{m1}月至{y2}年{m2}月"
    if (y1, m1) != (start.year, start.month) or (y2, m2) != (end.year, end.month):
        yield Hit(f"实施周期写“{said}”，而计划日期为 {start} 至 {end}",
                  ("narrative", "period"), "五、实施周期")


# --------------------------------------------------------------------------
# Funding


@rule("funding-required", ERROR, "项目资金总额或年度资金申请总额未填")
def funding_required(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for attr, label in (("total", "项目资金总额"), ("annual", "年度资金申请总额")):
        if getattr(project.funding, attr) is None:
            yield Hit(f"未填{label}", ("funding", attr), f"项目资金 › {label}")


def _split_check(total: Decimal | None, parts: list[Decimal | None]) -> Decimal | None:
    if total is None or all(p is None for p in parts):
        return None
    return sum((p or Decimal(0) for p in parts), Decimal(0))


@rule("funding-total-split", ERROR, "项目资金总额 ≠ 财政资金 + 其他资金")
def funding_total_split(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    parts = _split_check(f.total, [f.total_fiscal, f.total_other])
    if parts is not None and _differ(parts, f.total):
        yield Hit(f"项目资金总额 {yuan(f.total)} ≠ 财政资金 {yuan(f.total_fiscal)} + "
                  f"其他资金 {yuan(f.total_other)} = {yuan(parts)}",
                  ("funding", "total"), "项目资金 › 项目资金总额")


@rule("funding-annual-split", ERROR, "年度资金申请总额 ≠ 当年财政拨款 + 上年结转 + 其他资金")
def funding_annual_split(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    parts = _split_check(f.annual, [f.annual_fiscal, f.annual_carryover, f.annual_other])
    if parts is not None and _differ(parts, f.annual):
        yield Hit(f"年度资金申请总额 {yuan(f.annual)} ≠ 当年财政拨款 {yuan(f.annual_fiscal)} + "
                  f"上年结转 {yuan(f.annual_carryover)} + 其他资金 {yuan(f.annual_other)}"
                  f" = {yuan(parts)}", ("funding", "annual"), "项目资金 › 年度资金申请总额")


@rule("funding-annual-over-total", ERROR, "年度资金申请总额大于项目资金总额")
def funding_annual_over_total(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    if f.total is not None and f.annual is not None and f.annual - f.total > EPSILON:
        yield Hit(f"年度资金申请总额 {yuan(f.annual)} 大于项目资金总额 {yuan(f.total)}",
                  ("funding", "annual"), "项目资金 › 年度资金申请总额")


@rule("funding-total-annual", WARNING, "非阶段性项目的项目资金总额与年度申请额不同")
def funding_total_annual(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    f = project.funding
    if project.multi_year or f.total is None or f.annual is None:
        return
    if f.total - f.annual > EPSILON:
        yield Hit(f"项目性质为“{project.header.nature or '未填'}”，项目资金总额 {yuan(f.total)} "
                  f"却大于年度资金申请总额 {yuan(f.annual)}；跨年度项目请将项目性质填为阶段性项目",
                  ("funding", "total"), "项目资金 › 项目资金总额")


def _lines(project: m.Project) -> Iterator[tuple[int, int, m.CostLine]]:
    """Every cost line with its group index and line index."""
    for gi, group in enumerate(project.budget.groups):
        for li, line in enumerate(group.lines):
            yield gi, li, line


def _line_path(gi: int, li: int, attr: str) -> KeyPath:
    """The path of a cost line's field."""
    return ("budget", "groups", gi, "lines", li, attr)


_MONEY_FIELDS = [s for s in m.PROJECT_FIELDS if s.kind == "money"]


@rule("amount-negative", ERROR, "金额或数量为负数或零")
def amount_negative(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in _MONEY_FIELDS:
        value = getattr(project.funding, spec.key[1])
        if value is not None and value < 0:
            yield Hit(f"{spec.label}不能为负数（{yuan(value)}）", spec.key, f"项目资金 › {spec.label}")
    for gi, li, line in _lines(project):
        for attr, label in (("quantity", "数量"), ("price", "单价"), ("amount", "资金需求")):
            value = getattr(line, attr)
            if value is not None and value.value <= 0:
                yield Hit(f"{label}应大于零（{value}）", _line_path(gi, li, attr),
                          line_label(project, gi, li, label))


# --------------------------------------------------------------------------
# 六、年度预算安排


@rule("cost-line-arithmetic", ERROR, "数量 × 单价 ≠ 资金需求（已换算 元/万元）")
def cost_line_arithmetic(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in _lines(project):
        computed, stated = line.computed_yuan, line.stated_yuan
        if computed is None or stated is None or not _differ(computed, stated):
            continue  # (the tolerance below is never less than EPSILON)
        tolerance = EPSILON + _rounded_price_tolerance(line.quantity.value, line.price)
        if _differ(computed, stated, tolerance):
            yield Hit(f"数量 × 单价 = {line.quantity} × {line.price} = {yuan(computed)}，"
                      f"而资金需求写 {line.amount}（{yuan(stated)}），{_diff_text(stated, computed)}",
                      _line_path(gi, li, "amount"), line_label(project, gi, li, "资金需求"))


@rule("cost-line-units", ERROR, "单价或资金需求的单位不是 元/万元")
def cost_line_units(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in _lines(project):
        if line.price is not None and money_factor(line.price.unit) is None:
            yield Hit(f"单价“{line.price}”的单位应为 元、万元 或 元/人 这类写法",
                      _line_path(gi, li, "price"), line_label(project, gi, li, "单价"))
        if line.amount is not None and line.amount.unit and (
                money_factor(line.amount.unit) is None or "/" in line.amount.unit):
            yield Hit(f"资金需求“{line.amount}”的单位应为 元 或 万元",
                      _line_path(gi, li, "amount"), line_label(project, gi, li, "资金需求"))


@rule("cost-line-unit-mismatch", WARNING, "单价的计量单位与数量的单位不一致")
def cost_line_unit_mismatch(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in _lines(project):
        if line.quantity is None or line.price is None:
            continue
        per, counted = line.price.per, line.quantity.unit
        if per and counted and per != counted:
            yield Hit(f"单价按“{per}”计，数量却以“{counted}”计", _line_path(gi, li, "price"),
                      line_label(project, gi, li, "单价"))


@rule("cost-line-incomplete", ERROR, "预算明细行缺组成或金额")
def cost_line_incomplete(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in _lines(project):
        if not line.item.strip():
            yield Hit("未填组成（这一行是什么费用）", _line_path(gi, li, "item"),
                      line_label(project, gi, li, "组成"))
        if line.yuan is None:
            yield Hit("未填资金需求，也无法由数量 × 单价算出", _line_path(gi, li, "amount"),
                      line_label(project, gi, li, "资金需求"))


@rule("cost-group-total", ERROR, "分组合计 ≠ 本组各行之和")
def cost_group_total(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, group in enumerate(project.budget.groups):
        stated = None if group.total is None else group.total.yuan(default_unit="元")
        if stated is not None and _differ(stated, group.yuan):
            yield Hit(f"本组写合计 {group.total}（{yuan(stated)}），各行之和为 {yuan(group.yuan)}，"
                      f"{_diff_text(stated, group.yuan)}", ("budget", "groups", gi, "total"),
                      f"{group_label(project, gi)} › 合计")


@rule("budget-total", ERROR, "预算明细合计 ≠ 年度资金申请总额")
def budget_total(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    annual = project.funding.annual
    if annual is None or project.budget.line_count == 0:
        return
    total = project.budget.yuan
    if _differ(total, annual):
        yield Hit(f"预算明细合计 {yuan(total)}，与年度资金申请总额 {yuan(annual)} 不符，"
                  f"{_diff_text(total, annual)}", ("budget", "groups"), "六、年度预算安排 › 合计")


@rule("budget-lines-missing", WARNING, "年度预算安排没有明细行")
def budget_lines_missing(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    if project.budget.line_count:
        return
    if project.budget.prose.strip():
        yield Hit("预算只有文字说明，请同时录入明细行，以便核对合计", ("budget", "prose"),
                  "六、年度预算安排")
    else:
        yield Hit("未填年度预算安排", ("budget",), "六、年度预算安排")


_NUM = r"(\d[\d,，]*(?:[.．。]\d+)?)"
_UNIT = r"(万元|万|元)"
_ABOUT = r"(约|大约|近|约为)?"
_NARRATIVE_AMOUNT = [
    re.compile(rf"预算(?:资金|金额)(?!总)(?:为|是|共|合计)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}"),
    re.compile(rf"(?:本|今|当)年度?[^。；;，,]{{0,20}}?预算(?:资金|金额)?(?:安排)?(?:为|是)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}"),
    re.compile(rf"(?:此次|本次|今年|本年度?)拟?申请(?:资金|金额)?(?:为|是)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}"),
]
_YEAR_AMOUNT = re.compile(rf"(\d{{4}})\s*年度?\s*预算(?:安排|资金|金额)(?:为|是)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}")
_NARRATIVE_PLACES = [
    ("narrative", "overview", "一、项目概述"),
    ("narrative", "plan", "四、实施方案"),
    ("budget", "prose", "六、年度预算安排"),
]


def narrative_amounts(text: str, year: int | None) -> Iterator[tuple[str, Decimal, Decimal]]:
    """Each (phrase, amount in 元, tolerance) that states this year's request."""
    seen: set[int] = set()
    text = fold_width(text)
    found = []
    for pattern in _NARRATIVE_AMOUNT:
        for match in pattern.finditer(text):
            about, number, unit = match.groups()
            found.append((match, about, number, unit))
    for match in _YEAR_AMOUNT.finditer(text):
        said_year, about, number, unit = match.groups()
        if year is not None and int(said_year) == year:
            found.append((match, about, number, unit))
    for match, about, number, unit in sorted(found, key=lambda item: item[0].start()):
        if match.end() in seen:
            continue
        seen.add(match.end())
        try:
            value = parse_decimal(number)
        except NormalizeError:
            continue
        factor = WAN if unit.startswith("万") else Decimal(1)
        tolerance = EPSILON
        if about:
            exponent = value.as_tuple().exponent
            tolerance = Decimal(5).scaleb(exponent - 1) * factor if isinstance(exponent, int) else EPSILON
        yield match.group(0), value * factor, tolerance


@rule("narrative-amount", ERROR, "说明文字中写的年度预算金额与年度资金申请总额不符")
def narrative_amount(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    annual = project.funding.annual
    if annual is None:
        return
    year = unit.year or (project.header.start.year if project.header.start else None)
    for table, key, label in _NARRATIVE_PLACES:
        text = getattr(getattr(project, table), key)
        for phrase, value, tolerance in narrative_amounts(text, year):
            if _differ(value, annual, tolerance):
                yield Hit(f"写“{phrase}”，而年度资金申请总额为 {yuan(annual)}"
                          f"（{format_number((annual / WAN).normalize())} 万元）",
                          (table, key), label)


_EXPRESSION = re.compile(
    rf"{_NUM}\s*([^\d\s×*xX=＝，,；;。]{{0,6}}?)\s*[×*xX]\s*{_NUM}\s*([^\d\s×*xX=＝，,；;。]{{0,6}}?)"
    rf"\s*[=＝]\s*{_NUM}\s*([^\d\s，,；;。]{{0,6}})"
)


def _measure(number: str, unit: str) -> Measure | None:
    try:
        return Measure(parse_decimal(number.replace("，", ",")), unit.strip())
    except NormalizeError:
        return None


def expressions(text: str) -> Iterator[tuple[str, Measure, Measure, Measure]]:
    """Each ``A × B = C`` written in ``text`` (units optional)."""
    for match in _EXPRESSION.finditer(fold_width(text)):
        a, ua, b, ub, c, uc = match.groups()
        parts = _measure(a, ua), _measure(b, ub), _measure(c, uc)
        if all(parts):
            yield (match.group(0), *parts)  # type: ignore[misc]


def _expression_error(a: Measure, b: Measure, c: Measure) -> bool:
    """True when ``a × b ≠ c`` (in comparable units, within the precision written)."""
    fa, fb, fc = money_factor(a.unit), money_factor(b.unit), money_factor(c.unit)
    left = EXACT.multiply(EXACT.multiply(a.value, b.value), (fa or 1) * (fb or 1))
    right = EXACT.multiply(c.value, fc or 1)
    if (fa or fb) and fc is None and not c.unit:
        right = EXACT.multiply(c.value, fa or fb)  # "1500 元 × 10 = 15000": the result is in the same money
    tolerance = EPSILON
    if fa:
        tolerance += _rounded_price_tolerance(b.value, a)
    if fb:
        tolerance += _rounded_price_tolerance(a.value, b)
    return _differ(left, right, tolerance)


def _product_text(a: Measure, b: Measure) -> str:
    product = EXACT.multiply(a.value, b.value)
    return f"{format_number(a.value)} × {format_number(b.value)} = {format_number(product)}"


@rule("text-arithmetic", ERROR, "文字或测算依据中的算式 A × B = C 不成立")
def text_arithmetic(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for table, key, label in _NARRATIVE_PLACES:
        for phrase, a, b, c in expressions(getattr(getattr(project, table), key)):
            if _expression_error(a, b, c):
                yield Hit(f"“{phrase}”不成立：{_product_text(a, b)}", (table, key), label)
    for gi, li, line in _lines(project):
        for phrase, a, b, c in expressions(line.note):
            if (line.quantity and line.price and line.amount
                    and {a.value, b.value} == {line.quantity.value, line.price.value}
                    and c.value == line.amount.value):
                continue  # the line's own 数量 × 单价, checked by cost-line-arithmetic
            if _expression_error(a, b, c):
                yield Hit(f"测算依据“{phrase}”不成立：{_product_text(a, b)}", _line_path(gi, li, "note"),
                          line_label(project, gi, li, "测算依据"))


# --------------------------------------------------------------------------
# Narrative and goals

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_TEXT_FIELDS = [s for s in m.PROJECT_FIELDS if s.kind in ("text", "longtext")]
_TEXT_LABELS = {s.key: s.label for s in _TEXT_FIELDS}
_LINE_TEXTS = {"item": "组成", "note": "测算依据"}
_INDICATOR_LABELS = {s.attr: s.label for s in m.INDICATOR_FIELDS}


def _texts(project: m.Project) -> Iterator[tuple[KeyPath, str]]:
    """Every piece of free text in a project: (path, text); :func:`_text_label` names it."""
    for spec in _TEXT_FIELDS:
        table, name = spec.key
        yield spec.key, getattr(getattr(project, table), name)
    for gi, group in enumerate(project.budget.groups):
        yield ("budget", "groups", gi, "name"), group.name
        for li, line in enumerate(group.lines):
            yield ("budget", "groups", gi, "lines", li, "item"), line.item
            yield ("budget", "groups", gi, "lines", li, "note"), line.note
    for ii, ind in enumerate(project.indicators):
        for spec in m.INDICATOR_FIELDS:
            yield ("indicators", ii, spec.attr), getattr(ind, spec.attr)


def _text_label(project: m.Project, path: KeyPath) -> str:
    """The label of a text that :func:`_texts` gave."""
    match path:
        case ("budget", "groups", gi, "name"):
            return group_label(project, gi)
        case ("budget", "groups", gi, "lines", li, attr):
            return line_label(project, gi, li, _LINE_TEXTS[attr])
        case ("indicators", ii, attr):
            return indicator_label(project, ii, _INDICATOR_LABELS[attr])
    return _TEXT_LABELS[path]


@rule("text-control", WARNING, "文字中含有控制字符（如 ESC），多为从别处粘贴带入")
def text_control(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for path, text in _texts(project):
        match = _CONTROL.search(text)
        if match:
            code = f"U+{ord(match.group(0)):04X}"
            yield Hit(f"含有不可见的控制字符 {code}，屏幕上显示为符号；请删除", path,
                      _text_label(project, path))


@rule("narrative-missing", WARNING, "项目说明（一至五）有未填的部分")
def narrative_missing(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in m.PROJECT_FIELDS:
        if spec.key[0] == "narrative" and not getattr(project.narrative, spec.key[1]).strip():
            yield Hit(f"未填{spec.label}", spec.key, spec.label)


@rule("goals-missing", ERROR, "项目总目标或年度总体目标未填")
def goals_missing(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in m.PROJECT_FIELDS:
        if spec.key[0] == "goals" and not getattr(project.goals, spec.key[1]).strip():
            yield Hit(f"未填{spec.label}", spec.key, f"绩效目标 › {spec.label}")


# --------------------------------------------------------------------------
# Indicators


@rule("indicator-level1", ERROR, "一级指标不在成本/产出/效益/满意度之中")
def indicator_level1(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        if ind.level1.strip() and ind.level1.strip() not in m.FRAMEWORK:
            yield Hit(f"一级指标“{ind.level1}”应为 {'、'.join(m.FRAMEWORK)} 之一",
                      ("indicators", ii, "level1"), indicator_label(project, ii, "一级指标"))


@rule("indicator-level2", ERROR, "二级指标不属于它的一级指标")
def indicator_level2(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        level1, level2 = ind.level1.strip(), ind.level2.strip()
        allowed = m.FRAMEWORK.get(level1)
        if allowed is None or not level2:
            continue
        if level2 not in allowed + m.LEVEL2_ALIASES.get(level1, ()):
            yield Hit(f"二级指标“{level2}”不属于{level1}（应为 {'、'.join(allowed)}）",
                      ("indicators", ii, "level2"), indicator_label(project, ii, "二级指标"))


@rule("indicator-coverage", ERROR, "缺少产出、效益或满意度指标")
def indicator_coverage(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    present = {ind.level1.strip() for ind in project.indicators}
    for needed in ("产出指标", "效益指标", "满意度指标"):
        if needed not in present:
            yield Hit(f"至少应有一条{needed}", ("indicators",), "绩效指标")


@rule("indicator-empty", ERROR, "指标的层级、名称或指标值未填")
def indicator_empty(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        for spec in m.INDICATOR_FIELDS:
            if not getattr(ind, spec.attr).strip():
                yield Hit(f"未填{spec.label}", ("indicators", ii, spec.attr),
                          indicator_label(project, ii, spec.label))


@rule("indicator-target", ERROR, "指标值写法无法识别")
def indicator_target(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind in enumerate(project.indicators):
        if not ind.target.strip():
            continue
        try:
            parse_target(ind.target)
        except NormalizeError as err:
            yield Hit(str(err), ("indicators", ii, "target"), indicator_label(project, ii, "指标值"))


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
            yield Hit(f"指标值 {target} 超出 0–100%", ("indicators", ii, "target"),
                      indicator_label(project, ii, "指标值"))


@rule("indicator-cost-direction", WARNING, "成本指标的指标值用了 ≥（成本通常设上限 ≤）")
def indicator_cost_direction(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for ii, ind, target in _targets(project):
        if ind.level1.strip() == "成本指标" and target.op in ("≥", ">"):
            yield Hit(f"成本指标“{ind.name}”的指标值 {target} 用了 {target.op}；成本一般应写上限，如 ≤",
                      ("indicators", ii, "target"), indicator_label(project, ii, "指标值"))


@rule("indicator-duplicate", WARNING, "同一项目中三级指标重名")
def indicator_duplicate(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    seen: dict[str, int] = {}
    for ii, ind in enumerate(project.indicators):
        name = ind.name.strip()
        if not name:
            continue
        if name in seen:
            yield Hit(f"三级指标“{name}”与第 {seen[name] + 1} 条重名", ("indicators", ii, "name"),
                      indicator_label(project, ii, "三级指标"))
        else:
            seen[name] = ii


# --------------------------------------------------------------------------
# The unit


@rule("unit-required", ERROR, "单位信息必填项未填", scope="unit")
def unit_required(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    for spec in m.UNIT_FIELDS:
        value = getattr(unit, spec.attr)
        if value is None or (isinstance(value, str) and not value.strip()):
            yield Hit(f"未填{spec.label}", spec.key, f"单位信息 › {spec.label}")


@rule("unit-count", ERROR, "单位申报的项目个数与实际项目数不符", scope="unit")
def unit_count(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    if unit.declared_projects is not None and unit.declared_projects != len(annuals):
        yield Hit(f"单位信息写编报项目 {unit.declared_projects} 个，实有 {len(annuals)} 个",
                  ("declared_projects",), "单位信息 › 编报项目个数")


@rule("unit-total", ERROR, "单位申报的预算资金与各项目年度申请额之和不符", scope="unit")
def unit_total(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    if unit.declared_total is None:
        return
    total = sum((annual or Decimal(0) for annual in annuals), Decimal(0))
    if _differ(total, unit.declared_total):
        yield Hit(f"单位信息写项目预算资金 {yuan(unit.declared_total)}，各项目年度资金申请总额之和为 "
                  f"{yuan(total)}，{_diff_text(total, unit.declared_total)}",
                  ("declared_total",), "单位信息 › 涉及项目预算资金")


# --------------------------------------------------------------------------
# The engine


def _findings(rule_: Rule, hits: Iterable[Hit], file: str, project: str) -> Iterator[Finding]:
    for hit in hits:
        yield Finding(rule_.id, rule_.severity, hit.message, file, project, tuple(hit.path), hit.field)


def check_project(project: m.Project, unit: m.Unit | None = None, file: str = "",
                  text: str | None = None) -> list[Finding]:
    """Every project rule's findings, located in ``text`` when given."""
    unit = unit or m.Unit()
    out: list[Finding] = []
    for rule_ in RULES.values():
        if rule_.scope == "project":
            out.extend(_findings(rule_, rule_.func(project, unit), file, project.id))
    return locate(out, text)


def check_unit(unit: m.Unit, projects: list[m.Project], file: str = "",
               text: str | None = None) -> list[Finding]:
    """Every unit rule's findings over these (loaded) projects."""
    return check_unit_amounts(unit, [p.funding.annual for p in projects], file, text)


def check_unit_amounts(unit: m.Unit, annuals: list[Decimal | None], file: str = "",
                       text: str | None = None) -> list[Finding]:
    """The unit rules need of each loaded project only its 年度资金申请总额:
    the index and the app pass just those."""
    out: list[Finding] = []
    for rule_ in RULES.values():
        if rule_.scope == "unit":
            out.extend(_findings(rule_, rule_.func(unit, annuals), file, ""))
    return locate(out, text)


def locate(findings: list[Finding], text: str | None) -> list[Finding]:
    if not text:
        return findings
    return [f if f.line is not None else f.located(line_of(text, f.path)) for f in findings]


def check_store(loaded) -> list[Finding]:
    """All findings for a loaded store: loading problems first, then every rule."""
    from .toml_store import UNIT_FILE

    unit_file = str(loaded.root / UNIT_FILE)
    out = locate(list(loaded.findings), loaded.unit_text)
    for lp in loaded.projects:
        out.extend(locate(lp.findings, lp.text))
        if lp.project is not None:
            out.extend(check_project(lp.project, loaded.unit, str(lp.path), lp.text))
    out.extend(check_unit(loaded.unit, loaded.models, unit_file, loaded.unit_text))
    return sorted(out, key=sort_key)


def summary(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity == ERROR)
    return errors, len(findings) - errors


def with_field(finding: Finding) -> str:
    return f"{finding.field}：{finding.message}" if finding.field else finding.message


__all__ += ["summary", "with_field", "locate", "narrative_amounts", "expressions"]
