"""An Input of fixed size that costs a remote user as few bytes as possible.

Textual's Input grows its virtual width with every character typed, and
``virtual_size`` is a layout reactive: each keystroke lays out the whole screen
again and repaints every scrollbar on it.  An Input whose size is fixed by CSS
needs none of that.  It also places the terminal cursor again after scrolling to
it, so that an input method's window opens where one is typing.

What is pasted into it is one line of text: control characters (a tab, an ESC
copied from elsewhere) are made visible, never sent on to the terminal.
"""

from __future__ import annotations

from textual.events import Paste
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input

from ..text import visible

__all__ = ["QuietInput"]


class QuietInput(Input):
    """An Input for a fixed-size place (height and width set in CSS)."""

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def _on_paste(self, event: Paste) -> None:
        """Runs before Input's own paste, which then inserts the cleaned line."""
        lines = event.text.splitlines()
        event.text = visible(lines[0]) if lines else ""

    def _watch_selection(self, selection) -> None:
        super()._watch_selection(selection)
        if self.has_focus:
            self.app.cursor_position = self.cursor_screen_offset
