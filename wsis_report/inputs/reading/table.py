"""A sheet's grid -> a table of the contract's columns: the header row (row 1) matched to
the columns of the sheet's model, the records' rows with the cell of each value, and what
an editor should know about the sheet (unknown, unnamed and duplicate columns, hidden rows,
cells merged across rows)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..contract.workbooks import Column, SheetSpec, match_key
from ..issues import Issue
from .workbook import Book, column_letter


@dataclass
class Row:
    """One record's cells: its row number and, per column key, (cell, raw value)."""

    number: int
    cells: dict[str, tuple[str, Any]]


@dataclass
class Table:
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
