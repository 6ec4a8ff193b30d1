"""Workbooks written by openpyxl in the element order Microsoft Office requires.

openpyxl 3.1 writes a font's children name first (``<name/><family/><color/><sz/>``), in
styles.xml and in the runs of rich text. ISO/IEC 29500 lets them come in any order, but
Microsoft Office reads them as a sequence (bold, italic, ..., size, colour, name, family,
charset, scheme): its Open XML SDK validator reports every such workbook, the blank and
annotated workbooks, the comments matrix and ``changes --xlsx`` among them. openpyxl takes
the order from each class's ``__elements__``, so setting them in Office's order while a
workbook is saved fixes every font it writes; it reads fonts by name, in any order, as before.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

# CT_Font and CT_RPrElt as Microsoft Office orders them (Open XML SDK: Font, RunProperties).
FONT = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
        "color", "name", "family", "charset", "scheme")
RUN = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
       "color", "rFont", "family", "charset", "scheme")


@contextmanager
def office_order() -> Iterator[None]:
    """Within the block, openpyxl writes fonts in Microsoft Office's order: wrap the save in
    it. openpyxl is left as it was after, for any other code in the process."""
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles.fonts import Font

    if set(Font.__elements__) != set(FONT) or set(InlineFont.__elements__) != set(RUN):
        raise RuntimeError("openpyxl's fonts changed: check wsis_report/documents/sheet_order.py")
    before = Font.__elements__, InlineFont.__elements__
    Font.__elements__, InlineFont.__elements__ = FONT, RUN
    try:
        yield
    finally:
        Font.__elements__, InlineFont.__elements__ = before
