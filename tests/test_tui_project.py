"""The project screen and the unit screen's project actions, driven by keys only."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from store.autosave import Autosave
from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.widgets.project_list import ProjectList
from tui.dialogs import ChoiceDialog
from tui.screens.project_screen import ProjectScreen
from tui.screens.unit_screen import UnitScreen
from tui.widgets.findings_panel import FindingsPanel
from tui.widgets.form_field import FormField, LineArea


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
        await pilot.press("escape")
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
