"""What changed in a long text (一、项目概述 …), character by character, as a few short excerpts.

Chinese has no spaces between words, so the unit of change is the character.
Each :class:`Hunk` is one change with a little of the text around it on both
sides, so a budget officer reads ``“…预算资金约 200 万元。…” → “…预算资金约 210 万元。…”``
instead of two whole paragraphs.  A text rewritten from end to end is said to
be rewritten, not shown as dozens of excerpts.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["Hunk", "TextChange", "text_change", "CONTEXT"]

#: Characters of unchanged text shown on each side of a change.
CONTEXT = 8
#: Beyond this many changed characters (after the common start and end), the
#: texts are not compared character by character (the matcher is quadratic).
_MAX_MIDDLE = 6000
#: More excerpts than this, or less than this much in common: the text was rewritten.
_MAX_HUNKS = 6
_MIN_RATIO = 0.5


@dataclass(frozen=True)
class Hunk:
    """One change: the old and the new excerpt, each with its context (``…`` where the text goes on)."""

    old: str
    new: str


@dataclass(frozen=True)
class TextChange:
    hunks: tuple[Hunk, ...]
    #: True when the text was rewritten rather than edited: no hunks then.
    rewritten: bool
    old_chars: int
    new_chars: int


def _common_ends(a: str, b: str) -> tuple[int, int]:
    n = min(len(a), len(b))
    start = 0
    while start < n and a[start] == b[start]:
        start += 1
    end = 0
    while end < n - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, end


def _excerpt(text: str, lo: int, hi: int) -> str:
    """``text[lo:hi]``, with ``…`` where the text goes on."""
    return ("…" if lo > 0 else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def text_change(old: str, new: str) -> TextChange | None:
    """None when the texts are equal (line ends and surrounding blanks aside), else the change."""
    a, b = old.strip().replace("\r\n", "\n"), new.strip().replace("\r\n", "\n")
    if a == b:
        return None
    start, end = _common_ends(a, b)
    middle_a, middle_b = a[start:len(a) - end], b[start:len(b) - end]
    if len(middle_a) > _MAX_MIDDLE or len(middle_b) > _MAX_MIDDLE:
        return TextChange((), True, len(a), len(b))
    matcher = SequenceMatcher(None, middle_a, middle_b, autojunk=False)
    spans: list[list[int]] = []  # [a_lo, a_hi, b_lo, b_hi], merged when close
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        i1, i2, j1, j2 = i1 + start, i2 + start, j1 + start, j2 + start
        if spans and i1 - spans[-1][1] <= 2 * CONTEXT:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    ratio = matcher.ratio() if middle_a and middle_b else 0.0
    same = len(a) - len(middle_a) + ratio * (len(middle_a) + len(middle_b)) / 2
    if len(spans) > _MAX_HUNKS or (min(len(a), len(b)) > 4 * CONTEXT and same / max(len(a), len(b)) < _MIN_RATIO):
        return TextChange((), True, len(a), len(b))
    hunks = []
    for i1, i2, j1, j2 in spans:
        lo_a, hi_a = max(0, i1 - CONTEXT), min(len(a), i2 + CONTEXT)
        lo_b, hi_b = max(0, j1 - CONTEXT), min(len(b), j2 + CONTEXT)
        hunks.append(Hunk(_excerpt(a, lo_a, hi_a), _excerpt(b, lo_b, hi_b)))
    return TextChange(tuple(hunks), False, len(a), len(b))
