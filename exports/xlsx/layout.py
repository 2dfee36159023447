"""Measures for a workbook that prints well: text in cells, row heights, names.

No xlsxwriter here: plain functions that tests can call on their own.

Column widths are in Excel's unit (the width of one digit of the default
font); in 宋体 a Chinese character is two such units and a Latin letter one,
which is what :func:`wcwidth.wcswidth` counts.  Row heights are in points.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from decimal import Decimal

from wcwidth import wcwidth

__all__ = [
    "cell_text", "text_width", "wrapped_lines", "row_height", "chunks", "sheet_name", "file_name",
    "to_float", "MAX_ROW_HEIGHT", "MAX_CELL_CHARS", "LINE_HEIGHT",
]

#: Excel's limits: a row's height in points, a cell's characters.
MAX_ROW_HEIGHT = 409
MAX_CELL_CHARS = 32767
#: One line of 11-point text in points, with the spacing CJK fonts take (Noto CJK: 1.45 em).
LINE_HEIGHT = 16.0
PADDING = 4.0
#: A paragraph longer than this many lines is spread over several rows, so none passes 409 points.
LINES_PER_ROW = 24

# ESC sequences and every control character but the line break: text for a cell, not a terminal.
_CONTROLS = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]"
                       r"|[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_TRUNCATED = "…（超出 Excel 单元格的字数上限，全文见项目文件）"


def cell_text(text: object) -> str:
    """User text for a cell: control characters and terminal escapes out, line breaks kept,
    and no longer than Excel keeps (a cut says so)."""
    s = str(text)
    if s.isprintable() and len(s) <= MAX_CELL_CHARS:  # nearly every cell: nothing to take out
        return s
    s = _CONTROLS.sub("", s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    if len(s) > MAX_CELL_CHARS:
        s = s[: MAX_CELL_CHARS - len(_TRUNCATED)] + _TRUNCATED
    return s


class _Widths(dict):
    """Each character's width, asked of wcwidth once: a wide (Chinese) character 2, else 1 or 0."""

    def __missing__(self, ch: str) -> int:
        w = wcwidth(ch)
        self[ch] = width = 2 if w > 1 else max(w, 0)
        return width


_WIDTHS = _Widths()


def _char_width(ch: str) -> int:
    return _WIDTHS[ch]


def text_width(text: str) -> int:
    """Display width in columns: a Chinese character 2, a Latin letter 1."""
    if text.isascii():
        return len(text)
    return sum(map(_WIDTHS.__getitem__, text))


def _capacity(width: float) -> int:
    """How many half-width characters fit on one line of a cell ``width`` units wide.

    With 宋体 11 as the default font a unit is 8 pixels, plus 5 of padding per column (Chinese
    Excel's default column, 8.38 units, is 72 pixels); a half-width character of 11-point 宋体 is
    7⅓ pixels, rounded up here.  One character is kept in hand for the cell's own margins."""
    return max(1, int((width * 8 + 5) / 7.5) - 1)


_TOKENS = re.compile(r"[!-~]+| |.", re.S)  # a run of Latin letters and digits wraps as one word


@lru_cache(maxsize=16384)
def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` units wide (at least 1); measured
    once per text and width (labels and the seed's phrases recur on every project's sheet)."""
    capacity = _capacity(width)
    lines = 0
    for part in text.split("\n"):
        if len(part) * 2 <= capacity or text_width(part) <= capacity:
            lines += 1
            continue
        used, count = 0, 1
        for token in _TOKENS.findall(part):
            w = text_width(token)
            if used + w <= capacity:
                used += w
            elif token == " ":
                continue
            elif w > capacity:  # a word longer than the line is broken where it must
                count += (used + w - 1) // capacity
                used = (used + w) % capacity or capacity
            else:
                count += 1
                used = w
        lines += count
    return max(lines, 1)


def row_height(texts: list[tuple[str, float]], scale: float = 1.0) -> float:
    """The height that shows every ``(text, width)`` of a row in full, within Excel's limit."""
    lines = max((wrapped_lines(text, width) for text, width in texts), default=1)
    return min(MAX_ROW_HEIGHT, math.ceil(lines * LINE_HEIGHT * scale + PADDING))


def chunks(paragraph: str, width: float) -> list[str]:
    """``paragraph`` cut into pieces that each fit one row (:data:`LINES_PER_ROW` lines),
    at a sentence's end where there is one; joined back they are the paragraph."""
    capacity = _capacity(width) * LINES_PER_ROW
    pieces: list[str] = []
    rest = paragraph
    while text_width(rest) > capacity:
        used, cut, end = 0, 0, 0
        for i, ch in enumerate(rest):
            used += _char_width(ch)
            if used > capacity:
                break
            cut = i + 1
            if ch in "。；！？.;!?":
                end = i + 1
        cut = end if end > cut // 2 else cut
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return [*pieces, rest]


# -- names -----------------------------------------------------------------------

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f]")
SHEET_NAME_LIMIT = 31


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut_utf16(text: str, limit: int) -> str:
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def sheet_name(pid: str, name: str, taken: set[str]) -> str:
    """``p01 东西部扶贫帮困``: without the characters Excel forbids in a sheet's name, cut to its
    31 characters, and not the name of another sheet (compared as Excel does, ignoring case).
    ``taken`` holds the lower-cased names so far and receives this one."""
    text = " ".join(_SHEET_FORBIDDEN.sub("", f"{pid} {name}").split()).strip("'") or "项目"
    if text.lower() == "history":  # reserved by Excel
        text += " 项目"
    base = _cut_utf16(text, SHEET_NAME_LIMIT).rstrip("' ")
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        suffix = f"~{n}"
        candidate = _cut_utf16(base, SHEET_NAME_LIMIT - len(suffix)).rstrip("' ") + suffix
    taken.add(candidate.lower())
    return candidate


# Path separators, characters Windows forbids in names, controls; a name is never a path.
_FILE_FORBIDDEN = re.compile(r'[/\\<>:"|?*\x00-\x1f\x7f-\x9f]')
FILE_STEM_LIMIT = 80


def file_name(unit_name: str, year: int | None, pid: str | None = None) -> str:
    """The workbook's default name, from the unit and the year: ``上海市…（本级）-2024.xlsx``.

    The unit's name is text, not a path: separators and controls go, leading dots and spaces
    go (no hidden file, no ``..``), it is cut to a length every file system takes; with nothing
    left, ``jixiao-2024.xlsx``."""
    stem = " ".join(_FILE_FORBIDDEN.sub(" ", unit_name).split()).lstrip(". ")[:FILE_STEM_LIMIT].rstrip(". ")
    parts = [stem or "jixiao"]
    if year is not None:
        parts.append(str(year))
    if pid:
        parts.append(pid)
    return "-".join(parts) + ".xlsx"


def to_float(value: Decimal) -> float:
    """An amount for a numeric cell.

    The model keeps Decimal end to end; Excel stores every number as a double, so the
    conversion happens here, at the cell, and nowhere else.  A double holds 15 significant
    digits: any amount under a trillion 元 comes back to the 分.  Text cells (the cost table's
    figures as written) keep the exact figure."""
    return float(value)
