"""Validated facts + a stage -> what a template sees.

Facts are taken as of the stage's date: a consultation that had not started
by then is still planned, and a group's key messages appear only once one of
its consultations has been held. Every value knows the record and field it came from
(``provenance.py``), so that the document's map can say which cell each piece shows.
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
from .provenance import (SESSION_OUTCOME_KEY, SURVEY_KEY, Shown, composed, consultation_key,
                         counted, deliberation_key, document_key, field_of, finding_key,
                         message_key, milestone_key, recommendation_key, sourced, tally_key)
from .house_style.style import tenths

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
    web_page: str | None = None


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
    consultations: tuple[ConsultationView, ...] = ()  # those of the group held by the date


@dataclass(frozen=True)
class FindingView:
    """A finding: its text and, when the Findings sheet gives one, the basis its footnote
    cites. Written alone (``{{ f }}``) it is its text."""

    text: str
    basis: str | None = None

    def __str__(self) -> str:
        return str(self.text)


@dataclass(frozen=True)
class SessionOutcomeView:
    """How the Commission discussed the draft, for the final report: the session is the
    draft's Documents row, the rest the Session outcome and Deliberations sheets."""

    body: str  # "the Commission"
    session: str  # "twenty-eighth session", as running text writes it
    venue: str | None
    start: date | None
    end: date | None
    draft_symbol: str | None
    considered_on: date | None
    record: str | None
    requests: str | None
    revisions: str | None
    deliberations: tuple[str, ...]


def build_context(inputs: Facts, stage: Stage) -> dict[str, Any]:
    document = inputs.documents[stage.name]
    as_of = document.date
    doc_key = document_key(stage.name)
    survey = inputs.survey
    ordered = sorted(inputs.consultations, key=_order)
    views = [_view(c, as_of) for c in ordered]
    total = sourced(survey.total, (SURVEY_KEY, "total"))
    circulated = sourced(survey.circulated, (SURVEY_KEY, "circulated"))
    closing = sourced(survey.closing, (SURVEY_KEY, "closing"))
    by_group = _rows(survey.by_group, StakeholderGroup, total, "by-group")
    by_region = _rows(survey.by_region, SurveyRegion, total, "by-region")
    source = composed([SURVEY_SOURCE[:SURVEY_SOURCE.index("{")], _years(circulated, closing),
                       SURVEY_SOURCE[SURVEY_SOURCE.index("}") + 1:]])
    groups = _message_groups(inputs, as_of, views)

    def of(field: str, keep=lambda c, v: True) -> list:
        """The consultations (as views) for which ``keep`` holds, as a list whose length
        counts them from ``field`` of every consultation."""
        return counted([v for c, v in zip(ordered, views) if keep(c, v)],
                       [(consultation_key(c), field) for c in ordered])

    return {
        "stage": {"name": stage.name.value, "draft": stage.draft, "label": stage.label},
        "doc": Shown(document, doc_key),
        "as_of": sourced(as_of, (doc_key, "date")),
        "timetable": [Shown(m, milestone_key(i)) for i, m in enumerate(inputs.timetable, 1)],
        "questionnaire": {"circulated": circulated, "closing": closing},
        "consultations": of("id"),
        "global_consultations": of("scope", lambda c, v: c.scope == Scope.GLOBAL),
        "regional_consultations": of("scope", lambda c, v: c.scope == Scope.REGIONAL),
        "held": of("status", lambda c, v: v.status == Status.HELD),
        "planned": of("status", lambda c, v: v.status == Status.PLANNED),
        "survey": {"total": total, "by_group": by_group, "by_region": by_region,
                   "findings": [FindingView(field_of(f, finding_key(f), "text"),
                                            field_of(f, finding_key(f), "basis"))
                                for f in survey.findings],
                   "circulated": circulated, "closing": closing,
                   "method": sourced(survey.method, (SURVEY_KEY, "method"))},
        "figures": {
            "by_group": Figure("by_group", "Responses to the online survey by stakeholder group",
                               "Stakeholder group", source, tuple(by_group), total),
            "by_region": Figure("by_region", "Responses to the online survey by region",
                                "Region", source, tuple(by_region), total),
        },
        "message_groups": groups,
        "global_messages": [m for g in groups if g.name == "Global" for m in g.messages],
        "regional_message_groups": [g for g in groups if g.name != "Global"],
        "acting_body": sourced(acting_body(document.body), (doc_key, "body"))
        if document.body else acting_body(None),
        "recommendations": [field_of(r, recommendation_key(r), "text")
                            for r in inputs.recommendations],
        "session_outcome": _outcome(inputs) if stage.final else None,
    }


def _outcome(inputs: Facts) -> SessionOutcomeView | None:
    """The final report's account of the session that discussed the draft; None without a
    Session outcome (the check requires one for the final report)."""
    from ..inputs.contract.stages import StageName

    outcome, draft = inputs.session_outcome, inputs.documents.get(StageName.DRAFT)
    if outcome is None:
        return None
    doc = Shown(draft, document_key(StageName.DRAFT)) if draft else None
    shown = Shown(outcome, SESSION_OUTCOME_KEY)

    def of_draft(name: str) -> Any:
        return getattr(doc, name) if doc is not None else None

    session = of_draft("session") or "session"
    lowered = sourced(session[:1].lower() + session[1:], getattr(session, "_origins", ()))
    body = of_draft("body")
    return SessionOutcomeView(
        body=sourced(acting_body(body), getattr(body, "_origins", ())) if body else
        acting_body(None), session=lowered, venue=of_draft("venue"),
        start=of_draft("session_start"), end=of_draft("session_end"),
        draft_symbol=of_draft("symbol"), considered_on=shown.considered_on,
        record=shown.record, requests=shown.requests, revisions=shown.revisions,
        deliberations=tuple(field_of(d, deliberation_key(d), "text")
                            for d in inputs.deliberations))


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


_REGIONS = {region: index for index, region in enumerate(Group)}


def _order(c: Consultation) -> tuple:
    """Global consultations first, by date; then the regions in the order of the regional
    commissions (as the key messages and the charts give them), each by date."""
    return (c.scope != Scope.GLOBAL, _REGIONS.get(c.group, 0), c.start or date.max, c.id)


def _view(c: Consultation, as_of: date | None) -> ConsultationView:
    key = consultation_key(c)

    def shown(name: str) -> Any:
        return field_of(c, key, name)

    return ConsultationView(
        id=shown("id"), title=shown("title"), scope=shown("scope"), region=shown("region"),
        start=shown("start"), end=shown("end"), date_note=shown("date_note"),
        city=shown("city"), country=shown("country"),
        format=sourced(c.format.value.lower(), (key, "format")),
        status=sourced(c.status_on(as_of).value, (key, "status")),
        host_event=shown("host_event"), co_organizers=shown("co_organizers"),
        participants=shown("participants"), web_page=shown("web_page"))


def _rows(tally: dict, choices: type[Enum], total: int, kind: str) -> list[TallyRow]:
    """Rows in the order of the choice list, whatever the order of the sheet. A share is
    worked out from the row's count and the total, so it shows both."""
    rows = []
    for label in choices:
        if label in tally:
            key = tally_key(kind, label)
            count = sourced(tally[label], (key, "responses"))
            share = sourced(100 * tally[label] / total if total else 0.0,
                            ((key, "responses"), (SURVEY_KEY, "total")))
            rows.append(TallyRow(sourced(label.value, (key, "label")), count, share))
    return rows


def _message_groups(inputs: Facts, as_of: date | None,
                    views: list[ConsultationView]) -> list[MessageGroup]:
    held = {c.group for c in inputs.consultations if c.status_on(as_of) is Status.HELD}
    by_group: dict[Group, list] = {}
    for m in sorted(inputs.key_messages, key=lambda m: m.number):
        by_group.setdefault(m.group, []).append(m)
    groups = []
    for group in Group:
        messages = by_group.get(group)
        if group not in held or not messages:
            continue
        name = sourced(group.value, tuple((message_key(m), "group") for m in messages))
        held_here = tuple(v for v in views if v.status == Status.HELD
                          and str(v.region or "Global") == group.value)
        groups.append(MessageGroup(name, tuple(field_of(m, message_key(m), "text")
                                               for m in messages), held_here))
    return groups


def _years(start: date, end: date | None) -> Any:
    """"2024", or "2023–2024", from the survey's dates."""
    if end is None or end.year == start.year:
        return sourced(str(start.year), getattr(start, "_origins", ()))
    return composed([sourced(str(start.year), getattr(start, "_origins", ())), "–",
                     sourced(str(end.year), getattr(end, "_origins", ()))])
