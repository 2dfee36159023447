"""A sheet recorded where its project is read, and played into the workbook.

A project's form sheet is laid out (texts cleaned, row heights measured,
merges planned) in the worker process that read its file; what comes back is
the list of the sheet's calls, with each format by its name (:class:`.Styles`
without a workbook) — plain tuples of text and numbers, quick to send between
processes.  :func:`replay` makes the same calls, in the same order, on the
workbook's real sheet: the workbook is the one a sheet written directly gives.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Recorder", "replay"]

_STRING, _NUMBER, _BLANK, _FORMULA, _MERGE, _ROW, _OTHER = range(7)


class Recorder:
    """Takes the calls :class:`.grid.Grid` and the form make on a sheet; ``ops`` holds them."""

    def __init__(self) -> None:
        self.ops: list[tuple] = []

    def write_string(self, row: int, col: int, text: str, fmt: str) -> None:
        self.ops.append((_STRING, row, col, text, fmt))

    def write_number(self, row: int, col: int, number: float, fmt: str) -> None:
        self.ops.append((_NUMBER, row, col, number, fmt))

    def write_blank(self, row: int, col: int, blank: None, fmt: str) -> None:
        self.ops.append((_BLANK, row, col, fmt))

    def write_formula(self, row: int, col: int, formula: str, fmt: str, value: object) -> None:
        self.ops.append((_FORMULA, row, col, formula, fmt, value))

    def merge_range(self, first_row: int, first_col: int, last_row: int, last_col: int, data: None,
                    fmt: str) -> None:
        if data is not None:  # the grid writes a merged range's content after, with its own call
            raise ValueError("a recorded merge carries no content")
        self.ops.append((_MERGE, first_row, first_col, last_row, last_col, fmt))

    def set_row(self, row: int, height: float) -> None:
        self.ops.append((_ROW, row, height))

    def set_column(self, first: int, last: int, width: float) -> None:
        self.ops.append((_OTHER, "set_column", (first, last, width), {}))

    def __getattr__(self, name: str) -> Any:
        """Any other call (page breaks, print set-up): no formats among its arguments."""
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> None:
            self.ops.append((_OTHER, name, args, kwargs))
        return call


def replay(sheet: Any, ops: list[tuple], formats: dict[str, Any]) -> None:
    """Make the recorded calls on ``sheet``; ``formats``: the workbook's formats by name."""
    write_string, write_number, write_blank = sheet.write_string, sheet.write_number, sheet.write_blank
    set_row, merge_range = sheet.set_row, sheet.merge_range
    for op in ops:
        kind = op[0]
        if kind == _STRING:
            write_string(op[1], op[2], op[3], formats[op[4]])
        elif kind == _NUMBER:
            write_number(op[1], op[2], op[3], formats[op[4]])
        elif kind == _MERGE:
            merge_range(op[1], op[2], op[3], op[4], None, formats[op[5]])
        elif kind == _ROW:
            set_row(op[1], op[2])
        elif kind == _BLANK:
            write_blank(op[1], op[2], None, formats[op[3]])
        elif kind == _FORMULA:
            sheet.write_formula(op[1], op[2], op[3], formats[op[4]], op[5])
        else:
            getattr(sheet, op[1])(*op[2], **op[3])
