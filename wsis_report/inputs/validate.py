"""The whole check: read every sheet, then the rules that look across records
and across workbooks, then the rules of a stage."""

from __future__ import annotations

import gc
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .issues import Issue, ValidationReport
from .load import Cells, Loader, responses, tally
from .plain import replace
from .records import (
    Consultation, Document, Facts, Format, KeyMessage, Milestone, Numbered, Record, Scope,
    Status, Survey, located,
)
from .schema import CONSULTATIONS, REPORT, SURVEY
from .stages import Stage


def read_inputs(folder: Path | str, stages: Sequence[Stage] = ()
                ) -> tuple[Facts | None, ValidationReport]:
    """Every workbook of ``folder`` read and checked against the contract and the rules of
    ``stages``; the facts only when the contract holds (a stage's rules may still fail)."""
    with _collector_paused():
        return _read_inputs(folder, stages)


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Reading an export makes hundreds of thousands of lists and tuples, none of them in a
    # cycle; every collection on the way walks them all (a third of the time of reading
    # 100,000 responses). Whatever cycle is made meanwhile is collected afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_inputs(folder: Path | str, stages: Sequence[Stage]
                 ) -> tuple[Facts | None, ValidationReport]:
    report = ValidationReport()
    loader = Loader(Path(folder), report)

    consultations = _records(loader.cells(CONSULTATIONS, "Consultations"), Consultation)
    messages = _records(loader.cells(CONSULTATIONS, "Key messages"), KeyMessage)
    survey = _survey(loader)
    timetable = _records(loader.cells(REPORT, "Timetable"), Milestone)
    documents = _records(loader.cells(REPORT, "Documents"), Document)
    recommendations = _records(loader.cells(REPORT, "Recommendations"), Numbered)

    report.extend(_consultation_rules(consultations))
    report.extend(_unique(messages, lambda m: (m.group, m.number), "duplicate-number",
                          "number", lambda m: f"{m.group} message number {m.number}"))
    if not any(i.sheet == "Consultations" for i in report.errors):
        report.extend(_orphan_messages(messages, consultations))
    report.extend(_ranges(timetable, "start", "end", "End"))
    report.extend(_unique(documents, lambda d: d.stage, "duplicate-stage", "stage",
                          lambda d: f"stage {d.stage}"))
    report.extend(_unique(recommendations, lambda r: r.number, "duplicate-number", "number",
                          lambda r: f"number {r.number}"))
    report.stats = {"consultations": len(consultations), "key_messages": len(messages),
                    "timetable": len(timetable), "recommendations": len(recommendations),
                    "responses": survey.total if survey else None}
    if not report.valid or survey is None:
        _name_the_files_read(report, loader)
        return None, report
    inputs = Facts(
        consultations=tuple(consultations), key_messages=tuple(messages), survey=survey,
        timetable=tuple(timetable), documents={d.stage: d for d in documents},
        recommendations=tuple(sorted(recommendations, key=lambda r: r.number)),
    )
    for stage in stages:
        report.extend(stage_issues(inputs, stage))
    _name_the_files_read(report, loader)
    return inputs, report


def _name_the_files_read(report: ValidationReport, loader: Loader) -> None:
    """Rules across records name a workbook by the contract (report.xlsx); when the editor
    keeps it as report.ods, every problem names the file that was read."""
    read = {name: book.filename for name, book in loader.books.items()
            if book is not None and book.filename != name}
    if read:
        report.issues[:] = [replace(i, workbook=read.get(i.workbook, i.workbook))
                            for i in report.issues]


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
    if stage.final and document.date is not None:
        issues.extend(_final_rules(inputs, document))
    return issues


def _final_rules(inputs: Facts, document: Document) -> Iterable[Issue]:
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


def _records(cells: Cells | None, model: type) -> list:
    return cells.records(model) if cells is not None else []


def _consultation_rules(items: Sequence[Consultation]) -> Iterable[Issue]:
    yield from _unique(items, lambda c: c.id.casefold(), "duplicate-id", "id",
                       lambda c: f"ID {c.id!r}")
    yield from _ranges(items, "start", "end", "End date")
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


def _orphan_messages(messages: Sequence[KeyMessage],
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


def _ranges(items: Sequence[Record], start: str, end: str, name: str) -> Iterable[Issue]:
    for item in items:
        first, last = getattr(item, start), getattr(item, end)
        if first is not None and last is not None and last < first:
            yield Issue("end-before-start", f"{name} ({last:%d %B %Y}) is before the start "
                        f"({first:%d %B %Y})", "Correct one of the two.",
                        **item.origin.at(end))


def _unique(items: Sequence[Record], key, code: str, field: str, label) -> Iterable[Issue]:
    first: dict = {}
    for item in items:
        k = key(item)
        if k in first:
            yield Issue(code, f"{label(item)} is used twice (also in row {first[k].origin.row})",
                        "Make each one unique.", **item.origin.at(field))
        else:
            first[k] = item


def _survey(loader: Loader) -> Survey | None:
    report = loader.report
    values, refs = loader.fields(SURVEY, "Survey")
    raw = responses(loader.cells(SURVEY, "Responses"))
    optional = raw is not None
    group_cells = loader.cells(SURVEY, "By stakeholder group", optional=optional)
    region_cells = loader.cells(SURVEY, "By region", optional=optional)
    by_group, group_at = tally(group_cells, "group")
    by_region, region_at = tally(region_cells, "region")
    findings = _records(loader.cells(SURVEY, "Findings"), Numbered)
    report.extend(_unique(findings, lambda f: f.number, "duplicate-number", "number",
                          lambda f: f"number {f.number}"))
    where = {"workbook": SURVEY.filename}

    if raw is not None:
        raw_group, raw_region, count = raw
        for tallied, counted, at, sheet in ((by_group, raw_group, group_at, "By stakeholder group"),
                                            (by_region, raw_region, region_at, "By region")):
            if tallied:
                report.extend(_disagreements(tallied, counted, at, sheet))
            else:
                tallied.update(counted)
    else:
        count = None
    group_total, region_total = sum(by_group.values()), sum(by_region.values())
    if group_total != region_total:  # an empty tally sheet counts as zero
        report.add(Issue("tallies-disagree", f"the responses by region add up to {region_total:,} "
                         f"but those by stakeholder group to {group_total:,}",
                         "Correct the tallies so that both add up to the same total.",
                         sheet="By region", **where))
    total = values.get("total")
    if total is not None and by_group and total != group_total:
        report.add(Issue("total-mismatch", f"Total responses is {total:,} but the tallies add up "
                         f"to {group_total:,}", "Correct the total or the tallies.",
                         sheet="Survey", cell=refs.get("total"), **where))
    circulated, closing = values.get("circulated"), values.get("closing")
    if circulated and closing and closing < circulated:
        report.add(Issue("end-before-start", f"the closing date ({closing:%d %B %Y}) is before "
                         f"the questionnaire was circulated ({circulated:%d %B %Y})",
                         "Correct one of the two.", sheet="Survey",
                         cell=refs.get("closing"), **where))
    if circulated is None or not report.valid:
        return None
    survey = Survey(circulated=circulated, closing=closing,
                    total=total if total is not None else group_total,
                    by_group=by_group, by_region=by_region,
                    findings=tuple(sorted(findings, key=lambda f: f.number)),
                    raw_responses=count)
    return located(survey, cells=_survey_cells(refs, group_at, region_at))


def _survey_cells(refs: dict[str, str], group_at: dict[str, str],
                  region_at: dict[str, str]) -> dict[str, tuple[str, str]]:
    cells = {key: ("Survey", cell) for key, cell in refs.items()}
    cells.update({f"by_group:{k}": ("By stakeholder group", c) for k, c in group_at.items()})
    cells.update({f"by_region:{k}": ("By region", c) for k, c in region_at.items()})
    return cells


def _disagreements(tallied: dict[str, int], counted: dict[str, int], at: dict[str, str],
                   sheet: str) -> Iterable[Issue]:
    for label in sorted(set(tallied) | set(counted)):
        t, c = tallied.get(label, 0), counted.get(label, 0)
        if t != c:
            yield Issue("responses-disagree", f"{label}: the tally says {t:,} but the Responses "
                        f"sheet has {c:,}", "Correct the tally, or leave the tally sheet empty "
                        "to have it counted from the Responses sheet.",
                        workbook=SURVEY.filename, sheet=sheet, cell=at.get(label))
