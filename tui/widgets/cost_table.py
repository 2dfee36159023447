"""六、年度预算安排 as an editable grid.

Each group is a header row (分组名称, 分组合计: typing on it edits the name), its lines (组成, 数量, 单价,
资金需求, 测算依据, and the read-only 折合（元）), and a 小计 row; under the grid,
the table's total against 年度资金申请总额.  Figures keep the unit they were
typed in (``30 万元`` stays ``30 万元``); every sum comes from the model
(:attr:`CostLine.yuan`, :attr:`CostGroup.yuan`, :attr:`Budget.yuan`) and every
flag from the session's findings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from store import model as m
from store.findings import KeyPath
from store.normalize import Measure, format_yuan, parse_measure

from ..dialogs import Choice, ChoiceDialog
from ..keymap import bindings
from ..text import literal
from .grid_editor import GridEditor
from .grid_parts import Cell, Column, Row

__all__ = ["CostTableEditor"]

_LINE = {spec.attr: spec for spec in m.LINE_FIELDS}
_GROUP = {spec.attr: spec for spec in m.GROUP_FIELDS}
_HINTS = {
    "quantity": "数字加单位，如 2000 人；可用全角数字",
    "price": "如 150 元/人、27 万元；可用全角数字和“万”",
    "amount": "如 30 万元；不填则按 数量 × 单价",
    "total": "可不填；填写时与本组各行之和核对",
}
_GROUPS: KeyPath = ("budget", "groups")


def optional_measure(text: str) -> Measure | None:
    """Typed text → a Measure; nothing typed means not filled in."""
    return parse_measure(text) if text.strip() else None


def _raw(value: object) -> str:
    """A field as typed: ``30 万元`` for a Measure, the text itself, nothing for None."""
    return "" if value is None else str(value)


def _cell(base: KeyPath, spec: m.FieldSpec, value: object) -> Cell:
    return Cell(base + (spec.attr,), spec.label, _raw(value),
                optional_measure if spec.kind == "measure" else str.strip, _HINTS.get(spec.attr, ""))


class CostTableEditor(GridEditor):
    """The budget lines of ``session.project``, grouped, with subtotals and the total."""

    DEFAULT_CSS = """
    CostTableEditor > .total { height: 1; padding: 0 1; background: $boost; }
    CostTableEditor > .total.-bad { color: $error; }
    """
    BINDINGS = bindings("costs")
    COLUMNS = (
        Column("item", _LINE["item"].label, 16),
        Column("quantity", _LINE["quantity"].label, 9),
        Column("price", _LINE["price"].label, 11),
        Column("amount", _LINE["amount"].label, 10),
        Column("yuan", "折合（元）", 13, justify="right"),
        Column("note", _LINE["note"].label, 24),
    )
    EMPTY = "还没有预算明细：按 Ctrl+G 插入分组"

    class Changed(GridEditor.Changed):
        """The budget table was changed (one undo step)."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Static(classes="total")

    # -- rows --------------------------------------------------------------------

    def rows(self, project: m.Project) -> Iterator[Row]:
        for gi, group in enumerate(project.budget.groups):
            path = _GROUPS + (gi,)
            yield Row(path, {"item": literal(group.name, style="bold"),
                             "amount": literal(_raw(group.total))},
                      {"item": _cell(path, _GROUP["name"], group.name),
                       "amount": _cell(path, _GROUP["total"], group.total)},
                      places=(path + ("name",), path + ("total",)), typing="item")
            for li, line in enumerate(group.lines):
                yield self._line_row(path + ("lines", li), line)
            yield Row(path + ("lines",), {"item": Text("小计", style="dim"),
                                          "yuan": Text(format_yuan(group.yuan), style="bold")})

    @staticmethod
    def _line_row(path: KeyPath, line: m.CostLine) -> Row:
        texts = {spec.attr: literal(_raw(getattr(line, spec.attr))) for spec in m.LINE_FIELDS}
        if line.amount is None and line.computed_yuan is not None:
            texts["amount"] = Text(format_yuan(line.computed_yuan), style="dim")  # 数量 × 单价
        texts["yuan"] = Text("" if line.yuan is None else format_yuan(line.yuan))
        cells = {spec.attr: _cell(path, spec, getattr(line, spec.attr)) for spec in m.LINE_FIELDS}
        return Row(path, texts, cells, places=(path,))

    def reload(self) -> None:
        """Re-render the rows and the total line from ``session.project``."""
        super().reload()
        self._show_total()

    def _show_total(self) -> None:
        project = self.session.project
        total, annual = project.budget.yuan, project.funding.annual
        text = Text(f"合计 {format_yuan(total)} 元")
        if annual is None:
            text.append(" · 未填年度资金申请总额")
        else:
            difference = total - annual
            sign = "+" if difference > 0 else ""
            text.append(f" · 年度资金申请总额 {format_yuan(annual)} 元 · 差额 {sign}{format_yuan(difference)}")
        line = self.query_one(".total", Static)
        line.set_class(any(f.path == _GROUPS for f in self.session.findings), "-bad")
        line.update(text)

    # -- where the cursor is -------------------------------------------------------

    def _spot(self) -> tuple[str, int, int] | None:
        """What the cursor is on: ("group", gi, 0), ("line", gi, li) or ("subtotal", gi, line count)."""
        if not self._rows:
            return None
        key = self._rows[self.table.cursor_row].key
        gi = key[2]
        if len(key) == 3:
            return "group", gi, 0
        if len(key) == 5:
            return "line", gi, key[4]
        return "subtotal", gi, len(self.session.project.budget.groups[gi].lines)

    # -- operations ------------------------------------------------------------------

    def action_insert_line(self) -> None:
        """Insert an empty line below the cursor's line (first in the group on its header row)."""
        spot = self._spot()
        if spot is None:
            self._say(self.EMPTY)
            return
        kind, gi, li = spot
        at = li + 1 if kind == "line" else li
        self.insert("插入明细行", lambda p: p.budget.groups[gi].lines.insert(at, m.CostLine()),
                    _GROUPS + (gi, "lines", at, "item"))

    def action_insert_group(self) -> None:
        """Insert an empty group after the cursor's group."""
        spot = self._spot()
        at = 0 if spot is None else spot[1] + 1
        self.insert("插入分组", lambda p: p.budget.groups.insert(at, m.CostGroup()), _GROUPS + (at, "name"))

    def action_delete(self) -> None:
        """Delete the line under the cursor; on a group row, the group (asking first if it has lines)."""
        spot = self._spot()
        if spot is None:
            return
        kind, gi, li = spot
        if kind == "line":
            self.apply("删除明细行", lambda p: p.budget.groups[gi].lines.pop(li))
        elif kind == "subtotal":
            self._say("小计行不能删除；要删除整组，请在分组行上按 F8")
        elif not self.session.project.budget.groups[gi].lines:
            self.apply("删除分组", lambda p: p.budget.groups.pop(gi))
        else:
            self._ask_delete_group(gi)

    def _ask_delete_group(self, gi: int) -> None:
        group = self.session.project.budget.groups[gi]
        name = group.name or f"第 {gi + 1} 组"

        def answer(choice: str | None) -> None:
            if choice == "delete":
                self.apply("删除分组", lambda p: p.budget.groups.pop(gi))

        self.app.push_screen(ChoiceDialog(
            "删除分组", f"删除分组“{name}”和它的 {len(group.lines)} 行明细？可以撤销。",
            [Choice("delete", "删除", "error"), Choice("cancel", "取消")], default=1), answer)

    def action_move(self, step: int) -> None:
        """Move the line under the cursor (into the next group at a group's end), or the group."""
        spot = self._spot()
        if spot is None:
            return
        kind, gi, li = spot
        groups = self.session.project.budget.groups
        if kind == "subtotal":
            self._say("请在明细行或分组行上移动")
        elif kind == "group":
            if 0 <= gi + step < len(groups):
                self.apply("移动分组", lambda p: p.budget.groups.insert(gi + step, p.budget.groups.pop(gi)),
                           cursor=_GROUPS + (gi + step,))
        elif 0 <= li + step < len(groups[gi].lines):
            self._move_line(gi, li, gi, li + step)
        elif 0 <= gi + step < len(groups):
            self._move_line(gi, li, gi + step, len(groups[gi + step].lines) if step < 0 else 0)

    def _move_line(self, gi: int, li: int, to_group: int, to_line: int) -> None:
        def move(p: m.Project) -> None:
            p.budget.groups[to_group].lines.insert(to_line, p.budget.groups[gi].lines.pop(li))

        self.apply("移动明细行", move, cursor=_GROUPS + (to_group, "lines", to_line))

    def action_copy_above(self) -> None:
        """Fill the cursor's line with a copy of the line above it (the previous group's last, on a first line)."""
        spot = self._spot()
        if spot is None or spot[0] != "line":
            self._say("请把光标移到明细行上")
            return
        _, gi, li = spot
        groups = self.session.project.budget.groups
        earlier = [(g, len(groups[g].lines) - 1) for g in range(gi) if groups[g].lines]
        source = (gi, li - 1) if li else (earlier[-1] if earlier else None)
        if source is None:
            self._say("上方没有明细行可复制")
            return
        sg, sl = source

        def copy(p: m.Project) -> None:
            p.budget.groups[gi].lines[li] = replace(p.budget.groups[sg].lines[sl])

        self.apply("复制上一行", copy)
