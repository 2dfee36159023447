"""Numbers: the one set of limits, exact products and sums, and formats that never raise.

Every figure a file or a person gives, quoted or not, meets the same limits
(:func:`range_problem`), so a model read from disk never holds a value that
a product, a sum or a format cannot take.  The formats and :func:`total` are
total functions all the same: given any Decimal at all (nan, inf, 1E+999999,
a value built by hand or read from prose) they return a string or a sum,
never a :mod:`decimal` exception.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Iterable

__all__ = ["WAN", "CENT", "EXACT", "LENIENT", "MAX_ADJUSTED", "MAX_PLACES", "range_problem", "total", "product",
           "format_number", "format_yuan", "format_plain_yuan", "exponent_of"]

WAN = Decimal(10000)
CENT = Decimal("0.01")
#: Products and roundings of money use this context: wide enough that no
#: product of two accepted figures is ever rounded, and 四舍五入 (half up)
#: where the form shows 元 to the 分.
EXACT = Context(prec=200, rounding=ROUND_HALF_UP)
#: The limits of every number read: less than 10¹⁶ (sixteen digits: a thousand
#: times a province's budget in 元) and at most 15 places after the point.
#: Within them any product of two figures and any sum of a store's fits EXACT
#: exactly, and no format writes more than a few dozen characters.
MAX_ADJUSTED = 15
MAX_PLACES = 15
#: As EXACT, but a result that does not fit is rounded or becomes nan instead of raising.
_LENIENT = Context(prec=200, rounding=ROUND_HALF_UP, traps=[])
#: The same, for a loop that multiplies or adds many figures (``LENIENT.multiply``: :func:`product` without a call).
LENIENT = _LENIENT
#: Beyond this many digits either side of the point a figure is shown with an
#: exponent: no value read from a file comes near (MAX_ADJUSTED, MAX_PLACES).
_SHOWN_DIGITS = 60


def range_problem(value: Decimal) -> str | None:
    """Why ``value`` is not a number this tool takes, in Chinese; None when it is."""
    if not value.is_finite():
        return "不是数字：不能是 nan 或 inf"
    if value and value.adjusted() > MAX_ADJUSTED:
        return "过大，请检查位数（须小于 10 的 16 次方）"
    if exponent_of(value) < -MAX_PLACES:  # type: ignore[operator]
        return f"小数位数过多（最多 {MAX_PLACES} 位）"
    return None


def total(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of these Decimals (None counts as 0): exact for figures within the limits,
    and never an exception for any others."""
    out = Decimal(0)
    for value in values:
        if value is not None:
            out = _LENIENT.add(out, value)
    return out


def product(a: Decimal, b: Decimal) -> Decimal:
    """``a × b``: exact for figures within the limits, and never an exception for any others."""
    return _LENIENT.multiply(a, b)


def _odd(value: Decimal) -> str | None:
    """How to show a value no file can hold (nan, inf, beyond 60 digits); None for any other."""
    if not value.is_finite():
        return "NaN" if value.is_nan() else ("-inf" if value.is_signed() else "inf")
    if value and (value.adjusted() > _SHOWN_DIGITS or value.adjusted() < -_SHOWN_DIGITS):
        return f"{value:.6E}"
    if value.as_tuple().exponent < -_SHOWN_DIGITS:  # type: ignore[operator]
        return format(_LENIENT.quantize(value, Decimal(1).scaleb(-_SHOWN_DIGITS)).normalize(_LENIENT), "f")
    return None


def format_number(value: Decimal) -> str:
    """Digits as written, never an exponent: ``Decimal('3E+1')`` → ``30``."""
    text = str(value)  # already the digits as written, unless str() chose an exponent
    if "E" in text or not value.is_finite():
        odd = _odd(value)
        if odd is not None:
            return odd
        if value.as_tuple().exponent > 0:  # type: ignore[operator]
            value = value.quantize(Decimal(1), context=_LENIENT)
        text = format(value, "f")
    elif len(text) > _SHOWN_DIGITS:
        text = _odd(value) or text
    return "0" if text in ("-0", "+0") else text


def exponent_of(value: Decimal) -> int | str:
    """``value.as_tuple().exponent``, read off ``str(value)`` when that has no exponent.

    (``as_tuple`` builds a tuple of every digit: slow for a whole column of amounts.)
    """
    text = str(value)
    if "E" in text or not value.is_finite():
        return value.as_tuple().exponent
    point = text.find(".")
    return 0 if point < 0 else point + 1 - len(text)


def _cents(value: Decimal) -> Decimal:
    """To the 分, 四舍五入; never ``-0.00``."""
    cents = _LENIENT.quantize(value, CENT)
    return cents.copy_abs() if cents.is_zero() else cents


def format_yuan(value: Decimal) -> str:
    """Money for people: ``37,780,000.00`` (to the 分, 四舍五入, thousands separators)."""
    if not value.is_finite() or (value and value.adjusted() > _SHOWN_DIGITS):
        return _odd(value) or ""
    return f"{_cents(value):,.2f}"


def format_plain_yuan(value: Decimal) -> str:
    """Money for the store and CSV: ``37780000.00``.

    Never loses a digit: a figure finer than the 分 is written as it is.
    """
    exponent = exponent_of(value)
    if not isinstance(exponent, int) or exponent < -2 or (value and value.adjusted() > _SHOWN_DIGITS):
        return format_number(value)
    return str(_cents(value))  # (to the 分, str() never writes an exponent)
