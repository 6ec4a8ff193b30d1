"""The survey's raw export: a hundred thousand rows of a few groups and regions, validated
column by column over their distinct values, through the same field types as the rows of
every other sheet (``Column.type``), and counted into the tallies."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, core_schema

from .contract.cells import PLAIN
from .contract.workbooks import Column

if TYPE_CHECKING:
    from .load import Sheet

INVALID = object()  # a cell that was reported and has no value


def column_outcomes(sheet: Sheet, column: Column) -> dict[Any, Any]:
    """Each distinct value of a column -> its value (None when blank), or ``INVALID``
    when the cell is bad; each distinct problem is reported once, at its first cell,
    with the other cells that share it. The table's column is keyed so that TRUE and
    FALSE cells stay apart from 1 and 0, which equal them as keys."""
    raws = sheet.table.columns[column.key]
    if bool in set(map(type, raws)):  # (a set of the raw values would merge them first)
        raws[:] = [_BOOLS[raw] if type(raw) is bool else raw for raw in raws]
        distinct = list(set(raws))
        outcomes = dict(zip(distinct, validate_column(column, list(map(_raw, distinct)))))
    else:
        distinct = list(set(raws))
        outcomes = dict(zip(distinct, validate_column(column, distinct)))
    problems = {key: error for key, error in outcomes.items() if type(error) is _Refused}
    if column.required:
        problems.update((key, _Refused({"type": "missing", "loc": (), "msg": "",
                                        "input": _raw(key)}))
                        for key, value in outcomes.items() if value is None)
    if problems:
        sheet.invalid.add(column.key)
        outcomes.update(dict.fromkeys(problems, INVALID))
    early = {}
    if column.kind in ("date", "month"):
        dates = [v for v in outcomes.values() if isinstance(v, date)]
        if dates and min(dates).year < 1900:
            early = {key: value for key, value in outcomes.items()
                     if isinstance(value, date) and value.year < 1900}
    where = _cells(sheet, column, raws, early.keys() | problems.keys())
    for key, value in early.items():
        sheet.warn_if_early(column, value, where[key], _raw(key))
    for key, refused in problems.items():
        cells = where[key]
        also = ""
        if len(cells) > 1:
            rest = len(cells) - 4
            also = (f" (also in {', '.join(cells[1:4])}"
                    f"{f' and {rest:,} more' if rest > 0 else ''})")
        sheet.error(refused.error, column, cells[0], _raw(key), also)
    return outcomes

def _cells(sheet: Sheet, column: Column, raws: list[Any], wanted: set[Any]
           ) -> dict[Any, list[str]]:
    """The cells holding each of the ``wanted`` values, in one pass over the column."""
    where: dict[Any, list[str]] = {raw: [] for raw in wanted}
    if where:
        for i, raw in enumerate(raws):
            if raw in where:
                where[raw].append(sheet.table.cell(column.key, i))
    return where


class _Bool:
    """A TRUE or FALSE cell as a key of its own (True == 1 and False == 0 as dict keys)."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value


_BOOLS = {True: _Bool(True), False: _Bool(False)}


def _raw(key: Any) -> Any:
    return key.value if type(key) is _Bool else key


class _Refused:
    __slots__ = ("error",)

    def __init__(self, error: ErrorDetails) -> None:
        self.error = error


class _BlankAsNone:
    """A blank cell in a column validated on its own is None: the kinds of cell ask for
    the field's default, which a column has not."""

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return core_schema.with_default_schema(handler(source), default=None)


@cache
def _adapter(column: Column) -> TypeAdapter:
    return TypeAdapter(list[Annotated[column.type, _BlankAsNone()]])


def validate_column(column: Column, raws: list[Any]) -> list[Any]:
    """The outcome of each of ``raws`` (cells of ``column``), in order: its value, None
    when blank, or ``_Refused`` with pydantic's error; in one call to the column's type
    when all are good."""
    adapter, context = _adapter(column), {"column": column.name}
    out: list[Any] = [None] * len(raws)
    todo = list(range(len(raws)))
    while todo:
        try:
            for i, value in zip(todo, adapter.validate_python([raws[i] for i in todo],
                                                              context=context)):
                out[i] = value
            break
        except ValidationError as exc:
            bad = {}
            for error in errors(exc):
                bad.setdefault(todo[error["loc"][0]], error)
            for i, error in bad.items():
                out[i] = _Refused(error)
            todo = [i for i in todo if i not in bad]
    return out


def responses(sheet: Sheet | None) -> tuple[Counter, Counter, int] | None:
    """The raw export's tallies by stakeholder group and by region, and its size.

    Exports run to many thousand rows of a few groups and regions: each column is validated
    once per distinct value, and when no row is bad the tallies are counted by value as
    typed, then added up by value as read."""
    if sheet is None or not sheet.table.numbers or any(
            c.required and not sheet.table.has(c.key) for c in sheet.spec.columns):
        return None  # an empty export (as `init` writes it) counts as no export
    table = sheet.table
    outcomes = {c.key: column_outcomes(sheet, c) for c in sheet.spec.columns if table.has(c.key)}
    rows = {key: table.columns[key] for key in outcomes}
    bad = {i for key in sheet.invalid for i, raw in enumerate(rows[key])
           if outcomes[key][raw] is INVALID}
    ids = outcomes["id"]
    # Rows are one response when their ids are the same as typed, or once read (" R1", "R1").
    if len(ids) != len(rows["id"]) or len(set(ids.values())) != len(ids):
        report_duplicates(sheet, [ids[raw] for raw in rows["id"]], bad)
    if bad:
        good = [i for i in range(len(rows["id"])) if i not in bad]
        return (*(Counter(outcomes[key][rows[key][i]] for i in good)
                  for key in ("stakeholder_group", "region")), len(good))
    return (*(_counted(rows[key], outcomes[key]) for key in ("stakeholder_group", "region")),
            len(rows["id"]))


def _counted(raws: list[Any], values: dict[Any, Any]) -> Counter:
    counted: Counter = Counter()
    for raw, times in Counter(raws).items():
        counted[values[raw]] += times
    return counted


def report_duplicates(sheet: Sheet, ids: list[Any], bad: set[int]) -> None:
    first: dict[Any, int] = {}
    column = sheet.spec.column("id")
    for i, value in enumerate(ids):
        if value is INVALID:
            continue
        if value in first:
            sheet.problem("duplicate-response", f"response {value!r} is listed twice (also in "
                          f"row {sheet.table.numbers[first[value]]})", "Remove the duplicate row.",
                          column, sheet.table.cell("id", i))
            bad.add(i)
        else:
            first[value] = i


def errors(exc: ValidationError) -> list[ErrorDetails]:
    """pydantic's errors, without those of a cell's native schema, which only says that a
    value needed a closer look (``cells.Cell.plain``): the careful one beside it tells why."""
    return [e for e in exc.errors(include_url=False) if PLAIN not in e["loc"]]
