"""Workbooks -> records validated by their sheet's model, with every problem located.

Each row is validated by pydantic against its sheet's model (``records.py``); every error of
every row is translated into an ``Issue`` at its workbook, sheet and cell, in the words the
cell's kind gave it (``cells.py``), and a row with any bad cell is left out of the records,
so that the rules across records (``rules.py``) never see half-read data. The survey's raw
export is validated column by column instead (``export.py``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .contract.parsers import describe, is_blank
from .contract.records import Origin, Record, located, values as record_values
from .contract.workbooks import Column, SheetSpec, WorkbookSpec
from .export import _Refused, errors, validate_column
from .issues import Issue, ValidationReport
from .reading.files import opendocument_name, workbook_path
from .reading.prefetch import Prefetch
from .reading.table import Table, read_fields, read_table
from .reading.workbook import Book, WorkbookProblem, open_book

class Sheet:
    """One sheet's table and its model: validates its rows, reporting every problem."""

    def __init__(self, table: Table, spec: SheetSpec, report: ValidationReport) -> None:
        self.table, self.spec, self.report = table, spec, report
        self.by_header = {c.name: c for c in spec.columns + spec.fields}
        self.by_key = {c.key: c for c in spec.columns + spec.fields}
        self.invalid: set[str] = set()  # the keys of columns with an INVALID cell

    def problem(self, code: str, message: str, hint: str, column: Column | None,
                cell: str | None, raw: Any = None, severity: str = "error") -> None:
        self.report.add(Issue(code, message, hint, severity, self.table.workbook,
                              self.table.sheet, cell, column.name if column else None,
                              None if raw is None else describe(raw)))

    def error(self, error: ErrorDetails, column: Column, cell: str | None, raw: Any,
              also: str = "") -> None:
        """One of pydantic's errors, as the editors' words for it."""
        context = error.get("ctx") or {}
        if error["type"] == "missing" and cell is None and self.spec.layout == "fields":
            self.problem("field-missing", f"the field {column.name!r} is missing",
                         f"Add a row with {column.name!r} in column A and its value in "
                         "column B.", column, None)
        elif error["type"] == "missing":
            self.problem("value-missing", _empty(column, raw) + also,
                         f"Fill in the {column.name.lower()}.", column, cell, raw)
        elif "message" in context:
            self.problem(error["type"], context["message"] + also, context.get("hint", ""),
                         column, cell, raw)
        else:  # not raised by a kind of cell: never pydantic's own wording all the same
            self.problem("invalid-value", f"{column.name} holds {describe(raw)!r}, which "
                         f"cannot be read{also}", "Correct the value.", column, cell, raw)

    def warn_if_early(self, column: Column, value: Any, cells: list[str], raw: Any) -> None:
        # A year before 1900 is valid, but in these workbooks it is a typing slip
        # (1024 for 2024), and spreadsheets store such dates as text.
        if isinstance(value, date) and value.year < 1900 and cells:
            also = f" (also in {', '.join(cells[1:4])})" if len(cells) > 1 else ""
            self.problem("early-date", f"{column.name} is {value.isoformat()}, before 1900"
                         f"{also}", "Check the year.", column, cells[0], raw, "warning")

    def validate(self, cells: dict[str, tuple[str, Any]], row: int) -> Record | None:
        """The record of one row (``cells``: column key -> (cell, raw)), or None when any
        of its cells is reported."""
        data = {self.by_key[key].name: raw for key, (_, raw) in cells.items()}
        try:
            record = self.spec.model.model_validate(data)
        except ValidationError as exc:
            for error in errors(exc):
                column = self.by_header[error["loc"][0]]
                cell, raw = cells.get(column.key, (None, None))
                self.error(error, column, cell, raw)
            return None
        for key, (cell, raw) in cells.items():
            self.warn_if_early(self.by_key[key], getattr(record, key, None), [cell], raw)
        return located(record, origin=Origin(self.table.workbook, self.table.sheet, row,
                                             {k: c for k, (c, _) in cells.items()}))

    def records(self) -> list[Record]:
        if any(c.required and not self.table.has(c.key) for c in self.spec.columns):
            return []  # the missing column is reported once, not on every row
        found = (self.validate(row.cells, row.number) for row in self.table.rows)
        return [record for record in found if record is not None]


def _empty(column: Column, raw: Any) -> str:
    if raw is None or not str(raw).strip():
        return f"{column.name} is empty"
    return f"{column.name} holds only {str(raw).strip()!r}, which does not count as a value"


class Loader:
    """Opens the three workbooks of a folder and reads every sheet of the contract."""

    def __init__(self, folder: Path, report: ValidationReport,
                 prefetch: Prefetch | None = None) -> None:
        self.folder, self.report, self.prefetch = Path(folder), report, prefetch
        self.books: dict[str, Book | None] = {}

    def book(self, spec: WorkbookSpec) -> Book | None:
        if spec.filename not in self.books:
            self.books[spec.filename] = self._open(spec)
        return self.books[spec.filename]

    def _open(self, spec: WorkbookSpec) -> Book | None:
        path = workbook_path(self.folder, spec)
        if path is None:
            self.report.add(Issue("file-missing", f"is not in {self.folder}",
                                  f"Put {spec.filename} (or {opendocument_name(spec)}) there, "
                                  "or create blank workbooks with `make-report init`.",
                                  workbook=spec.filename))
            return None
        if path.suffix == ".ods" and (self.folder / spec.filename).is_file():
            self.report.add(Issue("two-workbooks", f"both {spec.filename} and {path.name} are "
                                  f"in {self.folder}, and it cannot be told which one is being "
                                  "kept", "Remove or rename the one that is not kept up to "
                                  "date.", workbook=path.name))
            return None
        try:
            book = self.prefetch.open(path) if self.prefetch else open_book(path)
        except WorkbookProblem as problem:
            self.report.add(problem.issue)
            return None
        if book.warning:
            self.report.add(Issue("workbook-note", book.warning, "", "warning", book.filename))
        owners = [path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")]
        owner = next((o for o in owners if o.exists()), None)
        if owner is not None:
            program = "Excel" if owner.name.startswith("~$") else "LibreOffice"
            self.report.add(Issue("open-elsewhere", f"seems to be open in {program} ({owner.name} "
                                  "is beside it)", "Save and close it so that its latest changes "
                                  "are read.", "warning", book.filename))
        for name in sorted(book.hidden & {s.name for s in spec.sheets}):
            self.report.add(Issue("sheet-hidden", "this sheet is hidden; it is read all the same",
                                  "Unhide it so that editors see what the report uses.",
                                  "warning", book.filename, name))
        return book

    def sheet(self, spec: WorkbookSpec, sheet: str, *, optional: bool = False) -> Sheet | None:
        book = self.book(spec)
        sheet_spec = spec.sheet(sheet)
        if book is None:
            return None
        if sheet not in book.sheet_names:
            if not (sheet_spec.optional or optional):
                self.require(spec, sheet)
            return None
        table = self._read(book, lambda: read_table(book, sheet_spec), sheet)
        if table is None:
            return None
        self.report.extend(table.issues)
        return Sheet(table, sheet_spec, self.report)

    def require(self, spec: WorkbookSpec, sheet: str) -> None:
        """Reports ``sheet`` missing from its workbook, if it is."""
        book = self.book(spec)
        if book is not None and sheet not in book.sheet_names:
            present = ", ".join(repr(s) for s in book.sheet_names)
            self.report.add(Issue("sheet-missing", f"there is no sheet named {sheet!r}; "
                                  f"the sheets are {present}", "Add the sheet or correct its "
                                  "name.", workbook=book.filename, sheet=sheet))

    def records(self, spec: WorkbookSpec, sheet: str) -> list[Record]:
        found = self.sheet(spec, sheet)
        return found.records() if found is not None else []

    def _read(self, book: Book, reader: Callable, sheet: str):
        """Runs ``reader``; a sheet too damaged to read becomes one located problem."""
        try:
            return reader()
        except WorkbookProblem as problem:
            self.report.add(problem.issue)
            return None
        except Exception as exc:  # zip, zlib and calamine raise many unrelated types
            detail = " ".join(str(exc).split())[:120] or type(exc).__name__
            self.report.add(Issue("damaged-file", f"this sheet cannot be read; the file is "
                                  f"damaged ({detail})", "Open the workbook in Excel, check it "
                                  "and save it again, or copy it again from where it came from.",
                                  workbook=book.filename, sheet=sheet))
            return None

    def fields(self, spec: WorkbookSpec, sheet: str) -> tuple[dict[str, Any], dict[str, str]]:
        """A Field | Value sheet's typed values and the cell of each value. The values of
        good cells are kept when others are bad, so that the rules across the survey still
        look at them."""
        book, sheet_spec = self.book(spec), spec.sheet(sheet)
        if book is None or sheet not in book.sheet_names:
            self.sheet(spec, sheet)  # reports the missing sheet
            return {}, {}
        read = self._read(book, lambda: read_fields(book, sheet_spec), sheet)
        if read is None:
            return {}, {}
        table, raw = read
        self.report.extend(table.issues)
        record = Sheet(table, sheet_spec, self.report).validate(raw, 0)
        refs = {key: cell for key, (cell, _) in raw.items()}
        if record is not None:
            return {k: v for k, v in record_values(record) if v is not None}, refs
        values = {}
        for key, (_, value) in raw.items():
            if not is_blank(value):
                (outcome,) = validate_column(sheet_spec.column(key), [value])
                if not isinstance(outcome, _Refused):
                    values[key] = outcome
        return values, refs


def tally(sheet: Sheet | None, what: str) -> tuple[dict[str, int], dict[str, str]]:
    """A Label | Responses sheet as counts, and the cell of each count."""
    counts: dict[str, int] = {}
    where: dict[str, str] = {}
    if sheet is None or not (sheet.table.has("label") and sheet.table.has("count")):
        return counts, where
    label_column = sheet.spec.column("label")
    first_row: dict[str, int] = {}
    for record in sheet.records():
        label, origin = record.label, record.origin
        if label in counts:
            sheet.problem(f"duplicate-{what}", f"{label!r} is listed twice (also in row "
                          f"{first_row[label]})", f"Keep one row per {what}.", label_column,
                          origin.cells["label"])
            continue
        counts[label], where[label] = record.count, origin.cells["count"]
        first_row[label] = origin.row
    return counts, where
