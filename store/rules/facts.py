"""The cost table worked out once per check, for the budget rules to share.

Five rules look at every cost line (``amount-negative``, ``cost-line-arithmetic``,
``cost-line-units``, ``cost-line-unit-mismatch``, ``cost-line-incomplete``) and
two add the lines up (``cost-group-total``, ``budget-total``).  Asked one by
one, each converted every line's figures to 元 again.  :func:`budget_facts`
reads the table once: each line's amount in 元, the groups' sums, the table's
total, and which lines may have something to say — a line with its item, all
three figures above zero, money units that fit and 数量 × 单价 equal to its
资金需求 has nothing to say to any of the five, and nearly every line is one.
The rules still decide every finding themselves, on the lines left.  A check
reads a step sooner still: a group whose lines are all quiet, as the store
writes them, is left unbuilt (:func:`store.plain.quiet_yuan`), and the facts
take its sum as it is.

While :func:`store.rules.engine.check_project` runs, the facts are worked out
at most once for its project; a rule called on its own works them out itself.
(:func:`shared` keeps so any other reading several rules make: the indicators'
framework and their parsed targets.)
``FAST = False`` takes the plain way (every line looked at, every figure read
from the model's properties): the tests hold the two ways to the same findings.
"""

from __future__ import annotations

import threading
from typing import Callable, TypeVar
from decimal import Decimal, localcontext

from .. import model as m
from ..plain import PLAIN_UNITS as _PLAIN, UNITS as _UNITS, quiet_units as _quiet_units
from ..numbers import LENIENT, total
from .common import EPSILON

__all__ = ["BudgetFacts", "budget_facts", "shared", "begin", "end", "FAST"]

#: False: every line is looked at and every figure read as the model computes it (the plain way).
FAST = True

_ZERO = Decimal(0)
Line = tuple[int, int, m.CostLine]
T = TypeVar("T")


class BudgetFacts:
    """One project's cost table as the budget rules read it (see the module's doc)."""

    __slots__ = ("loud", "noted", "group_yuan", "group_missing", "total", "missing")

    def __init__(self, project: m.Project, fast: bool = True) -> None:
        #: (gi, li, line) of each line the per-line rules must look at, in table order.
        self.loud: list[Line] = []
        #: (gi, li, line) of each line with a 测算依据 (the plain way: every line), in table order.
        self.noted: list[Line] = []
        #: ``group.yuan`` of each group, and whether a line of it has no amount (``line.yuan`` is None).
        self.group_yuan: list[Decimal] = []
        self.group_missing: list[bool] = []
        read = self._read_fast if fast else self._read_plain
        with localcontext(LENIENT):  # (as numbers.product and numbers.total compute, by operators)
            for gi, group in enumerate(project.budget.groups):
                quiet = group.quiet_yuan if fast else None
                if quiet is not None:  # (lines not built: each one quiet, see CostGroup.defer_lines)
                    self.group_yuan.append(quiet)
                    self.group_missing.append(False)
                    continue
                before = len(self.loud)
                yuans = read(gi, group.lines)
                missing = len(self.loud) > before and any(y is None for y in yuans)  # (a quiet line has one)
                self.group_yuan.append(total(yuans) if missing else sum(yuans, _ZERO))
                self.group_missing.append(missing)
            #: ``project.budget.yuan``, and whether any line has no amount.
            self.total = sum(self.group_yuan, _ZERO)
        self.missing = True in self.group_missing

    def _read_plain(self, gi: int, lines: list[m.CostLine]) -> list[Decimal | None]:
        self.loud.extend((gi, li, line) for li, line in enumerate(lines))
        self.noted.extend((gi, li, line) for li, line in enumerate(lines))
        return [line.yuan for line in lines]

    def _read_fast(self, gi: int, lines: list[m.CostLine]) -> list[Decimal | None]:
        """Each line's amount in 元; the lines that may have something to say added to ``loud``.

        A line is quiet when: all three figures, 单价 and 资金需求 above zero, the units have nothing to say
        (:func:`store.plain.quiet_units`), an item, and 数量 × 单价 = 资金需求 (then 数量 is above zero too), or within
        the 分 with 数量 above zero.  The products are exact (the context is ``LENIENT``)."""
        yuans: list[Decimal | None] = []
        loud, noted, units, append, plain = self.loud, self.noted, _UNITS, yuans.append, _PLAIN
        for li, line in enumerate(lines):
            if line.note:
                noted.append((gi, li, line))
            quantity, price, amount = line.quantity, line.price, line.amount
            try:
                key = (quantity.unit, price.unit, amount.unit)
            except AttributeError:  # (a figure not given)
                key = None
            if key is not None:
                factors = units.get(key)
                if factors is None:
                    if len(units) > 4096:
                        units.clear()  # (a store uses a handful of units; this only bounds it)
                    factors = units[key] = _quiet_units(*key)
                if factors:
                    p, a = price.value, amount.value
                    if p > _ZERO and a > _ZERO and line.item.strip():
                        if factors is plain:  # (both in 元)
                            stated, computed = a, quantity.value * p
                        else:
                            pf, af = factors
                            stated = a if af is None else a * af  # (amount.yuan("元"))
                            computed = quantity.value * (p if pf is None else p * pf)  # (line.computed_yuan)
                        if computed == stated or (abs(computed - stated) <= EPSILON and quantity.value > _ZERO):
                            append(stated)
                            continue
            loud.append((gi, li, line))
            append(line.yuan)
        return yuans




_held = threading.local()


def begin(project: m.Project) -> tuple:
    """The engine starts checking ``project``: what the rules share of it, once worked out, is kept
    until :func:`end` is given what this returns (the check it interrupts, if any, is then resumed)."""
    held = getattr(_held, "project", None), getattr(_held, "memo", None)
    _held.project, _held.memo = project, {}
    return held


def end(held: tuple) -> None:
    _held.project, _held.memo = held


def shared(project: m.Project, name: str, make: Callable[[], T]) -> T:
    """``make()``, kept under ``name`` for the check of ``project`` in progress (outside one: not kept).

    ``make`` must depend on nothing but the project and the unit, which stay the same during a check."""
    if getattr(_held, "project", None) is not project:
        return make()
    value = _held.memo.get(name)
    if value is None:
        value = _held.memo[name] = make()
    return value


def budget_facts(project: m.Project) -> BudgetFacts:
    """The facts of ``project``'s cost table: kept for the check in progress, else worked out now."""
    return shared(project, "budget", lambda: BudgetFacts(project, FAST))
