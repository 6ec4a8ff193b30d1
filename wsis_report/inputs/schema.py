"""The input contract: which workbooks, sheets and columns editors keep.

One declarative definition serves the reader (header matching, value
parsing), the validator (required cells), ``init`` (blank workbooks with
drop-downs and help) and the README sheet editors read.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cached_property
from typing import Literal

from .plain import Frozen, field
from .vocab import (
    Format,
    Group,
    Region,
    Scope,
    StakeholderGroup,
    Status,
    SurveyRegion,
)
from .stages import StageName

Kind = Literal["text", "date", "month", "whole", "choice", "country", "list", "symbol",
               "session"]


def match_key(text: str) -> str:
    """What two spellings of a choice or header must share to be the same."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold().replace("&", "and"))


class Choice(Frozen):
    """The allowed values of a choice column and the variants editors type."""

    values: type[StrEnum]
    variants: dict[str, str] = field(default_factory=dict)

    @property
    def allowed(self) -> list[str]:
        return [v.value for v in self.values]

    @cached_property  # a choice is looked up for every distinct value typed
    def spellings(self) -> dict[str, StrEnum]:
        """Every spelling (as ``match_key`` gives it) -> its value."""
        table = {match_key(v.value): v for v in self.values}
        table.update({match_key(k): self.values(v) for k, v in self.variants.items()})
        return table


class Column(Frozen):
    """A column of a sheet: its header, key, kind of value and the help editors read."""

    name: str
    key: str
    kind: Kind = "text"
    required: bool = False
    choice: Choice | None = None
    help: str = ""
    width: int = 18


class SheetSpec(Frozen):
    """A sheet of records, one per row under a header row (row 1).

    ``fields`` sheets are instead two columns, a field name and its value.
    """

    name: str
    columns: tuple[Column, ...]
    help: str = ""
    optional: bool = False
    layout: Literal["table", "fields"] = "table"
    fields: tuple[Column, ...] = ()

    def column(self, key: str) -> Column:
        return next(c for c in self.columns + self.fields if c.key == key)


class WorkbookSpec(Frozen):
    """A workbook of the contract and its sheets."""

    filename: str
    sheets: tuple[SheetSpec, ...]
    help: str = ""

    def sheet(self, name: str) -> SheetSpec:
        return next(s for s in self.sheets if s.name == name)


_REGION_VARIANTS = {
    "ECA": "Africa",
    "Arab": "Arab region",
    "Arab States": "Arab region",
    "Arab countries": "Arab region",
    "ESCWA": "Arab region",
    "Asia Pacific": "Asia and the Pacific",
    "Asia-Pacific": "Asia and the Pacific",
    "APAC": "Asia and the Pacific",
    "ESCAP": "Asia and the Pacific",
    "ECE": "Europe",
    "UNECE": "Europe",
    "Latin America": "Latin America and the Caribbean",
    "Latin America & Caribbean": "Latin America and the Caribbean",
    "LAC": "Latin America and the Caribbean",
    "ECLAC": "Latin America and the Caribbean",
}

REGION = Choice(Region, _REGION_VARIANTS)
GROUP = Choice(Group, _REGION_VARIANTS)
SURVEY_REGION = Choice(
    SurveyRegion,
    {
        **_REGION_VARIANTS,
        "Northern America": "North America",
        "USA and Canada": "North America",
        "Other": "Other or not stated",
        "Not stated": "Other or not stated",
        "Unknown": "Other or not stated",
        "Prefer not to say": "Other or not stated",
    },
)
SCOPE = Choice(Scope, {"International": "Global"})
FORMAT = Choice(
    Format,
    {"In-person": "In person", "Face to face": "In person", "Physical": "In person",
     "On site": "In person", "Virtual": "Online", "Remote": "Online"},
)
STATUS = Choice(
    Status,
    {"Scheduled": "Planned", "Planning": "Planned", "Done": "Held",
     "Completed": "Held", "Took place": "Held", "Canceled": "Cancelled"},
)
STAKEHOLDER = Choice(
    StakeholderGroup,
    {
        "Governments": "Government",
        "Public sector": "Government",
        "Business": "Private sector",
        "Private": "Private sector",
        "Civil society organization": "Civil society",
        "CSO": "Civil society",
        "NGO": "Civil society",
        "Technical": "Technical community",
        "Academia": "Academic community",
        "Academic": "Academic community",
        "International organization": "International or regional organization",
        "Regional organization": "International or regional organization",
        "International and regional organizations": "International or regional organization",
        "Intergovernmental organization": "International or regional organization",
        "IGO": "International or regional organization",
    },
)
STAGE = Choice(StageName, {})


def _col(name: str, key: str, kind: Kind = "text", required: bool = False,
         choice: Choice | None = None, help: str = "", width: int = 18) -> Column:
    return Column(name, key, kind, required, choice, help, width)


CONSULTATIONS = WorkbookSpec(
    "consultations.xlsx",
    (
        SheetSpec(
            "Consultations",
            (
                _col("ID", "id", required=True, width=10,
                     help="A short unique code, e.g. G1 or R-AFR."),
                _col("Scope", "scope", "choice", True, SCOPE, "Global or Regional.", 11),
                _col("Region", "region", "choice", False, REGION,
                     "Required when the scope is Regional.", 30),
                _col("Title", "title", required=True, width=45,
                     help="What the consultation was, as the report names it."),
                _col("Start date", "start", "date",
                     help="First day, e.g. 21 May 2024. Required once held.", width=14),
                _col("End date", "end", "date",
                     help="Last day, when it ran over several days.", width=14),
                _col("Date note", "date_note",
                     help='An approximate date for a planned event, e.g. "mid-November 2024".',
                     width=20),
                _col("City", "city", help="Required unless the format is Online.", width=18),
                _col("Country", "country", "country",
                     help="United Nations short name, e.g. United Republic of Tanzania. "
                          "Required unless the format is Online.", width=28),
                _col("Format", "format", "choice", True, FORMAT,
                     "In person, Hybrid or Online.", 11),
                _col("Status", "status", "choice", True, STATUS,
                     "Planned, Held or Cancelled.", 11),
                _col("Host event", "host_event",
                     help="The meeting it was held at, if any, e.g. EuroDIG 2024.", width=28),
                _col("Co-organizers", "co_organizers", "list",
                     help="Separate several with a semicolon (;).", width=30),
                _col("Participants", "participants", "whole",
                     help="How many took part (a whole number).", width=13),
            ),
            help="One row per consultation, global or regional.",
        ),
        SheetSpec(
            "Key messages",
            (
                _col("Group", "group", "choice", True, GROUP,
                     "Global, or one of the five regions.", 30),
                _col("No.", "number", "whole", True, help="Order within the group.", width=6),
                _col("Message", "text", required=True, width=90,
                     help="One key message, as it should read in the report."),
            ),
            help="The key messages of the global consultations and of each region.",
        ),
    ),
    help="The multistakeholder consultations and their key messages.",
)

SURVEY = WorkbookSpec(
    "survey.xlsx",
    (
        SheetSpec(
            "Survey",
            (_col("Field", "field", required=True, width=28),
             _col("Value", "value", required=True, width=20)),
            layout="fields",
            fields=(
                _col("Questionnaire circulated", "circulated", "date", True,
                     help="The date the questionnaire went out."),
                _col("Closing date", "closing", "date", help="The last day to respond."),
                _col("Total responses", "total", "whole",
                     help="When given, both tallies must add up to it."),
            ),
            help="Facts about the online survey: one field per row.",
        ),
        SheetSpec(
            "By stakeholder group",
            (_col("Stakeholder group", "label", "choice", True, STAKEHOLDER, width=38),
             _col("Responses", "count", "whole", True, width=12)),
            help="Responses per stakeholder group; each group at most once.",
        ),
        SheetSpec(
            "By region",
            (_col("Region", "label", "choice", True, SURVEY_REGION, width=34),
             _col("Responses", "count", "whole", True, width=12)),
            help="Responses per region; must add up to the same total as by group.",
        ),
        SheetSpec(
            "Findings",
            (_col("No.", "number", "whole", True, width=6),
             _col("Finding", "text", required=True, width=90)),
            help="The main findings of the survey, in order.",
        ),
        SheetSpec(
            "Responses",
            (_col("Response ID", "id", required=True, width=14),
             _col("Submitted", "submitted", "date", width=20),
             _col("Stakeholder group", "stakeholder_group", "choice", True, STAKEHOLDER, width=38),
             _col("Region", "region", "choice", True, SURVEY_REGION, width=34)),
            optional=True,
            help="Optional: the raw export of the questionnaire, one row per response. "
                 "When present, the tallies are computed from it.",
        ),
    ),
    help="The online survey: its dates, tallies and findings.",
)

REPORT = WorkbookSpec(
    "report.xlsx",
    (
        SheetSpec(
            "Timetable",
            (_col("Start", "start", "month", True, help='A month, e.g. "April 2024".', width=16),
             _col("End", "end", "month", help="Optional; not before the start.", width=16),
             _col("Milestone", "text", required=True, width=70)),
            help="The review's milestones, in order.",
        ),
        SheetSpec(
            "Documents",
            (
                _col("Stage", "stage", "choice", True, STAGE, "progress, draft or ecosoc.", 10),
                _col("Title", "title", required=True, width=50),
                _col("Date", "date", "date",
                     help="The document's date; facts are shown as they stood on it.", width=16),
                _col("Venue", "venue", help="e.g. Geneva.", width=12),
                _col("Symbol", "symbol", "symbol",
                     help="United Nations document symbol, e.g. E/CN.16/2025/3. "
                          "Required for ecosoc.", width=22),
                _col("Body", "body", help="e.g. Commission on Science and Technology "
                                          "for Development.", width=30),
                _col("Session", "session", "session", width=22,
                     help='The session as it is named, e.g. "Twenty-eighth session" (or 28), '
                          '"2025 session" or "Inter-sessional panel 2024–2025".'),
                _col("Session start", "session_start", "date", width=14,
                     help="First day of the session, for the masthead."),
                _col("Session end", "session_end", "date", width=14,
                     help="Last day of the session."),
                _col("Agenda item", "agenda_item", help="e.g. 2.", width=8),
                _col("Agenda title", "agenda_title", width=40),
                _col("Agenda symbol", "agenda_symbol", "symbol", width=18,
                     help="Symbol of the provisional agenda, e.g. E/CN.16/2025/1."),
                _col("Presented by", "presented_by", width=40),
                _col("Word limit", "word_limit", "whole",
                     help="Default 8,500 for ecosoc.", width=10),
            ),
            help="One row per stage: the document's title, date and masthead.",
        ),
        SheetSpec(
            "Recommendations",
            (_col("No.", "number", "whole", True, width=6),
             _col("Recommendation", "text", required=True, width=90)),
            help="Recommendations, in order; needed for draft and ecosoc.",
        ),
    ),
    help="The timetable, the documents of each stage and the recommendations.",
)

CONTRACT: tuple[WorkbookSpec, ...] = (CONSULTATIONS, SURVEY, REPORT)
