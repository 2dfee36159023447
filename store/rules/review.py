"""结转复核: what a roll-over to the next year carried over and nobody has reviewed yet.

``jixiao new 2025 --from 2024目录`` (:mod:`store.rollover`) marks every amount
and every text that states one in a ``[review]`` table; each mark is an error
here until the person edits or confirms that field (:func:`store.model.set_at`
drops it) or deletes the line, so a store carried over does not pass its check
unreviewed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from .. import model as m
from ..findings import ERROR, KeyPath
from .engine import Hit, rule

__all__ = ["field_spec", "review_hits"]

_PROJECT = {spec.key: spec for spec in m.PROJECT_FIELDS}
_GROUP = {spec.attr: spec for spec in m.GROUP_FIELDS}
_LINE = {spec.attr: spec for spec in m.LINE_FIELDS}
_INDICATOR = {spec.attr: spec for spec in m.INDICATOR_FIELDS}
_UNIT = {spec.key: spec for spec in m.UNIT_FIELDS}
_TEXT = ("text", "longtext")


def _within(items: list, i: int) -> bool:
    return 0 <= i < len(items)


def field_spec(project: m.Project, path: KeyPath) -> m.FieldSpec | None:
    """The field ``path`` names in ``project`` when there is one (a line that exists, a known attribute)."""
    match tuple(path):
        case ("budget", "groups", int(gi), "lines", int(li), str(attr)):
            groups = project.budget.groups
            ok = _within(groups, gi) and _within(groups[gi].lines, li)
            return _LINE.get(attr) if ok else None
        case ("budget", "groups", int(gi), str(attr)):
            return _GROUP.get(attr) if _within(project.budget.groups, gi) else None
        case ("indicators", int(ii), str(attr)):
            return _INDICATOR.get(attr) if _within(project.indicators, ii) else None
    return _PROJECT.get(tuple(path))


#: How a mark is cleared: in the app (a project), in the file (unit.toml, which the app does not edit).
_PROJECT_HOW = "改为本年度的，或原样重新输入以确认"
_UNIT_HOW = "在单位信息（单位页按 F2）中改为本年度的数，或原样重新输入以确认"


def _message(spec: m.FieldSpec, old: str, how: str) -> str:
    if spec.kind in _TEXT:
        return f"从上一年度结转，尚未核实——{old}（{how}）"
    return f"从上一年度结转，仍是原值 {old or '（空）'}，尚未核实（{how}）"


def review_hits(review: dict, spec_of, how: str = _PROJECT_HOW) -> Iterator[Hit]:
    for path, old in review.items():
        spec = spec_of(path)
        if spec is None:
            yield Hit(f"结转复核中的“{m.review_key(path)}”所指的栏目已不存在：核实后删除 [review] 中这一行",
                      ("review", m.review_key(path)))
        else:
            yield Hit(_message(spec, old, how), path)


@rule("review-pending", ERROR, "从上一年度结转、尚未核实的金额或写有金额的文字",
      example="jixiao new 2025 --from 2024目录 之后，项目资金总额仍是 2024 年的数、未经核实")
def review_pending(project: m.Project, unit: m.Unit) -> Iterator[Hit]:
    return review_hits(project.review, lambda path: field_spec(project, path))


@rule("unit-review-pending", ERROR, "单位信息中从上一年度结转、尚未核实的数", scope="unit",
      example="结转后 unit.toml 的涉及项目预算资金仍是上一年度的数")
def unit_review_pending(unit: m.Unit, annuals: list[Decimal | None]) -> Iterator[Hit]:
    return review_hits(unit.review, lambda path: _UNIT.get(tuple(path)), _UNIT_HOW)
