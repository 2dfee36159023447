"""Control text: the characters that must never reach a terminal as they are, in one place.

C0 and C1 control characters and DEL can move the cursor, clear a screen or
retitle a window (``ESC [2J``); bidirectional controls (U+202A–U+202E,
U+2066–U+2069, U+200E, U+200F, U+061C) make text display in another order
than it is stored, and the line and paragraph separators (U+2028, U+2029)
break a line where none is seen.  The ``text-control`` rule flags them in a
project; the app (``tui/text.py``) and every command that writes to a
terminal (``jixiao/cli.py``) show them neutralized, one visible character for
each (ESC → ␛, BEL → ␇, a bidirectional control → �).  Bytes written to a file
or a pipe stay exact: only what a terminal would *run* is neutralized.
"""

from __future__ import annotations

import re

__all__ = ["BIDI", "SEPARATORS", "CONTROL", "shown", "for_terminal", "escape_json"]

#: Bidirectional formatting characters (Unicode UAX #9).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: The line and paragraph separators.
SEPARATORS = "\u2028\u2029"

#: Control text in a field: every control character but tab and newline, bidi controls, separators.
CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI}{SEPARATORS}]")

_PICTURES = {cp: 0x2400 + cp for cp in range(0x20)}
_PICTURES[0x7F] = 0x2421
_PICTURES.update({cp: 0xFFFD for cp in range(0x80, 0xA0)})
_PICTURES.update({ord(c): 0xFFFD for c in BIDI})
_MULTI_LINE = dict(_PICTURES)
del _MULTI_LINE[0x0A], _MULTI_LINE[0x09]
_MULTI_LINE.update({ord(c): 0x2424 for c in SEPARATORS})  # ␤: a break the eye can see
_SINGLE_LINE = dict(_PICTURES)
_SINGLE_LINE.update({0x0A: 0x20, 0x09: 0x20})
_SINGLE_LINE.update({ord(c): 0x20 for c in SEPARATORS})


def shown(text: str, multiline: bool = False) -> str:
    """``text`` with each control character replaced by one visible one (newlines kept if ``multiline``,
    else made spaces, as tabs always are on one line)."""
    return text.translate(_MULTI_LINE if multiline else _SINGLE_LINE)


def for_terminal(text: str) -> str:
    """Whole output for a terminal: lines and tabs kept (CRLF shown as a line end), all else visible."""
    return text.replace("\r\n", "\n").translate(_MULTI_LINE)


_JSON_RAW = re.compile(f"[\\x7f-\\x9f{BIDI}{SEPARATORS}]")


def escape_json(text: str) -> str:
    """JSON text (``ensure_ascii=False``) with the control text json leaves raw written as ``\\uXXXX``:
    the same data for a program, nothing a terminal runs.  (json escapes C0 itself; these characters
    only ever occur inside strings, so the result is valid JSON.)"""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
