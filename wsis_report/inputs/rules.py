"""The rules that look across records, sheets and stages, over the validated records.

They are functions over the records, not pydantic ``model_validator``s: a rule here looks
across rows (an ID used twice), across sheets (key messages of a group without a
consultation, tallies against the raw export) or at a stage (what the final report needs),
and it reports warnings as well as errors, each located by the record's origin, without
dropping the record. A validator sees one row and can only refuse it.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .contract.workbooks import CONSULTATIONS, REPORT, SURVEY
from .issues import Issue
from .contract.records import Consultation, Document, Facts, KeyMessage, Record
from .contract.stages import Stage
from .contract.vocab import Format, Scope, Status


def stage_issues(inputs: Facts, stage: Stage) -> list[Issue]:
    """What a stage needs on top of the contract."""
    where = {"workbook": REPORT.filename, "sheet": "Documents"}
    document = inputs.documents.get(stage.name)
    if document is None:
        return [Issue("document-missing", f"there is no row for the {stage.name} stage",
                      f"Add a row with Stage {stage.name!r} and its title and date.", **where)]
    issues = []
    if stage.needs_date and document.date is None:
        issues.append(Issue("date-missing", f"the {stage.name} document has no date",
                            "Fill in the date the document is issued.",
                            **document.origin.at("date")))
    if stage.needs_symbol and not document.symbol:
        issues.append(Issue("symbol-missing", f"the {stage.name} document has no symbol",
                            "Fill in its United Nations document symbol, e.g. E/CN.16/2025/3.",
                            **document.origin.at("symbol")))
    if stage.needs_recommendations and not inputs.recommendations:
        issues.append(Issue("recommendations-missing",
                            f"the {stage.name} report needs at least one recommendation",
                            "Add the recommendations, one per row.",
                            workbook=REPORT.filename, sheet="Recommendations"))
    issues.extend(lateness(document, stage))
    if stage.final:
        issues.extend(outcome_rules(inputs))
    if stage.final and document.date is not None:
        issues.extend(final_rules(inputs, document))
    return issues


def lateness(document: Document, stage: Stage) -> Iterable[Issue]:
    """A document dated after its submission date is late: a warning, or for the final
    report without a Reason late, an error (the reason is the footnote on its cover)."""
    from .slots import slotting

    slot = slotting(document, stage)
    late = slot.days_late
    if not late or document.reason_late:
        return
    due = next(d for d in slot.deadlines if d.what == "submission")
    said = (f"the {stage.name} document is dated {_day(document.date)}, {late} "
            f"day{'s' * (late != 1)} after its submission date ({_day(due.day)}, {due.rule})")
    if stage.final:
        yield Issue("reason-late-missing", said + ", and does not say why",
                    "Type in Reason late why it is submitted late: it becomes the footnote on "
                    "its cover. `make-report calendar` lists every slot.",
                    **document.origin.at("reason_late"))
    else:
        yield Issue("document-late", said, "Date it by then, or say why it is late in Reason "
                    "late (the footnote on its cover). `make-report calendar` lists every slot.",
                    "warning", **document.origin.at("date"))


def outcome_rules(inputs: Facts) -> Iterable[Issue]:
    """The final report tells how the Commission discussed the draft: the Session outcome
    sheet's date, requests and revisions."""
    outcome = inputs.session_outcome
    where = {"workbook": REPORT.filename, "sheet": "Session outcome"}
    hint = ("The final report tells how the Commission discussed the draft at its session: "
            "fill in the Session outcome sheet of report.xlsx ({fields}).")
    needed = {"considered_on": "Considered on", "requests": "Requests",
              "revisions": "Revisions"}
    if outcome is None:
        yield Issue("session-outcome-missing", "the final report needs the outcome of the "
                    "session that discussed the draft",
                    hint.format(fields=", ".join(needed.values())), **where)
        return
    for field, header in needed.items():
        if getattr(outcome, field) is None:
            at = outcome.origin.at(field) if outcome.origin else where
            yield Issue("session-outcome-missing", f"the final report needs the {header} "
                        "of the Session outcome", hint.format(fields=header), **at)


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def final_rules(inputs: Facts, document: Document) -> Iterable[Issue]:
    day = document.date
    for c in inputs.consultations:
        if c.status_on(day) is Status.PLANNED:
            field = "status" if c.status is Status.PLANNED else "start"
            yield Issue("still-planned", f"consultation {c.id} is still planned on "
                        f"{day:%d %B %Y}, the date of the {document.stage} report",
                        "The final report states what was held: record its dates and set "
                        "Status to Held, or set it to Cancelled.", **c.origin.at(field))
    with_messages = {m.group for m in inputs.key_messages}
    held = {}
    for c in inputs.consultations:
        if c.status_on(day) is Status.HELD:
            held.setdefault(c.group, c)
    for group, c in held.items():
        if group not in with_messages:
            yield Issue("key-messages-missing", f"the {group} consultation ({c.id}) was held "
                        "but there are no key messages from it",
                        f"Add its key messages in the Key messages sheet with Group {group!r}.",
                        workbook=CONSULTATIONS.filename, sheet="Key messages")


def consultation_rules(items: Sequence[Consultation]) -> Iterable[Issue]:
    yield from unique(items, lambda c: c.id.casefold(), "duplicate-id", "id",
                       lambda c: f"ID {c.id!r}")
    yield from ranges(items, "start", "end", "End date")
    for c in items:
        at = c.origin.at
        if c.scope is Scope.REGIONAL and c.region is None:
            yield Issue("region-missing", f"consultation {c.id} is regional but has no region",
                        "Fill in one of the five regions.", **at("region"))
        if c.scope is Scope.GLOBAL and c.region is not None:
            yield Issue("region-ignored", f"consultation {c.id} is global, so its region "
                        f"({c.region}) is not used", "Clear the region, or set Scope to "
                        "Regional.", "warning", **at("region"))
        if c.format is not Format.ONLINE:
            for key, name in (("city", "city"), ("country", "country")):
                if getattr(c, key) is None:
                    yield Issue(f"{key}-missing", f"consultation {c.id} is {c.format.lower()} "
                                f"but has no {name}", f"Fill in the {name}, or set Format to "
                                "Online.", **at(key))
        if c.end is not None and c.start is None:
            yield Issue("start-missing", f"consultation {c.id} has an end date but no start "
                        "date", "Fill in the start date.", **at("start"))
        if c.status is Status.HELD and c.start is None:
            yield Issue("held-without-date", f"consultation {c.id} is marked Held but has no "
                        "start date", "Fill in the date it was held.", **at("start"))
        if c.status is Status.PLANNED and c.start is None and c.date_note is None:
            yield Issue("planned-without-date", f"consultation {c.id} is planned but has "
                        "neither a start date nor a date note",
                        'Fill in the start date, or a date note such as "mid-November 2024".',
                        **at("date_note"))


def orphan_messages(messages: Sequence[KeyMessage],
                     consultations: Sequence[Consultation]) -> Iterable[Issue]:
    groups = {c.group for c in consultations}
    reported = set()
    for m in messages:
        if m.group not in groups and m.group not in reported:
            reported.add(m.group)
            yield Issue("messages-without-consultation", f"there are key messages from "
                        f"{m.group} but no {m.group} consultation",
                        "Add the consultation in the Consultations sheet, or correct the group.",
                        **m.origin.at("group"))


def ranges(items: Sequence[Record], start: str, end: str, name: str) -> Iterable[Issue]:
    for item in items:
        first, last = getattr(item, start), getattr(item, end)
        if first is not None and last is not None and last < first:
            yield Issue("end-before-start", f"{name} ({last:%d %B %Y}) is before the start "
                        f"({first:%d %B %Y})", "Correct one of the two.",
                        **item.origin.at(end))


def unique(items: Sequence[Record], key, code: str, field: str, label) -> Iterable[Issue]:
    first: dict = {}
    for item in items:
        k = key(item)
        if k in first:
            yield Issue(code, f"{label(item)} is used twice (also in row {first[k].origin.row})",
                        "Make each one unique.", **item.origin.at(field))
        else:
            first[k] = item


def disagreements(tallied: dict[str, int], counted: dict[str, int], at: dict[str, str],
                   sheet: str) -> Iterable[Issue]:
    for label in sorted(set(tallied) | set(counted)):
        t, c = tallied.get(label, 0), counted.get(label, 0)
        if t != c:
            yield Issue("responses-disagree", f"{label}: the tally says {t:,} but the Responses "
                        f"sheet has {c:,}", "Correct the tally, or leave the tally sheet empty "
                        "to have it counted from the Responses sheet.",
                        workbook=SURVEY.filename, sheet=sheet, cell=at.get(label))
