"""What python-calamine does not say about an OpenDocument spreadsheet (.ods).

Calamine reads the values of an .ods as it does an .xlsx, but gives an error cell (#N/A) as
empty and says nothing of hidden rows or merged cells; and it lays a sheet out as a full grid,
so a value after a million repeated empty rows would exhaust memory. One pass over
content.xml (already checked for size and for entity declarations by ``container``) finds all
of these, per sheet, before calamine is asked for anything.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from dataclasses import dataclass, field

if TYPE_CHECKING:
    from xml.etree import ElementTree

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
CALCEXT = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T = "{%s}" % TABLE
REPEAT_LIMIT = 1 << 24  # a repeat count beyond any sheet: the extent check refuses it


@dataclass
class SheetScan:
    """One sheet: its extent up to the last value, its error cells, hidden rows (1-based)
    and cells merged across rows ((top, left), (bottom, right), 0-based)."""

    rows: int = 0
    columns: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: list[int] = field(default_factory=list)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def scan(path: Path) -> dict[str, SheetScan]:
    """Every sheet of the spreadsheet at ``path``, by name."""
    from xml.etree import ElementTree  # an .xlsx never needs it

    sheets: dict[str, SheetScan] = {}
    current: SheetScan | None = None
    row = col = 0
    row_repeat, row_hidden = 1, False
    with zipfile.ZipFile(path) as z, z.open("content.xml") as content:
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _T + "table":
                    current = sheets.setdefault(element.get(_T + "name", ""), SheetScan())
                    row = 0
                elif tag == _T + "table-row" and current is not None:
                    row_repeat = _count(element.get(_T + "number-rows-repeated"))
                    row_hidden = element.get(_T + "visibility", "visible") != "visible"
                    col = 0
                continue
            if current is None:
                continue
            if tag in (_T + "table-cell", _T + "covered-table-cell"):
                repeat = _count(element.get(_T + "number-columns-repeated"))
                if _has_value(element):
                    current.rows = max(current.rows, row + row_repeat)
                    current.columns = max(current.columns, col + repeat)
                    if row_hidden and row + 1 not in current.hidden_rows[-1:]:
                        current.hidden_rows.extend(range(row + 1, row + min(row_repeat, 100) + 1))
                    if element.get("{%s}value-type" % CALCEXT) == "error":
                        shown = "".join(element.itertext()).strip() or "#VALUE!"
                        current.errors[(row, col)] = shown
                spanned = _count(element.get(_T + "number-rows-spanned"))
                if spanned > 1:
                    across = _count(element.get(_T + "number-columns-spanned"))
                    current.merged.append(((row, col), (row + spanned - 1, col + across - 1)))
                col += repeat
                element.clear()
            elif tag == _T + "table-row":
                row += row_repeat
                element.clear()
            elif tag == _T + "table":
                current = None
                element.clear()
    return sheets


def _count(value: str | None) -> int:
    try:
        return min(max(int(value), 1), REPEAT_LIMIT) if value else 1
    except ValueError:
        return 1


def _has_value(cell: ElementTree.Element) -> bool:
    return cell.get("{%s}value-type" % OFFICE) is not None or any(
        (p.text or len(p)) for p in cell.iter("{%s}p" % TEXT))
