"""Validated facts + a stage -> what a template sees.

Facts are taken as of the stage's date: a consultation that had not started
by then is still planned, and a group's key messages appear only once one of
its consultations has been held.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from ..inputs.contract.records import Consultation, Facts
from ..inputs.contract.vocab import Group, Scope, Status
from ..inputs.contract.vocab import StakeholderGroup, SurveyRegion
from ..inputs.contract.stages import Stage
from .style import tenths

SURVEY_SOURCE = "Source: CSTD secretariat, online survey ({years})."


@dataclass(frozen=True)
class ConsultationView:
    id: str
    title: str
    scope: str
    region: str | None
    start: date | None
    end: date | None
    date_note: str | None
    city: str | None
    country: str | None
    format: str
    status: str
    host_event: str | None
    co_organizers: tuple[str, ...]
    participants: int | None


@dataclass(frozen=True)
class TallyRow:
    label: str
    count: int
    share: float


@dataclass(frozen=True)
class Figure:
    """A chart before it is drawn: what it shows and how to describe it."""

    key: str
    title: str
    category: str
    source: str
    rows: tuple[TallyRow, ...]
    total: int

    @property
    def note(self) -> str:
        """What a reader adding up the shares as printed should know; "" when they make 100."""
        if not self.rows or sum(tenths(r.share) for r in self.rows) == 100:
            return ""
        return "Owing to rounding, the percentages may not add up to the total."


@dataclass(frozen=True)
class MessageGroup:
    name: str
    messages: tuple[str, ...]


def build_context(inputs: Facts, stage: Stage) -> dict[str, Any]:
    document = inputs.documents[stage.name]
    as_of = document.date
    survey = inputs.survey
    views = [_view(c, as_of) for c in sorted(inputs.consultations, key=_order)]
    by_group = _rows(survey.by_group, StakeholderGroup, survey.total)
    by_region = _rows(survey.by_region, SurveyRegion, survey.total)
    years = _years(survey.circulated, survey.closing)
    groups = _message_groups(inputs, as_of)
    return {
        "stage": {"name": stage.name.value, "draft": stage.draft, "label": stage.label},
        "doc": document,
        "as_of": as_of,
        "timetable": list(inputs.timetable),
        "questionnaire": {"circulated": survey.circulated, "closing": survey.closing},
        "consultations": views,
        "global_consultations": [v for v in views if v.scope == Scope.GLOBAL],
        "regional_consultations": [v for v in views if v.scope == Scope.REGIONAL],
        "held": [v for v in views if v.status == Status.HELD],
        "planned": [v for v in views if v.status == Status.PLANNED],
        "survey": {"total": survey.total, "by_group": by_group, "by_region": by_region,
                   "findings": [f.text for f in survey.findings],
                   "circulated": survey.circulated, "closing": survey.closing},
        "figures": {
            "by_group": Figure("by_group", "Responses to the online survey by stakeholder group",
                               "Stakeholder group", SURVEY_SOURCE.format(years=years), tuple(by_group), survey.total),
            "by_region": Figure("by_region", "Responses to the online survey by region",
                                "Region", SURVEY_SOURCE.format(years=years), tuple(by_region), survey.total),
        },
        "message_groups": groups,
        "global_messages": [m for g in groups if g.name == "Global" for m in g.messages],
        "regional_message_groups": [g for g in groups if g.name != "Global"],
        "acting_body": acting_body(document.body),
        "recommendations": [r.text for r in inputs.recommendations],
    }


def acting_body(body: str | None) -> str:
    """Who the document asks to act, as a sentence names it: "the Commission", "the
    Council". A document follows its own row's Body: the final report goes to the Council,
    not to the Commission whose session is over. Without a Body, the Commission, which the
    Council asked for the review."""
    if not body:
        return "the Commission"
    for organ in ("General Assembly", "Council", "Commission"):
        if organ.casefold() in body.casefold():
            return f"the {organ}"
    return body if body.casefold().startswith("the ") else f"the {body}"


def _order(c: Consultation) -> tuple:
    return (c.scope != Scope.GLOBAL, c.start or date.max, c.id)


def _view(c: Consultation, as_of: date | None) -> ConsultationView:
    return ConsultationView(
        id=c.id, title=c.title, scope=c.scope.value, region=c.region.value if c.region else None,
        start=c.start, end=c.end, date_note=c.date_note, city=c.city, country=c.country,
        format=c.format.value.lower(), status=c.status_on(as_of).value,
        host_event=c.host_event, co_organizers=c.co_organizers, participants=c.participants)


def _rows(tally: dict, choices: type[Enum], total: int) -> list[TallyRow]:
    """Rows in the order of the choice list, whatever the order of the sheet."""
    return [TallyRow(label.value, tally[label], 100 * tally[label] / total if total else 0.0)
            for label in choices if label in tally]


def _message_groups(inputs: Facts, as_of: date | None) -> list[MessageGroup]:
    held = {c.group for c in inputs.consultations if c.status_on(as_of) is Status.HELD}
    groups = []
    for group in Group:
        if group not in held:
            continue
        texts = tuple(m.text for m in sorted(inputs.key_messages, key=lambda m: m.number)
                      if m.group is group)
        if texts:
            groups.append(MessageGroup(group.value, texts))
    return groups


def _years(start: date, end: date | None) -> str:
    if end is None or end.year == start.year:
        return str(start.year)
    return f"{start.year}–{end.year}"
