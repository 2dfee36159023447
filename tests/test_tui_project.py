"""The project screen and the unit screen's project actions, driven by keys only."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual import events
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static, TextArea

from store.autosave import Autosave
from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.widgets.project_list import ProjectList
from tui.dialogs import ChoiceDialog
from tui.screens.project_screen import ProjectScreen
from tui.screens.unit_screen import UnitScreen
from tui.widgets.findings_panel import FindingsPanel
from tui.widgets.cost_table import CostTableEditor
from tui.widgets.form_field import FieldsPreview, FormField, LineArea, TextField


def _app(root: Path) -> JixiaoApp:
    return JixiaoApp(Workspace.open(root))


async def _open(pilot, row: int) -> ProjectScreen:
    for _ in range(row):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    return screen


def _field(screen: ProjectScreen, attr: str) -> FormField:
    return next(f for f in screen.query(FormField) if f.spec.attr == attr)


async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)
    await pilot.pause()


async def _replace(pilot, screen: ProjectScreen, attr: str, text: str) -> FormField:
    field = _field(screen, attr)
    field.input.focus()
    await pilot.pause()
    await pilot.press("end")
    for _ in range(len(field.input.value)):
        await pilot.press("backspace")
    await _type(pilot, text)
    return field


def _saved_name(root: Path, pid: str) -> str:
    return Store.open(root).load_project(pid).project.header.name


async def test_edit_a_field_save_and_see_it_in_the_list(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        assert screen.pid == "p03" and isinstance(app.focused, LineArea)
        await pilot.press("end")
        await _type(pilot, "2")
        assert "● 未保存" in str(screen.query_one("#project-title").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert _saved_name(example_copy, "p03") == "合作与交流2"
        assert "● 未保存" not in str(screen.query_one("#project-title").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        table = app.screen.query_one(ProjectList)
        assert str(table.cells(2)[1]) == "合作与交流2"


async def test_amounts_and_dates_are_checked_as_typed(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        field = await _replace(pilot, screen, "funding.annual", "3778万")
        assert str(field.query_one(".message").render()) == "= 37,780,000.00 元"
        panel = screen.query_one(FindingsPanel)
        assert "[budget-total]" in panel.plain and "[funding-annual-split]" in panel.plain
        date = await _replace(pilot, screen, "header.start", "2024-02-30")
        assert date.has_class("-invalid")
        assert "2024年2月没有30日" in str(date.query_one(".message").render())
        before = (example_copy / "projects" / "p03.toml").read_bytes()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (example_copy / "projects" / "p03.toml").read_bytes() == before
        assert app.focused is date.input


async def test_undo_and_redo(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        await _replace(pilot, screen, "funding.total_other", "5")
        assert screen.session.project.funding.total_other == 5
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.project.funding.total_other == 0
        assert _field(screen, "funding.total_other").input.value == "0.00"
        assert not screen.session.dirty
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert screen.session.project.funding.total_other == 5


async def test_leaving_with_unsaved_changes_asks(example_copy):
    before = (example_copy / "projects" / "p03.toml").read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        await pilot.press("end")
        await _type(pilot, "x")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("escape")  # 取消: stay
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape", "right")  # the dialog again; 不保存
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
    assert (example_copy / "projects" / "p03.toml").read_bytes() == before


async def test_quitting_with_unsaved_changes_can_save(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, 1)
        await pilot.press("end")
        await _type(pilot, "y")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # 保存
        await pilot.pause()
    assert _saved_name(example_copy, "p02") == "法律顾问费y"


async def test_autosave_is_offered_back_on_the_next_start(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        await pilot.press("end")
        await _type(pilot, "未存")
        await pilot.pause(1.3)  # the autosave delay
    # The terminal was "killed": nothing saved, but the autosave is there.
    assert _saved_name(example_copy, "p03") == "合作与交流"
    assert [p.project.header.name for p in Autosave(Store.open(example_copy)).pending()] == ["合作与交流未存"]
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # 恢复
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProjectScreen) and screen.session.dirty
        assert _field(screen, "header.name").input.value == "合作与交流未存"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert _saved_name(example_copy, "p03") == "合作与交流未存"
    assert Autosave(Store.open(example_copy)).pending() == []


async def test_enter_on_a_finding_moves_to_its_field(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(pilot, 8)  # p09: 概述 says 约 610 万元
        await pilot.press("f9")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        assert app.focused.parent.spec.attr == "narrative.overview"


async def test_a_change_made_on_disk_is_never_overwritten(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        path = example_copy / "projects" / "p03.toml"
        theirs = path.read_text(encoding="utf-8").replace('category = "其他运转类"', 'category = "别人改的"')
        path.write_text(theirs, encoding="utf-8")
        await pilot.press("end")
        await _type(pilot, "我")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # 另存为新项目 (the default)
        await pilot.pause()
        assert screen.pid == "p11"
    assert path.read_text(encoding="utf-8") == theirs
    mine = Store.open(example_copy).load_project("p11").project
    assert mine.header.name == "合作与交流我（我的版本）" and mine.header.category == "其他运转类"


async def test_new_copy_and_delete_projects(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen) and app.screen.pid == "p11"
        await pilot.press("ctrl+s", "escape")  # a new project is a draft until saved
        await pilot.pause()
        await pilot.press("ctrl+home", "down", "down", "ctrl+d")  # copy p03
        await pilot.pause()
        assert _saved_name(example_copy, "p12") == "合作与交流（副本）"
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the default answer is 取消
        await pilot.pause()
        assert (example_copy / "projects" / "p12.toml").exists()
        await pilot.press("delete", "left", "enter")
        await pilot.pause()
        assert not (example_copy / "projects" / "p12.toml").exists()
        assert list((example_copy / ".jixiao" / "trash").glob("p12-*.toml"))
        table = app.screen.query_one(ProjectList)
        assert table.row_count == 11


def test_project_screen_snapshot(snap_compare, example_copy):
    assert snap_compare(_app(example_copy), press=["down", "down", "enter"], terminal_size=(80, 24))


def test_project_screen_budget_snapshot(snap_compare, example_copy):
    """Project 7 at its cost table: the 800 × 47 line is flagged, the panel says why."""
    assert snap_compare(_app(example_copy), press=[*["down"] * 6, "enter", "f5", "tab"], terminal_size=(80, 24))


async def test_the_form_scrolls_to_the_cell_being_edited(example_copy):
    """At 80×24 the indicator table starts below the screen; editing it must be visible."""
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        await pilot.press("f6", "tab", "tab", "ctrl+end", "ctrl+n")
        await _type(pilot, "产出")
        form = screen.query_one("#form")
        editor = screen.query_one("#indicators CellInput")
        assert editor.has_focus and editor.value == "产出"
        assert form.region.contains_region(editor.region), (form.region, editor.region)
        assert app.cursor_position in editor.region


# -- issue 11: what the form shows is current, whole, and where the user works ------------------------


def _shown(widget: Widget) -> str:
    """What the screen shows where the widget is, as plain text (one line per row)."""
    strips = widget.screen._compositor.render_strips()
    region = widget.region
    return "\n".join(strips[y].crop(region.x, region.right).text.rstrip() for y in range(region.y, region.bottom))


def _set(root: Path, old: str, new: str) -> None:
    path = root / "projects" / "p03.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_the_budget_total_follows_the_funding_fields(example_copy):
    """年度资金申请总额 filled in: the total line under the budget table says 差额 at once, whole at 80
    columns; the panel and the table's flag follow too, with no edit in the table."""
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        total = screen.query_one("#costs .total", Static)
        await _replace(pilot, screen, "funding.annual", "")
        assert "未填年度资金申请总额" in str(total.render())
        await _type(pilot, "300万")
        await pilot.press("enter")
        await pilot.pause()
        said = str(total.render())
        assert "年度资金申请总额 3,000,000.00 元" in said and "差额 -1,000,000.00" in said
        assert total.has_class("-bad") and "[budget-total]" in screen.query_one(FindingsPanel).plain
        screen.query_one("#form").scroll_to_widget(total, animate=False)
        await pilot.pause()
        assert "差额 -1,000,000.00" in _shown(total).replace("\n", "")  # wrapped, not cut
        await _replace(pilot, screen, "funding.annual", "200万")
        await pilot.press("enter")
        await pilot.pause()
        assert "差额 0.00" in str(total.render()) and not total.has_class("-bad")
        assert "[budget-total]" not in screen.query_one(FindingsPanel).plain


async def test_long_values_and_messages_wrap_instead_of_being_cut(example_copy):
    long = "上海市松江区人民政府办公室（本级）与松江区对口支援与合作交流工作领导小组办公室联合实施"
    _set(example_copy, 'implementer = "上海市松江区人民政府办公室（本级）"', f'implementer = "{long}"')
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        field = _field(screen, "header.implementer")
        assert isinstance(field.input, LineArea) and field.input.size.height == 2
        form = screen.query_one("#form")
        assert form.region.contains_region(field.region)
        assert _shown(field.input).replace("\n", "").replace(" ", "") == long
        assert field.input.size.width >= 50  # the width beside the label, not a fixed column
        money = await _replace(pilot, screen, "funding.total", "两百万元整，含财政资金与其他资金")
        message = money.query_one(".message", Static)
        assert money.has_class("-invalid") and message.size.height >= 2
        said = str(message.render())
        assert said.endswith("元") and cell_len(said) > message.size.width  # one line would cut it
        assert _shown(message).replace("\n", "").replace(" ", "") == said.replace(" ", "")  # all of it


async def test_a_prefilled_field_shows_its_start_when_focused(example_copy):
    nature = "其他经常性项目（含公务接待、出访考察、交流活动与对口支援工作经费）"
    _set(example_copy, 'nature = "其他经常性项目"', f'nature = "{nature}"')
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        await pilot.press("tab")  # into 项目性质, an Input narrower than its value
        await pilot.pause()
        field = _field(screen, "header.nature")
        assert app.focused is field.input and isinstance(field.input, Input)
        assert field.input.cursor_position == 0 and field.input.scroll_offset.x == 0
        assert _shown(field.input).strip().startswith("其他经常性项目（含")
        await pilot.press("tab", "tab", "tab")  # into 实施单位: the whole value, the cursor after it
        await pilot.pause()
        implementer = _field(screen, "header.implementer").input
        assert app.focused is implementer and _shown(implementer).strip() == "上海市松江区人民政府办公室（本级）"
        await _type(pilot, "甲")
        assert implementer.value == "上海市松江区人民政府办公室（本级）甲"


async def test_undo_and_redo_bring_the_view_and_the_focus_to_the_change(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        form = screen.query_one("#form")
        field = await _replace(pilot, screen, "header.implementer", "某某单位")
        await pilot.press("f6")  # far below, in 项目总目标
        await pilot.pause()
        assert not form.region.contains_region(field.region)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.session.project.header.implementer == "上海市松江区人民政府办公室（本级）"
        assert app.focused is field.input and form.region.contains_region(field.region)
        await pilot.press("f5")
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert screen.session.project.header.implementer == "某某单位"
        assert app.focused is field.input and form.region.contains_region(field.region)
        costs = screen.query_one(CostTableEditor)
        await pilot.press("f5", "tab", "down", "right", "right", "right")
        await _type(pilot, "31 万元")
        await pilot.press("enter", "f2")
        await pilot.pause()
        assert str(screen.session.project.budget.groups[0].lines[0].amount) == "31 万元"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert str(screen.session.project.budget.groups[0].lines[0].amount) == "30 万元"
        assert app.focused is costs.table and costs.table.cursor_coordinate == (1, 3)
        from tui.widgets.cell_editor import cell_region

        assert form.region.contains_region(cell_region(costs.table, costs.table.cursor_coordinate))


async def test_pasting_several_lines_into_a_one_line_field_joins_them(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = await _open(pilot, 2)
        name = _field(screen, "header.name").input
        await pilot.press("end")
        app.post_message(events.Paste("a\nb\nc"))
        await pilot.pause()
        assert name.value == "合作与交流a b c" and screen.session.project.header.name == "合作与交流a b c"
        assert any("粘贴的 3 行已合并为一行" in n.message for n in app._notifications)
        money = await _replace(pilot, screen, "funding.total_other", "")
        app.post_message(events.Paste("2,000,\n000.00"))  # an amount: joined with nothing
        await pilot.pause()
        assert money.input.value == "2,000,000.00" and screen.session.project.funding.total_other == 2000000


async def test_opening_builds_every_section_and_loses_no_key(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.press("enter", "x", "y")  # typed as the project opens
        screen = app.screen
        assert isinstance(screen, ProjectScreen)
        await pilot.pause()
        await pilot.pause()
        assert screen.built and not screen.query(FieldsPreview)
        assert len(screen.query(FormField)) == 14 and len(screen.query(TextField)) == 8
        assert screen.query_one("#indicators") and screen.query_one("#costs DataTable", DataTable).row_count
        assert screen.session.project.header.name == "合作与交流xy"
        assert all(f.display for f in screen.query(FormField))


def test_project_screen_long_values_snapshot(snap_compare, example_copy):
    """A long 实施单位 wraps under its start; the fields take the width beside their labels."""
    _set(example_copy, 'implementer = "上海市松江区人民政府办公室（本级）"',
         'implementer = "上海市松江区人民政府办公室（本级）与松江区对口支援与合作交流工作领导小组办公室联合实施"')
    assert snap_compare(_app(example_copy), press=["down", "down", "enter", "tab", "tab", "tab", "tab"],
                        terminal_size=(80, 24))
