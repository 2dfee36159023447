"""The grid's records and pure helpers: what a row, a column and an editable cell are.

A subclass of :class:`~tui.widgets.grid_editor.GridEditor` describes its rows
with these; the functions here turn rows and findings into what the grid shows
(the flag of a row, the marked texts of its cells, the line under the grid),
with no widget and no screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from rich.text import Text

from store.findings import ERROR, WARNING, Finding, KeyPath, worst

from ..text import literal, visible

__all__ = ["Column", "Cell", "Row", "MARKS", "hint", "about", "row_mark", "row_texts",
           "findings_line", "locate", "next_cell"]

#: How a row or a cell is flagged, by the worst severity of its findings.
MARKS = {ERROR: ("✗", "bold red"), WARNING: ("!", "yellow")}


@dataclass(frozen=True)
class Column:
    """A column of the grid: its key in :attr:`Row.texts`, header, width in cells."""

    key: str
    label: str
    width: int
    justify: str = "left"


@dataclass(frozen=True)
class Cell:
    """An editable cell: the model place it edits and how typed text becomes a value."""

    path: KeyPath
    label: str
    #: The text the editor opens with.
    raw: str = ""
    #: Typed text → the model's value; raises NormalizeError with a Chinese reason.
    parse: Callable[[str], object] = str.strip
    #: Shown under the grid while the cursor is on the cell.
    hint: str = ""
    #: A pick list under the editor, filtered by what is typed.
    choices: tuple[str, ...] = ()
    #: Completions offered inline (→ or End takes one).
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    """One row: the model object it shows, its texts, its editable cells."""

    #: Path of what the row stands for (an object, or a list for a summary row).
    key: KeyPath
    texts: dict[str, Text]
    cells: dict[str, Cell] = field(default_factory=dict)
    #: Findings at or under these paths flag the row.
    places: tuple[KeyPath, ...] = ()
    #: The column whose cell typing on this row edits, wherever the cursor is on it; "": the cursor's.
    typing: str = ""

    def owns(self, path: KeyPath) -> bool:
        """Does a finding at ``path`` flag this row?"""
        return any(path[: len(place)] == place for place in self.places)


def hint(cell: Cell) -> Text:
    """What the status line says while a cell is being edited: its label and its hint."""
    return Text(f"{cell.label}　{cell.hint}".strip(), style="dim")


def about(cell: Cell) -> Text:
    """What the status line says of a cell: its whole text (the grid may cut it), else its hint."""
    return literal(f"{cell.label}：{cell.raw}") if cell.raw else hint(cell)


def row_mark(row: Row, findings: Iterable[Finding]) -> Text:
    """The row's flag in the label column: ✗ for an error, ! for a warning, else a blank."""
    mark, style = MARKS.get(worst(f for f in findings if row.owns(f.path)), (" ", ""))
    return Text(mark, style=style)


def row_texts(row: Row, columns: Sequence[Column], findings: Sequence[Finding]) -> list[Text]:
    """The row's cells, justified as their column, cut to one line, marked where a finding points."""
    texts = []
    for column in columns:
        text = row.texts.get(column.key, Text()).copy()
        text.justify, text.no_wrap, text.overflow = column.justify, True, "ellipsis"
        cell = row.cells.get(column.key)
        severity = cell and worst(f for f in findings if f.path == cell.path)
        if severity:
            text.stylize(MARKS[severity][1])
        texts.append(text)
    return texts


def findings_line(row: Row, findings: Iterable[Finding]) -> Text | None:
    """The line under the grid for a row with findings: the worst first, and how many more."""
    found = sorted((f for f in findings if row.owns(f.path)), key=lambda f: not f.is_error)
    if not found:
        return None
    mark, style = MARKS[found[0].severity]
    more = f"（另有 {len(found) - 1} 条）" if len(found) > 1 else ""
    return Text.assemble((f"{mark} ", style), visible(found[0].message), more)


def locate(rows: Sequence[Row], columns: Sequence[Column], path: KeyPath) -> tuple[int, int | None] | None:
    """(row, column) of the cell whose path is ``path``; else (row, None) for the row that owns it."""
    for r, row in enumerate(rows):
        for c, column in enumerate(columns):
            cell = row.cells.get(column.key)
            if cell is not None and cell.path == path:
                return r, c
    owners = [(len(row.key), r) for r, row in enumerate(rows) if path[: len(row.key)] == row.key]
    return (max(owners)[1], None) if owners else None


def next_cell(rows: Sequence[Row], columns: Sequence[Column], here: tuple[int, int],
              step: int) -> tuple[int, int] | None:
    """(row, column) of the next (``step`` 1) or previous (-1) editable cell from ``here``, row by row;
    None past the last or the first."""
    width = len(columns)
    start = here[0] * width + here[1]
    for index in range(start + step, len(rows) * width if step > 0 else -1, step):
        row, column = divmod(index, width)
        if columns[column].key in rows[row].cells:
            return row, column
    return None
