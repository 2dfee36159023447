"""The bottom line: the keys that work where the cursor is, the most important first.

It does what Textual's Footer does, drawn as one line of text.  The Footer
mounts a widget per key and recomposes them all whenever the focus moves;
here a focus change re-renders one Text, and only when the keys differ, so
that moving through a form sends a remote terminal less to repaint.  The keys
and their words come from the bindings, and so from :mod:`tui.keymap`.  What
keystrokes cost in bytes written to the terminal is measured by ``bench/run.py``.

A narrow bar never cuts what matters: the keys are drawn by their ``rank`` in
the keymap (save, back, help, findings first) and a key that does not fit is
left out whole, never cut in the middle; help (F1) lists every key.  While a
question (a dialog without a bar of its own) is on top, the bar shows the
question's keys, not the ones it blocks.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.events import Click
from textual.screen import Screen
from textual.widget import Widget

from ..keymap import bar_key, key

__all__ = ["KeyBar", "fit"]


def fit(widths: list[int], ranks: list[int], room: int) -> list[int]:
    """Which entries fit in ``room`` cells: by rank (ties in the given order), each whole or not at all.

    Returns their indexes in the order they are drawn (rank, then given order).
    """
    chosen, used = [], 0
    for index in sorted(range(len(widths)), key=lambda i: (ranks[i], i)):
        if used + widths[index] <= room:
            chosen.append(index)
            used += widths[index]
    return chosen


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
        #: (binding, enabled, rank) of each key that may be shown, in the binding chain's order.
        self._keys: list[tuple[Binding, bool, int]] = []
        #: (first cell, last cell + 1, key) of each key as drawn, for the mouse.
        self._spans: list[tuple[int, int, str]] = []
        #: The screen whose keys are shown: this bar's own, or a question on top of it.
        self._source: Screen | None = None

    def on_mount(self) -> None:
        self.app.screen_change_signal.subscribe(self, self._screen_changed)
        self._watch(self.screen)

    def on_unmount(self) -> None:
        self.app.screen_change_signal.unsubscribe(self)
        if self._source is not None:
            self._source.bindings_updated_signal.unsubscribe(self)

    def _watch(self, source: Screen) -> None:
        if source is not self._source:
            if self._source is not None:
                self._source.bindings_updated_signal.unsubscribe(self)
            self._source = source
            source.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(source)

    def _screen_changed(self, top: Screen) -> None:
        """A screen opened or closed: a question over this bar's screen lends it its keys."""
        own = self.screen
        stack = self.app.screen_stack
        above = own in stack and stack.index(own) < len(stack) - 1
        if above and top.is_modal and not top.query(KeyBar):
            self._watch(top)
        else:
            self._watch(own)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self._source:
            return
        keys: list[tuple[Binding, bool, int]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            rank = _rank(binding)
            if binding.show and rank is not None and binding.action not in seen:  # one entry per action
                seen.add(binding.action)
                keys.append((binding, enabled, rank))
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
        entries = [(f" {bar_key(binding.key)} ", f"{binding.description} ") for binding, _, _ in self._keys]
        widths = [cell_len(name) + cell_len(words) for name, words in entries]
        chosen = fit(widths, [rank for _, _, rank in self._keys], self.size.width or 80)
        text = Text(no_wrap=True, overflow="crop", end="")
        self._spans = []
        for index in chosen:
            binding, enabled, _ = self._keys[index]
            name, words = entries[index]
            start = text.cell_len
            dim = None if enabled else disabled
            text.append(name, key_style + dim if dim else key_style)
            text.append(words, description_style + dim if dim else description_style)
            self._spans.append((start, text.cell_len, binding.key))
        return text

    def on_click(self, event: Click) -> None:
        for start, end, name in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(name)
                return


def _rank(binding: Binding) -> int | None:
    """The keymap's rank of a binding; ``None`` for a binding not of ours (Textual's own, in English)."""
    try:
        return key(binding.id).rank if binding.id else None
    except KeyError:
        return None
