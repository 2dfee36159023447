"""The indicator editor, driven with the keyboard only (Pilot) and compared at 80×24 (snapshot)."""

from __future__ import annotations

import copy

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

from store.editing import EditSession
from store.model import FRAMEWORK, LEVEL2_ALIASES
from store.toml_store import Store
from tests.conftest import EXAMPLE
from tui.widgets.cell_editor import CellInput, Choices
from tui.widgets.indicator_table import IndicatorEditor

KNOWN = ["接待人员数量", "来访团队满意度", "来访群众投诉率"]


class IndicatorApp(App):
    """The editor alone over project 3 of the example, and a footer."""

    def __init__(self) -> None:
        super().__init__()
        self.session = EditSession(Store.open(EXAMPLE).load_project("p03").project)
        self.original = copy.deepcopy(self.session.project)
        self.changes = 0

    def compose(self) -> ComposeResult:
        yield IndicatorEditor(self.session, KNOWN)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(IndicatorEditor).focus()

    def on_indicator_editor_changed(self) -> None:
        self.changes += 1


def _row(app: IndicatorApp, index: int) -> list[str]:
    return [str(cell) for cell in app.query_one(DataTable).get_row_at(index)]


def _offered(app: IndicatorApp) -> list[str]:
    choices = app.query_one(Choices)
    if not choices.display:
        return []
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


async def test_pick_level1_from_the_filtered_list():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"产出")
        assert _offered(app) == ["产出指标"]
        await pilot.press("enter")
        assert app.session.project.indicators[0].level1 == "产出指标"
        assert _row(app, 0)[0] == "产出指标" and app.changes == 1
        assert not app.query_one(Choices).display


async def test_level2_offers_only_the_entries_under_the_rows_level1():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", "enter")
        assert _offered(app) == list(FRAMEWORK["产出指标"] + LEVEL2_ALIASES["产出指标"])
        assert app.query_one(Choices).highlighted == 0  # the current 数量指标
        await pilot.press("down", "enter")
        assert app.session.project.indicators[1].level2 == "质量指标"
        await pilot.press("down", "down", "down", "down", "enter")  # row 5: 满意度指标
        assert _offered(app) == list(FRAMEWORK["满意度指标"] + LEVEL2_ALIASES["满意度指标"])
        await pilot.press("escape")
        assert app.session.project.indicators[5] == app.original.indicators[5]


async def test_typing_filters_and_an_unlisted_text_is_kept_as_typed():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "right", "量")
        assert _offered(app) == ["数量指标", "质量指标"]
        await pilot.press("up", "enter")  # the highlight wraps to the last
        assert app.session.project.indicators[1].level2 == "质量指标"
        await pilot.press(*"其他", "enter")
        assert app.session.project.indicators[1].level2 == "其他"
        assert "indicator-level2" in {f.rule for f in app.session.findings}


async def test_target_is_saved_as_the_form_writes_it_and_garbage_as_typed():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "right", *">=90%", "enter")
        assert app.session.project.indicators[0].target == "≥90.00(%)"
        assert _row(app, 0)[3] == "≥90.00(%)"
        await pilot.press(*">=90((%)", "enter")
        assert app.session.project.indicators[0].target == ">=90((%)"
        assert _row(app, 0)[3] == ">=90((%)"
        table = app.query_one(DataTable)
        assert str(table.rows[table.coordinate_to_cell_key((0, 0)).row_key].label) == "✗"
        assert "indicator-target" in {f.rule for f in app.session.findings if f.path == ("indicators", 0, "target")}


async def test_level3_completes_from_known_names():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right", "right", "来")
        await pilot.pause()
        await pilot.press("right", "enter")
        assert app.session.project.indicators[0].name == "来访团队满意度"


async def test_insert_delete_and_move():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "ctrl+n", "tab", "tab", *"接待满意度", "enter")  # 一级, 二级 as copied
        new = app.session.project.indicators[2]
        assert (new.level1, new.level2, new.name, new.target) == ("产出指标", "数量指标", "接待满意度", "")
        await pilot.press("ctrl+up")
        assert [i.name for i in app.session.project.indicators[:3]] == ["成本合理性", "接待满意度", "接待人员数量"]
        assert app.query_one(DataTable).cursor_row == 1
        await pilot.press("f8")
        assert app.session.project == app.original
        assert app.changes == 4


async def test_undo_then_reload_restores():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        app.session.undo()
        app.query_one(IndicatorEditor).reload()
        await pilot.pause()
        assert app.session.project == app.original
        assert _row(app, 0) == ["成本指标", "经济成本指标", "成本合理性", "合理"]


async def test_focus_path():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(IndicatorEditor).focus_path(("indicators", 4, "target"))
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.cursor_coordinate == (4, 3) and table.has_focus


def test_indicator_list_snapshot(snap_compare):
    async def quiet_cursor(pilot) -> None:
        pilot.app.query_one(CellInput).cursor_blink = False

    # Row 5 (效益指标), 二级 typed "效益": three of the four entries under 效益指标.
    assert snap_compare(IndicatorApp(), press=["down"] * 4 + ["right", *"效益"], run_before=quiet_cursor,
                        terminal_size=(80, 24))


def test_indicator_insert_snapshot(snap_compare):
    async def quiet_cursor(pilot) -> None:
        pilot.app.query_one(CellInput).cursor_blink = False

    # After the last indicator: a new row, 满意度指标 copied and selected in the editor, the pick list under it.
    assert snap_compare(IndicatorApp(), press=["down"] * 5 + ["ctrl+n"], run_before=quiet_cursor,
                        terminal_size=(80, 24))


async def test_first_indicator_of_an_empty_table_starts_at_level1():
    app = IndicatorApp()
    app.session.project.indicators.clear()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one(IndicatorEditor).reload()
        await pilot.press("ctrl+n", *"满意度", "enter", "right", *"服务对象", "enter")
        new = app.session.project.indicators[0]
        assert (new.level1, new.level2) == ("满意度指标", "服务对象满意度指标")


# -- spreadsheet habits ------------------------------------------------------------------------

async def test_tab_and_shift_tab_move_cell_to_cell():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(DataTable)
        await pilot.press("tab", "tab", "tab")
        assert tuple(table.cursor_coordinate) == (0, 3) and table.has_focus
        await pilot.press("tab")
        assert tuple(table.cursor_coordinate) == (1, 0)
        await pilot.press("shift+tab")
        assert tuple(table.cursor_coordinate) == (0, 3)
        await pilot.press(*">=95%", "tab")  # editing: commit, then the next cell
        assert app.session.project.indicators[0].target == "≥95.00(%)"
        assert tuple(table.cursor_coordinate) == (1, 0) and table.has_focus


async def test_insert_in_the_project_screen_is_in_view_on_level1_with_the_copy_selected(example_copy):
    from store.workspace import Workspace
    from tests.test_tui_cost_table import open_p03, screen_lines, shown_at
    from tui.app import JixiaoApp
    from tui.widgets.cell_editor import cell_region

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        grid = screen.query_one(IndicatorEditor)
        screen.query_one("#field-goals-annual TextArea").focus()  # the field above the table
        await pilot.pause()
        await pilot.press("tab", *["down"] * 5, "ctrl+n")  # on the last indicator (满意度指标)
        await pilot.pause()
        table, editor = grid.table, grid.editor
        assert tuple(table.cursor_coordinate) == (6, 0)
        region = cell_region(table, table.cursor_coordinate)
        assert screen.query_one("#form").scrollable_content_region.contains_region(region)
        assert editor.has_focus and editor.region == region
        assert shown_at(app, region).strip() == "满意度指标"  # the copied 一级, whole, where the new row is
        assert sorted(editor.selection) == [0, len("满意度指标")]
        assert region.contains(*app.cursor_position)  # where an input method opens its window
        assert screen_lines(app)[region.y].count("服务对象满意度指标") == 1  # the copied 二级 beside it
        await pilot.press(*"效益")
        await pilot.pause()
        assert editor.value == "效益" and shown_at(app, region).strip() == "效益"
        await pilot.press("enter", "tab", *"经济效益指标", "enter")
        new = screen.session.project.indicators[6]
        assert (new.level1, new.level2, new.name, new.target) == ("效益指标", "经济效益指标", "", "")


async def test_a_copied_level1_is_kept_by_enter_or_tab():
    app = IndicatorApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "ctrl+n", "tab")
        table = app.query_one(DataTable)
        assert tuple(table.cursor_coordinate) == (2, 1) and table.has_focus
        await pilot.press("tab", *"接待满意度", "enter")
        new = app.session.project.indicators[2]
        assert (new.level1, new.level2, new.name) == ("产出指标", "数量指标", "接待满意度")
        assert app.changes == 2  # the insert and the name: keeping 一级 as it was is no change


async def test_escape_and_tab_leave_the_indicator_table_not_the_project(example_copy):
    from textual.widgets import TextArea

    from store.workspace import Workspace
    from tests.test_tui_cost_table import open_p03
    from tui.app import JixiaoApp
    from tui.widgets.findings_panel import FindingsPanel

    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        grid = screen.query_one(IndicatorEditor)
        grid.focus_path(("indicators", 2, "name"))
        await pilot.pause()
        await pilot.press("escape")
        assert app.screen is screen
        assert isinstance(app.focused, TextArea) and app.focused.parent.spec.attr == "goals.annual"
        grid.focus_path(("indicators", 5, "target"))
        await pilot.pause()
        await pilot.press(*">=95%", "tab")  # the last cell: commit, and on to what follows the table
        assert screen.session.project.indicators[5].target == "≥95.00(%)"
        assert isinstance(app.focused, FindingsPanel) and app.screen is screen
