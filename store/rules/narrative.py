"""The prose: 一至五 and the goals filled in, amounts stated in words, ``A × B = C`` in the text, stray control characters."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..controls import BIDI, CONTROL, SEPARATORS
from ..findings import ERROR, WARNING, KeyPath
from ..normalize import EXACT, WAN, Measure, NormalizeError, format_number, money_factor, parse_decimal
from ..amounts import before, folded, other_year, part_of, per_unit, stated_amounts, years_said
from ..places import BUDGET, group_place, place
from .common import (EPSILON, differ, figure, line_path, matches, plan_years, refused,
                     rounded_price_tolerance, said_figures)
from .engine import RULES, Hit, rule
from .facts import budget_facts

__all__ = ["narrative_amounts", "expressions"]

_NUM = r"(\d[\d,，]*(?:[.．。]\d+)?)"
_UNIT = r"(万元|万|元)"
_ABOUT = r"(约|大约|近|约为)?"
#: Each pattern with a word it cannot match without (a search in C; a pattern not led by a literal costs
#: a scan of the text in the regex engine); the year's pattern needs each of its words.
_NARRATIVE_AMOUNT = [
    (re.compile(rf"预算(?:资金|金额)(?!总)(?:为|是|共|合计)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}"), "预算"),
    (re.compile(rf"(?:本|今|当)年度?[^。；;，,]{{0,20}}?预算(?:资金|金额)?(?:安排)?(?:为|是)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}"),
     "年"),
    (re.compile(rf"(?:此次|本次|今年|本年度?)拟?申请(?:资金|金额)?(?:为|是)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}"), "申请"),
]
_YEAR_AMOUNT = re.compile(rf"(\d{{4}})\s*年度?\s*预算(?:安排|资金|金额)(?:为|是)?\s*{_ABOUT}\s*{_NUM}\s*{_UNIT}")
_YEAR_WORDS = ("预算", "年")
#: The texts that state amounts, and how a finding names them ("" : by its path).
_NARRATIVE_PLACES = [
    ("narrative", "overview", ""),
    ("narrative", "plan", ""),
    ("budget", "prose", BUDGET),
]


def narrative_amounts(text: str, year: int | None) -> Iterator[tuple[str, Decimal, Decimal]]:
    """Each (phrase, amount in 元, tolerance) that states this year's request."""
    if ("预算" not in text and "申请" not in text) or ("元" not in text and "万" not in text):
        return  # (every pattern asks for one of each, none of which folding the width makes)
    seen: set[int] = set()
    text = folded(text)
    found = []
    for pattern, word in _NARRATIVE_AMOUNT:
        for match in pattern.finditer(text) if word in text else ():
            about, number, unit = match.groups()
            found.append((match, about, number, unit))
    for match in _YEAR_AMOUNT.finditer(text) if all(word in text for word in _YEAR_WORDS) else ():
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


@rule("narrative-amount", ERROR, "说明文字中写的金额与年度资金申请总额（或它所指的数）不符", example="概述写“预算资金约 610 万元”，年度申请 580 万元（原表项目 9）")
def narrative_amount(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    annual = project.funding.annual
    if annual is None:
        return
    year = unit.year or (project.header.start.year if project.header.start else None)
    for table, key, label in _NARRATIVE_PLACES:
        text = getattr(getattr(project, table), key)
        phrases = []
        for phrase, value, tolerance in narrative_amounts(text, year):
            phrases.append(phrase)
            if _OTHER_YEAR.search(_before(text, phrase)):
                continue  # 上年度预算资金 …: not this year's request
            years = years_said(text) or (plan_years(project) if project.multi_year else None)
            if years and years > 1 and matches(value, tolerance, _whole_term(project, years)):
                continue  # a multi-year text states the whole term's budget
            if differ(value, annual, tolerance):
                extra = f"，{figure('项目资金总额', project.funding.total, '为 ')}" if (
                    years and years > 1 and project.funding.total is not None) else ""
                yield Hit(f"写“{phrase}”，而{figure('年度资金申请总额', annual, '为 ')}{extra}", (table, key), label)
        if table == "narrative":
            yield from _cued_amounts(project, unit, text, phrases, (table, key), label)


_OTHER_YEAR = re.compile(r"(上|去|前|往|历|以往|上一)年")


def _before(text: str, phrase: str, width: int = 8) -> str:
    text = folded(text)
    at = text.find(phrase)
    return text[max(0, at - width):at] if at >= 0 else ""


def _whole_term(project: m.Project, years: int) -> list[tuple[str, Decimal | None]]:
    annual, total = project.funding.annual, project.funding.total
    return [("项目资金总额", total), (f"{years} 年合计", None if annual is None else annual * years)]


def _parts(project: m.Project) -> list[tuple[str, Decimal | None]]:
    """The groups and lines a sentence may total (``援藏援滇项目援助工作共 3110 万元``)."""
    out: list[tuple[str, Decimal | None]] = []
    for group in project.budget.groups:
        out.append((f"「{group.name}」合计", group.yuan))
        out.extend((f"「{line.item}」", line.yuan) for line in group.lines)
    return out


def _twelfths(project: m.Project) -> list[tuple[str, Decimal | None]]:
    return [(f"{name}的 1/12", None if value is None else value / 12) for name, value in _parts(project)]


_MONEY_WORDS = ("资金", "经费", "预算", "投资", "金额", "费用", "申请", "支付", "安排", "拨款", "投入")


def _cued_amounts(project: m.Project, unit: m.Unit, text: str, known: list[str], path: KeyPath,
                  label: str) -> Iterator[Hit]:
    """一、项目概述 and 四、实施方案: the other amounts stated after a cue (每年、共、合计、总投资 …)."""
    annual, total = project.funding.annual, project.funding.total
    year = unit.year or (project.header.start.year if project.header.start else None)
    years = years_said(text) or plan_years(project) or 1
    for stated in stated_amounts(text):
        if stated.kind == "product" or any(stated.phrase in phrase or phrase in stated.phrase for phrase in known):
            continue
        if per_unit(text, stated) or other_year(text, stated, year) or part_of(text, stated):
            continue  # per head or occasion, another year's, a part of something: not a figure of the form
        before_ = before(text, stated)
        if stated.kind == "year":
            gap = before_[:-len(stated.phrase)] + stated.phrase
            if not re.search(r"(每年|全年|年均)\s*(约|大约)?\s*\d", gap) and not any(w in gap for w in _MONEY_WORDS):
                continue
            candidates = [("年度资金申请总额", annual)]
            if total is not None and years > 1 and total != annual:
                candidates.append((f"项目资金总额的 1/{years}", total / years))
            parts = _parts  # (年均维护费用约 5 万元: a line's)
        elif stated.kind == "month":
            candidates = [("年度资金申请总额的 1/12", None if annual is None else annual / 12)]
            parts = _twelfths
        else:
            if not any(word in before_ for word in _MONEY_WORDS + ("共", "合计", "总计")):
                continue  # 约 20 万 of what: too vague to tie to one figure
            if "申请" in stated.phrase and years == 1:
                continue  # 拟申请 X without 此次 or a term: this year's, or a whole contract's?
            candidates = [("年度资金申请总额", annual), ("项目资金总额", total)] + (
                _whole_term(project, years)[1:] if years > 1 else [])
            parts = _parts
        if matches(stated.value, stated.tolerance, candidates):
            continue  # (the groups and lines, each worked out, only when the form's own figures do not match)
        candidates += parts(project)
        if matches(stated.value, stated.tolerance, candidates):
            continue
        yield Hit(f"写“{stated.phrase}”，{said_figures(candidates)}", path, label)


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
    if "=" not in text and "＝" not in text:
        return  # (no 等号: no expression; folding the width makes = only of ＝)
    for match in _EXPRESSION.finditer(folded(text)):
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
        tolerance += rounded_price_tolerance(b.value, a)
    if fb:
        tolerance += rounded_price_tolerance(a.value, b)
    return differ(left, right, tolerance)


def _product_text(a: Measure, b: Measure) -> str:
    product = EXACT.multiply(a.value, b.value)
    return f"{format_number(a.value)} × {format_number(b.value)} = {format_number(product)}"


@rule("text-arithmetic", ERROR, "文字或测算依据中的算式 A × B = C 不成立", example="“7500 元*2 篇=16000 元”")
def text_arithmetic(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for table, key, label in _NARRATIVE_PLACES:
        for phrase, a, b, c in expressions(getattr(getattr(project, table), key)):
            if _expression_error(a, b, c):
                yield Hit(f"“{phrase}”不成立：{_product_text(a, b)}", (table, key), label)
    for gi, li, line in budget_facts(project).noted:
        if not line.note:
            continue  # (no 测算依据: no expression in it)
        for phrase, a, b, c in expressions(line.note):
            if (line.quantity and line.price and line.amount
                    and {a.value, b.value} == {line.quantity.value, line.price.value}
                    and c.value == line.amount.value):
                continue  # the line's own 数量 × 单价, checked by cost-line-arithmetic
            if _expression_error(a, b, c):
                yield Hit(f"测算依据“{phrase}”不成立：{_product_text(a, b)}", line_path(gi, li, "note"))


_TEXT_FIELDS = [s for s in m.PROJECT_FIELDS if s.kind in ("text", "longtext")]


def _texts(project: m.Project) -> Iterator[tuple[KeyPath, str | None, str]]:
    """Every piece of free text in a project: (path, how the finding names it, text).

    The form's own fields are named by their label alone (``项目名称``), a group's name by the group;
    None: by :func:`~store.places.place`, asked only for a text that has a finding (most have none)."""
    for spec in _TEXT_FIELDS:
        table, name = spec.key
        yield spec.key, spec.label, getattr(getattr(project, table), name)
    for gi, group in enumerate(project.budget.groups):
        yield ("budget", "groups", gi, "name"), group_place(project, gi), group.name
        for li, line in enumerate(group.lines):
            yield line_path(gi, li, "item"), None, line.item
            yield line_path(gi, li, "note"), None, line.note
    for ii, ind in enumerate(project.indicators):
        for spec in m.INDICATOR_FIELDS:
            yield ("indicators", ii, spec.attr), None, getattr(ind, spec.attr)


def _all_text(project: m.Project) -> str:
    """Every free text of a project joined by newlines (which are not control text): one search for all."""
    parts = [getattr(getattr(project, table), name) for table, name in (s.key for s in _TEXT_FIELDS)]
    for group in project.budget.groups:
        parts.append(group.name)
        parts += group.line_texts()  # (one search: the order of the texts does not matter)
    parts.extend("\n".join((ind.level1, ind.level2, ind.name, ind.target)) for ind in project.indicators)
    return "\n".join(parts)


@rule("text-control", WARNING, "文字中含有控制字符（如 ESC、文字方向控制符），多为从别处粘贴带入")
def text_control(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    try:
        if not CONTROL.search(_all_text(project)):
            return  # (nearly every project: its texts are read once, not named one by one)
    except TypeError:  # a text that is not one (a model built by hand): the plain way says what it is
        pass
    for path, label, text in _texts(project):
        match = CONTROL.search(text)
        if match:
            char = match.group(0)
            code = f"U+{ord(char):04X}"
            what = ("文字方向控制字符" if char in BIDI else "分行符" if char in SEPARATORS else "控制字符")
            effect = "，会让文字显示的顺序与保存的不同" if char in BIDI else ""
            yield Hit(f"含有不可见的{what} {code}{effect}，屏幕上显示为符号；请删除", path,
                      place(path, project) if label is None else label)


@rule("narrative-missing", WARNING, "项目说明（一至五）有未填的部分", example="未填五、实施周期")
def narrative_missing(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in m.PROJECT_FIELDS:
        if spec.key[0] == "narrative" and not getattr(project.narrative, spec.key[1]).strip() and not refused(project, spec.key):
            yield Hit(f"未填{spec.label}", spec.key)


@rule("goals-missing", ERROR, "项目总目标或年度总体目标未填", example="未填年度总体目标")
def goals_missing(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    for spec in m.PROJECT_FIELDS:
        if spec.key[0] == "goals" and not getattr(project.goals, spec.key[1]).strip() and not refused(project, spec.key):
            yield Hit(f"未填{spec.label}", spec.key)


# (text-control's example is set here, outside its function, which another change extends.)
RULES["text-control"] = replace(RULES["text-control"], example="项目名称中粘贴带入的 ESC")
