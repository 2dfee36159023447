"""Moving the focus costs a remote user only what it changes on screen.

Textual 8.2.8 repaints the whole screen whenever its focus moves (``Screen.focused``
is a reactive that repaints), although the two widgets involved repaint themselves
(``Widget._on_focus`` and ``_on_blur``), their ``:focus`` styles are applied to them
alone (``Screen._update_focus_styles``), and the key bar redraws its one line when
the keys change.  On the project screen a Tab wrote the whole 80×24 screen (some
6 KB) to the terminal.  A screen built on :class:`QuietFocus` does not repaint itself
for a focus change.

Used by the unit form.  The project screen does not use it: there, a new cost row's cell
editor was sometimes left undrawn (the pty end-to-end test failed about one run in three),
a region Textual's repaint of the whole screen had covered.  What a Tab costs in bytes is
measured by ``bench/focus.py``.
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
