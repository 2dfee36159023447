"""Reading what the store itself writes, in one go: a project file's cost lines and indicators.

Most of a project file's values are its cost table, and the store writes every
figure of it as text that reads without a finding (``"131 人"``, ``"61 元/人"``,
``"7991 元"``).  These functions read such a part in one loop, the measures
looked up by their text, and return None for anything else: the reader
(:func:`store.reading.project_from_data`) then reads that part field by field
and says what is wrong.  Either way the model is the same (tests/test_cold_check.py).
"""

from __future__ import annotations

from . import model as m
from .normalize import Measure, NormalizeError, parse_measure, stored_measure

__all__ = ["LINE_KEYS", "INDICATOR_KEYS", "kept_measure", "plain_line", "plain_lines", "plain_indicators"]

LINE_KEYS = frozenset(spec.key[-1] for spec in m.LINE_FIELDS)
INDICATOR_KEYS = frozenset(spec.key[-1] for spec in m.INDICATOR_FIELDS)

#: Measures already read, by their text, a dict per column: a store writes the same ``12 月`` or
#: ``150 元/人`` on many lines (amounts seldom repeat: they are read, not kept).  A Measure is frozen:
#: lines may share one.  Bounded: once full, new texts are read but not kept.
_QUANTITIES: dict[str, Measure] = {}
_PRICES: dict[str, Measure] = {}
KEPT_AT_MOST = 8192
_CostLine, _Indicator = m.CostLine, m.Indicator


def kept_measure(text: str, kept: dict[str, Measure]) -> Measure:
    """:func:`~store.normalize.parse_measure` of a text, kept in ``kept`` for the next line that writes the same."""
    measure = kept.get(text)
    if measure is None:
        measure = stored_measure(text) or parse_measure(text)
        if len(kept) < KEPT_AT_MOST:
            kept[text] = measure
    return measure


def _measure(raw: object, kept: dict[str, Measure] | None = None) -> Measure | None:
    """A cost line's measure as the reader's general path reads it, when it is text that reads without
    a finding (kept in ``kept``, its column's, if any); else raises LookupError or NormalizeError."""
    if raw.__class__ is str:
        if not raw:
            return None  # not filled in (the rules say so, once)
        if kept is None:
            return stored_measure(raw) or parse_measure(raw)
        return kept.get(raw) or kept_measure(raw, kept)
    if raw is None:
        return None  # not given
    raise LookupError


def plain_line(data: dict) -> m.CostLine | None:
    """A cost line (a table of known keys) whose every value is text that reads without a finding;
    None: read it by the general path."""
    get = data.get
    item, note = get("item", ""), get("note", "")
    if item.__class__ is not str or note.__class__ is not str:
        return None
    try:
        return _CostLine(item, _measure(get("quantity"), _QUANTITIES), _measure(get("price"), _PRICES),
                         _measure(get("amount")), note)
    except (LookupError, NormalizeError):
        return None


def plain_lines(lines: object) -> list[m.CostLine] | None:
    """A group's ``lines`` when every one is a :func:`plain_line`, read in one loop with the measures
    looked up in place (the loop is most of a model's time); None: read them line by line."""
    if lines.__class__ is not list:
        return None
    read = []
    append = read.append
    quantities, prices, known = _QUANTITIES, _PRICES, LINE_KEYS.issuperset
    try:
        for data in lines:
            if data.__class__ is not dict or not known(data):
                return None
            get = data.get
            item, quantity, price, amount, note = (get("item", ""), get("quantity"), get("price"),
                                                   get("amount"), get("note", ""))
            if item.__class__ is not str or note.__class__ is not str:
                return None
            if quantity.__class__ is str:  # as _measure(quantity, quantities), without the call
                quantity = (quantities.get(quantity) or kept_measure(quantity, quantities)) if quantity else None
            elif quantity is not None:
                return None
            if price.__class__ is str:
                price = (prices.get(price) or kept_measure(price, prices)) if price else None
            elif price is not None:
                return None
            if amount.__class__ is str:  # (amounts seldom repeat: read, not kept)
                amount = (stored_measure(amount) or parse_measure(amount)) if amount else None
            elif amount is not None:
                return None
            append(_CostLine(item, quantity, price, amount, note))
    except NormalizeError:
        return None
    return read


def plain_indicators(items: object) -> list[m.Indicator] | None:
    """The ``indicators`` when every one is a table of known keys whose every value is text (which the
    general path takes as it is), read in one loop; None: read them one by one."""
    if items.__class__ is not list:
        return None
    read = []
    append = read.append
    known = INDICATOR_KEYS.issuperset
    for data in items:
        if data.__class__ is not dict or not known(data):
            return None
        get = data.get
        level1, level2, name, target = get("level1", ""), get("level2", ""), get("name", ""), get("target", "")
        if level1.__class__ is not str or level2.__class__ is not str or name.__class__ is not str \
                or target.__class__ is not str:
            return None
        append(_Indicator(level1, level2, name, target))
    return read
