"""Aligned text tables of many rows, measured in parts and joined: tabulate's "simple" table, byte for byte.

A text table aligns each column to its widest cell, so no row can be laid out
before every cell is measured.  The costly part is per cell (stripping, display
width by wcwidth), and that divides: :func:`measure` does it for one part of
the rows (in a worker process for a big store), :func:`render` takes the widest
of each column over all parts and lays the rows out.  The result is exactly
what one ``tabulate(cells, headers, "simple", disable_numparse=True,
colalign=...)`` call gives (:func:`exports.writers.tabulate_cells`); the
header and its rule come from tabulate itself.

How tabulate lays a cell out (tabulate 0.10, wcwidth): the cell is stripped,
its width ``w`` is ``wcswidth``, the column's width ``M`` is the widest ``w``
(at least the title's width + 2), and the cell is padded with ``str.ljust`` or
``str.rjust`` to ``M - (w - len)`` characters; the rule under the header is as
wide as the widest padded cell, measured again.  Here a row of cells is laid
out with one ``str.format`` by length: a cell wider than its length (Chinese)
is sent with ``w - len`` NUL characters after it, so that padding by length
comes out right, and the NULs are removed from the finished text.  A cell
narrower than its length (a combining mark, a control character), or whose
width changes with a space beside it (a zero-width joiner at its end swallows
the space after it; a spacing mark first is widened by one before it), is
"irregular": its row is padded and measured the way tabulate does it, one cell
at a time.  Cells with escape characters, line breaks or NULs would put
tabulate in another mode: those tables go to it whole (``Part.plain``).
``tests/test_exports_text.py`` holds each of these cases to tabulate's bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tables import Column

__all__ = ["Part", "measure", "render"]

_NOT_PLAIN = re.compile("[\x00\x1b\r\n]")  # tabulate's ANSI and multi-line modes, and our own marker
_MARK = "\x00"


@dataclass
class Part:
    """One part of a table's rows, measured: what :func:`render` needs of it."""

    #: The rows, each cell stripped and followed by its NUL marks.
    rows: list[tuple[str, ...]]
    #: The widest cell of each column in this part (-1 where there are no rows).
    widths: list[int]
    #: Row number in this part → (stripped cell, its width) for each cell of a row with an irregular cell.
    irregular: dict[int, list[tuple[str, int]]] = field(default_factory=dict)
    #: False: a cell has an escape, a line break or a NUL; the table goes through tabulate whole.
    plain: bool = True
    #: The cells as they came, kept only when ``plain`` is False.
    raw: list[list[str]] | None = None


def _measure_text(text: str, right: bool) -> tuple[int, int, bool]:
    """(width, NUL marks, regular) of one stripped cell that is not plain printable ASCII."""
    from wcwidth import wcswidth

    width = wcswidth(text)
    extra = width - len(text)
    spaced = " " + text if right else text + " "
    regular = width >= 0 and extra >= 0 and (not text or wcswidth(spaced) == width + 1)
    return width, extra if regular else 0, regular


def measure(columns: list[Column], cells: list[list[str]]) -> Part:
    """Strip and measure one part of a table's rows (cells as :func:`exports.writers.text_cells` gives them)."""
    if not cells:
        return Part([], [-1] * len(columns))
    if _NOT_PLAIN.search("".join(["".join(row) for row in cells])):
        return Part([], [-1] * len(columns), plain=False, raw=cells)
    out_cols: list[list[str]] = []
    widths: list[int] = []
    bad: set[int] = set()
    for column, col in zip(columns, zip(*cells, strict=True), strict=True):
        stripped = [text.strip() for text in col]
        joined = "".join(stripped)
        if joined.isascii() and joined.isprintable():  # each width is the length: no marks, all regular
            out_cols.append(stripped)
            widths.append(max(map(len, stripped)))
            continue
        seen: dict[str, tuple[int, int, bool]] = {}
        marked = []
        widest = -1
        for r, text in enumerate(stripped):
            if text.isascii() and text.isprintable():
                width, extra, ok = len(text), 0, True
            else:
                found = seen.get(text)
                if found is None:
                    found = seen[text] = _measure_text(text, column.numeric)
                width, extra, ok = found
            widest = max(widest, width)
            marked.append(text + _MARK * extra if extra else text)
            if not ok:
                bad.add(r)
        out_cols.append(marked)
        widths.append(widest)
    irregular = {}
    if bad:
        from wcwidth import wcswidth

        for r in sorted(bad):
            irregular[r] = [(text.strip(), wcswidth(text.strip())) for text in cells[r]]
    return Part(list(zip(*out_cols)), widths, irregular)


def _pad(text: str, width: int, column_width: int, right: bool) -> str:
    """tabulate's padding of one stripped cell (``_align_column``, wide-character branch)."""
    target = column_width - (width - len(text))
    return text.rjust(target) if right else text.ljust(target)


def render(columns: list[Column], parts: list[Part]) -> str:
    """The whole table's text, as :func:`exports.writers.tabulate_cells` gives it."""
    from wcwidth import wcswidth

    from .writers import tabulate_cells

    rows_total = sum(len(p.rows) for p in parts)
    if not all(p.plain for p in parts) or rows_total == 0:
        return tabulate_cells(columns, [row for p in parts for row in (p.raw if p.raw is not None else
                                                                        _unmarked(p))])
    rights = [c.numeric for c in columns]
    mins = [wcswidth(c.title) + 2 for c in columns]
    widest = [max([m] + [p.widths[c] for p in parts]) for c, m in enumerate(mins)]
    # The rule under the header: tabulate measures every padded cell again.  A regular cell measures
    # exactly its column's width; the cells of a row with an irregular one are measured here, as tabulate does.
    some_regular = any(len(p.rows) > len(p.irregular) for p in parts)
    final = [max(m, w) if some_regular else m for m, w in zip(mins, widest)]
    exact: list[dict[int, str]] = []
    for p in parts:
        lines = {}
        for r, cells in p.irregular.items():
            padded = [_pad(text, width, widest[c], rights[c]) for c, (text, width) in enumerate(cells)]
            for c, text in enumerate(padded):
                final[c] = max(final[c], wcswidth(text))
            lines[r] = "  ".join(padded).rstrip()
        exact.append(lines)
    line = "  ".join(("{:>%d}" if right else "{:<%d}") % width for right, width in zip(rights, widest)).format
    out = [_head(columns, final)]
    for p, lines in zip(parts, exact):
        if not p.rows:  # a part whose projects have no such rows
            continue
        body = [line(*row).rstrip() for row in p.rows]
        for r, text in lines.items():
            body[r] = text
        out.append("\n".join(body))
    return "\n".join(out).replace(_MARK, "") + "\n"


def _unmarked(part: Part) -> list[list[str]]:
    return [[text.replace(_MARK, "") for text in row] for row in part.rows]


def _head(columns: list[Column], widths: list[int]) -> str:
    """The header and its rule, from tabulate: one row of plain cells as wide as each column."""
    from .writers import tabulate_cells

    return "\n".join(tabulate_cells(columns, [["x" * w for w in widths]]).split("\n")[:2])
