"""A sheet written top to bottom, in the form's seven columns: cells, merges, row heights.

User text always goes in with ``write_string`` (never ``write``, which may
take ``=…`` for a formula); a merged range is made blank and its first cell
written after, so the same holds for merged cells.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .layout import MAX_ROW_HEIGHT, cell_text, chunks, row_height, to_float, wrapped_lines, LINE_HEIGHT, PADDING

__all__ = ["Grid", "Span"]

#: A cell of a row: (first column, last column, content, format).  Content is text, a Decimal
#: (a number cell), or ``("=SUM(…)", Decimal)`` — a formula with the value Excel shows before
#: it recalculates.
Span = tuple[int, int, object, Any]


class Grid:
    def __init__(self, sheet: Any, widths: list[float]) -> None:
        self.sheet = sheet
        self.widths = widths
        self.row = 0
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)

    def width(self, first: int, last: int) -> float:
        return sum(self.widths[first:last + 1])

    # -- one cell, one range ---------------------------------------------------------

    def put(self, row: int, first: int, last: int, content: object, fmt: Any, rows: int = 1) -> None:
        """Write ``content`` into columns ``first..last`` of ``rows`` rows from ``row``, merged."""
        if last > first or rows > 1:
            self.sheet.merge_range(row, first, row + rows - 1, last, None, fmt)
        if content is None or content == "":
            if last == first and rows == 1:
                self.sheet.write_blank(row, first, None, fmt)
        elif isinstance(content, Decimal):
            self.sheet.write_number(row, first, to_float(content), fmt)
        elif isinstance(content, tuple):
            formula, value = content
            self.sheet.write_formula(row, first, formula, fmt, "" if value is None else to_float(value))
        else:
            self.sheet.write_string(row, first, cell_text(content), fmt)

    # -- whole rows --------------------------------------------------------------------

    def line(self, spans: list[Span], min_height: float | None = None, size: float = 11) -> int:
        """One row of spans, as tall as its longest text needs at ``size`` points; returns the row's index."""
        row = self.row
        texts = []
        scale = size / 11
        for first, last, content, fmt in spans:
            if isinstance(content, str) and content:
                content = cell_text(content)
                texts.append((content, self.width(first, last) / scale))
            self.put(row, first, last, content, fmt)
        height = row_height(texts, scale)
        if min_height is not None:
            height = max(height, min_height)
        self.sheet.set_row(row, height)
        self.row += 1
        return row

    def paragraph(self, text: str, fmt: Any) -> None:
        """A paragraph across the whole width; a long one over several rows, none past Excel's
        row-height limit.  The rows' texts, joined, are the paragraph."""
        last = len(self.widths) - 1
        width = self.width(0, last)
        for piece in chunks(cell_text(text), width):
            self.line([(0, last, piece, fmt)])

    def tall(self, spans: list[Span]) -> int:
        """One logical row whose texts may need more than 409 points: the spans are merged down
        over as many rows as the height takes.  Returns the number of rows used."""
        lines = max((wrapped_lines(cell_text(c), self.width(f, la))
                     for f, la, c, _ in spans if isinstance(c, str) and c), default=1)
        height = lines * LINE_HEIGHT + PADDING
        per_row = MAX_ROW_HEIGHT - 9  # keep a margin under the limit
        rows = max(1, -(-int(height) // per_row))
        for first, last, content, fmt in spans:
            self.put(self.row, first, last, content, fmt, rows=rows)
        for i in range(rows):
            self.sheet.set_row(self.row + i, min(per_row, height - i * per_row) if rows > 1 else height)
        self.row += rows
        return rows

    def skip(self, height: float = 8) -> None:
        self.sheet.set_row(self.row, height)
        self.row += 1
