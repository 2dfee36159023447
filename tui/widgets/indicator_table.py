"""绩效指标 as an editable grid: 一级指标, 二级指标, 三级指标, 指标值.

一级 and 二级 offer the standard framework (二级: the entries under the row's
一级, plus the older labels still accepted there) in a list that filters as one
types; 三级 completes from the names used elsewhere in the store.  A target is
stored as typed and shown normalized (``>=90%`` shows as ``≥90.00(%)``); one
that cannot be read is shown as typed, and the check engine flags it.
"""

from __future__ import annotations

from typing import Iterator, Sequence

from store import model as m
from store.editing import EditSession
from store.normalize import target_text

from ..keymap import bindings
from ..text import literal
from .grid_editor import GridEditor
from .grid_parts import Cell, Column, Row

__all__ = ["IndicatorEditor"]

_WIDTHS = {"level1": 10, "level2": 18, "name": 22, "target": 13}
_HINTS = {
    "level1": "从标准框架中选：输入可筛选，↑↓ 挑选，Enter 采用",
    "level2": "从本行一级指标之下选：输入可筛选，↑↓ 挑选，Enter 采用",
    "name": "输入时 → 采用灰色的补全（其他项目用过的名称）",
    "target": "如 ≥90%、≤25(万元) 或 合理；可输入 >= <=",
}


def typed_target(text: str) -> str:
    """A target as committed: ``>=90%`` is saved as the form writes it, ``≥90.00(%)``."""
    return target_text(text.strip())


_PARSERS = {"target": typed_target}


class IndicatorEditor(GridEditor):
    """The indicators of ``session.project``, one per row."""

    BINDINGS = bindings("indicators")
    COLUMNS = tuple(Column(spec.attr, spec.label, _WIDTHS[spec.attr]) for spec in m.INDICATOR_FIELDS)
    EMPTY = "还没有绩效指标：按 Ctrl+N 插入"

    class Changed(GridEditor.Changed):
        """The indicators were changed (one undo step)."""

    def __init__(self, session: EditSession, known_names: Sequence[str] = (), **kwargs) -> None:
        super().__init__(session, **kwargs)
        self.known_names = tuple(known_names)

    def rows(self, project: m.Project) -> Iterator[Row]:
        for ii, indicator in enumerate(project.indicators):
            path = ("indicators", ii)
            choices = {"level1": tuple(m.FRAMEWORK), "level2": m.level2_choices(indicator.level1.strip())}
            texts = {spec.attr: literal(getattr(indicator, spec.attr)) for spec in m.INDICATOR_FIELDS}
            texts["target"] = literal(target_text(indicator.target))
            cells = {spec.attr: Cell(path + (spec.attr,), spec.label, getattr(indicator, spec.attr),
                                     parse=_PARSERS.get(spec.attr, str.strip),
                                     hint=_HINTS[spec.attr], choices=choices.get(spec.attr, ()),
                                     suggestions=self.known_names if spec.attr == "name" else ())
                     for spec in m.INDICATOR_FIELDS}
            yield Row(path, texts, cells, places=(path,))

    def _index(self) -> int | None:
        return self.table.cursor_row if self._rows else None

    def action_insert(self) -> None:
        """Insert an indicator below the cursor, under the same 一级 and 二级.

        The cursor lands on 一级指标; the copied 一级 opens selected, so typing replaces it.
        """
        ii = self._index()
        indicators = self.session.project.indicators
        at = 0 if ii is None else ii + 1
        levels = {} if ii is None else {"level1": indicators[ii].level1, "level2": indicators[ii].level2}
        self.insert("插入指标", lambda p: p.indicators.insert(at, m.Indicator(**levels)),
                    ("indicators", at, "level1"))

    def action_delete(self) -> None:
        """Delete the indicator under the cursor."""
        ii = self._index()
        if ii is not None:
            self.apply("删除指标", lambda p: p.indicators.pop(ii))

    def action_move(self, step: int) -> None:
        """Move the indicator under the cursor up (``step`` -1) or down (1)."""
        ii = self._index()
        if ii is not None and 0 <= ii + step < len(self._rows):
            self.apply("移动指标", lambda p: p.indicators.insert(ii + step, p.indicators.pop(ii)),
                       cursor=("indicators", ii + step))
