"""The unit form (F2 on the unit screen) and new projects as drafts, driven by keys only at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from jixiao.cli import main as jixiao
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.dialogs import ChoiceDialog
from tui.screens.project_screen import ProjectScreen
from tui.screens.unit_form_screen import UnitFormScreen
from tui.screens.unit_screen import UnitScreen
from tui.widgets.findings_panel import CLEAN, FindingsPanel
from tui.widgets.form_field import FormField
from tui.widgets.project_list import ProjectList

NAME = 'name = "上海市松江区人民政府办公室（本级）"   # 单位名称\n'


def _app(root: Path) -> JixiaoApp:
    return JixiaoApp(Workspace.open(root))


async def _form(pilot) -> UnitFormScreen:
    await pilot.pause()
    await pilot.press("f2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, UnitFormScreen)
    return pilot.app.screen


def _field(screen, attr: str) -> FormField:
    return next(f for f in screen.query(FormField) if f.spec.attr == attr)


async def _replace(pilot, screen, attr: str, text: str) -> None:
    """Focus a field, clear it and type ``text`` key by key."""
    field = _field(screen, attr)
    field.input.focus()
    await pilot.pause()
    await pilot.press("end", *["backspace"] * len(field.input.value), *text)
    await pilot.pause()


def _panel(app: JixiaoApp) -> str:
    return app.screen.query_one(FindingsPanel).plain


async def test_f2_opens_the_unit_form_with_the_fields_of_unit_toml(example_copy):
    async with _app(example_copy).run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        values = {f.spec.label: f.input.value for f in screen.query(FormField)}
        assert values == {"单位名称": "上海市松江区人民政府办公室（本级）", "主管部门": "上海市松江区人民政府办公室",
                          "年度": "2024", "预算单位个数": "1", "编报项目个数": "10",
                          "涉及项目预算资金": "49,410,000.00", "指标框架": ""}
        assert screen.focused is _field(screen, "name").input
        line = str(screen.query_one("#unit-form-projects", Static).render())
        assert line == "申报中现有项目 10 个，年度资金申请总额合计 49,410,000.00 元"
        assert _panel(pilot.app) == CLEAN


async def test_the_findings_follow_what_is_typed(example_copy):
    async with _app(example_copy).run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        await _replace(pilot, screen, "name", "")
        assert _panel(pilot.app) == "✗ 单位信息 › 单位名称：未填单位名称  [unit-required]"
        await pilot.press(*"松江区政府办")
        await _replace(pilot, screen, "declared_projects", "11")
        assert "单位信息写编报项目 11 个，实有 10 个" in _panel(pilot.app)
        await _replace(pilot, screen, "declared_projects", "10")
        await _replace(pilot, screen, "declared_total", "4940万")
        assert "各项目年度资金申请总额之和为 49,410,000.00 元" in _panel(pilot.app)
        assert "● 未保存" in str(screen.query_one("#unit-form-title", Static).render())


async def test_ctrl_s_writes_unit_toml_keeping_its_comments_and_the_unit_screen_follows(example_copy):
    path = example_copy / "unit.toml"
    before = path.read_text(encoding="utf-8")
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        await _replace(pilot, screen, "name", "松江区政府办")
        await _replace(pilot, screen, "declared_projects", "11")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == before.replace(NAME, 'name = "松江区政府办"   # 单位名称\n').replace(
            "declared_projects = 10 ", "declared_projects = 11 ")
        assert any(n.message == "单位信息已保存" for n in app._notifications)
        await pilot.press("escape")
        await app.workers.wait_for_complete()  # the projects are checked again against the new unit
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        assert str(app.screen.query_one("#unit-header", Static).render()) == "松江区政府办 · 2024 年度"
        assert str(app.screen.query_one("#totals", Static).render()).endswith("项目 10 个 / 申报 11 个 ✗")
        assert "[unit-count]" in _panel(app)


async def test_a_change_on_disk_is_never_overwritten_unasked(example_copy):
    path = example_copy / "unit.toml"
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        theirs = path.read_text(encoding="utf-8").replace("budget_units = 1 ", "budget_units = 2 ")
        path.write_text(theirs, encoding="utf-8")
        await _replace(pilot, screen, "name", "我的名称")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "已在别处被修改" in app.screen.message
        await pilot.press("enter")  # the default answer is 取消
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == theirs
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab", "enter")  # 读取磁盘版本
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == theirs
        assert _field(screen, "budget_units").input.value == "2"
        assert _field(screen, "name").input.value == "上海市松江区人民政府办公室（本级）"
        await pilot.press("escape")  # nothing unsaved now: no question
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)


async def test_escape_with_unsaved_changes_asks(example_copy):
    path = example_copy / "unit.toml"
    before = path.read_bytes()
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        await _replace(pilot, screen, "name", "不要了")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.screen.title_text == "单位信息有未保存的修改"
        await pilot.press("escape")  # 取消: back in the form, the change still there
        await pilot.pause()
        assert app.screen is screen and _field(screen, "name").input.value == "不要了"
        await pilot.press("escape", "right", "enter")  # 不保存
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        assert str(app.screen.query_one("#unit-header", Static).render()).startswith("上海市松江区人民政府办公室（本级）")
    assert path.read_bytes() == before


async def test_a_store_made_by_jixiao_new_is_made_clean_in_the_unit_form(tmp_path, capsys):
    root = tmp_path / "新申报"
    assert jixiao(["new", str(root), "--year", "2025"]) == 0
    app = _app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "未填单位名称" in _panel(app) and "未填主管部门" in _panel(app)
        await _form(pilot)
        await pilot.press(*"某区财政局", "tab", *"某区人民政府")
        await pilot.pause()
        assert _panel(app) == CLEAN
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen) and _panel(app) == CLEAN
    text = (root / "unit.toml").read_text(encoding="utf-8")
    assert 'name = "某区财政局"' in text and "# 单位名称" in text and "按 F2 填写" in text  # the template's comments stay
    capsys.readouterr()
    assert jixiao(["check", str(root)]) == 0
    assert capsys.readouterr().out == "核对 0 个项目：未发现问题\n"


async def test_ctrl_n_then_escape_then_give_up_leaves_nothing(example_copy):
    before = sorted(p.name for p in (example_copy / "projects").iterdir())
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen) and app.screen.pid == "p11"
        assert not (example_copy / "projects" / "p11.toml").exists()  # a draft: nothing on disk yet
        assert "● 未保存" in str(app.screen.query_one("#project-title").render())  # and it says so
        await pilot.press(*"草稿")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and [c.label for c in dialog.choices] == ["保存", "放弃", "取消"]
        await pilot.press("right", "enter")  # 放弃
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        assert app.screen.query_one(ProjectList).row_count == 10
    assert sorted(p.name for p in (example_copy / "projects").iterdir()) == before
    assert not list(example_copy.glob(".jixiao/autosave/*.toml"))


async def test_ctrl_n_then_ctrl_s_creates_the_file(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert (example_copy / "projects" / "p11.toml").is_file()
        assert "● 未保存" not in str(app.screen.query_one("#project-title").render())
        await pilot.press("escape")  # saved: no question
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        projects = app.screen.query_one(ProjectList)
        assert projects.row_count == 11 and projects.selected == "p11"


async def test_a_unit_toml_that_cannot_be_parsed_is_not_opened(example_copy):
    (example_copy / "unit.toml").write_text('name = "未闭合\n', encoding="utf-8")
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, UnitScreen)
        assert any("unit.toml 有格式错误" in n.message for n in app._notifications)


def test_unit_form_snapshot(snap_compare, example_copy):
    assert snap_compare(_app(example_copy), press=["f2"], terminal_size=(80, 24))


async def test_ctrl_q_with_unsaved_unit_changes_asks_and_can_save(example_copy):
    app = _app(example_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _form(pilot)
        await _replace(pilot, screen, "budget_units", "2")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and app.return_code is None
        await pilot.press("enter")  # 保存
        await pilot.pause()
    assert app.return_code == 0
    assert "budget_units = 2 " in (example_copy / "unit.toml").read_text(encoding="utf-8")


async def test_enter_on_a_unit_finding_opens_the_form_at_its_field(tmp_path, capsys):
    root = tmp_path / "新申报"
    assert jixiao(["new", str(root)]) == 0
    app = _app(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(FindingsPanel)
        panel.focus()
        panel.highlighted = 1  # 未填主管部门
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, UnitFormScreen) and screen.focused is _field(screen, "department").input
