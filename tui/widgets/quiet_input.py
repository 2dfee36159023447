"""One-line editors: an Input of fixed size that costs a remote user as few bytes
as possible, and :func:`one_line`, what a one-line field makes of a paste.

Textual's Input grows its virtual width with every character typed, and
``virtual_size`` is a layout reactive: each keystroke lays out the whole screen
again and repaints every scrollbar on it.  An Input whose size is fixed by CSS
needs none of that.  It also places the terminal cursor again after scrolling to
it, so that an input method's window opens where one is typing.  A value wider
than the Input shows its start when the Input gains focus (the cursor goes to
the start), so what one tabs into is read from its beginning.

What is pasted into a one-line editor is one line of text: several lines are
joined (:func:`one_line`) and a notice says so; control characters (a tab, an
ESC copied from elsewhere) are made visible, never sent on to the terminal.
"""

from __future__ import annotations

from typing import Callable, ClassVar

from rich.cells import cell_len
from textual.events import Focus, Key, Paste
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input

from ..key_order import follow_focus
from ..text import visible

__all__ = ["QuietInput", "CursorWhenFocused", "one_line", "JOINED"]

#: The notice shown when a paste of several lines became one line ({} is the number of lines).
JOINED = "粘贴的 {} 行已合并为一行（此处只能填一行）"


def _word(char: str) -> bool:
    return char.isascii() and char.isalnum()


def one_line(text: str, amount: bool = False) -> tuple[str, int]:
    """What a one-line field makes of pasted ``text``, and how many lines were joined.

    Lines are joined as a Chinese form writes them: with nothing between them,
    except a space between two Latin words or numbers (``Hello`` / ``world``);
    an amount (``amount``) is joined with nothing at all.  Blank lines are dropped.
    """
    if len(text.splitlines()) <= 1:
        return text.rstrip("\r\n"), 1
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [""]
    if len(lines) == 1:
        return lines[0], 1
    joined = lines[0]
    for line in lines[1:]:
        gap = "" if amount or not (_word(joined[-1]) and _word(line[0])) else " "
        joined += gap + line
    return joined, len(lines)


class QuietInput(Input):
    """An Input for a fixed-size place (height and width set in CSS).

    ``amount``: pasted lines are joined with nothing between them.
    """

    #: A value wider than the field shows its start when the field gets the focus.
    SHOW_START: ClassVar[bool] = True

    def __init__(self, *args, amount: bool = False, on_enter: Callable[[], None] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.amount = amount
        #: What Enter does instead of posting Input.Submitted, run as its key reaches the input: the keys
        #: typed after it in the same write then go where it sent the focus (:func:`~tui.key_order.follow_focus`).
        self.on_enter = on_enter

    def _watch_value(self, value: str) -> None:
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def _on_focus(self, event: Focus) -> None:
        """Runs before Input's own (Textual calls each class's handler in turn)."""
        if self.SHOW_START and cell_len(self.value) >= self.content_region.width > 0 and not self.select_on_focus:
            self.cursor_position = 0  # a value wider than the field: show its start

    async def _on_key(self, event: Key) -> None:
        """Runs before Input's own: a Tab runs as it comes, a key that came after the focus left goes on
        to where it is (:func:`~tui.key_order.follow_focus`); so does Enter, given ``on_enter``."""
        if not await follow_focus(self, event) and event.key == "enter" and self.on_enter is not None:
            event.stop()
            event.prevent_default()
            self.on_enter()

    def _on_paste(self, event: Paste) -> None:
        """Runs before Input's own paste, which then inserts the cleaned line."""
        line, count = one_line(event.text, self.amount)
        event.text = visible(line)
        if count > 1:
            self.notify(JOINED.format(count))

    def _watch_selection(self, selection) -> None:
        """Textual's Input moves the terminal cursor to itself whenever its selection changes, focused or not
        (one being built, or given a value): only the focused one places it (where the input method opens)."""
        placed = self.app.cursor_position
        super()._watch_selection(selection)
        self.app.cursor_position = self.cursor_screen_offset if self.has_focus else placed


class CursorWhenFocused:
    """For a TextArea (put it before TextArea): the terminal cursor, where an input method opens its window,
    is placed by the area only while it has the focus.  Textual's TextArea places it on itself whenever its
    selection or scroll changes, focused or not: a value set from the model (undo) in a field one is not
    typing in sent the input method's window there, or off the screen."""

    def _watch_selection(self, previous_selection, selection) -> None:
        placed = self.app.cursor_position
        super()._watch_selection(previous_selection, selection)  # type: ignore[misc]
        self._keep(placed)

    def _watch_scroll_x(self) -> None:
        placed = self.app.cursor_position
        super()._watch_scroll_x()  # type: ignore[misc]
        self._keep(placed)

    def _watch_scroll_y(self) -> None:
        placed = self.app.cursor_position
        super()._watch_scroll_y()  # type: ignore[misc]
        self._keep(placed)

    def _keep(self, placed) -> None:
        if not self.has_focus:  # type: ignore[attr-defined]
            self.app.cursor_position = placed  # type: ignore[attr-defined]
