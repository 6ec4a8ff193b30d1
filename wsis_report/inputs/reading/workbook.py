"""Reading workbooks into rows that remember their cells.

python-calamine reads the values: it is several times faster than openpyxl
on the large survey exports, and it hands over dates as dates for cells
with a date format, so a bare number stays a number.
"""

from __future__ import annotations

import re
import threading
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import python_calamine

from .container import WorkbookProblem, inspect
from .opendocument import SheetScan, scan as scan_opendocument
from .sheet_xml import MAX_CELLS, Background as _Background, column_index, extent as _extent
from ..issues import Issue

def column_letter(index: int) -> str:
    """``0 -> 'A'``, ``27 -> 'AB'``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class CellError:
    """A cell holding a spreadsheet error such as #N/A or #REF!."""

    code: str


@dataclass(frozen=True)
class Unsaved:
    """A formula cell saved without its result (files written by scripts)."""

    formula: str


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
# Searched with re rather than ``in``: its scan for a literal is a third faster on the
# XML of a sheet, where '<' and '"' are everywhere.
_HIDDEN, _ERROR, _FORMULA = re.compile(rb'hidden="'), re.compile(rb't="e"'), re.compile(rb"<f")
_HIDDEN_ROW = re.compile(rb'<row [^>]*?r="(\d+)"[^>]*?hidden="(?:1|true)"')


@dataclass
class Book:
    """An open workbook: its file name, its sheets, and which are hidden."""

    path: Path
    sheet_names: list[str]
    hidden: set[str]
    _book: Any = field(repr=False)
    warning: str | None = None
    hidden_rows: dict[str, list[int]] = field(default_factory=dict)
    merged: dict[str, list] = field(default_factory=dict)
    opendocument: dict[str, SheetScan] | None = None  # for an .ods: what calamine omits
    not_worksheets: set[str] = field(default_factory=set)  # chart sheets and the like
    ahead: dict[str, Any] = field(default_factory=dict)  # sheet -> prefetch.Ahead
    # python-calamine's workbook may be used by one thread at a time (read-ahead, or the
    # check when it reads a sheet the read-ahead had not begun).
    _calamine: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def filename(self) -> str:
        return self.path.name

    def values(self, sheet: str) -> list[list[Any]]:
        """Every row of ``sheet`` from A1, with empty cells as ``""``; error cells
        and formulas without a saved result, which the reader gives as empty, are
        put back as ``CellError`` and ``Unsaved`` so that they can be reported."""
        ahead = self.ahead.pop(sheet, None)
        if ahead is not None:
            ready, rows = ahead.take()
            if ready:
                return rows
        return self.read(sheet)

    def read(self, sheet: str) -> list[list[Any]]:
        """``values``, read now."""
        if sheet in self.not_worksheets:
            raise WorkbookProblem(Issue(
                "not-a-worksheet", "is a chart sheet (or another kind of sheet without cells), "
                "not a worksheet holding the data", "Put the data in a worksheet of this name, "
                "and rename the chart sheet.", workbook=self.filename, sheet=sheet))
        if self.opendocument is not None:
            return self._opendocument_values(sheet)
        data = self._sheet_xml(sheet)
        self._refuse_huge(sheet, data)
        # The XML scan of a large sheet runs beside calamine's parse, which releases the GIL.
        scan = _Background(self._anomalies, sheet, data, beside=len(data) > 1_000_000)
        with self._calamine:
            found = self._book.get_sheet_by_name(sheet)
            self.merged[sheet] = list(found.merged_cell_ranges or [])
            rows = found.to_python(skip_empty_area=False)
        for (row, col), value in scan.result().items():
            while len(rows) <= row:
                rows.append([])
            rows[row].extend([""] * (col + 1 - len(rows[row])))
            rows[row][col] = value
        return rows

    def _opendocument_values(self, sheet: str) -> list[list[Any]]:
        found = self.opendocument.get(sheet, SheetScan())  # its extent was checked on opening
        self.hidden_rows[sheet] = found.hidden_rows
        self.merged[sheet] = found.merged
        with self._calamine:
            rows = self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        for (row, col), code in found.errors.items():
            while len(rows) <= row:
                rows.append([])
            rows[row].extend([""] * (col + 1 - len(rows[row])))
            rows[row][col] = CellError(code)
        return rows

    @cached_property
    def _parts(self) -> dict[str, str]:
        return _sheet_parts(self.path)

    def _sheet_xml(self, sheet: str) -> bytes:
        part = self._parts.get(sheet)
        if part is None:
            return b""
        with zipfile.ZipFile(self.path) as z:
            return z.read(part)

    def _refuse_huge(self, sheet: str, data: bytes) -> None:
        # The reader lays a sheet out as a full grid from A1 to its last cell: one
        # stray value in XFD1048576 would ask for 17 billion cells and crash the
        # process. The size is bounded from the XML before the reader sees it.
        _refuse_extent(self.filename, sheet, *_extent(data))

    def _anomalies(self, sheet: str, data: bytes) -> dict[tuple[int, int], Any]:
        # python-calamine reads error cells and unsaved formulas as empty: a quick
        # look at the sheet's XML finds them (it is skipped when neither can occur).
        if _HIDDEN.search(data):
            self.hidden_rows[sheet] = [int(r) for r in _HIDDEN_ROW.findall(data)]
        if not (_ERROR.search(data) or _FORMULA.search(data)):
            return {}
        found: dict[tuple[int, int], Any] = {}
        for letters, number, attrs, inner in _CELL.findall(data):
            inner = inner or b""
            index = (int(number) - 1, column_index(letters.decode()))
            if b't="e"' in attrs:
                code = re.search(rb"<v>(.*?)</v>", inner)
                found[index] = CellError(code.group(1).decode() if code else "#VALUE!")
            elif b"<f" in inner and not re.search(rb"<v>[^<]+</v>", inner):
                formula = re.search(rb"<f[^>]*>(.*?)</f>", inner, re.S)
                found[index] = Unsaved(formula.group(1).decode() if formula else "")
        return found


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        workbook = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace") \
            if "xl/_rels/workbook.xml.rels" in names else ""
    targets = {m[0]: m[1] for m in re.findall(r'<Relationship [^>]*?Id="([^"]+)"[^>]*?'
                                              r'Target="([^"]+)"', rels)}
    targets.update({m[1]: m[0] for m in re.findall(r'<Relationship [^>]*?Target="([^"]+)"'
                                                   r'[^>]*?Id="([^"]+)"', rels)})
    parts = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\br:id="([^"]*)"|\bid="([^"]*)"', tag)
        if not (name and rid):
            continue
        target = targets.get(rid.group(1) or rid.group(2), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if member in names:
            parts[_xml_unescape(name.group(1))] = member
    return parts


def _xml_unescape(text: str) -> str:
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


def open_book(path: Path) -> Book:
    """The workbook at ``path``; raises ``WorkbookProblem`` for a file that is not one."""
    warning = inspect(path)
    # An .ods is laid out in full as it is opened: its extent is checked before that.
    scans = _scan_opendocument(path) if _is_opendocument(path) else None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        meta = book.sheets_metadata
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise WorkbookProblem(Issue(
            "damaged-file", f"cannot be read as a workbook ({_reason(exc)})",
            "Open it in Excel, check it, and save it again as Excel Workbook (.xlsx).",
            workbook=path.name)) from None
    hidden = {m.name for m in meta if m.visible != python_calamine.SheetVisibleEnum.Visible}
    others = {m.name for m in meta if m.typ != python_calamine.SheetTypeEnum.WorkSheet}
    return Book(path, [m.name for m in meta], hidden, book, warning=warning,
                opendocument=scans, not_worksheets=others)


def _scan_opendocument(path: Path) -> dict[str, SheetScan]:
    from xml.etree import ElementTree  # only an .ods is parsed as XML

    try:
        scans = scan_opendocument(path)
    except (ElementTree.ParseError, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise WorkbookProblem(Issue(
            "damaged-file", f"cannot be read as a spreadsheet ({_reason(exc)})",
            "Open it in LibreOffice Calc, check it, and save it again.",
            workbook=path.name)) from None
    for sheet, found in scans.items():
        _refuse_extent(path.name, sheet, found.rows, found.columns)
    return scans


def _refuse_extent(workbook: str, sheet: str, rows: int, columns: int) -> None:
    if rows * columns > MAX_CELLS:
        raise WorkbookProblem(Issue(
            "sheet-too-large", f"the sheet spans {rows:,} rows and {columns:,} columns, "
            f"more than the {MAX_CELLS:,} cells the toolkit reads; a stray value far "
            "from the data makes a sheet this large",
            "Press Ctrl+End to find the last cell in use, delete the rows and columns "
            "beyond the data (and columns the toolkit does not read), and save.",
            workbook=workbook, sheet=sheet))


def _is_opendocument(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return "content.xml" in z.namelist() and "xl/workbook.xml" not in z.namelist()


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__
