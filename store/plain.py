"""Reading what the store itself writes, in one go: a project file's cost lines and indicators.

Most of a project file's values are its cost table, and the store writes every
figure of it as text that reads without a finding (``"131 人"``, ``"61 元/人"``,
``"7991 元"``).  These functions read such a part in one loop, the measures
looked up by their text, and return None for anything else: the reader
(:func:`store.reading.project_from_data`) then reads that part field by field
and says what is wrong.  Either way the model is the same (tests/test_cold_check.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from operator import itemgetter

from . import model as m
from .normalize import Measure, NormalizeError, money_factor, parse_measure, stored_measure
from .normalize import _new, _set_unit, _set_value  # (how stored_measure makes a Measure: slots, no __init__)
from .numbers import LENIENT, MAX_PLACES

__all__ = ["LINE_KEYS", "INDICATOR_KEYS", "kept_measure", "plain_line", "plain_lines", "plain_indicators",
           "quiet_yuan", "quiet_units", "UNITS", "PLAIN_UNITS", "stored_money", "stored_date"]

LINE_KEYS = frozenset(spec.key[-1] for spec in m.LINE_FIELDS)
INDICATOR_KEYS = frozenset(spec.key[-1] for spec in m.INDICATOR_FIELDS)

#: Measures already read, by their text, a dict per column: a store writes the same ``12 月`` or
#: ``150 元/人`` on many lines (amounts seldom repeat: they are read, not kept).  A Measure is frozen:
#: lines may share one.  Bounded: once full, new texts are read but not kept.
_QUANTITIES: dict[str, Measure] = {}
_PRICES: dict[str, Measure] = {}
KEPT_AT_MOST = 8192
_CostLine, _Indicator = m.CostLine, m.Indicator
_FOUR, _FIVE = itemgetter("item", "quantity", "price", "amount"), itemgetter("item", "quantity", "price", "amount", "note")


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
    looked up in place (the loop is most of a model's time); None: read them line by line.

    A line as the store writes it has the four keys or all five: they are taken in one call."""
    if lines.__class__ is not list:
        return None
    read = []
    append = read.append
    known, four, five = LINE_KEYS.issuperset, _FOUR, _FIVE
    quantities, prices = _QUANTITIES, _PRICES
    kept_quantity, kept_price = quantities.get, prices.get
    new, set_value, set_unit = _new, _set_value, _set_unit
    try:
        for data in lines:
            if data.__class__ is not dict:
                return None
            size = len(data)
            if size == 4 and "note" not in data and "item" in data:  # (then the four keys are those)
                item, quantity, price, amount = four(data)
                note = ""
            elif size == 5 and known(data):
                item, quantity, price, amount, note = five(data)
            elif known(data):
                get = data.get
                item, quantity, price, amount, note = (get("item", ""), get("quantity"), get("price"),
                                                       get("amount"), get("note", ""))
            else:
                return None
            if item.__class__ is not str or note.__class__ is not str:
                return None
            # a text kept (hashable: a text), else as _measure(quantity, quantities) reads it
            quantity = kept_quantity(quantity) or _measure(quantity, quantities)
            price = kept_price(price) or _measure(price, prices)
            if amount.__class__ is str and amount:  # (amounts seldom repeat: read, not kept)
                number, _, unit = amount.partition(" ")
                if unit == "元" and number.isdigit() and number.isascii() and len(number) <= 15:
                    amount = new(Measure)  # (as stored_measure makes "7991 元", most amounts, without the call)
                    set_value(amount, Decimal(number))
                    set_unit(amount, "元")
                else:
                    amount = stored_measure(amount) or parse_measure(amount)
            else:
                amount = _measure(amount)
            append(_CostLine(item, quantity, price, amount, note))
    except (LookupError, NormalizeError, TypeError):  # (TypeError: a value not hashable, so not text)
        return None
    return read


#: (数量's, 单价's, 资金需求's unit) → (单价's factor, 资金需求's factor; None: 1) when the units have
#: nothing to say (money, the amount not per anything, 单价's per-unit that of 数量), else False.
UNITS: dict[tuple[str, str, str], tuple[Decimal | None, Decimal | None] | bool] = {}
PLAIN_UNITS = (None, None)
_ONE = Decimal(1)


def quiet_units(counted: str, price: str, amount: str) -> tuple[Decimal | None, Decimal | None] | bool:
    """What a line's units say, for the budget rules (:mod:`store.rules.facts`) and :func:`quiet_yuan`:
    False when ``cost-line-units`` or ``cost-line-unit-mismatch`` may have something to say, else the
    factors to 元 of 单价 and 资金需求 (:data:`UNITS` keeps them by the three units)."""
    price_factor, amount_factor = money_factor(price), money_factor(amount or "元")
    if price_factor is None or amount_factor is None or (amount and "/" in amount):
        return False  # (cost-line-units)
    per = price.split("/", 1)[1].strip() if "/" in price else ""
    if per and counted and per != counted:
        return False  # (cost-line-unit-mismatch)
    factors = (None if price_factor == _ONE else price_factor, None if amount_factor == _ONE else amount_factor)
    return PLAIN_UNITS if factors == PLAIN_UNITS else factors


#: A quantity's text → (its value, a whole number above zero, and unit); a price's → (元 per unit, a whole
#: number above zero, and what one unit is counted in); None: not so (then :func:`quiet_yuan` leaves the
#: group to be read line by line).
_WHOLE_QUANTITIES: dict[str, tuple[int, str] | None] = {}
_WHOLE_PRICES: dict[str, tuple[int, str] | None] = {}
_UNSEEN = object()
#: An amount as the store writes it (plain_lines's quick way): at most 15 digits.
_AMOUNT_BELOW = 10 ** 15


def _whole(text: object, kept: dict[str, Measure], wholes: dict, price: bool) -> tuple[int, str] | None:
    try:
        measure = _measure(text, kept)
    except (LookupError, NormalizeError):
        measure = None
    whole = None
    if measure is not None:
        value, unit = measure.value, measure.unit
        if price:
            factor = money_factor(unit)  # (a price not in money: cost-line-units)
            value = None if factor is None else LENIENT.multiply(value, factor)  # (exact)
            unit = measure.per
        if value is not None and value.is_finite() and value > 0 and value == value.to_integral_value():
            whole = (int(value), unit)
    if text.__class__ is str and len(wholes) < KEPT_AT_MOST:
        wholes[text] = whole
    return whole


def quiet_yuan(lines: object) -> Decimal | None:
    """The sum in 元 of a group's ``lines`` when each is as the store writes it (the four keys, every value
    text) and has nothing to say to any rule of a single line: an item; 数量 and 单价 whole numbers above
    zero, 单价 in money, its per-unit that of 数量 (as :func:`quiet_units` says); 数量 × 单价 exactly the
    资金需求, in money (``7991 元``, ``8.5 万元``).  None: any other (the lines are then built and looked at
    one by one).

    What it accepts, :func:`plain_lines` reads, and :class:`store.rules.facts.BudgetFacts` finds quiet
    with the same sum (tests/test_deferred_lines.py)."""
    if lines.__class__ is not list or not lines:
        return None
    four, unseen = _FOUR, _UNSEEN
    quantities, prices = _WHOLE_QUANTITIES, _WHOLE_PRICES
    whole_quantity, whole_price, stated_yuan = quantities.get, prices.get, _STATED.get
    total, others = 0, None
    try:
        for data in lines:
            if data.__class__ is not dict or len(data) != 4:
                return None
            item, quantity, price, amount = four(data)  # (KeyError: other keys)
            q = whole_quantity(quantity, unseen)  # (TypeError: a value not hashable, so not text)
            if q is unseen:
                q = _whole(quantity, _QUANTITIES, quantities, False)
            p = whole_price(price, unseen)
            if p is unseen:
                p = _whole(price, _PRICES, prices, True)
            if q is None or p is None or item.__class__ is not str or not item or item.isspace():
                return None
            per = p[1]
            if per and q[1] and per != q[1]:
                return None  # (cost-line-unit-mismatch)
            value = q[0] * p[0]
            if value < _AMOUNT_BELOW and amount == f"{value} 元":  # (as the store writes most)
                total += value
                continue
            stated = stated_yuan(amount, unseen)
            if stated is unseen:
                stated = _stated(amount)
            if stated is None or stated != value:
                return None
            others = stated if others is None else LENIENT.add(others, stated)
    except (KeyError, TypeError):
        return None
    return Decimal(total) if others is None else LENIENT.add(Decimal(total), others)


#: An amount's text → what the budget rules take as its 元 when it is money, not per anything, above
#: zero, as the store writes it (``275 万元``, ``8.5 万元``, ``7991.00 元``, ``7991``); None: not so.
_STATED: dict[str, Decimal | None] = {}


def _stated(text: object) -> Decimal | None:
    measure = stored_measure(text) if text.__class__ is str else None
    stated = None
    if measure is not None and "/" not in measure.unit and measure.value > 0:
        factor = money_factor(measure.unit or "元")
        if factor is not None:  # (as BudgetFacts works it out: a × factor, or a itself in 元)
            stated = measure.value if factor == _ONE else LENIENT.multiply(measure.value, factor)
    if text.__class__ is str and len(_STATED) < KEPT_AT_MOST:
        _STATED[text] = stated
    return stated


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


def stored_money(text: str) -> Decimal | None:
    """:func:`~store.normalize.parse_money` of a text as the store writes an amount (``"40000.00"``:
    [0-9]{1,15}, then maybe a point and [0-9]{1,MAX_PLACES}, as stored_measure reads it, unit 元); None:
    read it by the general path."""
    whole, point, places = text.partition(".")
    if whole.isdigit() and whole.isascii() and len(whole) <= 15 and (
            not point or (places.isdigit() and places.isascii() and len(places) <= MAX_PLACES)):
        return Decimal(text)
    return None


def stored_date(text: str) -> date | None:
    """:func:`~store.normalize.parse_date` of a date as the store writes it (``"2024-01-01"``: ASCII digits,
    which the general path reads to the same date, or refuses as fromisoformat does); None: read it by
    the general path (which says why it is no date)."""
    if len(text) == 10 and text[4] == "-" == text[7] and (text[:4] + text[5:7] + text[8:]).isdigit() \
            and text.isascii():
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None
