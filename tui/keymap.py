"""Every key the app binds, as data: one table builds each ``BINDINGS`` and the README's key tables.

A :class:`Key` says which key(s) run which action where, what the key bar
calls it (``label``) and what it does in a sentence (``about``, for help and the
README).  :func:`bindings` turns the keys of one place into Textual ``Binding``
objects; it imports Textual only when called, so that a scripted command (or a
help screen, or a command palette) can read this table without it.

A new key goes into :data:`KEYS`, next to the keys of the same place, in the
order the key bar shows them; the README's tables come from :data:`README`
(``python3 -m tui.keymap --write README.md``), and a test holds the README to them.

Run as ``python3 -m tui.keymap`` it prints the README's key tables.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

__all__ = ["Key", "KEYS", "WHERE", "DocRow", "DocTable", "README", "bindings", "key", "keys_at",
           "shown_key", "bar_key", "help_rows", "render_tables", "update_readme"]


@dataclass(frozen=True)
class Key:
    """One binding: a key (or keys, ``delete,f8``) running one action in one place."""

    #: Stable id (``project.save``); Textual's keymap and the help find a key by it.
    id: str
    #: Textual key names, alternatives separated by commas.
    keys: str
    #: The Textual action string run by the key (``goto('sec-header')``); empty for a builtin
    #: key that runs a different action per key name (the table's arrows).
    action: str
    #: Short Chinese name in the key bar (Textual's binding description).
    label: str
    #: Where the key works: a key of :data:`WHERE`.
    where: str
    #: What the key does, in a sentence of Chinese, for help and the README.
    about: str
    #: Shown in the key bar.
    show: bool = True
    #: Runs before the focused widget sees the key.
    priority: bool = False
    #: Bound by Textual itself (focus moves, table cursor, command palette): listed, never built here.
    builtin: bool = False
    #: How help writes the key when it is not a key name (``方向键``).
    shown: str = ""
    #: The key bar's order of importance: lower comes first, and a narrow bar drops the highest
    #: first (save 0, back 1, help 2, findings 3, the rest 5, quit 6); all of them are in help (F1).
    rank: int = 5


#: The places a key works in, as the help names them.
WHERE: dict[str, str] = {
    "app": "任何页",
    "unit": "单位页",
    "list": "单位页的项目列表",
    "unit_form": "单位信息",
    "project": "项目页",
    "table": "预算表与指标表",
    "grid": "表格中正在编辑单元格时",
    "cell": "单元格的编辑框",
    "costs": "预算表",
    "indicators": "指标表",
    "dialog": "对话框",
    "help": "帮助页",
}

KEYS: tuple[Key, ...] = (
    # -- the app, on every screen
    Key("app.quit", "ctrl+q", "quit", "退出", "app", "退出（有未保存的修改时先询问）", priority=True, rank=6),
    Key("app.help", "f1", "help", "帮助", "app", "列出此处的全部按键（按键栏放不下的也在其中）", rank=2),
    Key("app.palette", "ctrl+p", "command_palette", "命令面板", "app",
        "命令面板：按中文、拼音首字母（bc→保存）或英文名找命令", show=False, builtin=True),
    # -- the unit screen and its project list
    Key("unit.new", "ctrl+n", "new", "新建项目", "unit", "新建项目（空白；第一次保存前不写入磁盘）"),
    Key("unit.info", "f2", "info", "单位信息", "unit",
        "填写单位信息（单位名称、主管部门、年度、项目个数、涉及项目预算资金……，即 `unit.toml`）"),
    Key("unit.copy", "ctrl+d", "copy", "复制项目", "unit", "复制光标所在项目，作为新项目的起点"),
    Key("unit.delete", "delete,f8", "delete", "删除项目", "unit",
        "删除项目（确认后移到 `.jixiao/trash/`，不会真正删掉）"),
    Key("unit.reload", "f5", "reload", "重新读取", "unit", "重新读取申报目录（在别处改过文件之后）"),
    Key("list.up", "up", "cursor(-1)", "上一个", "list", "上一个项目", show=False),
    Key("list.down", "down", "cursor(1)", "下一个", "list", "下一个项目", show=False),
    Key("list.page_up", "pageup", "page(-1)", "上一页", "list", "上一页", show=False),
    Key("list.page_down", "pagedown", "page(1)", "下一页", "list", "下一页", show=False),
    Key("list.first", "home,ctrl+home", "first", "第一个", "list", "第一个项目", show=False),
    Key("list.last", "end,ctrl+end", "last", "最后一个", "list", "最后一个项目", show=False),
    Key("list.select", "enter", "screen.open", "打开", "list", "打开项目", rank=1),  # (ProjectList.on_key)
    # -- the unit form (unit.toml), opened with F2 on the unit screen
    Key("unit_form.save", "ctrl+s", "save", "保存", "unit_form",
        "保存单位信息（原子写入，注释保留；`unit.toml` 若已被别处修改则不覆盖，询问如何处理）",
        priority=True, rank=0),
    Key("unit_form.close", "escape", "close", "返回", "unit_form", "返回单位页（有未保存的修改时先询问）", rank=1),
    Key("unit_form.findings", "f9", "findings", "核对结果", "unit_form",
        "转到核对结果；在某条结果上按 Enter，光标跳到出问题的字段", rank=3),
    Key("unit_form.next_field", "tab", "app.focus_next", "下一个字段", "unit_form", "下一个字段",
        show=False, builtin=True),
    Key("unit_form.previous_field", "shift+tab", "app.focus_previous", "上一个字段", "unit_form", "上一个字段",
        show=False, builtin=True),
    # -- the project screen
    Key("project.save", "ctrl+s", "save", "保存", "project",
        "保存（原子写入；文件若已被别处修改则不覆盖，询问如何处理）", priority=True, rank=0),
    Key("project.undo", "ctrl+z", "undo", "撤销", "project", "撤销"),
    Key("project.redo", "ctrl+y", "redo", "重做", "project", "重做"),
    Key("project.close", "escape", "close", "返回", "project", "返回单位页（有未保存的修改时先询问）", rank=1),
    Key("project.findings", "f9", "findings", "核对结果", "project",
        "转到核对结果；在某条结果上按 Enter，光标跳到出问题的字段", rank=3),
    Key("project.goto_header", "f2", "goto('sec-header')", "基本信息", "project", "跳到 基本信息", show=False),
    Key("project.goto_funding", "f3", "goto('sec-funding')", "项目资金（元）", "project", "跳到 项目资金",
        show=False),
    Key("project.goto_narrative", "f4", "goto('sec-narrative')", "项目说明", "project", "跳到 项目说明",
        show=False),
    Key("project.goto_budget", "f5", "goto('sec-budget')", "年度预算安排", "project", "跳到 年度预算安排",
        show=False),
    Key("project.goto_goals", "f6", "goto('sec-goals')", "绩效目标与指标", "project", "跳到 绩效目标与指标",
        show=False),
    Key("project.next_field", "tab", "app.focus_next", "下一个字段", "project", "下一个字段",
        show=False, builtin=True),
    Key("project.previous_field", "shift+tab", "app.focus_previous", "上一个字段", "project", "上一个字段",
        show=False, builtin=True),
    # -- the budget table and the indicator table (a grid edited in place): no cell being edited
    Key("table.move", "up,down,left,right", "", "移动", "table", "移动单元格",
        show=False, builtin=True, shown="方向键"),
    Key("table.edit", "enter", "select_cursor", "编辑", "table",
        "在原位编辑单元格（在分组行上打字：修改分组名称）", show=False, builtin=True, shown="Enter 或直接打字"),
    Key("table.next", "tab", "next_cell(1)", "下一格", "table",
        "移到下一格；在最后一格上：离开表格，到下一个字段", show=False),
    Key("table.previous", "shift+tab", "next_cell(-1)", "上一格", "table",
        "移到上一格；在第一格上：离开表格，到上一个字段", show=False),
    Key("table.leave", "escape", "leave", "离开表格", "table", "离开表格，回到表格上方的字段（不离开项目）", rank=1),
    # -- a cell being edited
    Key("grid.next", "tab", "commit(1)", "下一格", "grid", "确认并移到下一格（在最后一格上：确认并离开表格）", rank=3),
    Key("grid.previous", "shift+tab", "commit(-1)", "上一格", "grid",
        "确认并移到上一格（在第一格上：确认并离开表格）", show=False),
    Key("grid.cancel", "escape", "cancel", "取消", "grid", "取消本次编辑", rank=1),
    Key("grid.pick_previous", "up", "pick(-1)", "上一项", "grid", "在选项列表中选上一项", show=False),
    Key("grid.pick_next", "down", "pick(1)", "下一项", "grid", "在选项列表中选下一项", show=False),
    Key("grid.commit", "enter", "submit", "确认", "cell", "确认", rank=0),
    Key("costs.insert_line", "ctrl+n", "insert_line", "插入行", "costs",
        "插入一行；光标在它的 组成 上，直接打字即填写"),
    Key("costs.insert_group", "ctrl+g", "insert_group", "插入分组", "costs",
        "插入一个分组；光标在分组名称上，直接打字即填写"),
    Key("costs.delete", "f8", "delete", "删除", "costs", "删除行（在分组行上：删除分组）"),
    Key("costs.move_up", "ctrl+up", "move(-1)", "上移", "costs", "上移"),
    Key("costs.move_down", "ctrl+down", "move(1)", "下移", "costs", "下移"),
    Key("costs.copy_above", "ctrl+d", "copy_above", "复制上一行", "costs",
        "复制上一行到当前行（覆盖当前行，可 Ctrl+Z 撤销）"),
    Key("indicators.insert", "ctrl+n", "insert", "插入指标", "indicators",
        "插入一条指标，光标在它的 一级指标 上；一级、二级沿用上一条，一级已选中，直接打字即替换"),
    Key("indicators.delete", "f8", "delete", "删除", "indicators", "删除指标"),
    Key("indicators.move_up", "ctrl+up", "move(-1)", "上移", "indicators", "上移"),
    Key("indicators.move_down", "ctrl+down", "move(1)", "下移", "indicators", "下移"),
    # -- a question in a dialog
    Key("dialog.cancel", "escape", "choose('cancel')", "取消", "dialog", "取消（不做任何改动）", rank=1),
    Key("dialog.previous", "left", "app.focus_previous", "", "dialog", "上一个按钮", show=False),
    Key("dialog.next", "right", "app.focus_next", "", "dialog", "下一个按钮", show=False),
    Key("dialog.help", "f1", "app.help", "帮助", "dialog", "列出对话框的按键", rank=2),
    # -- the help page (F1)
    Key("help.close", "escape,f1", "close", "关闭", "help", "关闭帮助，回到原处", rank=1),
    Key("help.scroll", "up,down,pageup,pagedown,home,end", "", "滚动", "help", "滚动帮助",
        show=False, builtin=True, shown="↑ ↓ PgUp PgDn Home End"),
)

_BY_ID = {k.id: k for k in KEYS}


def key(key_id: str) -> Key:
    """The key with id ``key_id``."""
    return _BY_ID[key_id]


def keys_at(where: str) -> list[Key]:
    """The keys of one place, in the key bar's order."""
    if where not in WHERE:
        raise KeyError(where)
    return [k for k in KEYS if k.where == where]


def bindings(where: str) -> list:
    """The Textual ``Binding`` objects of one place (for a ``BINDINGS`` list); Textual's own keys are left out."""
    from textual.binding import Binding

    return [Binding(k.keys, k.action, k.label, show=k.show, priority=k.priority, id=k.id)
            for k in keys_at(where) if not k.builtin]


# -- how help and the README write a key ---------------------------------------------------

_NAMES = {"up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
          "escape": "Esc"}


def shown_key(name: str) -> str:
    """One Textual key name as a person writes it: ``ctrl+up`` → ``Ctrl+↑``, ``f5`` → ``F5``."""
    return "+".join(_NAMES.get(part, part.capitalize() if len(part) > 1 else part.upper())
                    for part in name.split("+"))


_BAR = {"ctrl": "^", "shift": "⇧", "escape": "Esc", "enter": "⏎", "delete": "Del"}


def bar_key(name: str) -> str:
    """A key as the key bar writes it, short: ``ctrl+s`` → ``^S``, ``escape`` → ``Esc``, ``f9`` → ``F9``."""
    *mods, last = name.split("+")
    return "".join(_BAR[m] for m in mods if m in _BAR) + _BAR.get(last, shown_key(last))


def help_rows(where: str) -> list[tuple[str, str]]:
    """The keys of one place as help lists them: (the keys as people write them, what they do)."""
    return [(_written(k), k.about) for k in keys_at(where)]


def _written(k: Key, first_only: bool = False) -> str:
    if k.shown:
        return k.shown
    names = k.keys.split(",")
    return " 或 ".join(shown_key(name) for name in (names[:1] if first_only else names))


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class DocRow:
    """A row of a README key table: the keys it explains, and how.

    Keys are joined by ``sep``; a ``compact`` row writes only each key's first
    name, separated by spaces (``↑ ↓ PgUp PgDn Home End``).  The second column
    is ``about`` when given, else the keys' own descriptions joined by ``sep``.
    """

    ids: tuple[str, ...]
    about: str = ""
    sep: str = " / "
    compact: bool = False

    def cells(self) -> tuple[str, str]:
        found = [key(i) for i in self.ids]
        sep = " " if self.compact else self.sep
        keys = sep.join(_unique(_written(k, first_only=self.compact) for k in found))
        return keys, self.about or self.sep.join(_unique(k.about for k in found))


@dataclass(frozen=True)
class DocTable:
    """A README key table under its bold title (``note`` follows the title on the same line)."""

    title: str
    rows: tuple[DocRow, ...]
    note: str = ""

    def markdown(self) -> str:
        lines = [f"**{self.title}**{self.note}", "", "| 键 | 作用 |", "| --- | --- |"]
        lines += [f"| {keys} | {about} |" for keys, about in (row.cells() for row in self.rows)]
        return "\n".join(lines) + "\n"


#: The key tables of the README's section “按键（全屏界面）”, in its order.
README: tuple[DocTable, ...] = (
    DocTable("单位页", (
        DocRow(("list.up", "list.down", "list.page_up", "list.page_down", "list.first", "list.last"),
               "在项目列表中移动；底部随之显示该项目的核对结果", compact=True),
        DocRow(("list.select",)),
        DocRow(("unit.new",)),
        DocRow(("unit.info",)),
        DocRow(("unit.copy",)),
        DocRow(("unit.delete",)),
        DocRow(("unit.reload",)),
        DocRow(("app.quit",)),
    )),
    DocTable("单位信息", (
        DocRow(("unit_form.next_field", "unit_form.previous_field"), "下一个 / 上一个字段"),
        DocRow(("unit_form.save",)),
        DocRow(("unit_form.findings",)),
        DocRow(("unit_form.close",)),
    ), note="（单位页按 F2）"),
    DocTable("项目页", (
        DocRow(("project.next_field", "project.previous_field"), "下一个 / 上一个字段"),
        DocRow(("project.goto_header", "project.goto_funding", "project.goto_narrative",
                "project.goto_budget", "project.goto_goals"),
               "跳到 基本信息 / 项目资金 / 项目说明 / 年度预算安排 / 绩效目标与指标", compact=True),
        DocRow(("project.save",)),
        DocRow(("project.undo", "project.redo")),
        DocRow(("project.findings",)),
        DocRow(("project.close",)),
    )),
    DocTable("预算表与指标表", (
        DocRow(("table.move",)),
        DocRow(("table.edit",)),
        DocRow(("table.next", "table.previous", "grid.next", "grid.previous"),
               "移到下一格 / 上一格（正在编辑时先确认）；越过最后一格或第一格即离开表格，到下一个或上一个字段"),
        DocRow(("grid.commit",), "确认本次编辑"),
        DocRow(("grid.cancel", "table.leave"), "正在编辑时：取消本次编辑；否则离开表格，回到表格上方的字段（不离开项目）"),
        DocRow(("costs.insert_line", "indicators.insert"),
               "插入一行（指标表：插入一条指标），新行显示在屏幕上，光标在第一列；"
               "指标表的一级、二级沿用上一条，一级已选中，直接打字即替换"),
        DocRow(("costs.insert_group",), "插入一个分组（预算表），光标在分组名称上"),
        DocRow(("costs.copy_above",), "复制上一行到当前行（预算表；覆盖当前行，可 Ctrl+Z 撤销）"),
        DocRow(("costs.move_up", "costs.move_down", "indicators.move_up", "indicators.move_down")),
        DocRow(("costs.delete", "indicators.delete"), "删除行（在分组行上：删除分组）"),
    ), note="（光标在表格中时）"),
)


def render_tables() -> str:
    """The README's key tables, each under its title, separated by blank lines."""
    return "\n".join(table.markdown() for table in README)


def _table_at(title_line: str) -> re.Pattern[str]:
    return re.compile(re.escape(title_line) + r"\n\n(?:\|[^\n]*\n)+")


def update_readme(text: str) -> str:
    """``text`` (the README) with each key table replaced by the one :data:`README` gives."""
    for table in README:
        pattern = _table_at(f"**{table.title}**{table.note}")
        if len(pattern.findall(text)) != 1:
            raise ValueError(f"README 中找不到（或不止一张）按键表：{table.title}")
        text = pattern.sub(lambda _match, table=table: table.markdown(), text)
    return text


def main(argv: list[str]) -> int:
    if argv[:1] == ["--write"] and len(argv) == 2:
        with open(argv[1], encoding="utf-8") as handle:
            text = handle.read()
        with open(argv[1], "w", encoding="utf-8") as handle:
            handle.write(update_readme(text))
        return 0
    if argv:
        print("用法：python3 -m tui.keymap [--write README.md]", file=sys.stderr)
        return 2
    sys.stdout.write(render_tables())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
