"""Workbooks -> typed records, with every cell-level problem collected.

A row with any bad cell is reported and left out of the records, so the
rules that look across records (``validate.py``) never see half-read data.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, TypeVar

from .files import opendocument_name, workbook_path
from .issues import Issue, ValidationReport
from .records import Origin, Record, located
from .schema import Column, SheetSpec, WorkbookSpec
from .values import ValueProblem, describe, is_blank, parse, parse_many
from .workbook import Book, Table, WorkbookProblem, open_book, read_fields, read_table

R = TypeVar("R", bound=Record)


INVALID = object()  # a cell that was reported and has no value


class Cells:
    """Parses the cells of one table, remembering each distinct value's result:
    a survey export repeats the same few groups and regions many thousand times."""

    def __init__(self, table: Table, spec: SheetSpec, report: ValidationReport) -> None:
        self.table, self.spec, self.report = table, spec, report
        self._memo: dict[tuple[str, Any], Any] = {}
        self.invalid: set[str] = set()  # the keys of columns with an INVALID cell

    def outcome(self, column: Column, raw: Any) -> Any:
        """The value of a cell, or the ``ValueProblem`` with it (not yet reported)."""
        if is_blank(raw):
            if column.required:
                return ValueProblem("value-missing", self._empty(column, raw),
                                    f"Fill in the {column.name.lower()}.")
            return None
        key = (column.key, raw)
        try:
            return self._memo[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable raw value cannot be remembered
            key = None
        try:
            result = parse(raw, column)
        except ValueProblem as problem:
            result = problem
        if key is not None:
            self._memo[key] = result
        return result

    def value(self, column: Column, cell: str, raw: Any) -> tuple[bool, Any]:
        """``(ok, value)``; a bad or missing required cell is reported."""
        result = self.outcome(column, raw)
        if isinstance(result, ValueProblem):
            self.problem(result.code, result.message, result.hint, column, cell, raw)
            return False, None
        self._warn_if_early(column, result, [cell], raw)
        return True, result

    def _warn_if_early(self, column: Column, value: Any, cells: list[str], raw: Any) -> None:
        # A year before 1900 is valid, but in these workbooks it is a typing slip
        # (1024 for 2024), and spreadsheets store such dates as text.
        if isinstance(value, date) and value.year < 1900 and cells:
            also = f" (also in {', '.join(cells[1:4])})" if len(cells) > 1 else ""
            self.problem("early-date", f"{column.name} is {value.isoformat()}, before 1900"
                         f"{also}", "Check the year.", column, cells[0], raw, "warning")

    def column(self, column: Column) -> list[Any]:
        """Every value of a column, ``INVALID`` where the cell is bad; each distinct
        problem is reported once, at its first cell, with the other cells that share it."""
        raws = self.table.columns[column.key]
        distinct = set(raws)
        parsed: dict[Any, Any] = parse_many(distinct, column)
        problems: dict[Any, ValueProblem] = {}
        for raw in distinct.difference(parsed):
            result = self.outcome(column, raw)
            if isinstance(result, ValueProblem):
                problems[raw], parsed[raw] = result, INVALID
            else:
                parsed[raw] = result
        out = list(map(parsed.__getitem__, raws))
        if problems:
            self.invalid.add(column.key)
        for raw, value in parsed.items() if column.kind in ("date", "month") else ():
            if isinstance(value, date) and value.year < 1900:
                self._warn_if_early(column, value, [self.table.cell(column.key, i)
                                                    for i, r in enumerate(raws) if r == raw], raw)
        for raw, problem in problems.items():
            cells = [self.table.cell(column.key, i) for i, r in enumerate(raws) if r == raw]
            also = ""
            if len(cells) > 1:
                rest = len(cells) - 4
                also = f" (also in {', '.join(cells[1:4])}{f' and {rest:,} more' if rest > 0 else ''})"
            self.problem(problem.code, problem.message + also, problem.hint, column, cells[0], raw)
        return out

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

    def records(self, model: type[R]) -> list[R]:
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
                # Every value is already of its field's type: the parsers gave it
                # (tests/inputs/test_records.py holds the contract and records together).
                out.append(located(model(**values), origin=origin))
        return out


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
                                  "kept", f"Remove or rename the one that is not kept up to "
                                  "date.", workbook=path.name))
            return None
        try:
            book = open_book(path)
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
        table = self._read(book, lambda: read_table(book, sheet_spec), sheet)
        if table is None:
            return None
        self.report.extend(table.issues)
        return Cells(table, sheet_spec, self.report)

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
        """A Field | Value sheet's typed values and the cell of each value;
        missing required fields are reported."""
        book, sheet_spec = self.book(spec), spec.sheet(sheet)
        if book is None or sheet not in book.sheet_names:
            self.cells(spec, sheet)  # reports the missing sheet
            return {}, {}
        read = self._read(book, lambda: read_fields(book, sheet_spec), sheet)
        if read is None:
            return {}, {}
        table, raw = read
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
    """The raw export's tallies by stakeholder group and by region, and its size.

    Exports run to many thousand rows, so each column is parsed once per
    distinct value rather than once per cell."""
    if cells is None or not cells.table.numbers or any(
            c.required and not cells.table.has(c.key) for c in cells.spec.columns):
        return None  # an empty export (as `init` writes it) counts as no export
    values = {c.key: cells.column(c) for c in cells.spec.columns
              if cells.table.has(c.key) and not _all_dates(cells.table, c)}
    ids, groups, regions = values["id"], values["stakeholder_group"], values["region"]
    bad = {i for key in cells.invalid for i, v in enumerate(values.get(key, ())) if v is INVALID}
    if len(set(ids)) != len(ids):
        report_duplicates(cells, ids, bad)
    good = range(len(ids)) if not bad else [i for i in range(len(ids)) if i not in bad]
    by_group = Counter(groups[i] for i in good) if bad else Counter(groups)
    by_region = Counter(regions[i] for i in good) if bad else Counter(regions)
    return by_group, by_region, len(good)


def _all_dates(table: Table, column: Column) -> bool:
    """True for a date column whose every cell is a real date or blank: nothing to
    report and, since submission times are not used further, nothing to convert."""
    if column.kind != "date":
        return False
    values = table.columns[column.key]
    kinds = set(map(type, values))
    if not kinds <= {datetime, date, str}:
        return False
    return str not in kinds or all(v == "" for v in values if type(v) is str)


def report_duplicates(cells: Cells, ids: list[Any], bad: set[int]) -> None:
    first: dict[Any, int] = {}
    column = cells.spec.column("id")
    for i, value in enumerate(ids):
        if value is INVALID:
            continue
        if value in first:
            cells.problem("duplicate-response", f"response {value!r} is listed twice (also in "
                          f"row {cells.table.numbers[first[value]]})", "Remove the duplicate row.",
                          column, cells.table.cell("id", i))
            bad.add(i)
        else:
            first[value] = i
