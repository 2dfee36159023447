"""The workbook's cell formats, made once per workbook, and its print set-up.

Every format uses 宋体 with the GB2312 character set (134), as Chinese
Excel writes it, so Excel picks the font for East Asian text as well.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FONT", "MONEY", "FORMATS", "Styles", "print_setup"]

FONT = "宋体"
CHARSET_GB2312 = 134
MONEY = "#,##0.00"

#: The workbook's default cell format (empty cells, row heights): 宋体 11 point.
DEFAULT_FORMAT = {"font_name": FONT, "font_charset": CHARSET_GB2312, "font_size": 11}

_BOX = {"border": 1, "valign": "vcenter", "text_wrap": True}


#: Every named format: ``styles.label``, ``styles.money`` …
FORMATS: dict[str, dict[str, Any]] = {
    # The official form.
    "title": dict(bold=True, font_size=16, align="center", valign="vcenter", text_wrap=True),
    "subtitle": dict(align="center", valign="vcenter"),
    "heading": dict(bold=True, valign="vcenter"),
    "para": dict(text_wrap=True, valign="top"),
    "label": dict(**_BOX, align="center"),
    "cell": dict(**_BOX),
    "center": dict(**_BOX, align="center"),
    "right": dict(**_BOX, align="right"),
    "money": dict(**_BOX, num_format=MONEY),
    "link": dict(**_BOX, align="center", font_color="#0563C1", underline=1),
    "head": dict(**_BOX, bold=True, align="center", bg_color="#F2F2F2"),
    "total_label": dict(**_BOX, bold=True, align="center"),
    "total_money": dict(**_BOX, bold=True, num_format=MONEY),
    # The working sheets: one row per record, filtered and sorted by the reader.
    "sheet_head": dict(bold=True, text_wrap=True, valign="vcenter", bottom=1, bg_color="#F2F2F2"),
    "sheet_text": dict(valign="top"),
    "sheet_money": dict(valign="top", num_format=MONEY),
    "sheet_number": dict(valign="top"),
    "sheet_total": dict(bold=True, top=1),
    "sheet_total_money": dict(bold=True, top=1, num_format=MONEY),
}


class Styles:
    """Named formats: ``styles.label``, ``styles.money`` … made in ``workbook``; without a workbook,
    each attribute is the format's name (a sheet recorded elsewhere, :mod:`.record`, names them)."""

    def __init__(self, workbook: Any = None) -> None:
        for name, props in FORMATS.items():
            setattr(self, name, name if workbook is None else workbook.add_format({**DEFAULT_FORMAT, **props}))

    def by_name(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FORMATS}


def print_setup(sheet: Any, title_rows: tuple[int, int] | None, table: bool = False) -> None:
    """A4 portrait, one page wide, margins; the sheet's name and the page numbers in the footer;
    ``title_rows`` repeat on every page.  A ``table`` (a working sheet, many columns) prints
    landscape instead."""
    sheet.set_paper(9)  # A4
    if table:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
    sheet.set_margins(left=0.6, right=0.6, top=0.75, bottom=0.75)
    sheet.center_horizontally()
    if title_rows is not None:
        sheet.repeat_rows(*title_rows)
    sheet.set_footer("&L&A&C第 &P 页，共 &N 页", {"margin": 0.3})
