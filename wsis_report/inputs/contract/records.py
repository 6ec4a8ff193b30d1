"""The input contract: one pydantic model per sheet, whose fields are the sheet's columns.

A model's docstring is the help editors read about its sheet; a field's alias is its
column's header, its description the help for the column, its type the kind of cell
(``cells.py``: dates, months, whole numbers, choices with their variants, countries,
symbols…), and whether it has a default whether editors may leave it blank.
``workbooks.py`` says which workbook holds which sheets, by name; everything else (the
reader, ``init``'s blank workbooks and README sheets, the annotated copies, the JSON Schema
that ``make-report check --schema`` prints, the README's list of columns) is read from here.

Where a record was read is kept beside its values, not among them: ``origin`` (and the
survey's ``cells``) are private attributes set with ``located``, left out of equality, of
``repr`` and of every serialisation, so that the same facts read from an ``.ods`` and an
``.xlsx`` compare equal.
"""

import datetime as dt
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Iterator, Mapping, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from .cells import (HEADERS, Country, Month, Session, Symbol, Text, TextList, UNDate, Url,
                    Whole, choice)
from .stages import StageName
from .vocab import (FORMAT_VARIANTS, REGION_VARIANTS, SCOPE_VARIANTS, SLOT_VARIANTS,
                    STAKEHOLDER_VARIANTS, STATUS_VARIANTS, SURVEY_REGION_VARIANTS, Format, Group,
                    Region, Scope, Slot, StakeholderGroup, Status, SurveyRegion)

T = TypeVar("T")

ScopeChoice = choice(Scope, SCOPE_VARIANTS)
RegionChoice = choice(Region, REGION_VARIANTS)
GroupChoice = choice(Group, REGION_VARIANTS)
FormatChoice = choice(Format, FORMAT_VARIANTS)
StatusChoice = choice(Status, STATUS_VARIANTS)
StakeholderChoice = choice(StakeholderGroup, STAKEHOLDER_VARIANTS)
SurveyRegionChoice = choice(SurveyRegion, SURVEY_REGION_VARIANTS)
StageChoice = choice(StageName)
SlotChoice = choice(Slot, SLOT_VARIANTS)


def column(header: str, default: Any = ..., *, help: str = "", width: int = 18,
           example: str | None = None) -> Any:
    """A column of a sheet: its header, the help editors read, its width in a blank
    workbook; with a default (``None``) it may be left blank."""
    return Field(default, alias=header, title=header, description=help or None,
                 examples=[example] if example else None, json_schema_extra={"x-width": width})


@dataclass(frozen=True)
class Origin:
    """Where a record was read: its workbook, sheet, row and each field's cell."""

    workbook: str
    sheet: str
    row: int
    cells: Mapping[str, str] = dataclass_field(default_factory=dict)

    def at(self, field_name: str | None = None) -> dict[str, str | None]:
        """Where ``field_name`` was read: its cell, else its row (a sheet of fields has no
        row of its own: its sheet)."""
        cell = self.cells.get(field_name) if field_name else None
        return {"workbook": self.workbook, "sheet": self.sheet,
                "cell": cell or (f"{self.row}:{self.row}" if self.row else None)}


class Record(BaseModel):
    """A row of a sheet, as a record."""

    model_config = ConfigDict(frozen=True, validate_by_name=True, validate_by_alias=True)
    # A record made in code rather than read (tests, tools) has no origin to name.
    _origin: Origin | None = PrivateAttr(default=None)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        HEADERS[cls.__name__] = {
            name: info.alias or name for name, info in cls.model_fields.items()}

    @property
    def origin(self) -> Origin | None:
        return self._origin

    def __eq__(self, other: object) -> bool:
        # By values only: pydantic would compare the private origin too.
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))


def sheet(**extra: Any) -> ConfigDict:
    """A sheet model's configuration: ``layout="fields"`` for a sheet of Field | Value rows,
    ``optional=True`` for one a workbook may lack."""
    return ConfigDict(json_schema_extra={f"x-{k}": v for k, v in extra.items()})


class Consultation(Record):
    """One row per consultation, global or regional."""


    id: Text = column("ID", width=10, help="A short unique code, e.g. G1 or R-AFR.")
    scope: ScopeChoice = column("Scope", help="Global or Regional.", width=11)
    region: RegionChoice | None = column("Region", None, width=30,
                                         help="Required when the scope is Regional.")
    title: Text = column("Title", width=45,
                         help="What the consultation was, as the report names it.")
    start: UNDate | None = column("Start date", None, width=14,
                                  help="First day, e.g. 21 May 2024. Required once held.")
    end: UNDate | None = column("End date", None, width=14,
                                help="Last day, when it ran over several days.")
    date_note: Text | None = column(
        "Date note", None, width=20,
        help='An approximate date for a planned event, e.g. "mid-November 2024".')
    city: Text | None = column("City", None, help="Required unless the format is Online.")
    country: Country | None = column(
        "Country", None, width=28, help="United Nations short name, e.g. United Republic of "
        "Tanzania. Required unless the format is Online.")
    format: FormatChoice = column("Format", help="In person, Hybrid or Online.", width=11)
    status: StatusChoice = column("Status", help="Planned, Held or Cancelled.", width=11)
    host_event: Text | None = column(
        "Host event", None, width=28,
        help="The meeting it was held at, if any, e.g. EuroDIG 2024.")
    co_organizers: TextList = column("Co-organizers", (), width=30,
                                     help="Separate several with a semicolon (;).")
    participants: Whole | None = column("Participants", None, width=13,
                                        help="How many took part (a whole number).")
    web_page: Url | None = column(
        "Web page", None, width=40, help="The consultation's report or web page, cited in a "
        "footnote where the report lists the consultation.")

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
    """The key messages of the global consultations and of each region."""


    group: GroupChoice = column("Group", help="Global, or one of the five regions.", width=30)
    number: Whole = column("No.", help="Order within the group.", width=6)
    text: Text = column("Message", help="One key message, as it should read in the report.",
                        width=90)


class SurveyFields(Record):
    """Facts about the online survey: one field per row."""

    model_config = sheet(layout="fields")

    circulated: UNDate = column("Questionnaire circulated",
                                help="The date the questionnaire went out.")
    closing: UNDate | None = column("Closing date", None, help="The last day to respond.")
    total: Whole | None = column("Total responses", None,
                                 help="When given, both tallies must add up to it.")
    method: Text | None = column(
        "Method note", None, help="How the survey was run and who could answer, cited in a "
        "footnote where the report first gives its responses.")


class FieldRow(Record):
    """A row of a sheet of fields: a field's name and its value."""


    field: Text = column("Field", width=28)
    value: Text = column("Value", width=20)


class GroupTally(Record):
    """Responses per stakeholder group; each group at most once."""


    label: StakeholderChoice = column("Stakeholder group", width=38)
    count: Whole = column("Responses", width=12)


class RegionTally(Record):
    """Responses per region; must add up to the same total as by group."""


    label: SurveyRegionChoice = column("Region", width=34)
    count: Whole = column("Responses", width=12)


class Numbered(Record):
    """A finding or a recommendation, by its number."""

    number: Whole = column("No.", width=6)
    text: Text


class Finding(Numbered):
    """The main findings of the survey, in order."""


    text: Text = column("Finding", width=90)
    basis: Text | None = column("Basis", None, width=40,
                                help="What the finding rests on (the questions, the responses), "
                                     "cited in a footnote after the finding.")


class Response(Record):
    """Optional: the raw export of the questionnaire, one row per response. When present,
    the tallies are computed from it."""

    model_config = sheet(optional=True)

    id: Text = column("Response ID", width=14)
    submitted: UNDate | None = column("Submitted", None, width=20)
    stakeholder_group: StakeholderChoice = column("Stakeholder group", width=38)
    region: SurveyRegionChoice = column("Region", width=34)


class Milestone(Record):
    """The review's milestones, in order."""


    start: Month = column("Start", help='A month, e.g. "April 2024".', width=16)
    end: Month | None = column("End", None, help="Optional; not before the start.", width=16)
    text: Text = column("Milestone", width=70)
    note: Text | None = column("Note", None, width=40,
                               help="A note on the milestone, printed as a lettered note under "
                                    "the timetable.")


class Document(Record):
    """One row per stage: the document's title, date and masthead."""


    stage: StageChoice = column("Stage", help="progress, draft or ecosoc.", width=10)
    title: Text = column("Title", width=50)
    date: UNDate | None = column(
        "Date", None, width=16,
        help="The document's date; facts are shown as they stood on it.")
    venue: Text | None = column("Venue", None, help="e.g. Geneva.", width=12)
    symbol: Symbol | None = column(
        "Symbol", None, width=22, help="United Nations document symbol, e.g. E/CN.16/2025/3. "
        "Required for ecosoc.")
    body: Text | None = column(
        "Body", None, width=30,
        help="e.g. Commission on Science and Technology for Development.")
    # As printed: "Twenty-eighth session", "2025 session".
    session: Session | None = column(
        "Session", None, width=22,
        help='The session as it is named, e.g. "Twenty-eighth session" (or 28), '
             '"2025 session" or "Inter-sessional panel 2024–2025".')
    session_start: UNDate | None = column("Session start", None, width=14,
                                          help="First day of the session, for the masthead.")
    session_end: UNDate | None = column("Session end", None, width=14,
                                        help="Last day of the session.")
    agenda_item: Text | None = column("Agenda item", None, help="e.g. 2.", width=8)
    agenda_title: Text | None = column("Agenda title", None, width=40)
    agenda_symbol: Symbol | None = column(
        "Agenda symbol", None, width=18,
        help="Symbol of the provisional agenda, e.g. E/CN.16/2025/1.")
    presented_by: Text | None = column("Presented by", None, width=40)
    word_limit: Whole | None = column(
        "Word limit", None, width=10,
        help="Default 8,500 for ecosoc and for any pre-session document.")
    slot: SlotChoice | None = column(
        "Slot", None, width=13, help="Pre-session, In-session or Post-session: how the document "
        "is slotted for processing (make-report calendar gives its dates).")
    slot_date: UNDate | None = column(
        "Slot date", None, width=14, help="The day its slot counts from, when that is not this "
        "row's session: the opening for a pre-session document, the closing for a post-session "
        "one (e.g. the closing of the Commission's session, for the final report).")
    reason_late: Text | None = column(
        "Reason late", None, width=40, help="Why the document is submitted after its submission "
        "date, printed as the footnote on its cover, e.g. \"The present report was submitted "
        "after the deadline to reflect …\". Required when the final report is late.")
    mandate: Text | None = column(
        "Mandate", None, width=40, help="The resolution that requested the review, as the "
        "footnote to the report's first sentence cites it.")


class Recommendation(Numbered):
    """Recommendations, in order; needed for draft and ecosoc."""


    text: Text = column("Recommendation", width=90)


class SessionOutcome(Record):
    """Optional until the final report, which needs it: how the Commission discussed the draft
    at its session and how the report was revised in its light (the session is the draft's
    row of the Documents sheet)."""

    model_config = sheet(layout="fields", optional=True)

    considered_on: UNDate | None = column("Considered on", None,
                                          help="The day the Commission considered the draft.")
    record: Symbol | None = column(
        "Record", None, help="The symbol of the document that records the session (the "
        "Commission's report on it), cited in a footnote, e.g. E/2025/31.")
    requests: Text | None = column(
        "Requests", None, width=60, help="What the Commission asked of the report, in full "
        "sentences, e.g. \"The Commission asked that the report give more weight to …\".")
    revisions: Text | None = column(
        "Revisions", None, width=60, help="How the report was revised in the light of the "
        "discussion, in full sentences.")


class Deliberation(Numbered):
    """Optional: the main points of the Commission's discussion of the draft, in order; the
    final report gives them in an annex."""

    model_config = sheet(optional=True)

    text: Text = column("Point", width=90)


class Survey(BaseModel):
    """The Survey sheet's fields, the two tallies and the findings."""

    model_config = ConfigDict(frozen=True)

    circulated: dt.date
    closing: dt.date | None = None
    total: int
    method: str | None = None
    by_group: dict[StakeholderGroup, int]
    by_region: dict[SurveyRegion, int]
    findings: tuple[Finding, ...] = ()
    raw_responses: int | None = None
    # Where each value was read: "total" -> ("Survey", "B4"), "by_region:Europe" ->
    # ("By region", "B3"); a tally counted from the Responses sheet has no cell.
    _cells: Mapping[str, tuple[str, str]] = PrivateAttr(default_factory=dict)

    @property
    def cells(self) -> Mapping[str, tuple[str, str]]:
        return self._cells


class Inputs(BaseModel):
    """Everything the three workbooks say, checked: what ``load_inputs`` returns and what
    every later step reads."""

    model_config = ConfigDict(frozen=True)

    consultations: tuple[Consultation, ...]
    key_messages: tuple[KeyMessage, ...]
    survey: Survey
    timetable: tuple[Milestone, ...]
    documents: dict[StageName, Document]
    recommendations: tuple[Recommendation, ...]
    session_outcome: SessionOutcome | None = None
    deliberations: tuple[Deliberation, ...] = ()


Facts = Inputs  # the name the documents and the review use for them


def located(record: T, **where: Any) -> T:
    """``record`` with where it was read (``origin=``, or the survey's ``cells=``)."""
    for name, value in where.items():
        setattr(record, f"_{name}", value)
    return record


def values(record: BaseModel) -> Iterator[tuple[str, Any]]:
    """(field, value) of each of a record's values, in field order."""
    for name in type(record).model_fields:
        yield name, getattr(record, name)


def json_values(record: BaseModel, only: set[str] | None = None) -> dict[str, Any]:
    """A record's values as JSON would hold them, in field order, blanks left out."""
    return record.model_dump(mode="json", include=only, exclude_none=True)
