"""Moving the focus costs a remote user only what it changes on screen.

Textual 8.2.8 repaints the whole screen whenever its focus moves (``Screen.focused``
is a reactive that repaints), although the two widgets involved repaint themselves
(``Widget._on_focus`` and ``_on_blur``), their ``:focus`` styles are applied to them
alone (``Screen._update_focus_styles``), and the key bar redraws its one line when
the keys change.  On the project screen a Tab wrote the whole 80×24 screen (some
6 KB) to the terminal.  A screen built on :class:`QuietFocus` does not repaint itself
for a focus change.

A field out of view is still scrolled into view as Textual does it (animated).  Scrolling
it ourselves in one step was tried: with it, the end-to-end test in a pty lost the letters
typed into a new cost row about one run in three (the table scrolls to a new row itself).  What a Tab costs in bytes is measured
by ``bench/focus.py``.
"""

from __future__ import annotations

from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["QuietFocus"]


class QuietFocus(Screen):
    """A screen that repaints only the widgets a focus change touches."""

    #: Textual's own, without its repaint of the whole screen.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
