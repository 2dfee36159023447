"""The check rules, one module per family, run by :mod:`store.rules.engine`.

The families are imported in this order, which is the order of ``RULES``
(``jixiao rules``) and of findings on one line: header and dates, funding,
the budget table, the prose, indicators, the unit, then 结转复核 (review).
"""

from . import header, funding, budget, narrative, indicators, unit, review  # noqa: F401  (registers the rules)
from .engine import (
    RULES, Hit, Rule, check_project, check_store, check_unit, check_unit_amounts, locate, rule, summary,
    with_field,
)
from .narrative import expressions, narrative_amounts

__all__ = ["RULES", "Rule", "Hit", "rule", "check_project", "check_unit", "check_unit_amounts", "check_store",
           "locate", "summary", "with_field", "narrative_amounts", "expressions"]
