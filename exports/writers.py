"""CSV and aligned-text writers for :mod:`exports.tables`.

CSV cells are plain (``37780000.00``) so a spreadsheet reads them as numbers,
and text cells that a spreadsheet would run as a formula are neutralized.
Text tables go through tabulate with number parsing off: amounts arrive
preformatted (``37,780,000.00``) and are right-aligned, never re-read as floats.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from store.controls import BIDI, SEPARATORS
from store.normalize import format_number, format_plain_yuan, format_yuan

from .tables import Column, Table

__all__ = ["to_csv", "to_text", "csv_header", "csv_rows", "text_cells", "tabulate_cells", "neutralize",
           "clean_text", "encode", "ENCODINGS"]

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_SAFE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def neutralize(cell: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (OWASP: prefix ``'``).

    A plain number such as ``-400.00`` is left alone: it is not a formula.
    """
    if cell.startswith(_FORMULA_START) and not _SAFE_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


# ESC sequences (CSI, OSC, two-byte) and every other C0/C1 control character, bidirectional controls.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]|[\x00-\x1f\x7f-\x9f"
    + BIDI + "]"
)
_BREAKS = re.compile("\r\n|[\n\t" + SEPARATORS + "]")


def clean_text(text: str) -> str:
    """One line of user text for a terminal: no escapes, no control characters (:mod:`store.controls`)."""
    if text.isprintable():  # every character removed or replaced below is one str.isprintable refuses
        return text
    return _ESCAPES.sub("", _BREAKS.sub(" ", text))


def _text_cell(column: Column, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_yuan(value) if column.kind == "money" else format_number(value)
    return clean_text(str(value))


def csv_header(columns: list[Column]) -> str:
    """The CSV header line (CRLF-terminated)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralize(c.title) for c in columns])
    return buffer.getvalue()


def csv_rows(table: Table) -> str:
    """The table's rows as CSV lines, without the header (a whole store's export joins these)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    # Cells: None empty, amounts plain (to the 分 in money columns), text neutralized.
    amounts = [format_plain_yuan if c.kind == "money" else format_number for c in table.columns]
    writer.writerows(
        ["" if v is None else amount(v) if isinstance(v, Decimal) else neutralize(str(v))
         for amount, v in zip(amounts, row, strict=True)]
        for row in table.rows)
    return buffer.getvalue()


def to_csv(table: Table, encoding: str = "utf-8") -> bytes:
    return encode(csv_header(table.columns) + csv_rows(table), encoding)


def encode(text: str, encoding: str) -> bytes:
    if encoding not in ENCODINGS:
        raise ValueError(f"不支持的编码 {encoding}（可用：{'、'.join(ENCODINGS)}）")
    return text.encode(encoding, errors="replace" if encoding == "gb18030" else "strict")


def text_cells(table: Table) -> list[list[str]]:
    """The table's rows formatted for a text table: amounts with separators, text cleaned."""
    return [[_text_cell(c, v) for c, v in zip(table.columns, row, strict=True)] for row in table.rows]


def tabulate_cells(columns: list[Column], cells: list[list[str]], tablefmt: str = "simple") -> str:
    """Aligned text of preformatted cells (tabulate with number parsing off)."""
    from tabulate import tabulate  # here, not at the top: CSV export starts without it (about 25 ms)

    return tabulate(
        cells,
        headers=[c.title for c in columns],
        tablefmt=tablefmt,
        disable_numparse=True,
        colalign=["right" if c.numeric else "left" for c in columns],
    ) + "\n"


def to_text(table: Table, tablefmt: str = "simple") -> str:
    """The table as aligned text; "simple" tables are laid out by :mod:`exports.text_table`, as tabulate would."""
    if tablefmt != "simple":
        return tabulate_cells(table.columns, text_cells(table), tablefmt)
    from .text_table import measure, render

    return render(table.columns, [measure(table.columns, text_cells(table))])
