"""The budget table editor, driven with the keyboard only (Pilot) and compared at 80×24 (snapshot)."""

from __future__ import annotations

import copy
from decimal import Decimal

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Static

from store.editing import EditSession
from store.model import CostLine, Project
from store.normalize import Measure
from store.toml_store import Store
from tests.conftest import EXAMPLE
from tui.widgets.cost_table import CostTableEditor
from tui.widgets.cell_editor import CellInput

TOTAL = "合计 2,000,000.00 元 · 年度资金申请总额 2,000,000.00 元 · 差额 0.00"
#: ("budget", "groups", 0, "lines", 0): 餐费（市外）, 2000 人 × 150 元/人, 30 万元.
MEALS = ("budget", "groups", 0, "lines", 0)


class CostApp(App):
    """The editor alone over a project (project 3 of the example), and a footer."""

    def __init__(self, project: Project | None = None) -> None:
        super().__init__()
        self.session = EditSession(project or Store.open(EXAMPLE).load_project("p03").project)
        self.original = copy.deepcopy(self.session.project)
        self.changes = 0

    def compose(self) -> ComposeResult:
        yield CostTableEditor(self.session)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CostTableEditor).focus()

    def on_cost_table_editor_changed(self) -> None:
        self.changes += 1


def _row(app: CostApp, index: int) -> list[str]:
    return [str(cell) for cell in app.query_one(DataTable).get_row_at(index)]


def _label(app: CostApp, index: int) -> str:
    table = app.query_one(DataTable)
    return str(table.rows[table.coordinate_to_cell_key((index, 0)).row_key].label)


def _line(app: CostApp, name: str) -> str:
    return str(app.query_one(f".{name}", Static).render())


def _rules(app: CostApp, path: tuple) -> set[str]:
    return {f.rule for f in app.session.findings if f.path == path}


async def test_typed_quantity_keeps_the_written_amount_and_flags_the_row():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", *"3000 人", "enter")
        line = app.session.project.budget.groups[0].lines[0]
        assert line.quantity == Measure(Decimal("3000"), "人")
        assert line.amount == Measure(Decimal("30"), "万元")
        assert "cost-line-arithmetic" in _rules(app, MEALS + ("amount",))
        assert _row(app, 1)[:5] == ["餐费（市外）", "3000 人", "150 元/人", "30 万元", "300,000.00"]
        assert _label(app, 1) == "✗" and _label(app, 2) == " "
        assert _line(app, "status").startswith("✗ 数量 × 单价 = 3000 人 × 150 元/人 = 450,000.00 元")
        assert _line(app, "total") == TOTAL
        assert app.changes == 1


async def test_full_width_digits_are_read():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", *"３０００ 人", "enter")
        assert app.session.project.budget.groups[0].lines[0].quantity == Measure(Decimal("3000"), "人")
        assert _row(app, 1)[1] == "3000 人"


async def test_an_empty_amount_shows_the_computed_one_dimmed_and_the_total_follows():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", *"3000 人", "enter", "right", "right", "enter")
        assert app.query_one(CellInput).value == "30 万元"
        await pilot.press("ctrl+u", "enter")
        line = app.session.project.budget.groups[0].lines[0]
        assert line.amount is None and line.yuan == Decimal("450000")
        shown = app.query_one(DataTable).get_row_at(1)
        assert str(shown[3]) == "450,000.00" and shown[3].style == "dim"
        assert str(shown[4]) == "450,000.00"
        assert _label(app, 1) == " "
        assert _line(app, "total") == "合计 2,150,000.00 元 · 年度资金申请总额 2,000,000.00 元 · 差额 +150,000.00"
        assert app.query_one(".total").has_class("-bad")
        assert app.changes == 2


async def test_escape_cancels():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", *"9 人")
        assert app.query_one(CellInput).display
        await pilot.press("escape")
        assert not app.query_one(CellInput).display
        assert app.session.project == app.original and app.changes == 0
        assert _row(app, 1)[1] == "2000 人"


async def test_a_bad_value_is_refused_with_the_reason():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", *"abc", "enter")
        editor = app.query_one(CellInput)
        assert editor.display and editor.has_focus and editor.value == "abc"
        assert _line(app, "status") == "✗ 数量：“abc”应以数字开头，如 2000 人、150 元/人、30 万元"
        assert app.query_one(".status").has_class("-error")
        assert app.session.project == app.original and app.changes == 0


async def test_tab_commits_and_moves_to_the_next_editable_cell():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", *"早餐", "tab")
        table = app.query_one(DataTable)
        assert app.session.project.budget.groups[0].lines[0].item == "早餐"
        assert table.cursor_coordinate == (1, 1) and table.has_focus
        assert _line(app, "status") == "数量：2000 人"  # the whole text of the cell, which the grid may cut


async def test_insert_a_line_and_type_it():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "ctrl+n", *"翻译费", "tab", "right", "right", *"2 万元", "enter")
        lines = app.session.project.budget.groups[0].lines
        assert lines[1] == CostLine(item="翻译费", amount=Measure(Decimal("2"), "万元"))
        assert len(lines) == 4
        assert _row(app, 2)[3:5] == ["2 万元", "20,000.00"]
        assert _line(app, "total") == "合计 2,020,000.00 元 · 年度资金申请总额 2,000,000.00 元 · 差额 +20,000.00"


async def test_delete_a_line():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "f8")
        items = [line.item for line in app.session.project.budget.groups[0].lines]
        assert items == ["餐费（市内、工作人员）", "租车费"]
        assert _line(app, "total").startswith("合计 1,700,000.00 元")


async def test_delete_a_group_asks_first():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.press("enter")  # 取消 is the default
        assert app.session.project == app.original
        await pilot.press("f8", "left", "enter")
        assert [g.name for g in app.session.project.budget.groups] == ["出访考察项目组成", "交流活动项目组成"]


async def test_move_a_line_within_and_across_groups():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "ctrl+down")
        groups = app.session.project.budget.groups
        assert [line.item for line in groups[0].lines] == ["餐费（市外）", "餐费（市内、工作人员）"]
        assert groups[1].lines[0].item == "租车费"
        table = app.query_one(DataTable)
        assert _row(app, table.cursor_row)[0] == "租车费"
        await pilot.press("ctrl+up", "ctrl+up")
        assert [line.item for line in app.session.project.budget.groups[0].lines] == [
            "餐费（市外）", "租车费", "餐费（市内、工作人员）"]


async def test_copy_the_line_above():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "ctrl+d")
        lines = app.session.project.budget.groups[0].lines
        assert lines[1] == lines[0] and lines[1] is not lines[0]
        assert len(lines) == 3


async def test_insert_a_group_and_name_it():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g", *"培训费", "enter")
        groups = app.session.project.budget.groups
        assert [g.name for g in groups][:2] == ["公务接待项目组成", "培训费"] and groups[1].lines == []


async def test_undo_then_reload_restores():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "f8", "down", "right", *"1 人", "enter")
        assert app.session.project != app.original
        app.session.undo()
        app.session.undo()
        editor = app.query_one(CostTableEditor)
        editor.reload()
        await pilot.pause()
        assert app.session.project == app.original
        assert _row(app, 1)[:2] == ["餐费（市外）", "2000 人"]
        assert _line(app, "total") == TOTAL


async def test_focus_path_moves_to_the_cell_of_a_finding():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(CostTableEditor)
        editor.focus_path(("budget", "groups", 1, "lines", 2, "amount"))
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.cursor_coordinate == (8, 3) and table.has_focus
        assert _row(app, 8)[0] == "党政团出访西藏定日县"


async def test_user_text_is_never_markup():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", *"[b]x[/]", "enter")
        assert _row(app, 1)[0] == "[b]x[/]"


async def test_an_empty_table_starts_with_a_group():
    app = CostApp(Project())
    async with app.run_test(size=(80, 24)) as pilot:
        assert _line(app, "status") == "还没有预算明细：按 Ctrl+G 插入分组"
        assert _line(app, "total") == "合计 0.00 元 · 未填年度资金申请总额"
        await pilot.press("ctrl+n")
        assert app.session.project == Project() and app.changes == 0
        await pilot.press("ctrl+g", *"会议费", "enter", "ctrl+n", *"场地费", "tab", *"２ 天", "tab", *"５０００ 元/天", "enter")
        group = app.session.project.budget.groups[0]
        assert group.name == "会议费"
        assert group.lines == [CostLine(item="场地费", quantity=Measure(Decimal("2"), "天"),
                                        price=Measure(Decimal("5000"), "元/天"))]
        assert _row(app, 1)[3:5] == ["10,000.00", "10,000.00"]
        assert _row(app, 2)[0] == "小计" and _row(app, 2)[4] == "10,000.00"
        assert _line(app, "total") == "合计 10,000.00 元 · 未填年度资金申请总额"


def test_cost_table_snapshot(snap_compare):
    async def quiet_cursor(pilot) -> None:
        pilot.app.query_one(CellInput).cursor_blink = False

    assert snap_compare(CostApp(), press=["down", "right", *"3000 人", "enter"],
                        run_before=quiet_cursor, terminal_size=(80, 24))


def test_cost_table_editing_snapshot(snap_compare):
    async def quiet_cursor(pilot) -> None:
        pilot.app.query_one(CellInput).cursor_blink = False

    assert snap_compare(CostApp(), press=["down", "right", *"abc", "enter"],
                        run_before=quiet_cursor, terminal_size=(80, 24))


async def test_typing_past_the_cell_width_keeps_the_cursor_in_view():
    """The editor has a fixed width; a long entry scrolls inside it, showing where one types."""
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")
        editor = app.query_one(CellInput)
        await pilot.press("end", *"甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉")
        assert editor.value.endswith("子丑寅卯辰巳午未申酉")
        assert editor.scroll_offset.x > 0
        assert "申酉" in editor.render_line(0).text and "甲" not in editor.render_line(0).text
        assert editor.region.contains(*app.cursor_position)
        await pilot.press("home")
        assert editor.scroll_offset.x == 0 and editor.region.contains(*app.cursor_position)


# -- spreadsheet habits, in the project screen at 80×24 --------------------------------------

def screen_lines(app) -> list[str]:
    """The screen as the terminal shows it, one string per line (overlays included)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def shown_at(app, region) -> str:
    """The text the screen shows in ``region`` (a cell's place)."""
    line = screen_lines(app)[region.y]
    cells, x = "", 0
    for ch in line:  # a wide character takes two cells
        if region.x <= x < region.right:
            cells += ch
        x += 2 if ord(ch) > 0x2E7F else 1
    return cells


async def open_p03(pilot):
    """The unit screen's third project (p03, 合作与交流), opened."""
    from tui.screens.project_screen import ProjectScreen

    await pilot.press("down", "down", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProjectScreen) and pilot.app.screen.pid == "p03"
    return pilot.app.screen


def _cursor_cell_on_screen(app, table: DataTable):
    """The cursor's cell, where the screen shows it: all of it inside the form's view, drawn by the table."""
    from tui.widgets.cell_editor import cell_region

    region = cell_region(table, table.cursor_coordinate)
    form = app.screen.query_one("#form")
    assert region.height == 1 and form.scrollable_content_region.contains_region(region)
    return region


async def test_tab_moves_cell_to_cell_and_leaves_the_table_only_past_its_ends(example_copy):
    from textual.widgets import TextArea

    from tui.app import JixiaoApp
    from store.workspace import Workspace

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        editor = screen.query_one(CostTableEditor)
        editor.focus()
        await pilot.pause()
        table = editor.table
        visited = [tuple(table.cursor_coordinate)]
        for _ in range(7):
            await pilot.press("tab")
            visited.append(tuple(table.cursor_coordinate))
        # 分组名称, 分组合计, then the first line's 组成 … 资金需求, 测算依据 (折合 is computed), the next 组成
        assert visited == [(0, 0), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3), (1, 5), (2, 0)]
        assert table.has_focus and not editor.editing
        await pilot.press("shift+tab", "shift+tab")
        assert tuple(table.cursor_coordinate) == (1, 3) and table.has_focus
        # the last cell of the table: Tab leaves it, for the next field (项目总目标)
        editor.focus_path(("budget", "groups", 2, "lines", 4, "note"))
        await pilot.pause()
        last = tuple(table.cursor_coordinate)
        await pilot.press("tab")
        assert isinstance(app.focused, TextArea) and app.focused.parent.spec.attr == "goals.overall"
        # Shift+Tab back from the field after the table: into the table; from its first cell, out before it
        await pilot.press("shift+tab")
        assert table.has_focus and tuple(table.cursor_coordinate) == last
        editor.focus_path(("budget", "groups", 0, "name"))
        await pilot.pause()
        await pilot.press("shift+tab")
        assert isinstance(app.focused, TextArea) and app.focused.parent.spec.attr == "budget.prose"
        assert screen.session.project == Store.open(example_copy).load_project("p03").project


async def test_tab_past_an_empty_amount_then_typing_goes_into_the_next_cell(example_copy):
    from tui.app import JixiaoApp
    from store.workspace import Workspace

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        overall = screen.session.project.goals.overall
        editor = screen.query_one(CostTableEditor)
        editor.focus_path(("budget", "groups", 2, "lines", 4, "item"))  # the table's last line
        await pilot.pause()
        await pilot.press("ctrl+n", *"翻译费", "tab", "tab", "tab", "tab", *"按实际", "enter")
        line = screen.session.project.budget.groups[2].lines[5]
        assert line == CostLine(item="翻译费", note="按实际")  # 数量, 单价, 资金需求 passed over, empty
        assert screen.session.project.goals.overall == overall
        assert editor.table.has_focus


async def test_escape_cancels_an_edit_then_leaves_the_table_not_the_project(example_copy):
    from textual.widgets import TextArea

    from tui.app import JixiaoApp
    from tui.screens.project_screen import ProjectScreen
    from store.workspace import Workspace

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        editor = screen.query_one(CostTableEditor)
        editor.focus_path(MEALS + ("quantity",))
        await pilot.pause()
        await pilot.press(*"9 人", "escape")
        assert not editor.editing and editor.table.has_focus
        assert screen.session.project.budget.groups[0].lines[0].quantity == Measure(Decimal("2000"), "人")
        await pilot.press("escape")
        assert app.screen is screen and isinstance(app.screen, ProjectScreen)
        assert isinstance(app.focused, TextArea) and app.focused.parent.spec.attr == "budget.prose"
        assert app.screen.active_bindings["escape"].binding.id == "project.close"


async def test_esc_is_the_tables_while_the_cursor_is_in_it():
    """The key bar and help read the active bindings: in the table Esc leaves it; editing, it cancels."""
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.active_bindings["escape"].binding.id == "table.leave"
        assert app.screen.active_bindings["tab"].binding.id == "table.next"
        await pilot.press("enter")
        assert app.screen.active_bindings["escape"].binding.id == "grid.cancel"
        assert app.screen.active_bindings["tab"].binding.id == "grid.next"


async def test_typing_on_a_group_row_edits_its_name():
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "right")  # the group row's 分组合计 column
        table = app.query_one(DataTable)
        assert tuple(table.cursor_coordinate) == (0, 3)
        await pilot.press(*"接待费", "enter")
        group = app.session.project.budget.groups[0]
        assert group.name == "接待费" and group.total is None and app.changes == 1
        assert _row(app, 0)[0] == "接待费" and tuple(table.cursor_coordinate) == (0, 0)
        await pilot.press("tab", "enter")  # Enter on 分组合计 still edits it
        assert app.query_one(CellInput).display and app.query_one(CellInput).value == ""
        await pilot.press(*"40 万元", "enter")
        assert app.session.project.budget.groups[0].total == Measure(Decimal("40"), "万元")


async def test_a_new_line_and_group_are_in_view_with_the_cursor_on_their_first_column(example_copy):
    from tui.app import JixiaoApp
    from store.workspace import Workspace

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        editor = screen.query_one(CostTableEditor)
        table = editor.table
        editor.focus_path(("budget", "groups", 1, "lines", 3, "amount"))  # the last line of 出访考察
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert tuple(table.cursor_coordinate) == (10, 0) and str(table.get_row_at(10)[0]) == ""
        region = _cursor_cell_on_screen(app, table)
        assert region.contains(*app.cursor_position)  # where an input method opens its window
        await pilot.press(*"翻译费")
        await pilot.pause()
        assert shown_at(app, region).strip() == "翻译费"
        await pilot.press("enter", "ctrl+g")
        await pilot.pause()
        assert tuple(table.cursor_coordinate) == (12, 0)  # after 出访考察's 小计: the new group's name
        region = _cursor_cell_on_screen(app, table)
        await pilot.press(*"培训费")
        await pilot.pause()
        assert shown_at(app, region).strip() == "培训费"
        await pilot.press("enter")
        groups = screen.session.project.budget.groups
        assert groups[1].lines[4].item == "翻译费" and groups[2].name == "培训费"
