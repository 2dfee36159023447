"""A new row's cell editor, opened by typing right after Ctrl+G or Ctrl+N: what is typed goes into it, and
the terminal cursor (where an input method opens its window) is in it from the first frame that draws it.

A table's own key and the text typed after it, in one write, act in the order typed.

Over SSH (or from an input method) Ctrl+G and the group name typed after it can arrive in one
read.  Textual runs a widget's key binding only once the key has travelled up to the app, while
the keys after it go straight to the focused table: the name reached the table before the group
was inserted, and was lost.  The pty end-to-end test lost it so (about one run in six).  Every
key below is queued before the first is handled.

The cursor: the editor is shown, moved over its cell and focused in one turn, before it is laid
out there; the terminal cursor placed then stood at the top of the screen until some later frame.
"""

from __future__ import annotations

from textual import events
from textual.widgets import DataTable

from store.model import CostLine, Project
from tests.test_tui_cost_table import CostApp, _row
from tui.widgets.cell_editor import CellInput


#: The keys named below; any other string is text typed.
NAMES = {"ctrl+g", "ctrl+n", "enter"}


def _burst(app, *keys: str) -> None:
    """Queue ``keys`` (key names, or text typed) all at once, as one read of the terminal brings them."""
    for key in keys:
        for name, character in [(key, None)] if key in NAMES else [(ch, ch) for ch in key]:
            app.post_message(events.Key(name, character))


async def _settle(pilot, until) -> None:
    for _ in range(60):
        await pilot.pause(0.05)
        if until():
            return


async def test_ctrl_g_and_the_group_name_in_one_write_name_the_new_group():
    app = CostApp(Project())
    async with app.run_test(size=(80, 24)) as pilot:
        _burst(app, "ctrl+g", "公务接待项目组成", "enter")
        await _settle(pilot, lambda: [g.name for g in app.session.project.budget.groups] == ["公务接待项目组成"])
        assert [g.name for g in app.session.project.budget.groups] == ["公务接待项目组成"]
        assert _row(app, 0)[0] == "公务接待项目组成"


async def test_ctrl_n_and_the_line_typed_after_it_in_one_write_fill_the_new_line():
    app = CostApp()  # project 3: the cursor on its first group, 公务接待项目组成
    async with app.run_test(size=(80, 24)) as pilot:
        lines = len(app.session.project.budget.groups[0].lines)
        _burst(app, "ctrl+n", "场地费", "enter")
        await _settle(pilot, lambda: app.session.project.budget.groups[0].lines[0].item == "场地费")
        group = app.session.project.budget.groups[0]
        assert len(group.lines) == lines + 1 and group.lines[0] == CostLine(item="场地费")
        assert _row(app, 1)[0] == "场地费"


async def test_the_frame_that_draws_a_new_rows_editor_puts_the_terminal_cursor_in_it():
    app = CostApp(Project())
    async with app.run_test(size=(80, 24)) as pilot:
        editor = app.query_one(CellInput)
        frames: list[tuple[object, object]] = []  # (where the terminal cursor goes, the editor's region) per frame
        display = app._display

        def spy(screen, renderable):
            if renderable is not None and editor.has_focus and editor.region:
                frames.append((app.cursor_position, editor.content_region))
            return display(screen, renderable)

        app._display = spy  # type: ignore[method-assign]
        _burst(app, "ctrl+g", "会议")
        await _settle(pilot, lambda: frames and editor.value == "会议")
        assert frames, "the editor was drawn"
        for cursor, region in frames:
            assert region.contains(*cursor) or cursor == region.offset + (region.width, 0), (cursor, region)
        assert frames[-1][0] == editor.cursor_screen_offset


async def test_a_phrase_split_between_the_grid_and_the_editor_is_typed_in_order():
    """The first key of a phrase opens the editor; the next one was sent to the table (the focused widget then)
    and goes on to the editor through the grid; the one after it was sent straight to the editor."""
    app = CostApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "接")
        editor, table = app.query_one(CellInput), app.query_one(DataTable)
        await _settle(pilot, lambda: editor.has_focus)
        table.post_message(events.Key("待", "待"))
        editor.post_message(events.Key("标", "标"))
        await _settle(pilot, lambda: len(editor.value) == 3)
        assert editor.value == "接待标"
