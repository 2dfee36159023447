"""六、年度预算安排: the cost table and its arithmetic.

Each line's 数量 × 单价 against its 资金需求 (``cost-line-arithmetic``), the
units, each group's 合计, and the table's total against 年度资金申请总额.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import ERROR, WARNING
from ..amounts import Stated, clauses, folded, other_year, part_of, per_unit, stated_amounts, years_said
from ..normalize import money_factor
from ..numbers import product
from ..places import BUDGET
from .common import (EPSILON, cost_lines, diff_text, differ, line_path, matches, refused,
                     rounded_price_tolerance, said_figures, yuan)
from .engine import Hit, rule
from .facts import budget_facts

_MONEY_FIELDS = [s for s in m.PROJECT_FIELDS if s.kind == "money"]
_ZERO = Decimal(0)  # (a Decimal compares with a Decimal several times faster than with an int)


@rule("amount-negative", ERROR, "金额或数量为负数或零", example="单价写 -150 元/人")
def amount_negative(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in _MONEY_FIELDS:
        value = getattr(project.funding, spec.key[1])
        if value is not None and value < 0:
            yield Hit(f"{spec.label}不能为负数（{yuan(value)}）", spec.key)
    for gi, li, line in budget_facts(project).loud:  # (the other lines' figures are all above zero)
        quantity, price, amount = line.quantity, line.price, line.amount
        if ((quantity is None or quantity.value > _ZERO) and (price is None or price.value > _ZERO)
                and (amount is None or amount.value > _ZERO)):
            continue
        for attr, label, value in (("quantity", "数量", quantity), ("price", "单价", price),
                                   ("amount", "资金需求", amount)):
            if value is not None and value.value <= 0:
                yield Hit(f"{label}应大于零（{value}）", line_path(gi, li, attr))


@rule("cost-line-arithmetic", ERROR, "数量 × 单价 ≠ 资金需求（已换算 元/万元）", example="47 件 × 800 元/件，资金需求写 38000 元（原表项目 7）")
def cost_line_arithmetic(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in budget_facts(project).loud:  # (in the other lines 数量 × 单价 is 资金需求)
        quantity, price, amount = line.quantity, line.price, line.amount
        if quantity is None or price is None or amount is None:
            continue
        price_yuan, stated = price.yuan(), amount.yuan("元")  # (as line.computed_yuan, line.stated_yuan)
        if price_yuan is None or stated is None:
            continue
        computed = product(quantity.value, price_yuan)
        if abs(computed - stated) <= EPSILON:
            continue  # (the tolerance below is never less than EPSILON)
        yield from _arithmetic(line, computed, stated, gi, li)


def _arithmetic(line: m.CostLine, computed: Decimal, stated: Decimal, gi: int, li: int) -> Iterator[Hit]:
    tolerance = EPSILON + rounded_price_tolerance(line.quantity.value, line.price)
    if differ(computed, stated, tolerance):
        yield Hit(f"数量 × 单价 = {line.quantity} × {line.price} = {yuan(computed)}，"
                  f"而资金需求写 {line.amount}（{yuan(stated)}），{diff_text(stated, computed)}",
                  line_path(gi, li, "amount"))


@rule("cost-line-units", ERROR, "单价或资金需求的单位不是 元/万元", example="单价写 150 人")
def cost_line_units(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in budget_facts(project).loud:  # (the other lines' units are money)
        price, amount = line.price, line.amount
        if price is not None and money_factor(price.unit) is None:
            yield Hit(f"单价“{price}”的单位应为 元、万元 或 元/人 这类写法", line_path(gi, li, "price"))
        if amount is not None and amount.unit and (money_factor(amount.unit) is None or "/" in amount.unit):
            yield Hit(f"资金需求“{amount}”的单位应为 元 或 万元", line_path(gi, li, "amount"))


@rule("cost-line-unit-mismatch", WARNING, "单价的计量单位与数量的单位不一致", example="数量 5000 公里，单价 10 元/人")
def cost_line_unit_mismatch(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in budget_facts(project).loud:  # (the other lines' units agree)
        if line.quantity is None or line.price is None or "/" not in line.price.unit:
            continue  # (no unit counted per: nothing to compare)
        per, counted = line.price.per, line.quantity.unit
        if per and counted and per != counted:
            yield Hit(f"单价按“{per}”计，数量却以“{counted}”计", line_path(gi, li, "price"))


@rule("cost-line-incomplete", ERROR, "预算明细行缺组成或金额", example="一行只有数量，没有单价和资金需求")
def cost_line_incomplete(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for gi, li, line in budget_facts(project).loud:  # (the other lines have an item and an amount)
        if not line.item.strip():
            yield Hit("未填组成（这一行是什么费用）", line_path(gi, li, "item"))
        if line.yuan is None and not any(refused(project, line_path(gi, li, a)) for a in ("quantity", "price", "amount")):
            yield Hit("未填资金需求，也无法由数量 × 单价算出", line_path(gi, li, "amount"))


@rule("cost-group-total", ERROR, "分组合计 ≠ 本组各行之和", example="分组写合计 41 万元，各行之和 40 万元")
def cost_group_total(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    facts = None
    for gi, group in enumerate(project.budget.groups):
        stated = None if group.total is None else group.total.yuan(default_unit="元")
        if stated is None:
            continue
        facts = facts or budget_facts(project)
        summed = facts.group_yuan[gi]  # (group.yuan)
        if not differ(stated, summed) or facts.group_missing[gi]:
            continue  # (a line without an amount: cost-line-incomplete says so, the sum cannot be checked)
        if differ(stated, _checked_sum(group.lines)):
            yield Hit(f"本组写合计 {group.total}（{yuan(stated)}），各行之和为 {yuan(summed)}，"
                      f"{diff_text(stated, summed)}", ("budget", "groups", gi, "total"))


def _checked_sum(lines: list[m.CostLine]) -> Decimal:
    """The lines' sum with each 数量 × 单价 in place of a 资金需求 that cost-line-arithmetic reports."""
    return sum((line.computed_yuan if line.computed_yuan is not None else line.yuan or Decimal(0)
                for line in lines), Decimal(0))


def _checked_totals(project: m.Project) -> list[Decimal]:
    """The table's total as the other rules check its parts: with each group's written 合计 in place of its
    lines, and also with each line's 数量 × 单价 in place of its 资金需求."""
    totals = [Decimal(0), Decimal(0)]
    for group in project.budget.groups:
        stated = None if group.total is None else group.total.yuan(default_unit="元")
        totals[0] += stated if stated is not None else group.yuan
        totals[1] += stated if stated is not None else _checked_sum(group.lines)
    return totals


@rule("budget-total", ERROR, "预算明细合计 ≠ 年度资金申请总额",
      example="明细合计 3785.5 万元，年度申请 3778 万元（原表项目 1）")
def budget_total(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    annual = project.funding.annual
    if annual is None or project.budget.line_count == 0:
        return
    facts = budget_facts(project)
    total = facts.total  # (project.budget.yuan)
    if not differ(total, annual) or facts.missing:
        return  # (a line without an amount: cost-line-incomplete says so)
    if all(differ(checked, annual) for checked in _checked_totals(project)):
        yield Hit(f"预算明细合计 {yuan(total)}，与年度资金申请总额 {yuan(annual)} 不符，"
                  f"{diff_text(total, annual)}", ("budget", "groups"), f"{BUDGET} › 合计")
    # (when the lines as checked add up, the line or group at fault is reported, once)


@rule("budget-lines-missing", WARNING, "年度预算安排没有明细行", example="六、年度预算安排只有文字")
def budget_lines_missing(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    if project.budget.line_count or refused(project, ("budget", "groups")):
        return
    if project.budget.prose.strip():
        yield Hit("预算只有文字说明，请同时录入明细行，以便核对合计", ("budget", "prose"), BUDGET)
    else:
        yield Hit("未填年度预算安排", ("budget",))


def _item_base(item: str) -> str:
    """``其他（办公用品）`` → ``其他``; ``1、数据采集`` → ``数据采集``."""
    return re.sub(r"^\s*\d+\s*[、.．]\s*", "", re.split(r"[（(]", item, maxsplit=1)[0]).strip()


def _named_lines(project: m.Project, clause: str) -> list[m.CostLine]:
    """The cost lines a clause of 六's prose is about: named in it, or named by its head (``餐费：…``)."""
    head = re.split(r"[：:]", clause, maxsplit=1)[0].strip() if re.search(r"[：:]", clause) else ""
    named = []
    for _, _, line in cost_lines(project):
        item, base = folded(line.item.strip()), _item_base(folded(line.item))
        if item and (item in clause or (head and base and (head == base or head == item))):
            named.append(line)
    return named


def _figures(project: m.Project, years: int | None) -> list[tuple[str, Decimal | None]]:
    """Every figure an amount in 六's prose may name when it names no line."""
    f = project.funding
    out: list[tuple[str, Decimal | None]] = [("年度资金申请总额", f.annual), ("项目资金总额", f.total)]
    if years and f.annual is not None:
        out.append((f"{years} 年合计", f.annual * years))
    for group in project.budget.groups:
        out.append((f"「{group.name}」合计", group.yuan))
        out.extend((f"「{line.item}」", line.yuan) for line in group.lines)
    return out


def _line_figures(line: m.CostLine, stated: Stated, years: int | None) -> list[tuple[str, Decimal | None]]:
    amount = line.yuan
    if stated.kind == "month":
        return [(f"「{line.item}」资金需求的 1/12", None if amount is None else amount / 12)]
    out: list[tuple[str, Decimal | None]] = [(f"「{line.item}」的资金需求", amount)]
    if line.price is not None and line.price.yuan() is not None:
        out.append((f"「{line.item}」的单价", line.price.yuan()))
    if years and amount is not None:
        out.append((f"{years} 年合计", amount * years))
    return out


def _mismatch(stated: Stated, candidates: list[tuple[str, Decimal | None]]) -> str | None:
    candidates = [(name, value) for name, value in candidates if value is not None]
    if not candidates or matches(stated.value, stated.tolerance, candidates):
        return None
    return f"写“{stated.phrase}”，{said_figures(candidates)}"


@rule("budget-text-amount", ERROR, "预算文字或测算依据中写的金额与它所指的明细不符",
      example="文字写“预估全年27000元”，「餐费」一行为 72000 元")
def budget_text_amount(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    from .narrative import narrative_amounts  # (checked there)

    if not project.budget.line_count:
        return  # nothing to compare with (budget-lines-missing says so)
    year = unit.year or (project.header.start.year if project.header.start else None)
    prose = project.budget.prose
    known = [phrase for phrase, _, _ in narrative_amounts(prose, None)]
    years = years_said(prose)
    for _, clause in clauses(prose):
        named = _named_lines(project, clause)
        for stated in _checkable(clause, year, known):
            if stated.kind == "per-unit":
                candidates = _prices(named or [line for _, _, line in cost_lines(project)])
            elif named:
                candidates = [c for line in named for c in _line_figures(line, stated, years)]
                if len(named) > 1:
                    candidates.append(("这几行之和", sum((line.yuan or Decimal(0) for line in named), Decimal(0))))
                if stated.kind == "total":  # 共 / 合计 may sum more than the lines it names
                    candidates += _figures(project, years)
            elif stated.kind in ("total", "year"):
                candidates = _figures(project, years)
            else:
                continue  # 约 X 元 in a sentence that names no line: of what? too vague
            message = _mismatch(stated, candidates)
            if message:
                yield Hit(message, ("budget", "prose"), BUDGET)
    for gi, li, line in budget_facts(project).noted:
        if not line.note:
            continue  # (no 测算依据: no amount in it)
        for stated in _checkable(line.note, year, []):
            candidates = _prices([line]) if stated.kind == "per-unit" else _line_figures(
                line, stated, years_said(line.note))
            message = _mismatch(stated, candidates)
            if message:
                yield Hit(message, line_path(gi, li, "note"))


def _checkable(text: str, year: int | None, known: list[str]) -> list[Stated]:
    """The amounts of one sentence (or 测算依据) that name a figure of the table: not another year's, not a
    part (其中 …); a per-unit one as kind ``per-unit``; of several totals, the last (``…，共 6 万元``)."""
    out = []
    for stated in stated_amounts(text):
        if any(stated.phrase in phrase or phrase in stated.phrase for phrase in known):
            continue  # (narrative-amount reads it)
        if other_year(text, stated, year) or part_of(text, stated):
            continue
        if stated.kind != "product" and per_unit(text, stated):
            out.append(replace(stated, kind="per-unit"))
        else:
            out.append(stated)
    wholes = [s for s in out if s.kind != "per-unit"]
    return [s for s in out if s.kind == "per-unit"] + wholes[-1:]


def _prices(lines: list[m.CostLine]) -> list[tuple[str, Decimal | None]]:
    return [(f"「{line.item}」的单价", line.price.yuan()) for line in lines if line.price is not None]
