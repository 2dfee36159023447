"""The in-place editor of a grid cell, and the pick list under it.

:class:`CellInput` is a real one-line Input laid exactly over the cell it edits,
so that the terminal cursor (and with it the input method's window) is where
the user types; :class:`Choices` is the list under it that filters as one types.
Both float over the screen; :func:`cell_region` says where a cell is, and
:func:`on_open_screen` whether a grid is still there to place them on.
"""

from __future__ import annotations

from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, OptionList

from ..keymap import bindings
from .quiet_input import QuietInput

__all__ = ["CellInput", "Choices", "cell_region", "on_open_screen"]


class CellInput(QuietInput):
    """The in-place editor: one line, no border, over the cell it edits."""

    DEFAULT_CSS = """
    CellInput, CellInput:focus {
        position: absolute; overlay: screen; display: none;
        height: 1; border: none; padding: 0 1; background: $primary-muted;
    }
    """
    BINDINGS = bindings("cell")


class Choices(OptionList, can_focus=False):
    """The pick list under the editor; the editor keeps the focus."""

    DEFAULT_CSS = """
    Choices {
        position: absolute; overlay: screen; display: none; constrain: none inflect;
        width: auto; max-height: 8; border: none; padding: 0 1; background: $panel;
        & > .option-list--option-highlighted {
            background: $block-cursor-background; color: $block-cursor-foreground;
        }
    }
    """


def cell_region(table: DataTable, coordinate: Coordinate) -> Region:
    """Where a cell of ``table`` is on screen, cut to the table's view."""
    # DataTable has no public API for a cell's region (it uses this one to scroll to the cursor).
    region = table._get_cell_region(coordinate)
    region = region.translate(table.scrollable_content_region.offset - table.scroll_offset)
    return region.intersection(table.scrollable_content_region)


def on_open_screen(widget: Widget, part: type[Widget]) -> bool:
    """Is ``widget`` (with its ``part``) still on a screen that is open?  A callback asked for
    earlier (after a repaint, on a scroll) may run after its screen closed."""
    if not widget.is_attached or not widget.query(part):
        return False
    screen = next((node for node in widget.ancestors if isinstance(node, Screen)), None)
    return screen is not None and screen in widget.app.screen_stack
