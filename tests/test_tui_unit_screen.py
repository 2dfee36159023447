"""The unit screen, driven with the keyboard only (Pilot) and compared at 80×24 (snapshot)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.widgets.project_list import ProjectList
from tui.widgets.findings_panel import FindingsPanel


def _text(widget) -> str:
    return str(widget.render())


async def test_project_list_counts_and_totals(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ProjectList)
        assert table.row_count == 10
        rows = {str(table.cells(i)[0]): table.cells(i) for i in range(10)}
        assert rows["p01"] == ["p01", "东西部扶贫帮困", "37,780,000.00", "1", "0"]
        assert rows["p03"][2:] == ["2,000,000.00", "0", "0"]
        assert [pid for pid, row in rows.items() if row[3] != "0"] == ["p01", "p07", "p09"]
        totals = _text(app.screen.query_one("#totals", Static))
        assert totals == "项目合计 49,410,000.00 元 · 申报 49,410,000.00 元 ✓ · 项目 10 个 / 申报 10 个 ✓"


async def test_findings_panel_follows_the_cursor(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(FindingsPanel)
        assert "多 75,000.00 元" in panel.plain
        assert panel.border_title == "核对：1 个错误，0 个警告"
        await pilot.press("down")
        assert panel.plain == "✓ 核对通过：未发现问题"
        assert panel.has_class("-clean")
        for _ in range(5):
            await pilot.press("down")
        assert "37,600.00" in panel.plain and "[cost-line-arithmetic]" in panel.plain


async def test_reload_sees_an_edit_made_in_a_text_editor(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        p1 = example_copy / "projects" / "p01.toml"
        p1.write_text(p1.read_text(encoding="utf-8").replace('amount = "1260 万元"', 'amount = "1252.5 万元"'),
                      encoding="utf-8")
        await pilot.press("f5")
        await app.workers.wait_for_complete()  # changed rows are re-read in the background
        await pilot.pause()
        table = app.screen.query_one(ProjectList)
        assert str(table.cells(0)[3]) == "0"
        assert app.screen.query_one(FindingsPanel).plain == "✓ 核对通过：未发现问题"


async def test_user_text_is_never_markup(example_copy: Path):
    p2 = example_copy / "projects" / "p02.toml"
    p2.write_text(p2.read_text(encoding="utf-8").replace('name = "法律顾问费"', 'name = "[bold]测试[/]"'),
                  encoding="utf-8")
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(ProjectList)
        assert str(table.cells(1)[1]) == "[bold]测试[/]"


async def test_broken_file_is_listed_and_explained(example_copy: Path):
    (example_copy / "projects" / "p05.toml").write_text("[header\n", encoding="utf-8")
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(4):
            await pilot.press("down")
        table = app.screen.query_one(ProjectList)
        assert str(table.cells(4)[1]) == "（文件有格式错误）"
        assert "[load-syntax]" in app.screen.query_one(FindingsPanel).plain


async def test_ctrl_q_quits(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


def test_unit_screen_snapshot(snap_compare, example_copy: Path):
    assert snap_compare(JixiaoApp(Workspace.open(example_copy)), terminal_size=(80, 24))


def test_help_snapshot(snap_compare, example_copy: Path):
    assert snap_compare(JixiaoApp(Workspace.open(example_copy)), press=["f1"], terminal_size=(80, 24))


async def test_rows_fill_in_after_the_first_paint(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy, settle=False))  # as `jixiao 目录` opens it: no index yet
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(ProjectList)
        assert table.row_count == 10
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert table.cells(0) == ["p01", "东西部扶贫帮困", "37,780,000.00", "1", "0"]
        assert not any(row.pending for row in table.rows)
        totals = _text(app.screen.query_one("#totals", Static))
        assert totals == "项目合计 49,410,000.00 元 · 申报 49,410,000.00 元 ✓ · 项目 10 个 / 申报 10 个 ✓"
    assert (example_copy / ".jixiao" / "cache" / "index-v2.json").is_file()  # the next start shows rows at once


async def test_a_failed_background_read_is_reported(example_copy: Path, monkeypatch):
    def broken(self, pids, jobs=None):
        raise OSError("磁盘读取错误")
        yield

    monkeypatch.setattr(Workspace, "summaries_for", broken)
    app = JixiaoApp(Workspace.open(example_copy, settle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("后台读取项目文件失败：磁盘读取错误" in n.message for n in app._notifications)
