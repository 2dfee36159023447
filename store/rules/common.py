"""What several rule families share: amounts compared to the 分, amounts in words, cost lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import KeyPath
from ..normalize import Measure, format_yuan, money_factor
from ..numbers import CENT, LENIENT

__all__ = ["EPSILON", "yuan", "differ", "diff_text", "rounded_price_tolerance", "cost_lines", "line_path",
           "plan_years", "figure", "said_figures", "matches", "refused"]

#: Amounts closer than half a 分 are equal.
EPSILON = Decimal("0.005")


def yuan(value: Decimal | None) -> str:
    return "（空）" if value is None else f"{format_yuan(value)} 元"


def differ(a: Decimal, b: Decimal, tolerance: Decimal = EPSILON) -> bool:
    return abs(a - b) > tolerance


def diff_text(actual: Decimal, expected: Decimal) -> str:
    delta = actual - expected
    return f"多 {format_yuan(delta)} 元" if delta > 0 else f"少 {format_yuan(-delta)} 元"


def rounded_price_tolerance(count: Decimal, price: Measure) -> Decimal:
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


def cost_lines(project: m.Project) -> Iterator[tuple[int, int, m.CostLine]]:
    """Every cost line with its group index and line index."""
    for gi, group in enumerate(project.budget.groups):
        for li, line in enumerate(group.lines):
            yield gi, li, line


def line_path(gi: int, li: int, attr: str) -> KeyPath:
    """The path of a cost line's field."""
    return ("budget", "groups", gi, "lines", li, attr)


def plan_years(project: m.Project) -> int | None:
    """How many budget years the plan's dates span (2024-01-01 – 2026-12-31: 3)."""
    start, end = project.header.start, project.header.end
    if start is None or end is None or end < start:
        return None
    return end.year - start.year + 1


def figure(label: str, value: Decimal, verb: str = " ") -> str:
    """``年度资金申请总额 5,800,000.00 元（580 万元）`` (``verb="为"``: ``…总额为 5,800,000.00 元…``)."""
    from ..normalize import WAN, format_number
    wan = (value / WAN).normalize()
    exponent = wan.as_tuple().exponent
    said = f"约 {wan:.2f}" if isinstance(exponent, int) and exponent < -6 else format_number(wan)  # (a share: 1/12)
    return f"{label}{verb}{yuan(value)}（{said} 万元）"


def said_figures(candidates) -> str:
    """What a stated amount was compared with, each figure once (two names of one figure: the first):
    ``而A为 1.00 元（…）`` or ``与A 1.00 元（…）、B … 都不符``."""
    seen, out = set(), []
    for label, value in candidates:
        cents = None if value is None else value.quantize(CENT, context=LENIENT)  # (q × p may pass 28 digits)
        if cents is not None and cents not in seen:
            seen.add(cents)
            out.append((label, value))
    if len(out) == 1:
        return f"而{figure(*out[0], '为 ')}"
    return "与" + "、".join(figure(*c) for c in out[:4]) + (" 等" if len(out) > 4 else "") + "都不符"


def matches(value: Decimal, tolerance: Decimal, candidates) -> bool:
    """True when ``value`` is, within ``tolerance``, one of the candidate figures ``(label, value)``."""
    return any(abs(value - c) <= tolerance + EPSILON for _, c in candidates if c is not None)


def refused(obj: m.Project | m.Unit, path: KeyPath) -> bool:
    """True when the reader refused the value at ``path`` (or the table holding it): field-invalid said so."""
    gone = getattr(obj, "refused", ())
    return bool(gone) and any(tuple(path[:i]) in gone for i in range(1, len(path) + 1))
