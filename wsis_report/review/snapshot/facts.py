"""The validated facts as plain records: each with a stable key, its values as JSON, and
the workbook, sheet and cell of every value, so that a document can carry them and a later
run can say what changed and where.

Keys match records across versions: by ID where the sheet has one (consultations), by
group and number (key messages), by number (findings, recommendations), by stage
(documents), by label (tallies); timetable rows, which have no identifier, by position.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Iterator

from ...documents.provenance import (SESSION_OUTCOME_KEY, SURVEY_KEY, consultation_key,
                                     deliberation_key, document_key, finding_key,
                                     message_key, milestone_key, recommendation_key, tally_key)
from ...inputs.contract.workbooks import CONSULTATIONS, REPORT, SURVEY

if TYPE_CHECKING:
    from ...inputs.contract.records import Facts, Record

# The sheet's own words for a kind of record, used in every message about it.
KINDS = {
    "consultation": "consultation", "key-message": "key message", "finding": "finding",
    "recommendation": "recommendation", "milestone": "timetable row",
    "document": "document", "survey": "survey", "by-group": "tally by stakeholder group",
    "by-region": "tally by region", "session-outcome": "session outcome",
    "deliberation": "point of the deliberations",
}


def fact_records(inputs: Facts, as_of: date | None) -> list[dict[str, Any]]:
    """Every record of ``inputs``, in workbook order, as JSON-ready dicts."""
    return list(_records(inputs, as_of))


def json_values(record: Record, only: set[str] | None = None) -> dict[str, Any]:
    # Imported here, not at the top: reading a snapshot (comments, changes, facts) needs no
    # model, and pydantic's import is a tenth of a second.
    from ...inputs.contract.records import json_values

    return json_values(record, only)


def _records(inputs: Facts, as_of: date | None) -> Iterator[dict[str, Any]]:
    for c in inputs.consultations:
        yield _record(consultation_key(c), "consultation", c,
                      shown={"status": c.status_on(as_of).value})
    for m in inputs.key_messages:
        yield _record(message_key(m), "key-message", m)
    for f in inputs.survey.findings:
        yield _record(finding_key(f), "finding", f)
    for index, row in enumerate(inputs.timetable, 1):
        yield _record(milestone_key(index), "milestone", row)
    for stage in sorted(inputs.documents):
        yield _record(document_key(stage), "document", inputs.documents[stage])
    for r in inputs.recommendations:
        yield _record(recommendation_key(r), "recommendation", r)
    if inputs.session_outcome is not None:
        yield _record(SESSION_OUTCOME_KEY, "session-outcome", inputs.session_outcome)
    for d in inputs.deliberations:
        yield _record(deliberation_key(d), "deliberation", d)
    yield from _survey(inputs)


def _record(key: str, kind: str, record: Record, shown: dict | None = None) -> dict[str, Any]:
    origin = record.origin
    values = json_values(record)
    item: dict[str, Any] = {"key": key, "kind": kind, "values": values}
    if origin is not None:
        item.update(workbook=origin.workbook, sheet=origin.sheet, row=origin.row,
                    cells={k: origin.cells[k] for k in values if k in origin.cells})
    if shown:
        item["shown"] = shown
    return item


def _survey(inputs: Facts) -> Iterator[dict[str, Any]]:
    survey, where = inputs.survey, inputs.survey.cells
    values = json_values(survey, only={"circulated", "closing", "total", "method"})
    yield {"key": SURVEY_KEY, "kind": "survey", "values": values,
           "workbook": SURVEY.filename, "sheet": "Survey",
           "cells": {k: where[k][1] for k in values if k in where}}
    for kind, field, tally in (("by-group", "by_group", survey.by_group),
                               ("by-region", "by_region", survey.by_region)):
        for label, count in tally.items():
            at = where.get(f"{field}:{label}")
            item = {"key": tally_key(kind, label), "kind": kind,
                    "values": {"label": str(label), "responses": count},
                    "workbook": SURVEY.filename, "sheet": at[0] if at else "Responses"}
            if at:
                item["cells"] = {"responses": at[1]}
            else:
                item["note"] = "counted from the Responses sheet"
            yield item


def locate(record: dict[str, Any], field: str | None = None) -> str:
    """``consultations.xlsx › Key messages › C14``: the cell of ``field`` if known, else the
    record's row, else its sheet."""
    parts = [record.get("workbook") or _workbook_of(record), record.get("sheet")]
    cell = (record.get("cells") or {}).get(field) if field else None
    if cell:
        parts.append(cell)
    elif record.get("row"):
        parts.append(f"row {record['row']}")
    return " › ".join(p for p in parts if p)


def _workbook_of(record: dict[str, Any]) -> str:
    kind = record.get("kind")
    if kind in ("consultation", "key-message"):
        return CONSULTATIONS.filename
    if kind in ("milestone", "document", "recommendation", "session-outcome", "deliberation"):
        return REPORT.filename
    return SURVEY.filename
