"""Cells for workbooks the review writes (the comments matrix, ``changes --xlsx``): what a
reviewer typed is written as text, never as a formula or an error value, and kept whole.

openpyxl takes a string that starts with "=" for a formula and "#N/A" for an error value,
and Excel would run ``=HYPERLINK(…)`` or ``=cmd|' /C calc'!A0`` typed in a comment. Such a
cell is written as a string, and marked with Excel's quote prefix (what typing a leading
apostrophe does), so that editing the cell in Excel keeps it text too.

A cell holds at most 32,767 characters (counted in UTF-16, as Excel counts). A longer text
is cut there with a note naming where the rest is, and written whole, in pieces, in a
sheet of its own (``Long text``), from which the matrix reads it back whole.
"""

from __future__ import annotations

import re
from typing import Any

LIMIT = 32_767  # characters in a cell (Excel's specification and limits)
PIECE = 32_000  # a piece of a long text in the Long text sheet
LONG_SHEET = "Long text"
LONG_HEADERS = ("Key", "Column", "Piece", "Text")
_LIVE = ("=", "+", "-", "@")  # what Excel and Calc read as the start of a formula
_ERRORS = re.compile(r"\s*#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|"
                     r"CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!)\s*", re.I)


def looks_live(text: str) -> bool:
    """Whether a spreadsheet would take ``text``, typed into a cell, for a formula or an
    error value rather than text."""
    stripped = text.lstrip()
    return stripped.startswith(_LIVE) or bool(_ERRORS.fullmatch(text))


def units(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units (an emoji counts two)."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cut(text: str, limit: int) -> tuple[str, str]:
    """``text`` split after at most ``limit`` UTF-16 units, never inside a character."""
    count = 0
    for i, ch in enumerate(text):
        count += 2 if ord(ch) > 0xFFFF else 1
        if count > limit:
            return text[:i], text[i:]
    return text, ""


def pieces(text: str) -> list[str]:
    out = []
    while text:
        piece, text = cut(text, PIECE)
        out.append(piece)
    return out


def shortened(text: str, where: str) -> str:
    """What a cell shows of a text too long for it: its start and where the rest is."""
    note = f" … [{units(text):,} characters: the whole text is in sheet '{LONG_SHEET}', {where}]"
    head, _ = cut(text, LIMIT - units(note))
    return head + note


def as_text(cell: Any, text_style: Any = None) -> Any:
    """``cell`` (openpyxl) holding its string value as text, whatever it looks like;
    ``text_style`` is a cell whose style (quote prefix) is copied onto it."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if text_style is not None and looks_live(cell.value):
            cell._style = text_style._style.__copy__()
    return cell


def quote_style(cell: Any) -> Any:
    """``cell`` given Excel's quote prefix, to serve as the style of live-looking text."""
    cell.quotePrefix = True
    return cell
