"""User text on screen: always literal, never markup, never a terminal command.

Textual passes control characters through to the terminal, so a project name
holding ``ESC [2J`` would clear the user's screen.  Every piece of user text
the app shows goes through :func:`visible` (or :func:`literal`), which turns
control characters into their visible Unicode pictures (ESC → ␛, BEL → ␇).
"""

from __future__ import annotations

from rich.text import Text

__all__ = ["visible", "literal"]

_PICTURES = {cp: 0x2400 + cp for cp in range(0x20)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({cp: 0xFFFD for cp in range(0x80, 0xA0)})
_MULTI_LINE = dict(_PICTURES)
del _MULTI_LINE[0x0A], _MULTI_LINE[0x09]
_SINGLE_LINE = dict(_PICTURES)
_SINGLE_LINE[0x0A] = 0x20
_SINGLE_LINE[0x09] = 0x20


def visible(text: str, multiline: bool = False) -> str:
    """``text`` with every control character made visible (newlines kept if ``multiline``)."""
    return text.translate(_MULTI_LINE if multiline else _SINGLE_LINE)


def literal(text: str, style: str = "", multiline: bool = False, **kwargs) -> Text:
    """A Text that shows ``text`` exactly: no markup, no control characters."""
    return Text(visible(text, multiline), style=style, **kwargs)
