"""Reading workbooks into rows that remember their cells.

python-calamine reads the values: it is several times faster than openpyxl
on the large survey exports, and it hands over dates as dates for cells
with a date format, so a bare number stays a number.
"""

from __future__ import annotations

import re
import zipfile
from functools import cached_property
from pathlib import Path
from typing import Any

import python_calamine

from .container import WorkbookProblem, inspect
from .opendocument import SheetScan, scan as scan_opendocument
from .sheet_xml import MAX_CELLS, Background as _Background, column_index, extent as _extent
from .issues import Issue
from .plain import Frozen, Plain, field
from .schema import Column, SheetSpec, match_key

def column_letter(index: int) -> str:
    """``0 -> 'A'``, ``27 -> 'AB'``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters




class CellError(Frozen):
    """A cell holding a spreadsheet error such as #N/A or #REF!."""

    code: str


class Unsaved(Frozen):
    """A formula cell saved without its result (files written by scripts)."""

    formula: str


_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
# Searched with re rather than ``in``: its scan for a literal is a third faster on the
# XML of a sheet, where '<' and '"' are everywhere.
_HIDDEN, _ERROR, _FORMULA = re.compile(rb'hidden="'), re.compile(rb't="e"'), re.compile(rb"<f")
_HIDDEN_ROW = re.compile(rb'<row [^>]*?r="(\d+)"[^>]*?hidden="(?:1|true)"')


class Book(Plain):
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

    @property
    def filename(self) -> str:
        return self.path.name

    def values(self, sheet: str) -> list[list[Any]]:
        """Every row of ``sheet`` from A1, with empty cells as ``""``; error cells
        and formulas without a saved result, which the reader gives as empty, are
        put back as ``CellError`` and ``Unsaved`` so that they can be reported."""
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


class Row(Plain):
    """One record's cells: its row number and, per column key, (cell, raw value)."""

    number: int
    cells: dict[str, tuple[str, Any]]


class Table(Plain):
    """A sheet's records, by column: the row number of each record and, per column
    found in the header row, its letter and its raw values (blank rows left out)."""

    workbook: str
    sheet: str
    letters: dict[str, str]
    numbers: list[int]
    columns: dict[str, list[Any]]
    issues: list[Issue]

    def has(self, key: str) -> bool:
        return key in self.letters

    def cell(self, key: str, index: int) -> str:
        return f"{self.letters[key]}{self.numbers[index]}"

    @property
    def rows(self) -> list[Row]:
        keys = list(self.columns)
        return [Row(n, {k: (f"{self.letters[k]}{n}", self.columns[k][i]) for k in keys})
                for i, n in enumerate(self.numbers)]


def read_table(book: Book, spec: SheetSpec) -> Table:
    """The records of a table sheet, with problems in its header row."""
    grid = book.values(spec.name)
    where = {"workbook": book.filename, "sheet": spec.name}
    header = grid[0] if grid else []
    body = grid[1:]
    issues = _hidden_rows(book.hidden_rows.get(spec.name, []), grid, where)
    issues += _merged_records(book.merged.get(spec.name, []), where)
    wanted = {match_key(c.name): c for c in spec.columns}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        letter = column_letter(index)
        if not _filled(title):
            if any(len(r) > index and _filled(r[index]) for r in body):
                issues.append(Issue("column-unnamed", f"column {letter} has values but no header, "
                                    "so they are ignored", "Give the column a header or clear it.",
                                    "warning", cell=f"{letter}1", **where))
            continue
        column = wanted.get(match_key(str(title)))
        if column is None:
            issues.append(Issue("column-unknown", f"the column {str(title).strip()!r} is not one "
                                "the toolkit reads, so it is ignored",
                                _did_you_mean(str(title), spec, found), "warning",
                                cell=f"{letter}1", column=str(title).strip(), **where))
        elif column.key in found:
            issues.append(Issue("column-duplicate", f"the column {column.name!r} appears twice "
                                f"(also in column {column_letter(found[column.key])})",
                                "Keep one of them.", cell=f"{letter}1", column=column.name, **where))
        else:
            found[column.key] = index
    for column in spec.columns:
        if column.key not in found:
            issues.append(_missing_column(column, **where))
    # A large export's first cell is nearly always filled: most rows are settled inline.
    kept = [(n, row) for n, row in enumerate(body, start=2)
            if (row and (first := row[0]) and (type(first) is not str or not first.isspace()))
            or _any_filled(row)]
    width = max(found.values(), default=-1) + 1
    rows = [row if len(row) >= width else row + [""] * (width - len(row)) for _, row in kept]
    # Transposed in C: a large export is a hundred thousand rows.
    by_index = list(zip(*rows)) if rows else [()] * width
    columns = {key: list(by_index[i]) for key, i in found.items()}
    letters = {k: column_letter(i) for k, i in found.items()}
    return Table(book.filename, spec.name, letters, [n for n, _ in kept], columns, issues)


def _any_filled(row: list[Any]) -> bool:
    # Called for every row of a large export: ``any`` settles most rows in C,
    # and the loop stops at the first real value.
    if not any(row):
        return any(v is not None and v != "" for v in row)
    for v in row:
        if v and (type(v) is not str or not v.isspace()):
            return True
    return False


def _merged_records(ranges: list, where: dict) -> list[Issue]:
    """Cells merged across rows: the value stands in the first row only, so the
    other records would silently lose it."""
    issues = []
    for (top, left), (bottom, right) in ranges:
        if bottom > top and bottom >= 1:
            span = f"{column_letter(left)}{top + 1}:{column_letter(right)}{bottom + 1}"
            issues.append(Issue("merged-cells", f"cells {span} are merged across "
                                f"{bottom - top + 1} rows, so only the first row has the value",
                                "Unmerge them (Home › Merge & Center) and fill in every row.",
                                cell=f"{column_letter(left)}{top + 1}", **where))
    return issues


def _hidden_rows(hidden: list[int], grid: list[list[Any]], where: dict) -> list[Issue]:
    hidden = [r for r in hidden if r <= len(grid) and _any_filled(grid[r - 1])]
    if not hidden:
        return []
    rows = ", ".join(map(str, hidden[:10])) + (" …" if len(hidden) > 10 else "")
    return [Issue("rows-hidden", f"row{'s' * (len(hidden) > 1)} {rows} "
                  f"{'are' if len(hidden) > 1 else 'is'} hidden; they are read all the same",
                  "Unhide them so that editors see what the report uses.", "warning",
                  cell=f"{hidden[0]}:{hidden[0]}", **where)]


def read_fields(book: Book, spec: SheetSpec) -> tuple[Table, dict[str, tuple[str, Any]]]:
    """A two-column Field | Value sheet: per field key, (value cell, raw value)."""
    table = read_table(book, spec)
    where = {"workbook": book.filename, "sheet": spec.name}
    known = {match_key(c.name): c for c in spec.fields}
    values: dict[str, tuple[str, Any]] = {}
    if not (table.has("field") and table.has("value")):
        return table, values
    for row in table.rows:
        name_cell, name = row.cells["field"]
        column = known.get(match_key(str(name))) if _filled(name) else None
        if column is None:
            table.issues.append(Issue(
                "field-unknown", f"{name!r} is not a field the toolkit reads, so it is ignored",
                "Use one of: " + ", ".join(c.name for c in spec.fields) + ".", "warning",
                cell=name_cell, **where))
        elif column.key in values:
            table.issues.append(Issue("field-duplicate", f"the field {column.name!r} is given twice",
                                      "Keep one row for it.", cell=name_cell, **where))
        else:
            values[column.key] = row.cells["value"]
    return table, values


def _missing_column(column: Column, **where: str) -> Issue:
    if column.required:
        return Issue("column-missing", f"there is no column {column.name!r} in the header row "
                     "(row 1)", "Add the column, or correct the spelling of its header.",
                     column=column.name, **where)
    return Issue("column-missing", f"there is no column {column.name!r}, so its values are "
                 "taken as blank", "Add the column if you meant to fill it in.", "warning",
                 column=column.name, **where)


def _did_you_mean(title: str, spec: SheetSpec, found: dict[str, int]) -> str:
    import difflib

    free = [c.name for c in spec.columns if c.key not in found]
    close = difflib.get_close_matches(title.strip(), free, n=1, cutoff=0.6)
    if close:
        return f"If it is meant to be {close[0]!r}, correct its header."
    return "Keep it for your notes, or remove it."


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
