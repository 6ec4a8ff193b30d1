"""Workbooks -> typed records, with every cell-level problem collected.

A row with any bad cell is reported and left out of the records, so the
rules that look across records (``rules.py``) never see half-read data.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable, TypeVar

from pydantic import ValidationError

from . import schema
from .issues import Issue, ValidationReport
from .models import (
    Consultation, Document, KeyMessage, Milestone, Numbered, Origin, Record,
)
from .schema import Column, SheetSpec, WorkbookSpec
from .values import ValueProblem, describe, is_blank, parse
from .workbook import Book, Table, WorkbookProblem, open_book, read_fields, read_table

R = TypeVar("R", bound=Record)


class Cells:
    """Parses the cells of one table, remembering each distinct value's result:
    a survey export repeats the same few groups and regions many thousand times."""

    def __init__(self, table: Table, spec: SheetSpec, report: ValidationReport) -> None:
        self.table, self.spec, self.report = table, spec, report
        self._memo: dict[tuple[str, Any], Any] = {}

    def value(self, column: Column, cell: str, raw: Any) -> tuple[bool, Any]:
        """``(ok, value)``; a bad or missing required cell is reported."""
        if is_blank(raw):
            if column.required:
                self.problem("value-missing", self._empty(column, raw),
                             f"Fill in the {column.name.lower()}.", column, cell, raw)
                return False, None
            return True, None
        key = (column.key, raw)
        try:
            result = self._memo[key]
        except KeyError:
            try:
                result = parse(raw, column)
            except ValueProblem as problem:
                result = problem
            except TypeError:  # an unhashable raw value cannot be memoised
                key = None
                result = parse(raw, column)
            if key is not None:
                self._memo[key] = result
        if isinstance(result, ValueProblem):
            self.problem(result.code, result.message, result.hint, column, cell, raw)
            return False, None
        return True, result

    def problem(self, code: str, message: str, hint: str, column: Column | None,
                cell: str | None, raw: Any = None, severity: str = "error") -> None:
        self.report.add(Issue(code, message, hint, severity, self.table.workbook,
                              self.table.sheet, cell, column.name if column else None,
                              None if raw is None else describe(raw)))

    @staticmethod
    def _empty(column: Column, raw: Any) -> str:
        if raw is None or not str(raw).strip():
            return f"{column.name} is empty"
        return f"{column.name} holds only {str(raw).strip()!r}, which does not count as a value"

    def records(self, model: type[R], **extra: Any) -> list[R]:
        if any(c.required and not self.table.has(c.key) for c in self.spec.columns):
            return []  # the missing column is reported once, not on every row
        out = []
        for row in self.table.rows:
            values: dict[str, Any] = {}
            ok = True
            for column in self.spec.columns:
                if column.key in row.cells:
                    cell, raw = row.cells[column.key]
                    good, value = self.value(column, cell, raw)
                    ok &= good
                    if value is not None:
                        values[column.key] = value
            if ok:
                origin = Origin(self.table.workbook, self.table.sheet, row.number,
                                {k: c for k, (c, _) in row.cells.items()})
                record = self._validate(model, {**values, **extra}, origin)
                if record is not None:
                    out.append(record)
        return out

    def _validate(self, model: type[R], values: dict[str, Any], origin: Origin) -> R | None:
        try:
            return model.model_validate({**values, "origin": origin})
        except ValidationError as exc:
            # The parsers should have caught everything; this is the one place
            # where a model's own check is turned into a located problem.
            for err in exc.errors():
                key = str(err["loc"][0]) if err["loc"] else ""
                column = next((c for c in self.spec.columns if c.key == key), None)
                self.problem("invalid-value", err["msg"], "Correct the value.", column,
                             origin.cells.get(key), values.get(key))
            return None


class Loader:
    """Opens the three workbooks of a folder and reads every sheet of the contract."""

    def __init__(self, folder: Path, report: ValidationReport) -> None:
        self.folder, self.report = Path(folder), report
        self.books: dict[str, Book | None] = {}

    def book(self, spec: WorkbookSpec) -> Book | None:
        if spec.filename not in self.books:
            self.books[spec.filename] = self._open(spec)
        return self.books[spec.filename]

    def _open(self, spec: WorkbookSpec) -> Book | None:
        path = self.folder / spec.filename
        if not path.is_file():
            self.report.add(Issue("file-missing", f"is not in {self.folder}",
                                  f"Put {spec.filename} there, or create blank workbooks with "
                                  "`make-report init`.", workbook=spec.filename))
            return None
        try:
            book = open_book(path)
        except WorkbookProblem as problem:
            self.report.add(problem.issue)
            return None
        if book.warning:
            self.report.add(Issue("workbook-note", book.warning, "", "warning", book.filename))
        owner = path.with_name("~$" + spec.filename)
        if owner.exists():
            self.report.add(Issue("open-elsewhere", f"seems to be open in Excel ({owner.name} is "
                                  "beside it)", "Save and close it so that its latest changes "
                                  "are read.", "warning", book.filename))
        for name in sorted(book.hidden & {s.name for s in spec.sheets}):
            self.report.add(Issue("sheet-hidden", "this sheet is hidden; it is read all the same",
                                  "Unhide it so that editors see what the report uses.",
                                  "warning", book.filename, name))
        return book

    def cells(self, spec: WorkbookSpec, sheet: str, *, optional: bool = False) -> Cells | None:
        book = self.book(spec)
        sheet_spec = spec.sheet(sheet)
        if book is None:
            return None
        if sheet not in book.sheet_names:
            if not (sheet_spec.optional or optional):
                present = ", ".join(repr(s) for s in book.sheet_names)
                self.report.add(Issue("sheet-missing", f"there is no sheet named {sheet!r}; "
                                      f"the sheets are {present}",
                                      "Add the sheet or correct its name.",
                                      workbook=book.filename, sheet=sheet))
            return None
        table = read_table(book, sheet_spec)
        self.report.extend(table.issues)
        return Cells(table, sheet_spec, self.report)

    def fields(self, spec: WorkbookSpec, sheet: str) -> tuple[dict[str, Any], dict[str, str]]:
        """A Field | Value sheet's typed values and the cell of each value;
        missing required fields are reported."""
        book, sheet_spec = self.book(spec), spec.sheet(sheet)
        if book is None or sheet not in book.sheet_names:
            self.cells(spec, sheet)  # reports the missing sheet
            return {}, {}
        table, raw = read_fields(book, sheet_spec)
        self.report.extend(table.issues)
        cells = Cells(table, sheet_spec, self.report)
        values: dict[str, Any] = {}
        for column in sheet_spec.fields:
            if column.key in raw:
                ok, value = cells.value(column, *raw[column.key])
                if ok and value is not None:
                    values[column.key] = value
            elif column.required:
                cells.problem("field-missing", f"the field {column.name!r} is missing",
                              f"Add a row with {column.name!r} in column A and its value in "
                              "column B.", column, None)
        return values, {key: cell for key, (cell, _) in raw.items()}


def tally(cells: Cells | None, what: str) -> tuple[dict[str, int], dict[str, str]]:
    """A Label | Responses sheet as counts, and the cell of each count."""
    counts: dict[str, int] = {}
    where: dict[str, str] = {}
    if cells is None or not (cells.table.has("label") and cells.table.has("count")):
        return counts, where
    label_col, count_col = cells.spec.columns
    first_row: dict[str, int] = {}
    for row in cells.table.rows:
        ok_l, label = cells.value(label_col, *row.cells["label"])
        ok_c, count = cells.value(count_col, *row.cells["count"])
        if not (ok_l and ok_c):
            continue
        if label in counts:
            cells.problem(f"duplicate-{what}", f"{label!r} is listed twice (also in row "
                          f"{first_row[label]})", f"Keep one row per {what}.", label_col,
                          row.cells["label"][0])
            continue
        counts[label], where[label], first_row[label] = count, row.cells["count"][0], row.number
    return counts, where


def responses(cells: Cells | None) -> tuple[Counter, Counter, int] | None:
    """The raw export's tallies by stakeholder group and by region, and its size."""
    if cells is None:
        return None
    table = cells.table
    if any(c.required and not table.has(c.key) for c in cells.spec.columns):
        return None
    by_group: Counter = Counter()
    by_region: Counter = Counter()
    seen: dict[Any, int] = {}
    spec = {c.key: c for c in cells.spec.columns}
    count = 0
    for row in table.rows:
        good = True
        values = {}
        for key, column in spec.items():
            if key in row.cells:
                ok, values[key] = cells.value(column, *row.cells[key])
                good &= ok
        if not good:
            continue
        if values["id"] in seen:
            cells.problem("duplicate-response", f"response {values['id']!r} is listed twice "
                          f"(also in row {seen[values['id']]})", "Remove the duplicate row.",
                          spec["id"], row.cells["id"][0])
            continue
        seen[values["id"]] = row.number
        by_group[values["stakeholder_group"]] += 1
        by_region[values["region"]] += 1
        count += 1
    return by_group, by_region, count
