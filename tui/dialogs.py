"""Small modal questions, answered with the keyboard.

Each button has a one-key shortcut shown in its label; arrows and Tab move,
Enter presses, Esc is the safe answer (cancel / keep).

A dialog answers once: keys that arrive while it opens or closes (Enter
pressed twice, Esc then Enter) never answer again, nor close the screen under it.

A peer of the widgets, not a screen of its own: screens and widgets both ask
through it, and it imports neither.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from .keymap import bindings
from .text import literal

__all__ = ["Choice", "ChoiceDialog"]


class Choice:
    """One answer: the value returned, the button label, its variant."""

    def __init__(self, value: str, label: str, variant: str = "default") -> None:
        self.value, self.label, self.variant = value, label, variant


class ChoiceDialog(ModalScreen[str]):
    """Ask one question; dismiss with the chosen value (``cancel`` on Esc)."""

    BINDINGS = bindings("dialog")

    def __init__(self, title: str, message: str, choices: list[Choice], default: int = 0) -> None:
        super().__init__()
        self.title_text, self.message, self.choices, self.default = title, message, choices, default
        self.answered = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(literal(self.title_text, style="bold"), id="dialog-title")
            yield Static(literal(self.message, multiline=True), id="dialog-message")
            with Horizontal(id="dialog-buttons"):
                for choice in self.choices:
                    yield Button(Text(choice.label), variant=choice.variant, name=choice.value)

    def on_mount(self) -> None:
        buttons = self.query(Button)
        if buttons and not self.answered:
            buttons[min(self.default, len(buttons) - 1)].focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.name)

    def action_choose(self, value: str) -> None:
        self.dismiss(value)

    def dismiss(self, result: str | None = None) -> AwaitComplete:
        """Answer and close, once, and only while on top (Textual's dismiss pops whatever is on top)."""
        if self.answered or not self.is_active:
            return AwaitComplete.nothing()
        self.answered = True
        return super().dismiss(result)
