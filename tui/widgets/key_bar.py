"""The bottom line: the keys that work where the cursor is.

It does what Textual's Footer does, drawn as one line of text.  The Footer
mounts a widget per key and recomposes them all whenever the focus moves;
here a focus change re-renders one Text, and only when the keys differ, so
that moving through a form sends a remote terminal less to repaint.  The keys
and their words come from the bindings, and so from :mod:`tui.keymap`.  What
keystrokes cost in bytes written to the terminal is measured by ``bench/run.py``.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["KeyBar"]


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    """

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[tuple[Binding, bool]] = []
        #: (first cell, last cell + 1, key) of each key as drawn, for the mouse.
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        keys: list[tuple[Binding, bool]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in seen:  # one entry per action, as the Footer does
                seen.add(binding.action)
                keys.append((binding, enabled))
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    @property
    def plain(self) -> str:
        return self.render().plain

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled = self.get_component_rich_style("key-bar--disabled", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        self._spans = []
        for binding, enabled in self._keys:
            start = text.cell_len
            dim = None if enabled else disabled
            text.append(f" {self.app.get_key_display(binding)} ", key_style + dim if dim else key_style)
            text.append(f"{binding.description} ", description_style + dim if dim else description_style)
            self._spans.append((start, text.cell_len, binding.key.split(",")[0]))
        return text

    def on_click(self, event: Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
