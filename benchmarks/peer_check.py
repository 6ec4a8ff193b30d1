"""The barest check a Python developer would write with this stack: python-calamine reads
every sheet, pydantic models with aliased fields validate the rows with
``TypeAdapter(list[Model])``, and the errors are printed. No locations, no rules across
records or stages, no annotated copy. ``benchmarks/run.py`` measures ``make-report check``
against it.

    python benchmarks/peer_check.py FOLDER
"""

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Literal, Optional

import python_calamine
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

Region = Literal["Africa", "Arab region", "Asia and the Pacific", "Europe",
                 "Latin America and the Caribbean"]


class Group(str, Enum):
    government = "Government"
    private = "Private sector"
    civil = "Civil society"
    technical = "Technical community"
    academic = "Academic community"
    international = "International or regional organization"
    other = "Other"


class SurveyRegion(str, Enum):
    africa = "Africa"
    arab = "Arab region"
    asia = "Asia and the Pacific"
    europe = "Europe"
    lac = "Latin America and the Caribbean"
    north_america = "North America"
    other = "Other or not stated"


class Row(BaseModel):
    model_config = ConfigDict(frozen=True)


class Consultation(Row):
    id: str = Field(alias="ID")
    scope: Literal["Global", "Regional"] = Field(alias="Scope")
    region: Optional[Region] = Field(None, alias="Region")
    title: str = Field(alias="Title")
    start: Optional[dt.date] = Field(None, alias="Start date")
    end: Optional[dt.date] = Field(None, alias="End date")
    date_note: Optional[str] = Field(None, alias="Date note")
    city: Optional[str] = Field(None, alias="City")
    country: Optional[str] = Field(None, alias="Country")
    format: Literal["In person", "Hybrid", "Online"] = Field(alias="Format")
    status: Literal["Planned", "Held", "Cancelled"] = Field(alias="Status")
    host_event: Optional[str] = Field(None, alias="Host event")
    co_organizers: Optional[str] = Field(None, alias="Co-organizers")
    participants: Optional[int] = Field(None, alias="Participants")


class KeyMessage(Row):
    group: str = Field(alias="Group")
    number: int = Field(alias="No.")
    text: str = Field(alias="Message")


class Field_(Row):
    field: str = Field(alias="Field")
    value: str | int | dt.date | dt.datetime = Field(alias="Value")


class ByGroup(Row):
    label: Group = Field(alias="Stakeholder group")
    count: int = Field(alias="Responses")


class ByRegion(Row):
    label: SurveyRegion = Field(alias="Region")
    count: int = Field(alias="Responses")


class Numbered(Row):
    number: int = Field(alias="No.")
    text: str


class Finding(Numbered):
    text: str = Field(alias="Finding")


class Response(Row):
    id: str = Field(alias="Response ID")
    submitted: Optional[dt.datetime] = Field(None, alias="Submitted")
    stakeholder_group: Group = Field(alias="Stakeholder group")
    region: SurveyRegion = Field(alias="Region")


class Milestone(Row):
    start: str | dt.date | dt.datetime = Field(alias="Start")
    end: Optional[str | dt.date | dt.datetime] = Field(None, alias="End")
    text: str = Field(alias="Milestone")


class Document(Row):
    stage: Literal["progress", "draft", "ecosoc"] = Field(alias="Stage")
    title: str = Field(alias="Title")
    date: Optional[dt.date] = Field(None, alias="Date")
    venue: Optional[str] = Field(None, alias="Venue")
    symbol: Optional[str] = Field(None, alias="Symbol")
    body: Optional[str] = Field(None, alias="Body")
    session: Optional[str | int] = Field(None, alias="Session")
    session_start: Optional[dt.date] = Field(None, alias="Session start")
    session_end: Optional[dt.date] = Field(None, alias="Session end")
    agenda_item: Optional[str | int] = Field(None, alias="Agenda item")
    agenda_title: Optional[str] = Field(None, alias="Agenda title")
    agenda_symbol: Optional[str] = Field(None, alias="Agenda symbol")
    presented_by: Optional[str] = Field(None, alias="Presented by")
    word_limit: Optional[int] = Field(None, alias="Word limit")


class Recommendation(Numbered):
    text: str = Field(alias="Recommendation")


SHEETS = {
    "consultations": {"Consultations": Consultation, "Key messages": KeyMessage},
    "survey": {"Survey": Field_, "By stakeholder group": ByGroup, "By region": ByRegion,
               "Findings": Finding, "Responses": Response},
    "report": {"Timetable": Milestone, "Documents": Document,
               "Recommendations": Recommendation},
}


def rows(sheet) -> list[dict]:
    grid = sheet.to_python()
    if not grid:
        return []
    header = [str(h).strip() for h in grid[0]]
    return [{h: (None if v == "" else v) for h, v in zip(header, row) if h}
            for row in grid[1:] if any(v != "" for v in row)]


def main(folder: Path) -> int:
    errors = 0
    for name, sheets in SHEETS.items():
        path = next(p for p in (folder / f"{name}.xlsx", folder / f"{name}.ods") if p.exists())
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        for sheet, model in sheets.items():
            if sheet not in book.sheet_names:
                continue
            try:
                TypeAdapter(list[model]).validate_python(rows(book.get_sheet_by_name(sheet)))
            except ValidationError as exc:
                errors += exc.error_count()
                print(f"{path.name} {sheet}: {exc}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
