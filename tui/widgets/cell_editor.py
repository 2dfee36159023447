"""The widgets a grid is made of: its table, the in-place editor of a cell, the pick list, the status line.

:class:`GridTable` is the DataTable under the cell cursor; its Tab, Shift+Tab
and Esc (while no cell is edited) are the grid's moves, which it hands to the
grid.  :class:`CellInput` is a real one-line Input laid exactly over the cell it
edits, so that the terminal cursor (and with it the input method's window) is
where the user types; :class:`Choices` is the list under it that filters as one
types.  Both float over the screen; :func:`cell_region` says where a cell is,
and :func:`on_open_screen` whether a grid is still there to place them on.
"""

from __future__ import annotations

from typing import Callable, Sequence

from rich.text import Text
from textual.coordinate import Coordinate
from textual.events import Focus, Key
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, OptionList, Static

from ..key_order import keys_taken
from ..keymap import bindings
from ..text import literal
from .quiet_input import QuietInput

__all__ = ["GridTable", "CellInput", "Choices", "StatusLine", "cell_region", "float_over", "on_open_screen",
           "own_binding"]


class GridTable(DataTable):
    """The grid's table: Tab and Shift+Tab move cell to cell, Esc leaves the table (to the field above it).

    These keys are bound here, on the table, so they work only while the table
    (not a cell's editor) has the focus; they run before the screen's own Tab
    (next field) and Esc (close the project).
    """

    BINDINGS = bindings("table")

    def __init__(self, advance: Callable[[int], object], leave: Callable[[int], object], **kwargs) -> None:
        super().__init__(**kwargs)
        self._advance, self._leave = advance, leave

    def action_next_cell(self, step: int) -> None:
        self._advance(step)

    def action_leave(self) -> None:
        self._leave(-1)


class CellInput(QuietInput):
    """The in-place editor: one line, no border, over the cell it edits."""

    DEFAULT_CSS = """
    CellInput, CellInput:focus {
        position: absolute; overlay: screen; display: none;
        height: 1; border: none; padding: 0 1; background: $primary-muted;
    }
    """
    BINDINGS = bindings("cell")
    #: Focused after the first keys of a phrase an input method sent at once were typed into it:
    #: the cursor stays after them, where the rest of the phrase goes.
    SHOW_START = False

    #: The table and the grid, while keys typed before the editor had the focus may still be on their way
    #: through them (an input method's phrase, one read): the first key typed straight in waits for those.
    behind: tuple[Widget, ...] = ()

    def _on_focus(self, event: Focus) -> None:
        self.behind = (*self.parent.query(GridTable), self.parent) if self.parent is not None else ()

    async def _on_key(self, event: Key) -> None:
        """Runs before Input's own: the keys of a phrase that went the grid's way are typed in first."""
        if self.behind and event.is_printable:
            behind, self.behind = self.behind, ()
            await keys_taken(*behind)

    async def action_submit(self) -> None:
        """Enter commits now (Input's own posts a message, which would come after the keys typed behind the
        Enter, into this editor): those keys then go where the commit sends the focus, in order."""
        if self.parent is not None:
            await self.app.run_action("commit", self.parent)

    def render_lines(self, crop: Region) -> list[Strip]:
        """The terminal cursor goes with the frame that draws the editor where it now is: placed as it opened
        or moved (before it was laid out there) it would stand at the top of the screen until the next frame."""
        if self.has_focus and self.region:
            self.app.cursor_position = self.cursor_screen_offset
        return super().render_lines(crop)


class Choices(OptionList, can_focus=False):
    """The pick list under the editor; the editor keeps the focus."""

    def offer(self, choices: Sequence[str], typed: str, raw: str) -> list[str]:
        """Show the ``choices`` that contain ``typed`` (all of them while it is ``raw``, the cell's text);
        the one typed exactly, else the first, is highlighted.  Returns what is shown."""
        wanted = typed.strip()
        offered = [c for c in choices if typed == raw or wanted in c]
        self.set_options(literal(choice) for choice in offered)
        self.display = bool(offered)
        if offered:
            self.highlighted = offered.index(wanted) if wanted in offered else 0
        return offered

    def move(self, step: int) -> None:
        """Highlight the next (``step`` 1) or previous (-1) choice, when the list is shown."""
        if self.display:
            (self.action_cursor_down if step > 0 else self.action_cursor_up)()

    DEFAULT_CSS = """
    Choices {
        position: absolute; overlay: screen; display: none; constrain: none inflect;
        width: auto; max-height: 8; border: none; padding: 0 1; background: $panel;
        & > .option-list--option-highlighted {
            background: $block-cursor-background; color: $block-cursor-foreground;
        }
    }
    """


class StatusLine(Static):
    """The line under the grid; an unchanged line is not repainted (a remote user pays per byte)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    StatusLine.-error { color: $error; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._said: tuple[Text, bool] | None = None

    def say(self, message: str | Text, error: bool = False) -> None:
        """Show ``message`` (in the error colour with ``error``)."""
        text = Text(message) if isinstance(message, str) else message
        if (text, error) != self._said:
            self._said = (text, error)
            self.set_class(error, "-error")
            self.update(text, layout=False)  # one line, always: its size never changes


def cell_region(table: DataTable, coordinate: Coordinate) -> Region:
    """Where a cell of ``table`` is on screen, cut to the table's view."""
    # DataTable has no public API for a cell's region (it uses this one to scroll to the cursor).
    region = table._get_cell_region(coordinate)
    region = region.translate(table.scrollable_content_region.offset - table.scroll_offset)
    return region.intersection(table.scrollable_content_region)


def float_over(editor: CellInput, choices: Choices, region: Region) -> None:
    """Lay ``editor`` over a cell at ``region`` (relative to the grid), and its pick list under it."""
    editor.styles.offset = region.offset
    editor.styles.width = region.width
    choices.styles.offset = (region.x, region.y + 1)
    choices.styles.min_width = region.width


def on_open_screen(widget: Widget, part: type[Widget]) -> bool:
    """Is ``widget`` (with its ``part``) still on a screen that is open?  A callback asked for
    earlier (after a repaint, on a scroll) may run after its screen closed."""
    if not widget.is_attached or not widget.query(part):
        return False
    screen = next((node for node in widget.ancestors if isinstance(node, Screen)), None)
    return screen is not None and screen in widget.app.screen_stack


def own_binding(grid: Widget, key: str) -> str | None:
    """The action of ``grid``'s own binding of ``key`` (not a priority one), if the focused widget under it binds
    no such key (the app would run that one first); the grid's cell editor's own binding (Enter) runs so too.

    Textual runs a widget's binding only once its key has travelled up to the app, while the keys that came
    after it in the same read (a name typed after Ctrl+G, a phrase an input method sends) go straight to the
    focused table or editor: they would act before it.  The grid runs its bindings as the key passes it, in order.
    """
    node = grid.screen.focused
    while node is not None and node is not grid:
        if key in node._bindings.key_to_bindings:  # (Textual's own map of a widget's bindings)
            own = isinstance(node, CellInput) and node.parent is grid
            return next((f"focused.{b.action}" for b in node._bindings.key_to_bindings[key] if own), None)
        node = node.parent
    if node is None:
        return None
    return next((b.action for b in grid._bindings.key_to_bindings.get(key, ()) if not b.priority), None)
