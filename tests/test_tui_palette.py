"""Ctrl+P: the app's own commands, in Chinese, found by Chinese, pinyin initials or English id."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList

from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.commands import SECTION_INITIALS, app_commands
from tui.keymap import keys_at
from tui.screens.project_screen import ProjectScreen
from tui.screens.unit_screen import UnitScreen


def _app(root: Path) -> JixiaoApp:
    return JixiaoApp(Workspace.open(root))


async def _open_p03(pilot) -> ProjectScreen:
    await pilot.pause()
    await pilot.press("down", "down", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ProjectScreen)
    return pilot.app.screen


async def _search(pilot, words: str) -> list[str]:
    """Open the palette, type ``words``; the commands it lists, first the best."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    for ch in words:
        await pilot.press(ch)
    await pilot.pause(0.4)  # the palette searches after a short pause in typing
    listed = pilot.app.screen.query_one(CommandList)
    return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]


async def _run(pilot, words: str) -> None:
    listed = await _search(pilot, words)
    assert listed, words
    if pilot.app.screen.query_one(CommandList).highlighted is None:
        await pilot.press("down")
    await pilot.press("enter")  # the first one
    await pilot.pause()
    await pilot.pause()


def _said(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_save_is_found_by_chinese_pinyin_initials_and_english_id(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_p03(pilot)
        for words in ("保存", "bc", "save"):
            listed = await _search(pilot, words)
            assert listed[0].startswith("保存"), (words, listed)
            await pilot.press("escape")
            await pilot.pause()


async def test_the_palette_lists_only_what_works_here_and_no_english_system_commands(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        on_unit = {c.id: c.title for c in app_commands(app, app.screen)}
        assert {"new", "copy", "open", "check", "help", "quit"} <= set(on_unit)
        assert "save" not in on_unit and on_unit["check"] == "重新核对" and on_unit["quit"] == "退出"
        listed = await _search(pilot, "save")  # no project is open: nothing to save
        assert listed == ["没有这个命令：可输入中文、拼音首字母（bc）或英文名（save）"]
        await pilot.press("escape")
        await pilot.pause()
        screen = await _open_p03(pilot)
        on_project = {c.id: c.title for c in app_commands(app, screen)}
        assert {"save", "undo", "insert_line", "insert_group", "insert_indicator", "check", "export_text",
                "export_csv", "export_xlsx", "back", "quit"} <= set(on_project)
        assert "new" not in on_project and on_project["check"] == "核对结果"
        everything = [c.title for c in app_commands(app, screen)] + list(on_unit.values())
        for english in ("Theme", "Keys", "Quit", "Screenshot", "Maximize", "Minimize"):
            assert not any(english in title for title in everything)


async def test_every_section_jump_has_its_initials():
    jumps = [k for k in keys_at("project") if k.action.startswith("goto(")]
    assert {k.label for k in jumps} == set(SECTION_INITIALS)


async def test_a_jump_from_the_palette_moves_the_cursor_to_the_section(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        await _run(pilot, "ndysap")  # 跳到 年度预算安排
        assert isinstance(app.screen, ProjectScreen)
        section = screen.query_one("#sec-budget")
        focused = app.focused
        assert focused is not None and focused.region.y >= section.region.y
        field = next(f for f in screen.fields() if focused in (f, f.input))
        assert field.spec.attr.startswith("budget.")


async def test_insert_a_cost_line_from_the_palette(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        before = sum(len(g.lines) for g in screen.session.project.budget.groups)
        await _run(pilot, "插入预算行")
        assert sum(len(g.lines) for g in screen.session.project.budget.groups) == before + 1
        assert screen.session.dirty


async def test_export_text_and_csv_write_files_and_say_where(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        screen.session.set_field(("header", "name"), "合作与交流（改）")  # unsaved: the export has it
        await _run(pilot, "export_text")
        text = example_copy / "p03-申报表.txt"
        assert f"已导出到 {text}" in _said(app)
        assert text.read_text(encoding="utf-8").startswith("项目经费情况说明 3--合作与交流（改）")
        await _run(pilot, "export_csv")
        costs = example_copy / "p03-预算明细.csv"
        assert f"已导出到 {costs}" in _said(app)
        data = costs.read_bytes()
        assert data.startswith("\ufeff".encode()) and "餐费（市外）".encode() in data
    assert Store.open(example_copy).load_project("p03").project.header.name == "合作与交流"  # nothing saved


async def test_quit_from_the_palette(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        await _run(pilot, "tc")
    assert app.return_code == 0
