"""The key bar, help (F1) and notifications, as a budget officer meets them at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Static
from textual.widgets._toast import Toast

from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.dialogs import ChoiceDialog
from tui.keymap import KEYS, help_rows
from tui.screens.help_screen import HelpScreen
from tui.screens.project_screen import ProjectScreen
from tui.screens.unit_screen import UnitScreen
from tui.widgets.cost_table import CostTableEditor
from tui.widgets.findings_panel import FindingsPanel
from tui.widgets.indicator_table import IndicatorEditor
from tui.widgets.key_bar import KeyBar, fit

#: Textual's own help panel speaks English; none of it may show.
ENGLISH = ("Scroll", "cursor", "Move", "Quit", "Keys", "Dismiss", "Toggle")


def _app(root: Path) -> JixiaoApp:
    return JixiaoApp(Workspace.open(root))


async def _open_p03(pilot) -> ProjectScreen:
    await pilot.pause()
    await pilot.press("down", "down", "enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    return screen


def _bar(app: JixiaoApp) -> str:
    return app.screen.query_one(KeyBar).plain


async def _in_table(pilot, screen: ProjectScreen, editor_type) -> None:
    editor = screen.query_one(editor_type)
    editor.table.focus()
    editor.table.move_cursor(row=1, column=1)
    await pilot.pause()


async def _help(pilot) -> HelpScreen:
    await pilot.press("f1")
    await pilot.pause()
    await pilot.pause()  # laid out
    help_screen = pilot.app.screen
    assert isinstance(help_screen, HelpScreen)
    return help_screen


def _shown_values(screen: ProjectScreen) -> list[str]:
    return [str(field.input.value if hasattr(field.input, "value") else field.input.text) for field in screen.fields()]


# -- the key bar -----------------------------------------------------------------------------

def test_fit_takes_keys_by_rank_and_never_a_part_of_one():
    widths, ranks = [10, 10, 10, 30, 10], [5, 0, 2, 1, 5]
    assert fit(widths, ranks, 80) == [1, 3, 2, 0, 4]
    assert fit(widths, ranks, 55) == [1, 3, 2]  # the two rank-5 keys (10 cells each) would not both fit whole…
    assert fit(widths, ranks, 61) == [1, 3, 2, 0]  # …one does
    assert fit(widths, ranks, 9) == []


async def test_the_key_bar_shows_save_back_help_and_findings_in_every_context_at_80_columns(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        essentials = ("^S 保存", "Esc 返回", "F1 帮助", "F9 核对结果")
        bars = {"field": _bar(app)}
        await _in_table(pilot, screen, CostTableEditor)
        bars["costs"] = _bar(app)
        assert "^N 插入行" in bars["costs"]  # the table's own keys come next, as room allows
        await _in_table(pilot, screen, IndicatorEditor)
        bars["indicators"] = _bar(app)
        assert "插入指标" in bars["indicators"]
        for where, bar in bars.items():  # in a table, Esc leaves the table (a second Esc goes back)
            back = "Esc 返回" if where == "field" else "Esc 离开表格"
            assert bar.startswith(" " + "  ".join(essentials).replace("Esc 返回", back)), (where, bar)
            assert len(bar) <= 80 and bar.endswith(" ") and "…" not in bar, (where, bar)
        await _in_table(pilot, screen, CostTableEditor)
        await pilot.press("enter")  # editing a cell: Enter confirms, Esc cancels the edit
        await pilot.pause()
        assert _bar(app).startswith(" ⏎ 确认  ^S 保存  Esc 取消  F1 帮助"), _bar(app)
        assert "F9 核对结果" in _bar(app)


async def test_a_narrow_bar_drops_whole_keys_from_the_least_important(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(44, 24)) as pilot:
        await _open_p03(pilot)
        assert _bar(app) == " ^S 保存  Esc 返回  F1 帮助  F9 核对结果 "  # undo, redo, quit: in F1


async def test_the_unit_screen_bar_leads_with_open_and_help(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert _bar(app).startswith(" ⏎ 打开  F1 帮助  ^N 新建项目")


async def test_a_question_lends_the_bar_its_keys(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        await pilot.press("x", "escape")  # an edit, then leave: “有未保存的修改”
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert screen.query_one(KeyBar).plain == " Esc 取消  F1 帮助 "
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.query_one(KeyBar).plain.startswith(" ^S 保存  Esc 返回")


# -- help (F1) -------------------------------------------------------------------------------

async def test_help_on_the_unit_screen_lists_its_keys_in_chinese(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        help_screen = await _help(pilot)
        title = str(help_screen.query_one("#help-title", Static).render())
        assert title.startswith("帮助：单位页")
        text = help_screen.plain
        for words in ("■ 单位页的项目列表", "Enter", "打开项目", "Ctrl+N", "新建项目（空白；第一次保存前不写入磁盘）", "Delete 或 F8",
                      "■ 任何页", "Ctrl+Q", "Ctrl+P", "bc→保存"):
            assert words in text, words
        assert not any(word in text or word in title for word in ENGLISH)
        joined = "".join(text.split())  # every sentence whole at 80 columns: folded, never cut with “…”
        for where in help_screen.places:
            for _keys, about in help_rows(where):
                assert "".join(about.split()) in joined, about
        assert not app.screen.query("HelpPanel")  # not Textual's English panel
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)


async def test_help_follows_the_context_of_the_project_screen(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        seen = {}
        for context, enter in (("field", None), ("costs", CostTableEditor), ("indicators", IndicatorEditor),
                               ("cell", CostTableEditor)):
            if enter is not None:
                await _in_table(pilot, screen, enter)
            if context == "cell":
                await pilot.press("enter")
                await pilot.pause()
            help_screen = await _help(pilot)
            seen[context] = (help_screen.places, help_screen.plain)
            await pilot.press("f1")  # F1 closes it too
            await pilot.pause()
            assert app.screen is screen
        assert seen["field"][0] == ["project", "app"]
        assert "■ 项目页" in seen["field"][1] and "Ctrl+S" in seen["field"][1] and "F2" in seen["field"][1]
        assert seen["costs"][0] == ["costs", "table", "project", "app"]
        assert "Ctrl+G" in seen["costs"][1] and "插入一个分组" in seen["costs"][1] and "方向键" in seen["costs"][1]
        assert seen["indicators"][0] == ["indicators", "table", "project", "app"]
        assert "插入一条指标" in seen["indicators"][1] and "插入一个分组" not in seen["indicators"][1]
        assert seen["cell"][0][:2] == ["cell", "grid"]
        assert "取消本次编辑" in seen["cell"][1] and "插入一行" not in seen["cell"][1]
        for _places, text in seen.values():
            assert not any(word in text for word in ENGLISH)


async def test_help_in_a_dialog_lists_the_dialog_keys(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_p03(pilot)
        await pilot.press("x", "escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        help_screen = await _help(pilot)
        assert help_screen.places == ["dialog"]
        assert "取消（不做任何改动）" in help_screen.plain and "上一个按钮" in help_screen.plain
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog and not dialog.answered  # Esc closed help, not the question


async def test_help_scrolls_by_keyboard_and_leaves_the_form_as_it_was(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        await _in_table(pilot, screen, CostTableEditor)  # the longest help: table, project and app keys
        focused, values = app.focused, _shown_values(screen)
        cursor = screen.query_one(CostTableEditor).table.cursor_coordinate
        help_screen = await _help(pilot)
        body = help_screen.query_one("#help-body", VerticalScroll)
        assert body.max_scroll_y > 0  # longer than 24 rows: it scrolls
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("up", "pageup", "home")
        await pilot.pause()
        assert body.scroll_y == 0
        assert _shown_values(screen) == values  # nothing of the form blanked or changed under it
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.focused is focused
        assert screen.query_one(CostTableEditor).table.cursor_coordinate == cursor
        assert _shown_values(screen) == values and not screen.session.dirty


def test_help_snapshot_on_the_project_screen(snap_compare, example_copy):
    assert snap_compare(_app(example_copy), press=["down", "down", "enter", "f1"], terminal_size=(80, 24))


def test_key_bar_snapshot_in_the_budget_table(snap_compare, example_copy):
    assert snap_compare(_app(example_copy), press=["down", "down", "enter", "f5", "tab"], terminal_size=(80, 24))


def test_every_key_of_help_has_words_in_chinese():
    for k in KEYS:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in k.about), k.id


# -- notifications ----------------------------------------------------------------------------

async def test_notifications_stack_at_the_right_and_never_cover_the_findings(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await _open_p03(pilot)
        for n in range(5):
            app.notify(f"第 {n} 条通知：已导出到 /tmp/某个很长的目录/再长一点的子目录/文件{n}.txt")
        await pilot.pause()
        await pilot.pause()
        toasts = [t for t in screen.query(Toast) if t.region]
        assert len(list(app._notifications)) == 3 and len(toasts) == 3  # the oldest two went
        assert [str(t._notification.message)[:3] for t in toasts] == ["第 2", "第 3", "第 4"]
        findings = screen.query_one(FindingsPanel).region
        bar = screen.query_one(KeyBar).region
        for toast in toasts:
            assert not toast.region.overlaps(findings) and not toast.region.overlaps(bar), toast.region
            assert toast.region.y >= 1 and toast.region.right == 80  # under the title line, at the right
        assert len(screen.query_one("ToastRack").children) == 3  # the dropped ones left no empty holder
