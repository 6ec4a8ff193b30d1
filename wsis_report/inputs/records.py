"""The facts of the review as typed records, built from values already parsed.

The contract's parsers (``values.py``) give every field its type, so the records are
frozen value classes (``plain.py``): a check of a 100,000-row export then pays neither a
validation library's import and schema building nor dataclasses' code generation.
``models.py`` wraps them in the public, serialisable ``Inputs`` model.

Where a record was read is kept beside its values, not among them: ``origin`` (and the
survey's ``cells``) are set with ``located`` and are left out of equality, of ``repr``
and of every serialisation, so that the same facts read from an ``.ods`` and an
``.xlsx`` compare equal.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any, Iterator, Mapping, TypeVar

from .plain import Frozen, field, fields
from .stages import StageName
from .vocab import (Format, Group, Region, Scope, StakeholderGroup, Status,  # noqa: F401
                    SurveyRegion)

T = TypeVar("T")


class Origin(Frozen):
    """Where a record was read: its workbook, sheet, row and each field's cell."""

    workbook: str
    sheet: str
    row: int
    cells: Mapping[str, str] = field(default_factory=dict)

    def at(self, field_name: str | None = None) -> dict[str, str | None]:
        cell = self.cells.get(field_name) if field_name else None
        return {
            "workbook": self.workbook,
            "sheet": self.sheet,
            "cell": cell or f"{self.row}:{self.row}",
        }


def _provenance(**default: Any) -> Any:
    # Not a value of the record: left out of __init__, equality, repr and of what
    # ``Inputs`` serialises.
    return field(init=False, repr=False, compare=False, **default)


def located(record: T, **where: Any) -> T:
    """``record`` with where it was read (``origin=``, or the survey's ``cells=``)."""
    for name, value in where.items():
        object.__setattr__(record, name, value)
    return record


class Record(Frozen, kw_only=True):
    """A row of a sheet, as a record."""

    # A record made in code rather than read (tests, tools) has no origin to name.
    origin: Origin | None = _provenance(default=None)


class Consultation(Record, kw_only=True):
    """A row of Consultations."""

    id: str
    scope: Scope
    region: Region | None = None
    title: str
    start: dt.date | None = None
    end: dt.date | None = None
    date_note: str | None = None
    city: str | None = None
    country: str | None = None
    format: Format
    status: Status
    host_event: str | None = None
    co_organizers: tuple[str, ...] = ()
    participants: int | None = None

    @property
    def group(self) -> Group:
        return Group.GLOBAL if self.scope is Scope.GLOBAL else Group(self.region)

    def status_on(self, day: dt.date | None) -> Status:
        """The status as it stood on ``day``: one that had not started is still planned."""
        if self.status is Status.CANCELLED or day is None:
            return self.status
        if self.start is None or self.start > day:
            return Status.PLANNED
        return self.status


class KeyMessage(Record, kw_only=True):
    """A row of Key messages."""

    group: Group
    number: int
    text: str


class Milestone(Record, kw_only=True):
    """A row of the Timetable."""

    start: dt.date
    end: dt.date | None = None
    text: str


class Numbered(Record, kw_only=True):
    """A finding or a recommendation, by its number."""

    number: int
    text: str


class Document(Record, kw_only=True):
    """A row of Documents: one stage's document and its masthead."""

    stage: StageName
    title: str
    date: dt.date | None = None
    venue: str | None = None
    symbol: str | None = None
    body: str | None = None
    session: str | None = None  # as printed: "Twenty-eighth session", "2025 session"
    session_start: dt.date | None = None
    session_end: dt.date | None = None
    agenda_item: str | None = None
    agenda_title: str | None = None
    agenda_symbol: str | None = None
    presented_by: str | None = None
    word_limit: int | None = None


class Survey(Frozen, kw_only=True):
    """The Survey sheet's fields, the two tallies and the findings."""

    circulated: dt.date
    closing: dt.date | None = None
    total: int
    by_group: Mapping[StakeholderGroup, int]
    by_region: Mapping[SurveyRegion, int]
    findings: tuple[Numbered, ...] = ()
    raw_responses: int | None = None
    # Where each value was read: "total" -> ("Survey", "B4"), "by_region:Europe" ->
    # ("By region", "B3"); a tally counted from the Responses sheet has no cell.
    cells: Mapping[str, tuple[str, str]] = _provenance(default_factory=dict)


class Facts(Frozen, kw_only=True):
    """Everything the three workbooks say, checked: what every later step reads."""

    consultations: tuple[Consultation, ...]
    key_messages: tuple[KeyMessage, ...]
    survey: Survey
    timetable: tuple[Milestone, ...]
    documents: Mapping[StageName, Document]
    recommendations: tuple[Numbered, ...]


def values(record: Any) -> Iterator[tuple[str, Any]]:
    """(field, value) of each of a record's values, in field order."""
    for f in fields(record):
        if f.init:
            yield f.name, getattr(record, f.name)


def json_values(record: Any, only: set[str] | None = None) -> dict[str, Any]:
    """A record's values as JSON would hold them, in field order, blanks left out."""
    return {name: _json(value) for name, value in values(record)
            if value is not None and (only is None or name in only)}


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (tuple, list)):
        return [_json(v) for v in value]
    return value
