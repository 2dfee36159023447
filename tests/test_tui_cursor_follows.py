"""The terminal cursor, where an input method opens its candidates window, follows the field a jump scrolls
into view (80×24).  Before, it stayed where the field had been before the form scrolled: F4 left it on the
key bar's row, F2 back up on the title."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.workspace import Workspace
from tests.tui_pilot import open_p03
from tui.app import JixiaoApp
from tui.screens.unit_form_screen import UnitFormScreen


async def _settle(pilot, steps: int = 6) -> None:
    for _ in range(steps):
        await pilot.pause()


def _cursor_in_focused(app: JixiaoApp) -> None:
    focused = app.screen.focused
    assert focused is not None
    x, y = app.cursor_position
    assert focused.content_region.contains(x, y), (app.cursor_position, focused.content_region, focused)
    assert app.cursor_position == focused.cursor_screen_offset


@pytest.mark.parametrize("jumps", [("f4",), ("f4", "f2"), ("f5",), ("f6", "f3"), ("f4", "f2", "f3")])
async def test_after_a_jump_the_terminal_cursor_is_in_the_focused_field(example_copy: Path, jumps):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_p03(pilot)
        for key in jumps:
            await pilot.press(key)
            await _settle(pilot)
            if hasattr(app.screen.focused, "cursor_screen_offset"):
                _cursor_in_focused(app)


async def test_tab_down_the_unit_form_keeps_the_terminal_cursor_in_the_focused_field(example_copy: Path):
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await _settle(pilot)
        assert isinstance(app.screen, UnitFormScreen)
        for _ in range(12):  # down past the bottom of the view: the form scrolls
            await pilot.press("tab")
            await _settle(pilot, 3)
            if hasattr(app.screen.focused, "cursor_screen_offset"):
                _cursor_in_focused(app)


@pytest.mark.parametrize("changed", ["header.name", "narrative.overview"])
async def test_a_field_changed_while_another_is_focused_leaves_the_terminal_cursor_in_the_focused_one(
        example_copy: Path, changed):
    """A value set from the model (undo, redo) in a text area that is not focused: Textual's TextArea moves
    the terminal cursor to itself whenever its selection changes, focused or not; ours only while focused."""
    app = JixiaoApp(Workspace.open(example_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_p03(pilot)
        await pilot.press("tab")  # 项目性质: a field that is not the one changed
        await _settle(pilot)
        _cursor_in_focused(app)
        field = next(f for f in screen.query("FormField, TextField") if f.spec.attr == changed)
        assert not field.input.has_focus
        field.set_value("改过的文字\n第二行" if changed.startswith("narrative") else "改过的名称")
        await _settle(pilot)
        assert field.input.text.startswith("改过的")
        _cursor_in_focused(app)
