"""User text on screen: always literal, never markup, never a terminal command.

Textual passes control characters through to the terminal, so a project name
holding ``ESC [2J`` would clear the user's screen.  Every piece of user text
the app shows goes through :func:`visible` (or :func:`literal`), which turns
control characters into their visible Unicode pictures (ESC → ␛, BEL → ␇;
bidirectional controls → �, one character per character: see :mod:`store.controls`).
"""

from __future__ import annotations

from rich.text import Text

from store.controls import shown

__all__ = ["visible", "literal"]


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with every control character made visible (newlines kept if ``multiline``); bidirectional
    controls and line separators count as control text (:mod:`store.controls`)."""
    return shown(text, multiline)


def literal(text: str, style: str = "", multiline: bool = False, **kwargs) -> Text:
    """A Text that shows ``text`` exactly: no markup, no control characters."""
    return Text(visible(text, multiline), style=style, **kwargs)
