"""A store too big to read before the first screen: the list shows at once, the totals line
tells how far the background read has come, and the rows fill in (Pilot, 80×24)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from textual.widgets import Static

import tui.screens.unit_screen as unit_screen
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.widgets.project_list import ProjectList

PROJECTS = 60  # more than store.parallel.PARALLEL_FROM: read by worker processes, as a big store is


def _grow(store: Path, count: int = PROJECTS) -> None:
    """``count`` projects: copies of the example's ten (p01, p07, p09 have an error each)."""
    projects = store / "projects"
    for n in range(11, count + 1):
        shutil.copy(projects / f"p{(n - 1) % 10 + 1:02d}.toml", projects / f"p{n:02d}.toml")


def _totals(app: JixiaoApp) -> str:
    return str(app.screen.query_one("#totals", Static).render())


def _notices(app: JixiaoApp) -> list[str]:
    return [n.message for n in app._notifications]


async def _until(pilot, event: threading.Event) -> None:
    """Let the app run until the background read reaches ``event`` (no timing is asserted)."""
    for _ in range(3000):
        if event.is_set():
            break
        await pilot.pause(0.01)
    assert event.is_set()
    await pilot.pause()


async def test_the_first_screen_comes_before_the_read_and_the_totals_tell_progress(example_copy, monkeypatch):
    _grow(example_copy)
    monkeypatch.setattr(unit_screen, "DONE_NOTICE_FROM", 50)  # "big" means 50 projects here
    real = Workspace.summaries_for
    first_given, go_on = threading.Event(), threading.Event()

    def stepped(self, pids, jobs=None):  # the real read, held after its first batch until the test says
        batches = real(self, pids, jobs)
        try:
            yield next(batches)
            first_given.set()
            go_on.wait(60)
            yield from batches
        finally:
            batches.close()

    monkeypatch.setattr(Workspace, "summaries_for", stepped)
    app = JixiaoApp(Workspace.open(example_copy, settle=False))  # as `jixiao 目录` opens it: no index
    try:
        await _read_in_two_steps(app, first_given, go_on)
    finally:
        go_on.set()  # a failed assertion does not leave the read waiting
    assert (example_copy / ".jixiao" / "cache" / "index-v2.json").is_file()  # the next start shows rows at once


async def _read_in_two_steps(app: JixiaoApp, first_given: threading.Event, go_on: threading.Event) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(ProjectList)
        assert table.row_count == PROJECTS
        await _until(pilot, first_given)
        # Right after the first screen the highlighted project is read (its findings show); the rest in batches.
        assert table.cells(0) == ["p01", "东西部扶贫帮困", "37,780,000.00", "1", "0"]
        read = int(re.search(r"读取中：已读 (\d+) / 60 个项目", _totals(app)).group(1))
        assert 1 < read < PROJECTS
        assert sum(not row.pending for row in table.rows) == read
        assert table.cells(1)[1:] == ["法律顾问费", "40,000.00", "0", "0"]
        assert not any("已读完" in n for n in _notices(app))

        go_on.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(row.pending for row in table.rows)
        assert [table.cells(i)[3] for i in range(PROJECTS)].count("1") == 18  # p01, p07, p09 and copies
        assert table.cells(PROJECTS - 1)[:2] == ["p60", "稳增长专办"]
        assert "读取中" not in _totals(app) and " · 项目 60 个 / 申报 10 个 ✗" in _totals(app)
        assert "已读完全部 60 个项目" in _notices(app)


async def test_a_short_read_fills_the_list_without_a_notice(example_copy):
    app = JixiaoApp(Workspace.open(example_copy, settle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(row.pending for row in app.screen.query_one(ProjectList).rows)
        assert not any("已读完" in n for n in _notices(app))


async def test_with_the_index_a_big_store_shows_its_rows_and_reads_nothing_again(example_copy, monkeypatch):
    import store.workspace as workspace

    _grow(example_copy)
    Workspace.open(example_copy)  # reads every project and writes the index
    monkeypatch.setattr(workspace, "INDEX_LATER_FROM", 50)  # the index too is read after the first paint
    monkeypatch.setattr(unit_screen, "DONE_NOTICE_FROM", 50)
    app = JixiaoApp(Workspace.open(example_copy, settle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(ProjectList)
        assert table.row_count == PROJECTS
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not any(row.pending for row in table.rows)
        assert table.cells(PROJECTS - 1)[:2] == ["p60", "稳增长专办"]
        assert not any("已读完" in n for n in _notices(app))  # nothing was left to read: nothing to announce


FIRST_FRAME = """
import asyncio, gc, sys
from store.workspace import Workspace
from tui.app import JixiaoApp
from tui.screens import unit_screen

LATER = ("exports", "store.rules", "store.document", "store.editing", "tomlkit", "xlsxwriter", "tui.screens.help_screen")
at_first_frame = []
real = unit_screen.UnitScreen._after_first_paint

def spy(self):
    at_first_frame.extend(m for m in sys.modules if m.startswith(LATER))
    real(self)

unit_screen.UnitScreen._after_first_paint = spy

async def main():
    gc.disable()  # as tui.app.run() starts the app
    app = JixiaoApp(Workspace.open(sys.argv[1], settle=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(sorted(at_first_frame))
        print(app.screen.query_one("#findings").border_title)
        print(gc.isenabled(), gc.get_freeze_count() > 0)

asyncio.run(main())
"""


def test_the_first_frame_waits_for_neither_the_rules_nor_the_exports(example_copy):
    """What the first screen does not show loads right after it: the rules (the findings panel fills a
    moment later), editing, help, the exports.  In a fresh process, as ``jixiao 目录`` starts; the garbage
    collector, paused for the start, runs again after the first frame (what start-up made set aside)."""
    root = Path(__file__).resolve().parent.parent
    run = subprocess.run([sys.executable, "-c", FIRST_FRAME, str(example_copy)], cwd=root, capture_output=True,
                         text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                         timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["[]", "核对：1 个错误，0 个警告", "True True"]
