"""Moving the focus on the project screen (80×24) repaints what it changes, not the screen (issue #15).

What the terminal is sent is what the screen's compositor marks dirty: a spy on its
``render_update`` records the regions each frame repaints.  The bytes themselves are
measured by ``bench/focus.py``.
"""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widget import Widget

from store.workspace import Workspace
from tests.tui_pilot import open_p03
from tui.app import JixiaoApp
from tui.screens.project_screen import ProjectScreen
from tui.widgets.form_field import FormField, TextField
from tui.widgets.key_bar import KeyBar

#: The fields of 基本信息 and 项目资金, on screen when p03 opens, in Tab order.
ON_SCREEN = 14


async def _open_p03(pilot) -> ProjectScreen:
    screen = await open_p03(pilot)
    await pilot.pause()
    return screen


def _spy(screen: ProjectScreen) -> list[set[Region]]:
    """The regions of each frame the screen repaints from now on."""
    frames: list[set[Region]] = []
    compositor = screen._compositor
    render = compositor.render_update

    def render_update(*args, **kwargs):
        frames.append(set(compositor._dirty_regions))
        return render(*args, **kwargs)

    compositor.render_update = render_update  # type: ignore[method-assign]
    return frames


def _background(widget: Widget) -> object:
    """The background the screen shows in the first cell of a widget's content."""
    strips = widget.screen._compositor.render_strips()
    x, y = widget.content_region.offset
    return next(iter(strips[y].crop(x, x + 1))).style.bgcolor


def _fields(screen: ProjectScreen) -> list[FormField]:
    return list(screen.query(FormField))[:ON_SCREEN]


def _within(frames: list[set[Region]], *widgets: Widget) -> list[Region]:
    """The repainted regions outside the given widgets."""
    allowed = [w.region for w in widgets]
    return [r for frame in frames for r in frame if not any(a.contains_region(r) for a in allowed)]


#: Tab from 项目名称 to 其他资金（年度）, then Shift+Tab back: (key, index of the field it moves to).
MOVES = [("tab", i) for i in range(1, ON_SCREEN)] + [("shift+tab", i) for i in range(ON_SCREEN - 2, -1, -1)]


async def test_tab_and_shift_tab_show_which_field_has_the_focus(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        fields = _fields(screen)
        assert screen.focused is fields[0].input
        focused_look, resting_look = _background(fields[0].input), _background(fields[1].input)
        assert focused_look != resting_look
        for key, index in MOVES:
            await pilot.press(key)
            await pilot.pause()
            editor = fields[index].input
            assert screen.focused is editor, (key, fields[index].spec.label)
            assert _background(editor) == focused_look, (key, fields[index].spec.label)
            assert all(_background(f.input) == resting_look for f in fields if f.input is not editor)


async def test_a_tab_between_fields_repaints_the_two_fields_and_the_key_bar_only(example_copy: Path):
    """The screen itself is not repainted for a focus change (tui/screens/quiet_focus.py): each move among the
    fields on screen repaints the field left, the field entered and the key bar, and nothing else."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        fields = _fields(screen)
        bar = screen.query_one(KeyBar)
        whole = Region(0, 0, 80, 24)
        for key, index in MOVES:
            left, entered = screen.focused, fields[index].input
            frames = _spy(screen)
            await pilot.press(key)
            await pilot.pause()
            label = (key, fields[index].spec.label)
            assert screen.focused is entered, label
            assert any(entered.region.overlaps(r) for frame in frames for r in frame), label  # drawn focused
            assert not any(whole in frame for frame in frames), label
            assert _within(frames, left, entered, bar) == [], label


async def test_a_field_without_the_focus_leaves_the_terminal_cursor_alone(example_copy: Path):
    """The terminal cursor (an input method opens its window there) stays in the focused field while another
    field is given a value (Textual's Input would move it there)."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        fields = _fields(screen)
        focused, other = fields[0].input, fields[1].input  # 项目名称, 项目性质 (a one-line Input)
        assert screen.focused is focused
        cursor = app.cursor_position
        assert focused.content_region.contains(*cursor) or cursor.y == focused.content_region.y
        other.value = "其他经常性项目（改）"
        other.cursor_position = 0
        await pilot.pause()
        assert app.cursor_position == cursor


async def test_tab_into_below_the_view_scrolls_it_whole_into_view_and_out_of_the_table(example_copy: Path):
    """Into 项目说明 (below the view), through the budget table cell by cell, and out of it."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_p03(pilot)
        form = screen.query_one("#form")
        await pilot.press(*["tab"] * ON_SCREEN)
        await pilot.pause()
        area = screen.query_one("#field-narrative-overview", TextField).input
        assert screen.focused is area and form.region.contains_region(area.region)
        assert _background(area) != _background(screen.query_one("#field-narrative-basis", TextField).input)
        table = screen.query_one("#costs DataTable")
        while screen.focused is not table:
            await pilot.press("tab")
            await pilot.pause()
        assert form.region.contains_region(table.region)
        editor = screen.query_one("#costs")
        frames = _spy(screen)
        await pilot.press("tab")  # the next cell: the cell left, the cell entered, the line under the table
        await pilot.pause()
        assert screen.focused is table and table.cursor_coordinate.column > 0
        assert _within(frames, editor) == []
        assert [r for frame in frames for r in frame if r.height > 1] == []  # (not the table's scrollbars)
        while screen.focused is table:
            await pilot.press("tab")
            await pilot.pause()
        goal = screen.query_one("#field-goals-overall", TextField).input
        assert screen.focused is goal and form.region.contains_region(goal.region)
        await pilot.press("shift+tab")  # back into the table, at its last cell
        await pilot.pause()
        assert screen.focused is table and form.region.contains_region(table.region)
