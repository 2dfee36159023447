"""Moving the focus costs a remote user only what it changes on screen.

Textual 8.2.8 repaints the whole screen whenever its focus moves (``Screen.focused``
is a reactive that repaints), although the two widgets involved repaint themselves
(``Widget._on_focus`` and ``_on_blur``), their ``:focus`` styles are applied to them
alone (``Screen._update_focus_styles``), and the key bar redraws its one line when
the keys change.  On the project screen a Tab wrote the whole 80×24 screen (some
6 KB) to the terminal.  A screen built on :class:`QuietFocus` does not repaint itself
for a focus change.

Textual also scrolls a field that is not wholly in view to the middle with an
animation: a frame of the whole form for each step of it.  Here it is one step.
What a Tab costs in bytes is measured by ``bench/focus.py``.
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

    def set_focus(self, widget: Widget | None, scroll_visible: bool = True, from_app_focus: bool = False) -> None:
        """Focus ``widget`` as Textual does; a widget not wholly in view is scrolled to the middle at once."""
        before = self.focused
        super().set_focus(widget, scroll_visible=False, from_app_focus=from_app_focus)
        if scroll_visible and widget is not None and widget is not before and self.focused is widget:
            self.call_later(self._center, widget)

    def _center(self, widget: Widget) -> None:
        """(After the focus change is handled, as Textual's own.)"""
        if self.focused is widget and not self.can_view_entire(widget):
            self.scroll_to_center(widget, animate=False, origin_visible=True)
