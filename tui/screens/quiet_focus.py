"""Moving the focus costs a remote user only what it changes on screen.

Textual 8.2.8 repaints the whole screen whenever its focus moves (``Screen.focused``
is a reactive that repaints), although the two widgets involved repaint themselves
(``Widget._on_focus`` and ``_on_blur``), their ``:focus`` styles are applied to them
alone (``Screen._update_focus_styles``), and the key bar redraws its one line when
the keys change.  On the project screen a Tab wrote the whole 80×24 screen (some
6 KB) to the terminal.  A screen built on :class:`QuietFocus` does not repaint itself
for a focus change.

Used by the project screen and the unit form.  The project screen left it for a while: its pty
end-to-end test failed about one run in three, taken then for a cell editor left undrawn, a region
that only the repaint of the whole screen had covered.  It was not a paint at all.  Ctrl+G and the
group name typed after it came in one read (the test's check that the new row was there had been
fooled by a notice over the table); Textual runs a table's binding only once the key has travelled
up to the app, so the name reached the table before the group existed, and was lost.  The grid now
runs its own keys as they pass it (``own_binding`` in ``tui/widgets/cell_editor.py``), and a new
row's editor places the terminal cursor in the frame that draws it, and a one-line field without
the focus no longer moves that cursor (the pty test reads a moved cursor as a moved focus).  The race was there without
QuietFocus too (a run without it saved the group as 项目组成, its first keys lost); frames that
come sooner only made it likelier.  What a Tab costs in bytes is measured by ``bench/focus.py``.
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
