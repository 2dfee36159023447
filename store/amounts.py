"""The amounts a Chinese budget text states, read as a reviewer reads them.

A text states money in a few ways: after a cue (约、共、合计、每年、全年、预估、
总投资、拟申请 …) as ``X 元`` or ``X 万元``, or as a product without its result
(``1 万元×2``, ``800元/件×47件``).  :func:`stated_amounts` finds each one, with
the value in 元, the tolerance its wording allows (``约 610 万元`` is 610 万元
to the 万元) and what kind of figure the cue says it is (a year's, a month's, a
total).  A number without a cue is not read: it is too vague to tie to a figure.

No rule lives here; :mod:`store.rules.narrative` compares what this reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from .normalize import EXACT, WAN, NormalizeError, fold_width, parse_decimal

__all__ = ["Stated", "stated_amounts", "clauses", "years_said", "about_tolerance", "folded", "EXPRESSION_SPAN",
           "before", "per_unit", "other_year", "part_of"]

EPSILON = Decimal("0.005")
_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MONEY = r"(万元|万(?![\u4e00-\u9fffA-Za-z])|元)"
#: A cue, then a few words (no digit, no break), then 约 or not, then an amount.
_CUED = re.compile(
    r"(每年|每月|全年|年均|月均|共计|共|合计|总计|总投资|总额|总预算|拟申请|申请|预估|预计|估算|约为|大约|约|需|计)"
    r"([^\d。；;，,、：:\n()（）]{0,8}?)\s*(约|大约|近|约为)?\s*" + _NUMBER + r"\s*" + _MONEY + r"(?![/／]|\w*[×*xX])")
#: ``1 万元×2``, ``800元/件×47件``, ``47件×800元/件``: a product not followed by ``=``.
_PRODUCT = re.compile(
    r"(?<![\d.])" + _NUMBER + r"\s*" + _MONEY + r"(?:[/／](\w{1,3}))?\s*[×*xX]\s*" + _NUMBER + r"\s*(\w{0,3}?)(?:[/／]\w{1,3})?"
    r"(?![\d.]|\s*[=＝])")
_PRODUCT_REVERSED = re.compile(
    r"(?<![\d.])" + _NUMBER + r"\s*([^\d\s×*xX=＝，,；;。元万]{0,3}?)\s*[×*xX]\s*" + _NUMBER + r"\s*" + _MONEY
    + r"(?:[/／]\w{1,3})?(?![\d.]|\s*[=＝])")
#: ``A × B = C`` (read by the arithmetic rule): its amounts are not read again here.
EXPRESSION_SPAN = re.compile(r"\d[\d,.]*\s*\S{0,6}?\s*[×*xX]\s*\d[\d,.]*\s*\S{0,6}?\s*[=＝]\s*\d[\d,.]*\s*[^\d\s，,；;。]{0,6}")
_YEARS = re.compile(r"(?:均分|分|共|连续|为期)\s*([一二两三四五六七八九十\d]+)\s*(?:个)?(?:年|个年度)")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


#: The full-width punctuation of nearly every Chinese text, with what :func:`~store.normalize.fold_width` makes
#: of it; and every character it folds (U+FF01–U+FF5E, the ideographic space, 。).
_COMMON_WIDE = tuple((wide, fold_width(wide)) for wide in "，。（）：；")
_WIDE = re.compile("[\uff01-\uff5e\u3000。]")


@lru_cache(maxsize=8192)
def folded(text: str) -> str:
    """:func:`~store.normalize.fold_width`, memoized: the rules read the same long texts several times.

    Its ``str.translate`` looks each character of a Chinese text up in a dict, some 70 ns each; the common
    punctuation is folded here by ``str.replace`` (a C scan), the rest only when some is left.  The same
    text: each character folds to ASCII on its own, and fold_width leaves ASCII as it is."""
    for wide, narrow in _COMMON_WIDE:
        text = text.replace(wide, narrow)
    return fold_width(text) if _WIDE.search(text) else text


@dataclass(frozen=True)
class Stated:
    """One amount a text states."""

    phrase: str
    #: In 元.
    value: Decimal
    #: How far the figure it names may be (the precision 约 shows, a rounded unit price).
    tolerance: Decimal
    #: ``year`` (每年、全年), ``month`` (每月), ``total`` (共、合计、总投资、拟申请), ``about`` (约、预估),
    #: ``product`` (``1 万元×2``).
    kind: str
    start: int
    end: int
    #: A per-unit figure (``元/件``): compared with a unit price.
    per_unit: bool = False


def about_tolerance(value: Decimal, factor: Decimal) -> Decimal:
    """Half the last written digit: ``约 610 万元`` → 5,000 元, ``约 40.4 万元`` → 500 元."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        return EPSILON
    return max(EPSILON, Decimal(5).scaleb(exponent - 1) * factor)


def _factor(unit: str) -> Decimal:
    return WAN if unit.startswith("万") else Decimal(1)


def _kind(cue: str, gap: str) -> str:
    words = cue + gap
    if "每月" in words or "月均" in words:
        return "month"
    if any(w in words for w in ("每年", "全年", "年均", "年度")):
        return "year"
    if any(w in words for w in ("共", "合计", "总", "申请")):
        return "total"
    return "about"


def _number(text: str) -> Decimal | None:
    try:
        return parse_decimal(text)
    except NormalizeError:
        return None


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


@lru_cache(maxsize=4096)
def stated_amounts(text: str) -> tuple[Stated, ...]:
    """Every amount ``text`` states after a cue, and every product without its result, in order.

    Memoized: the app checks the same texts again after every edit."""
    if "元" not in text and "万" not in text:
        return ()
    text = folded(text)
    times = "×" in text or "*" in text or "x" in text or "X" in text  # (each product pattern needs one)
    skip = _spans(EXPRESSION_SPAN, text) if times else []
    found: list[Stated] = []
    for match in _PRODUCT.finditer(text) if times else ():
        a, unit, per, b, _ = match.groups()
        va, vb = _number(a), _number(b)
        if va is None or vb is None or _inside(match.span(), skip):
            continue
        value = EXACT.multiply(EXACT.multiply(va, vb), _factor(unit))
        tolerance = EPSILON + (abs(vb) * about_tolerance(va, _factor(unit)) if va.as_tuple().exponent < -1 else 0)
        found.append(Stated(match.group(0).strip(), value, tolerance, "product", *match.span()))
    for match in _PRODUCT_REVERSED.finditer(text) if times else ():
        a, _, b, unit = match.groups()
        va, vb = _number(a), _number(b)
        if va is None or vb is None or _inside(match.span(), skip) or _inside(match.span(), [
                (s.start, s.end) for s in found]):
            continue
        value = EXACT.multiply(EXACT.multiply(va, vb), _factor(unit))
        found.append(Stated(match.group(0).strip(), value, EPSILON, "product", *match.span()))
    taken = [(s.start, s.end) for s in found] + skip
    for match in _CUED.finditer(text):
        cue, gap, about, number, unit = match.groups()
        value = _number(number)
        amount_span = (match.start(4), match.end(5))
        if value is None or any(a <= amount_span[0] < b for a, b in taken):
            continue
        factor = _factor(unit)
        vague = about or cue in ("约", "约为", "大约") or "约" in gap or cue in ("预估", "预计", "估算")
        tolerance = about_tolerance(value, factor) if vague else EPSILON
        found.append(Stated(match.group(0).strip(), value * factor, tolerance, _kind(cue, gap), *match.span()))
    return tuple(sorted(found, key=lambda s: s.start))


@lru_cache(maxsize=4096)
def clauses(text: str) -> tuple[tuple[int, str], ...]:
    """The text cut at ；。 and line ends: (start, clause), after folding the width."""
    text = folded(text)
    out, start = [], 0
    for match in re.finditer(r"[;；\n]|。|\.(?!\d)", text):
        out.append((start, text[start:match.start()]))
        start = match.end()
    out.append((start, text[start:]))
    return tuple((s, c) for s, c in out if c.strip())


@lru_cache(maxsize=4096)
def years_said(text: str) -> int | None:
    """``均分三年``, ``分 3 年``, ``为期两年`` → the number of years; None when the text says none."""
    match = _YEARS.search(folded(text))
    if not match:
        return None
    word = match.group(1)
    if word.isdigit():
        return int(word)
    if word == "十":
        return 10
    return _CHINESE_DIGITS.get(word[-1], 0) + (10 if word.startswith("十") and len(word) > 1 else 0) or None


_PER_UNIT = re.compile(r"每(?!年|月)|人均|单价|单次|[/／]")
_YEAR_SAID = re.compile(r"(?:(上|去|前|往|历|以往|上一)年)|((?:19|20)\d\d)\s*年")


def before(text: str, stated: Stated, width: int = 12) -> str:
    """The few characters before a stated amount (folded), with the amount's own cue."""
    text = folded(text)
    return text[max(0, stated.start - width):stated.end]


def per_unit(text: str, stated: Stated) -> bool:
    """``每次约 3 万元``, ``单价约 8 万元``, ``人均 2 万元``: a figure per head or per occasion."""
    return stated.per_unit or bool(_PER_UNIT.search(before(text, stated)))


def other_year(text: str, stated: Stated, year: int | None) -> bool:
    """``上年度实际支出约 7 万元``, ``2023 年共 50 万元``: another year's figure, not this one's."""
    for match in _YEAR_SAID.finditer(before(text, stated, 16)):
        if match.group(1) or (year is not None and int(match.group(2)) != year):
            return True
    return False


def part_of(text: str, stated: Stated) -> bool:
    """``其中公报印刷约 20 万元``: a part of the figure the sentence names."""
    return "其中" in before(text, stated)
