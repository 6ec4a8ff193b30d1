"""The whole check: read every sheet of the three workbooks, validate each row by its
sheet's model, then apply the rules that look across records, sheets and stages
(``rules.py``).

The workbooks are read ahead (``prefetch.py``) before the models are first used: this
module and the contract import no pydantic, so reading starts at once and the models are
built beside it.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Sequence

from .contract.workbooks import CONSULTATIONS, CONTRACT, REPORT, SURVEY
from .reading.files import workbook_path
from .issues import Issue, ValidationReport
from .reading.prefetch import Prefetch
from .contract.stages import Stage

if TYPE_CHECKING:
    from .load import Loader
    from .contract.records import Facts, SessionOutcome, Survey


def read_inputs(folder: Path | str, stages: Sequence[Stage] = ()
                ) -> tuple[Facts | None, ValidationReport]:
    """Every workbook of ``folder`` read and checked against the contract and the rules of
    ``stages``; the facts only when the contract holds (a stage's rules may still fail)."""
    folder = Path(folder)
    with _collector_paused():
        prefetch = Prefetch([(path, [s.name for s in spec.sheets]) for spec in CONTRACT
                             if (path := workbook_path(folder, spec)) is not None])
        try:
            return _read_inputs(folder, stages, prefetch)
        finally:
            prefetch.close()


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


def _read_inputs(folder: Path, stages: Sequence[Stage], prefetch: Prefetch
                 ) -> tuple[Facts | None, ValidationReport]:
    # Imported here, once the workbooks are being read: they build the models.
    from . import rules
    from .load import Loader
    from .contract.records import Facts

    report = ValidationReport()
    loader = Loader(folder, report, prefetch)

    consultations = loader.records(CONSULTATIONS, "Consultations")
    messages = loader.records(CONSULTATIONS, "Key messages")
    survey = _survey(loader)
    timetable = loader.records(REPORT, "Timetable")
    documents = loader.records(REPORT, "Documents")
    recommendations = loader.records(REPORT, "Recommendations")
    outcome = _session_outcome(loader)
    deliberations = loader.records(REPORT, "Deliberations")

    report.extend(rules.consultation_rules(consultations))
    report.extend(rules.unique(messages, lambda m: (m.group, m.number), "duplicate-number",
                               "number", lambda m: f"{m.group} message number {m.number}"))
    if not any(i.sheet == "Consultations" for i in report.errors):
        report.extend(rules.orphan_messages(messages, consultations))
    report.extend(rules.ranges(timetable, "start", "end", "End"))
    report.extend(rules.unique(documents, lambda d: d.stage, "duplicate-stage", "stage",
                               lambda d: f"stage {d.stage}"))
    for numbered in (recommendations, deliberations):
        report.extend(rules.unique(numbered, lambda r: r.number, "duplicate-number",
                                   "number", lambda r: f"number {r.number}"))
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
        session_outcome=outcome,
        deliberations=tuple(sorted(deliberations, key=lambda r: r.number)),
    )
    for stage in stages:
        report.extend(rules.stage_issues(inputs, stage))
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


def _session_outcome(loader: Loader) -> SessionOutcome | None:
    """The Session outcome sheet's fields, or None when the sheet is missing or blank."""
    from .contract.records import Origin, SessionOutcome, located

    values, refs = loader.fields(REPORT, "Session outcome")
    if not values:
        return None
    return located(SessionOutcome(**values),
                   origin=Origin(REPORT.filename, "Session outcome", 0, refs))


def _survey(loader: Loader) -> Survey | None:
    from . import rules
    from .export import responses
    from .load import tally
    from .contract.records import Survey, located

    report = loader.report
    # In the workbook's order, the order they are read ahead in.
    values, refs = loader.fields(SURVEY, "Survey")
    by_group, group_at = tally(loader.sheet(SURVEY, "By stakeholder group", optional=True),
                               "group")
    by_region, region_at = tally(loader.sheet(SURVEY, "By region", optional=True), "region")
    findings = loader.records(SURVEY, "Findings")
    raw = responses(loader.sheet(SURVEY, "Responses"))
    if raw is None:  # the tallies are then needed
        loader.require(SURVEY, "By stakeholder group")
        loader.require(SURVEY, "By region")
    report.extend(rules.unique(findings, lambda f: f.number, "duplicate-number", "number",
                               lambda f: f"number {f.number}"))
    where = {"workbook": SURVEY.filename}

    if raw is not None:
        raw_group, raw_region, count = raw
        for tallied, counted, at, sheet in ((by_group, raw_group, group_at, "By stakeholder group"),
                                            (by_region, raw_region, region_at, "By region")):
            if tallied:
                report.extend(rules.disagreements(tallied, counted, at, sheet))
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
    survey = Survey(circulated=circulated, closing=closing, method=values.get("method"),
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
