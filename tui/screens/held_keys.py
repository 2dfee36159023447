"""Keys that come while a screen is still building what they are for.

A screen that builds part of itself after its first paint (the project screen:
its fields come a moment after the previews that stand for them) cannot move the
focus to a field that is not there yet.  :class:`HoldsKeys` holds a focus move
(Tab, Enter in a field) made meanwhile, and every key that comes after it, and
does them in order once the screen calls :meth:`HoldsKeys.release_keys`: what
is typed after a Tab lands in the next field, as it would have.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from ..widgets.form_field import LineArea

__all__ = ["HoldsKeys"]


class HoldsKeys(Screen):
    """Holds focus moves, and the keys after them, until :meth:`release_keys`."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: The widget focused when the first move came, the moves and keys since; None once released.
        self._held_keys: list[Widget | str | events.Key | None] | None = []

    def focus_next(self, selector: str | type = "*") -> Widget | None:
        return self._hold("next") or super().focus_next(selector)

    def focus_previous(self, selector: str | type = "*") -> Widget | None:
        return self._hold("previous") or super().focus_previous(selector)

    def _hold(self, where: str) -> Widget | None:
        """Tab or Enter while the fields are still being built: the move, and every key after it, wait
        for them (:meth:`on_key`, :meth:`release_keys`), so that what is typed next lands in the next field."""
        if self._held_keys is None:
            return None
        if not self._held_keys:
            self._held_keys.append(self.focused)  # where the moves start from
        self._held_keys.append(where)
        self.set_focus(None)
        return self

    def on_key(self, event: events.Key) -> None:
        """With the focus nowhere (a move is held), every key comes here: it waits too."""
        if self._held_keys is not None and self._held_keys:
            event.stop()
            self._held_keys.append(event)

    def release_keys(self) -> None:
        """The moves and keys held while the fields were being built, in the order they came."""
        held, self._held_keys = self._held_keys or [None], None
        origin = held.pop(0)
        if isinstance(origin, Widget):
            self.set_focus(origin)
        for item in held:
            key = item if isinstance(item, str) else item.key
            if key in ("next", "tab", "enter"):
                super().focus_next()
            elif key in ("previous", "shift+tab"):
                super().focus_previous()
            elif isinstance(item, events.Key) and item.is_printable and item.character:
                target = self.focused
                if isinstance(target, LineArea):
                    target.insert(item.character, target.document.end)
                elif isinstance(target, Input):
                    target.insert_text_at_cursor(item.character)
