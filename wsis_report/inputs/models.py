"""The facts of the review, as typed and validated records.

Records are built only from values that the workbook reader has already
parsed; ``Origin`` remembers where each one came from so that rules that look
across records can still name the cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime as dt
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

from .stages import StageName
from .vocab import (Format, Group, Region, Scope, StakeholderGroup, Status,  # noqa: F401
                    SurveyRegion)


@dataclass(frozen=True)
class Origin:
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


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    origin: Origin | None = Field(default=None, exclude=True, repr=False)


class Consultation(Record):
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
    participants: NonNegativeInt | None = None

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


class KeyMessage(Record):
    group: Group
    number: NonNegativeInt
    text: str


class Milestone(Record):
    start: dt.date
    end: dt.date | None = None
    text: str


class Numbered(Record):
    number: NonNegativeInt
    text: str


class Document(Record):
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
    word_limit: NonNegativeInt | None = None


class Survey(BaseModel):
    model_config = ConfigDict(frozen=True)

    circulated: dt.date
    closing: dt.date | None = None
    total: NonNegativeInt
    by_group: dict[StakeholderGroup, NonNegativeInt]
    by_region: dict[SurveyRegion, NonNegativeInt]
    findings: tuple[Numbered, ...] = ()
    raw_responses: NonNegativeInt | None = None
    # Where each value was read: "total" -> ("Survey", "B4"), "by_region:Europe" ->
    # ("By region", "B3"); a tally counted from the Responses sheet has no cell.
    cells: Mapping[str, tuple[str, str]] = Field(default_factory=dict, exclude=True, repr=False)


class Inputs(BaseModel):
    """Everything the three workbooks say, validated."""

    model_config = ConfigDict(frozen=True)

    consultations: tuple[Consultation, ...]
    key_messages: tuple[KeyMessage, ...]
    survey: Survey
    timetable: tuple[Milestone, ...]
    documents: dict[StageName, Document]
    recommendations: tuple[Numbered, ...]
