"""Issue #10, the app's part of the attack catalogue: classes 1 (any key, any speed),
2 (user text is never markup) and 3 (autosave tells the truth).

Each case drives the real app (80×24) on a copy of the example store and asserts
what a user would notice: the screen on top and what it shows, the bytes on disk,
the autosave folder.  Keys sent "at once" are queued with no pause between them,
as a terminal delivers them when a user types quickly; the random version of all
this is tests/test_soak.py.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, TextArea

from store.autosave import Autosave
from store.toml_store import Store
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.dialogs import ChoiceDialog
from tui.screens.project_screen import ProjectScreen, ask_unsaved
from tui.screens.unit_screen import UnitScreen
from tui.widgets.cost_table import CostTableEditor
from tui.widgets.findings_panel import FindingsPanel
from tui.widgets.form_field import FormField
from tui.widgets.project_list import ProjectList

MARKUP = "[@click=app.quit]点我[/]"


def _app(root: Path) -> JixiaoApp:
    return JixiaoApp(Workspace.open(root))


def _path(root: Path, pid: str) -> Path:
    return root / "projects" / f"{pid}.toml"


def _set_name(root: Path, pid: str, toml_value: str) -> bytes:
    """Give project ``pid`` the name ``toml_value`` (a TOML string, escapes and all); returns the bytes."""
    path = _path(root, pid)
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("name = "))
    path.write_text(text.replace(line, f"name = {toml_value}", 1), encoding="utf-8")
    return path.read_bytes()


def _autosaves(root: Path) -> list[str]:
    return sorted(p.name for p in (root / ".jixiao" / "autosave").glob("*.toml"))


async def _at_once(app: JixiaoApp, pilot, *keys: str) -> None:
    """Queue ``keys`` with no pause between them (a fast typist, a terminal's burst), then settle."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    await pilot.pause()
    await pilot.pause()


async def _open(app: JixiaoApp, pilot, row: int) -> ProjectScreen:
    await pilot.press(*["down"] * row, "enter")
    await pilot.pause()
    assert isinstance(app.screen, ProjectScreen)
    return app.screen


def _field(screen: ProjectScreen, attr: str) -> FormField:
    return next(f for f in screen.query(FormField) if f.spec.attr == attr)


def _title(screen: ProjectScreen) -> str:
    return str(screen.query_one("#project-title").render())


def _toasts(app: JixiaoApp) -> list[str]:
    return [str(toast.render()) for toast in app.screen.query("Toast")]


# -- class 1: any key, any speed, any screen ------------------------------------------------


async def test_f6_then_esc_at_once_leaves_the_project(example_copy):
    before = _path(example_copy, "p01").read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, 0)
        for jump in ("f6", "f5", "f2", "f9"):
            await _at_once(app, pilot, jump, "escape")
            assert isinstance(app.screen, UnitScreen) and app.return_code is None
            await _at_once(app, pilot, "enter")
    assert app.return_code in (None, 0) and _path(example_copy, "p01").read_bytes() == before


async def test_enter_then_esc_at_once_closes_a_project_before_it_is_shown(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _at_once(app, pilot, "enter", "escape")
        await _at_once(app, pilot, "enter", "f6", "escape", "enter", "escape")
        assert [type(s).__name__ for s in app.screen_stack] == ["UnitScreen"]
    assert app.return_code in (None, 0)


async def test_enter_twice_at_once_opens_one_project(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _at_once(app, pilot, "enter", "enter", "enter")
        assert [type(s).__name__ for s in app.screen_stack] == ["UnitScreen", "ProjectScreen"]


async def test_a_dialog_answers_once_and_never_closes_the_screen_under_it(example_copy):
    answers = []
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, 2)
        dialog = ask_unsaved(screen.session.project)
        app.push_screen(dialog, answers.append)
        await pilot.pause()
        dialog.dismiss("cancel")
        dialog.dismiss("discard")  # Esc then Enter, both queued before the dialog closed
        await pilot.pause()
        assert app.screen is screen and answers == ["cancel"]
        screen.dismiss()
        screen.dismiss()  # Esc twice: the unit screen under it stays
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["UnitScreen"]
    assert app.return_code in (None, 0)


async def test_the_command_palette_closes_only_itself(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _at_once(app, pilot, "ctrl+p", "a", "escape", "ctrl+p", "escape", "escape")
        assert [type(s).__name__ for s in app.screen_stack] == ["UnitScreen"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        app.push_screen(ChoiceDialog("问", "答", []))  # something opened over it meanwhile
        await pilot.pause()
        palette.dismiss()  # a late Esc of the palette's
        await pilot.pause()
        assert [type(s).__name__ for s in app.screen_stack] == ["UnitScreen", "Palette", "ChoiceDialog"]
    assert app.return_code in (None, 0)


async def test_enter_twice_at_once_in_a_cell_commits_once(example_copy):
    before = _path(example_copy, "p03").read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, 2)
        await pilot.press("f5", "tab", "down", "right")  # 数量 of the first line
        await pilot.pause()
        quantity = screen.session.project.budget.groups[0].lines[0].quantity
        await _at_once(app, pilot, "enter", "enter", "enter", "enter")  # open, commit, open, commit
        assert app.return_code is None and not screen.session.dirty
        assert screen.session.project.budget.groups[0].lines[0].quantity == quantity
    assert _path(example_copy, "p03").read_bytes() == before


async def test_ctrl_q_while_a_question_is_open_asks_to_answer_it_first(example_copy):
    before = _path(example_copy, "p03").read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await _open(app, pilot, 2)
        await pilot.press("end", "x", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.return_code is None
        assert "请先回答对话框中的问题（Esc 取消）" in _toasts(app)
    assert _path(example_copy, "p03").read_bytes() == before


# -- class 2: user text is never markup ------------------------------------------------------


async def test_markup_typed_into_an_amount_then_ctrl_s(example_copy):
    before = _path(example_copy, "p03").read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, 2)
        field = _field(screen, "funding.annual")
        field.input.focus()
        await pilot.press("end", *"[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.return_code is None and app.screen is screen
        assert field.input.value == "2,000,000.00[/]" and field.has_class("-invalid")
        message = str(field.query_one(".message").render())
        assert "[/]" in message
        assert any(t.startswith("年度资金申请总额：") and "[/]" in t and t.endswith("请先改正再保存。")
                   for t in _toasts(app))
    assert _path(example_copy, "p03").read_bytes() == before


async def test_markup_in_a_project_name_is_shown_as_written_everywhere(example_copy):
    before = _set_name(example_copy, "p03", f'"{MARKUP}"')
    app = _app(example_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ProjectList).cells(2)[1] == MARKUP
        await pilot.press("down", "down", "delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert MARKUP in str(dialog.query_one("#dialog-message").render())
        await pilot.press("escape")
        await pilot.pause()
        screen = await _open(app, pilot, 0)
        assert _title(screen) == f"p03  {MARKUP}"
        await pilot.press("end", "!", "escape")  # the unsaved-changes question quotes the name
        await pilot.pause()
        assert f"项目“{MARKUP}!”有未保存的修改" in str(app.screen.query_one("#dialog-message").render())
        await pilot.press("escape")
        app.notify(MARKUP, title=MARKUP)
        await pilot.pause()
        assert f"{MARKUP}\n{MARKUP}" in _toasts(app)
        assert app.return_code is None
    assert _path(example_copy, "p03").read_bytes() == before


async def test_markup_in_a_cost_line_is_literal_in_the_grid_and_the_check_panel(example_copy):
    path = _path(example_copy, "p07")  # its first line is 47 × 800 ≠ 38000
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("规范性文件评估清理（及合法性审查补充）", "[bold]评估[/bold]", 1), encoding="utf-8")
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, 6)
        panel = screen.query_one(FindingsPanel)
        assert "第 1 行「[bold]评估[/bold]」" in panel.plain
        await pilot.press("f5", "tab", "down")
        await pilot.pause()
        costs = screen.query_one(CostTableEditor)
        assert str(costs.table.get_row_at(1)[0]) == "[bold]评估[/bold]"
        assert str(screen.query_one("#costs .status").render()).startswith("✗ 数量 × 单价 = 47 件 × 800 元/件")


async def test_a_name_holding_a_tab_and_an_escape_opens_and_closes_unchanged(example_copy):
    before = _set_name(example_copy, "p03", r'"合作\t与交流\u001b[2J"')
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(ProjectList).cells(2)[1] == "合作 与交流␛[2J"
        screen = await _open(app, pilot, 2)
        assert _title(screen) == "p03  合作 与交流␛[2J" and "未保存" not in _title(screen)
        assert _field(screen, "header.name").input.value == "合作 与交流␛[2J"
        await pilot.press("tab", "shift+tab", "escape")  # through the field, and out: no question
        await pilot.pause(0.2)
        assert isinstance(app.screen, UnitScreen)
    assert _path(example_copy, "p03").read_bytes() == before and _autosaves(example_copy) == []


async def test_control_characters_in_a_narrative_and_a_cell_are_kept_unless_edited(example_copy):
    path = _path(example_copy, "p03")
    text = path.read_text(encoding="utf-8").replace("接待人员", "接待\\u001b[31m人员", 1)
    path.write_text(text.replace('item = "餐费（市外）"', 'item = "餐费\\t（市外）\\u0007"', 1), encoding="utf-8")
    before = path.read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, 2)
        assert not screen.session.dirty
        await pilot.press("f5", "tab", "down", "enter")  # open 组成 of the first line ...
        await pilot.pause()
        editor = screen.query_one("#costs CellInput", Input)
        assert editor.value == "餐费 （市外）␇"  # shown, not sent to the terminal
        await pilot.press("enter")  # ... and commit it unedited
        await pilot.pause()
        assert not screen.session.dirty and "未保存" not in _title(screen)
        await pilot.press("escape", "escape")  # out of the table, then out of the project
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
    assert path.read_bytes() == before


async def test_pasted_control_characters_are_made_visible(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await _open(app, pilot, 2)
        name = _field(screen, "header.name").input
        name.focus()
        await pilot.press("end")
        app.post_message(events.Paste("\x1b[2J乙\t丙\n第二行"))
        await pilot.pause()
        assert name.value == "合作与交流␛[2J乙 丙第二行"  # lines joined (a one-line field), with a notice
        area = screen.query("TextField TextArea").first(TextArea)
        area.focus()
        await pilot.pause()
        app.post_message(events.Paste("一\r\n二\t三\x1b]0;x\x07"))
        await pilot.pause()
        assert "一\n二\t三␛]0;x␇" in area.text


# -- class 3: autosave tells the truth -------------------------------------------------------


async def test_a_value_changed_and_changed_back_is_never_offered_back(example_copy):
    before = _path(example_copy, "p03").read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _open(app, pilot, 2)
        await pilot.press("end", "x")
        await pilot.pause(1.3)  # the autosave is written a second after an edit
        assert _autosaves(example_copy) == ["p03.toml"]
        await pilot.press("backspace")  # put back: the autosave goes at once, not a second later
        assert _autosaves(example_copy) == []
    # the terminal is killed here: no Esc, no Ctrl+Q
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(0.2)
        assert isinstance(app.screen, UnitScreen)
    assert _path(example_copy, "p03").read_bytes() == before


async def test_an_autosave_equal_to_the_file_is_deleted_not_offered(example_copy):
    folder = example_copy / ".jixiao" / "autosave"
    folder.mkdir(parents=True)
    text = _path(example_copy, "p03").read_text(encoding="utf-8")
    (folder / "p03.toml").write_text(text, encoding="utf-8")
    # the same model written another way (a comment, 5 万 for 50000.00): equal, so not offered either
    other = _path(example_copy, "p05").read_text(encoding="utf-8").replace('"50000.00"', '"5万"')
    (folder / "p05.toml").write_text("# 另一种写法\n" + other, encoding="utf-8")
    (folder / "p02.toml").write_text(_path(example_copy, "p02").read_text(encoding="utf-8")
                                     .replace('name = "法律顾问费"', 'name = "法律顾问费（改）"'), encoding="utf-8")
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(0.2)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)  # p02 differs: offered
        assert "项目 p02“法律顾问费（改）”有上次未保存的修改" in str(dialog.query_one("#dialog-message").render())
        await pilot.press("escape")  # 以后再说
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)  # nothing else offered
    assert _autosaves(example_copy) == ["p02.toml"]
    assert Store.open(example_copy).load_project("p03").text == text
    assert [p.id for p in Autosave(Store.open(example_copy)).pending()] == ["p02"]


def test_no_widget_in_the_app_is_handed_a_string_to_parse_as_markup():
    """Static, Label, Button, Option and ``update`` parse a plain string as markup: every call in tui/
    hands them a Text (``literal()`` for user text) or a fixed string with no ``[``; nothing asks for
    markup; notifications are made literal by ``JixiaoApp.notify`` whoever calls it."""
    import ast

    from tests.conftest import ROOT

    takers = {"Static", "Label", "Button", "Option", "update"}
    bad = []
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if any(k.arg == "markup" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                   for k in node.keywords):
                bad.append(f"{where}: markup asked for")
            if name not in takers or not node.args:
                continue
            arg = node.args[0]
            stringy = (isinstance(arg, (ast.JoinedStr, ast.BinOp))
                       or (isinstance(arg, ast.Constant) and isinstance(arg.value, str) and "[" in arg.value)
                       or (isinstance(arg, ast.Call) and getattr(arg.func, "id", "") == "str"))
            if stringy:
                bad.append(f"{where}: {name}() is handed a string")
    assert not bad, bad


async def test_a_fifo_or_a_link_in_the_autosave_folder_is_never_opened(example_copy, tmp_path):
    import os

    folder = example_copy / ".jixiao" / "autosave"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "p03.toml")  # reading it would wait forever
    outside = tmp_path / "elsewhere.toml"
    outside.write_text(_path(example_copy, "p02").read_text(encoding="utf-8").replace(
        'name = "法律顾问费"', 'name = "别处的"'), encoding="utf-8")
    (folder / "p02.toml").symlink_to(outside)
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(0.2)
        assert isinstance(app.screen, UnitScreen)  # nothing offered, nothing hung
    assert sorted(p.name for p in folder.iterdir()) == ["p02.toml", "p03.toml"]
