"""A scrolling form whose terminal cursor follows the focused field.

The terminal's cursor is where an input method opens its window of candidates.
Textual's Input and TextArea put it (``app.cursor_position``) at their cursor when
they get the focus, but the form scrolls the field into view afterwards (F2–F6,
Tab into a section below), and nothing moved the cursor with it: the input
method's window stayed where the field had been before the scroll, often on the
key bar or the title.  :class:`FormScroll` puts it back on the focused field once
a scroll has been drawn.
"""

from __future__ import annotations

from textual.containers import VerticalScroll

__all__ = ["FormScroll"]


class FormScroll(VerticalScroll):
    """The project's and the unit's form: a VerticalScroll that keeps the terminal cursor on the focused field."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.call_after_refresh(self._cursor_follows)  # (the field's place on screen is known once drawn)

    def _cursor_follows(self) -> None:
        if not self.is_attached:
            return
        focused = self.screen.focused
        if focused is None or not focused.has_focus or self not in focused.ancestors:
            return
        offset = getattr(focused, "cursor_screen_offset", None)  # (Input, TextArea and ours built on them)
        if offset is not None and offset != self.app.cursor_position:
            self.app.cursor_position = offset
            focused.refresh()  # the next frame written moves the terminal's cursor there
