"""Input normalization that budget staff need, as pure functions.

Everything here takes the text a person typed (often through a Chinese input
method, so full-width digits and punctuation are common) and returns an exact
value, or raises :class:`NormalizeError` with a Chinese message that says what
to type instead.  No float is ever produced.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

from .numbers import CENT, EXACT, WAN, exponent_of as _exponent, format_number, format_plain_yuan, format_yuan
from .numbers import MAX_PLACES, product, range_problem

__all__ = [
    "NormalizeError",
    "Measure",
    "Target",
    "fold_width",
    "parse_decimal",
    "parse_measure",
    "stored_measure",
    "parse_money",
    "parse_comparison",
    "parse_target",
    "target_text",
    "parse_date",
    "format_number",
    "format_yuan",
    "format_plain_yuan",
    "money_factor",
    "check_range",
    "WAN",
    "EXACT",
    "CENT",
]

class NormalizeError(ValueError):
    """The text cannot be read as the value asked for; ``str()`` is Chinese."""


class OutOfRange(NormalizeError):
    """A number beyond the limits of :func:`store.numbers.range_problem`."""


def check_range(value: Decimal, text: object = None) -> Decimal:
    """``value`` if it is within the limits every number meets, ``-0`` read as 0; else :class:`OutOfRange`."""
    problem = range_problem(value)
    if problem is not None:
        raise OutOfRange(f"“{_short(value if text is None else text)}”{problem}")
    return value.copy_abs() if value.is_zero() else value


# Full-width ASCII (U+FF01..U+FF5E) to ASCII, the ideographic space to a
# space, plus the Chinese punctuation that stands for a decimal point or a
# thousands separator in typed numbers.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, ord("。"): ord(".")})


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms."""
    return text.translate(_WIDTH)


_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_NUMBER_TOKEN = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?")
_ASCII_DIGIT = re.compile(r"[0-9]")


def parse_decimal(text: str) -> Decimal:
    """``"37,780,000.00"``, ``"１２３．５"``, ``" 8.5 "`` → exact Decimal.

    Thousands separators must group by three.  ``NaN``, ``inf`` and exponents
    are refused: nobody types them on a budget form, and they are not money.
    """
    if not isinstance(text, str):
        raise NormalizeError(f"应为数字文本，得到 {type(text).__name__}")
    s = fold_width(text).strip().replace(" ", "")
    if not s:
        raise NormalizeError("请填写数字")
    if _GROUPED_NUMBER.fullmatch(s):
        s = s.replace(",", "")
    elif not _PLAIN_NUMBER.fullmatch(s):
        raise NormalizeError(f"“{_short(text)}”不是数字，请填写如 1234.56 或 1,234.56")
    try:
        value = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid forms
        raise NormalizeError(f"“{_short(text)}”不是数字") from None
    return check_range(value, text)


@dataclass(frozen=True, slots=True)
class Measure:
    """A number with the unit written after it: ``2000 人``, ``150 元/人``, ``30 万元``.

    The value keeps the digits as written (``Decimal("30.00")`` stays
    ``30.00``), so the store shows what a person typed.  (Slots: the reader
    makes one for every figure of a cost table, see :func:`stored_measure`.)
    """

    value: Decimal
    unit: str = ""

    def __str__(self) -> str:
        number = format_number(self.value)
        return f"{number} {self.unit}" if self.unit else number

    @property
    def per(self) -> str:
        """What one unit is counted in: ``人`` of ``元/人``; ``""`` if none."""
        return self.unit.split("/", 1)[1].strip() if "/" in self.unit else ""

    def yuan(self, default_unit: str = "") -> Decimal | None:
        """The value in 元 when the unit is money (``万元`` ×10000), else None."""
        factor = money_factor(self.unit or default_unit)
        return None if factor is None else product(self.value, factor)

    def __reduce__(self) -> tuple:  # (pickled to and from workers without a __setstate__ per field)
        return _made, (self.value, self.unit)

    def __deepcopy__(self, memo: dict | None = None) -> Measure:  # frozen, of immutable parts: a copy is
        return self  # itself (as for a Decimal)

    __copy__ = __deepcopy__


_MONEY_UNITS = {"元": Decimal(1), "万元": WAN}
_UNIT_ALIASES = {"万": "万元", "圆": "元", "块": "元", "RMB": "元", "¥": "元", "￥": "元"}


@lru_cache(maxsize=1024)
def money_factor(unit: str) -> Decimal | None:
    """``元`` → 1, ``万元`` and ``万元/人`` → 10000; anything else → None.

    Memoized: a store uses a handful of units, asked about for every cost line.
    """
    head = unit.split("/", 1)[0].strip()
    return _MONEY_UNITS.get(head)


def _canonical_unit(unit: str) -> str:
    unit = unit.strip()
    unit = unit.strip("()（）").strip() if unit.startswith(("(", "（")) else unit
    if "/" in unit:
        head, per = unit.split("/", 1)
        head = _UNIT_ALIASES.get(head.strip(), head.strip())
        return f"{head}/{per.strip()}"
    return _UNIT_ALIASES.get(unit, unit)


# What the store itself writes ("2000 人", "150 元/人", "0.5"): read without the general path.
# A number, then optionally one space and a unit written as _canonical_unit writes it.
_EXCLUDED = r"\d\s,.，、()（）\uff01-\uff5e\u3000。¥￥\x00-\x1f\x7f-\x9f"
_CANONICAL_NUMBER = re.compile(r"\d{1,15}(?:\.\d+)?")
_CANONICAL_UNIT = re.compile(rf"[^{_EXCLUDED}](?:[^\d\x00-\x1f\x7f-\x9f\uff01-\uff5e\u3000。]*[^\s\d\x00-\x1f\x7f-\x9f\uff01-\uff5e\u3000。])?")


#: Units already judged, whether written the way the store writes them (a store uses a handful); bounded.
_UNIT_WRITTEN: dict[str, bool] = {}
_UNITS_AT_MOST = 1024
_new = object.__new__
_set_value, _set_unit = Measure.value.__set__, Measure.unit.__set__  # type: ignore[attr-defined]


def _made(value: Decimal, unit: str) -> Measure:
    """``Measure(value, unit)``, made without the frozen dataclass's ``__init__``."""
    measure = _new(Measure)
    _set_value(measure, value)
    _set_unit(measure, unit)
    return measure


def stored_measure(text: str) -> Measure | None:
    """``Measure(Decimal(number), unit)`` of a text written as the store writes it (most of a store's
    figures; the fast path of :func:`parse_measure`), made as :func:`_made` does; None: not so written."""
    number, space, unit = text.partition(" ")  # (a number has no space)
    if not (number.isdigit() and number.isascii() and len(number) <= 15):  # [0-9]{1,15}, else:
        point = number.find(".")  # (within the limits: at most 15 digits before the point and after it)
        if not _CANONICAL_NUMBER.fullmatch(number) or (point >= 0 and len(number) - point > MAX_PLACES + 1):
            return None
    if space:
        written = _UNIT_WRITTEN.get(unit)
        if written is None:
            written = bool(_CANONICAL_UNIT.fullmatch(unit)) and unit == _canonical_unit(unit)
            if len(_UNIT_WRITTEN) < _UNITS_AT_MOST:
                _UNIT_WRITTEN[unit] = written
        if not written:
            return None
    measure = _new(Measure)
    _set_value(measure, Decimal(number))
    _set_unit(measure, unit)
    return measure


def parse_measure(text: str) -> Measure:
    """``"2000 人"``, ``"150元/人"``, ``"３０万"``, ``"¥1,200"`` → :class:`Measure`."""
    return (text.__class__ is str and stored_measure(text)) or _parse_measure(text)


def _parse_measure(text: str) -> Measure:
    """The general path of :func:`parse_measure`: any width, separators, currency signs."""
    if not isinstance(text, str):
        raise NormalizeError(f"应为文本，得到 {type(text).__name__}")
    s = fold_width(text).strip()
    currency = ""
    if s[:1] in ("¥", "￥"):
        currency, s = "元", s[1:].lstrip()
    match = _NUMBER_TOKEN.match(s)
    number = match.group(0) if match else ""
    if not number or number in "+-":
        raise NormalizeError(f"“{_short(text)}”应以数字开头，如 2000 人、150 元/人、30 万元")
    unit = s[len(number):].strip()
    _check_unit(text, unit)
    value = parse_decimal(number)
    return Measure(value, _canonical_unit(unit) or currency)


def _check_unit(text: str, unit: str) -> None:
    if _ASCII_DIGIT.search(unit):
        raise NormalizeError(f"“{_short(text)}”的单位中含有数字，请只写一个数字和它的单位")
    if unit[:1] in (",", ".", "，", "、") or any(_is_control(ch) for ch in unit):
        raise NormalizeError(f"“{_short(text)}”的单位写法有误")


def _is_control(ch: str) -> bool:
    return ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0


def parse_money(text: str, default_unit: str = "元") -> Decimal:
    """An amount typed with or without 元 / 万 / 万元, returned in 元.

    ``"37,780,000.00"`` → 37780000.00; ``"3778万"`` → 37780000; ``"4 万元"`` → 40000.
    """
    measure = stored_measure(text) if text.__class__ is str else None
    if measure is not None and (measure.unit or default_unit) == "元":  # as the store writes it: "40000.00"
        return measure.value  # (a stored number has no sign and is within the limits; × 1 keeps its digits)
    return _parse_money(text, default_unit)


def _parse_money(text: str, default_unit: str) -> Decimal:
    """The general path of :func:`parse_money`."""
    try:
        measure = parse_measure(text)
    except NormalizeError as err:
        if isinstance(err, OutOfRange):
            raise
        raise NormalizeError(f"“{_short(text)}”不是金额，请填写如 40000.00、40,000.00 或 4 万元") from None
    unit = measure.unit or default_unit
    factor = money_factor(unit)
    if factor is None or "/" in unit:
        raise NormalizeError(f"“{_short(text)}”的单位应为 元 或 万元")
    return check_range(EXACT.multiply(measure.value, factor), text)


_COMPARISONS = [
    (">=", "≥"), ("=>", "≥"), ("≧", "≥"), ("⩾", "≥"), ("不低于", "≥"), ("不少于", "≥"),
    ("大于等于", "≥"), ("大于或等于", "≥"),
    ("<=", "≤"), ("=<", "≤"), ("≦", "≤"), ("⩽", "≤"), ("不高于", "≤"), ("不超过", "≤"),
    ("不多于", "≤"), ("小于等于", "≤"), ("小于或等于", "≤"),
    ("≥", "≥"), ("≤", "≤"), (">", ">"), ("<", "<"), ("==", "="), ("=", "="),
    ("大于", ">"), ("小于", "<"), ("等于", "="),
]
#: A comparison at the start of a target, longest spelling first (``>=`` before ``>``).
_COMPARISON_PREFIX = re.compile("|".join(
    re.escape(typed) for typed, _ in sorted(_COMPARISONS, key=lambda pair: -len(pair[0]))))
_SIGNS = dict(_COMPARISONS)


def parse_comparison(text: str) -> str:
    """``">="``, ``"＞＝"``, ``"不低于"`` → ``"≥"``; the five signs ≥ ≤ = > <."""
    s = fold_width(text).strip().replace(" ", "")
    for typed, sign in _COMPARISONS:
        if s == typed:
            return sign
    raise NormalizeError(f"“{_short(text)}”不是比较符，请用 ≥ ≤ = > < （可输入 >= <=）")


def _split_comparison(s: str) -> tuple[str, str]:
    match = _COMPARISON_PREFIX.match(s)
    if match is None:
        return "", s
    return _SIGNS[match.group(0)], s[match.end():]


@dataclass(frozen=True)
class Target:
    """An indicator's target: ``≥ 90.00 %`` or a qualitative word like ``合理``."""

    op: str = ""
    value: Decimal | None = None
    unit: str = ""
    word: str = ""

    @property
    def quantitative(self) -> bool:
        return self.value is not None

    def __str__(self) -> str:
        if self.value is None:
            return self.word
        exponent = _exponent(self.value)
        digits = max(2, -exponent if exponent < 0 else 0)
        number = f"{self.value:.{digits}f}"
        return f"{self.op}{number}({self.unit})" if self.unit else f"{self.op}{number}"


_TARGET_UNIT = re.compile(r"^[(（]\s*(.*?)\s*[)）]$")
#: A date or a period is a 时效指标's value as it stands: ``2023.07-2024.01``, ``2024年12月31日前``.
_DATE_WORD = r"(?:19|20)\d\d(?:年(?:\d{1,2}月(?:\d{1,2}日)?)?|[./-](?:0?[1-9]|1[0-2])(?:[./-]\d{1,2})?)"
_PERIOD_TARGET = re.compile(
    rf"(?:[≤≥<>=]|不晚于|不迟于|于|在)?{_DATE_WORD}(?:(?:至|到|-|—+|~|～){_DATE_WORD})?(?:年底|年末|底|末|前|之前|以前|内|完成)?")


def parse_target(text: str) -> Target:
    """``≥90%``, ``≥90.00%``, ``>=90.00(%)``, ``≥ 90.00 (%)`` all give ``≥90.00(%)``.

    Text without digits is a qualitative target (合理, 提升, 及时 …).
    """
    if not isinstance(text, str):
        raise NormalizeError(f"应为文本，得到 {type(text).__name__}")
    return _parse_target(text)


@lru_cache(maxsize=4096)
def _parse_target(text: str) -> Target:
    """:func:`parse_target` of a text, memoized: a declaration repeats a few dozen
    targets (≥90.00(%) …), and several rules and the exports read each one."""
    s = fold_width(text).strip()
    if not s:
        raise NormalizeError("指标值不能为空")
    if not any(ch.isdigit() for ch in s) or _PERIOD_TARGET.fullmatch(s.replace(" ", "")):
        return Target(word=text.strip())
    op, rest = _split_comparison(s.replace(" ", ""))
    match = _NUMBER_TOKEN.match(rest)
    number = match.group(0) if match else ""
    if not number or number in "+-":
        raise NormalizeError(f"“{_short(text)}”应写成 比较符+数值+单位，如 ≥90.00(%)、≤25(万元)")
    value = parse_decimal(number)
    unit = rest[len(number):].strip()
    paren = _TARGET_UNIT.match(unit)
    if paren:
        unit = paren.group(1)
    if any(ch in unit for ch in "()（）"):
        raise NormalizeError(f"“{_short(text)}”的单位写法有误，应如 ≥90.00(%)")
    _check_unit(text, unit)
    return Target(op=op or "=", value=value, unit=_UNIT_ALIASES.get(unit, unit))


_DATE_FORMS = [
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
]


def target_text(target: str) -> str:
    """A target as the form shows it (``≥90.00(%)``), or as written if it cannot be read."""
    try:
        return str(parse_target(target)) if target.strip() else ""
    except NormalizeError:
        return target


def parse_date(text: str | _dt.date) -> _dt.date:
    """``2024-01-01``, ``2024/1/1``, ``2024年1月1日``, ``20240101`` → date.

    A date that does not exist (2024-02-30) is refused with the reason.
    """
    if isinstance(text, _dt.date) and not isinstance(text, _dt.datetime):
        return text
    if not isinstance(text, str):
        raise NormalizeError(f"日期应为文本，如 2024-01-01，得到 {type(text).__name__}")
    s = fold_width(text).strip().replace(" ", "")
    for form in _DATE_FORMS:
        match = form.fullmatch(s)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if not 1 <= month <= 12:
                raise NormalizeError(f"“{_short(text)}”的月份 {month} 不存在")
            try:
                return _dt.date(year, month, day)
            except ValueError:
                raise NormalizeError(
                    f"“{_short(text)}”不是有效日期：{year}年{month}月没有{day}日"
                ) from None
    raise NormalizeError(f"“{_short(text)}”不是日期，请写成 2024-01-01")


def _short(text: object, limit: int = 40) -> str:
    s = str(text).replace("\n", " ")
    return s if len(s) <= limit else s[: limit - 1] + "…"
