"""Small valid input workbooks, built inline, that a test changes one thing in."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl

from wsis_report.inputs.contract.workbooks import CONTRACT, match_key

Rows = list[dict[str, Any]]
OMIT = object()  # a row value that leaves its whole column out of the sheet

CONSULTATIONS: Rows = [
    {"ID": "G1", "Scope": "Global", "Title": "First global consultation",
     "Start date": date(2023, 10, 10), "City": "Kyoto", "Country": "Japan",
     "Format": "Hybrid", "Status": "Held"},
    {"ID": "R1", "Scope": "Regional", "Region": "Africa", "Title": "Africa consultation",
     "Start date": date(2024, 10, 9), "End date": date(2024, 10, 11), "City": "Dar es Salaam",
     "Country": "United Republic of Tanzania", "Format": "In person", "Status": "Held"},
]
KEY_MESSAGES: Rows = [
    {"Group": "Global", "No.": 1, "Message": "Significant achievements have been made."},
    {"Group": "Africa", "No.": 1, "Message": "Support to civil society should be increased."},
]
SURVEY_FIELDS = {"Questionnaire circulated": date(2023, 9, 16), "Total responses": 10}
BY_GROUP: Rows = [{"Stakeholder group": "Government", "Responses": 6},
                  {"Stakeholder group": "Civil society", "Responses": 4}]
BY_REGION: Rows = [{"Region": "Africa", "Responses": 7}, {"Region": "Europe", "Responses": 3}]
FINDINGS: Rows = [{"No.": 1, "Finding": "A strong focus on infrastructure."}]
TIMETABLE: Rows = [{"Start": "April 2024", "Milestone": "Preliminary discussion"},
                   {"Start": "May 2024", "End": "January 2025", "Milestone": "Consultations"}]
DOCUMENTS: Rows = [
    {"Stage": "progress", "Title": "Progress report", "Date": date(2024, 10, 21),
     "Venue": "Geneva", "Presented by": "CSTD secretariat"},
    {"Stage": "draft", "Title": "Draft report", "Date": date(2025, 4, 7), "Venue": "Geneva",
     "Session": 28},
    {"Stage": "ecosoc", "Title": "Final report", "Date": date(2025, 5, 14), "Venue": "Geneva",
     "Symbol": "E/CN.16/2025/3", "Session": 28},
]
RECOMMENDATIONS: Rows = [{"No.": 1, "Recommendation": "Renew the commitment."}]
SESSION_OUTCOME = {"Considered on": date(2025, 4, 8),
                   "Requests": "The Commission asked for more on financing.",
                   "Revisions": "The recommendations were revised accordingly."}


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with the given sheets, each a list of rows (the first is the header)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def table(rows: Rows, sheet: str | None = None) -> list[list[Any]]:
    """Dict rows as a header row plus value rows: every column of the contract's
    sheet in contract order (so cell letters are those an editor sees in a blank
    workbook), then any other keys in first-seen order."""
    given = [k for row in rows for k in row]
    header: list[str] = []
    for spec in (s for w in CONTRACT for s in w.sheets if s.name == sheet):
        names = {match_key(k) for k in given}
        header += [c.name for c in spec.columns if match_key(c.name) not in names]
    for key in given:
        if key not in header:
            header.append(key)
    if sheet is not None:
        order = {match_key(c.name): i for w in CONTRACT for s in w.sheets if s.name == sheet
                 for i, c in enumerate(s.columns)}
        header.sort(key=lambda k: order.get(match_key(k), len(order)))
    header = [k for k in header if not any(row.get(k) is OMIT for row in rows)]
    return [header] + [[row.get(k) for k in header] for row in rows]


def write_inputs(folder: Path, **sheets: Any) -> Path:
    """Writes the three workbooks into ``folder``; keyword arguments replace a sheet's
    rows (``Key_messages=[...]`` for "Key messages"), ``None`` leaves the sheet out."""
    given = {k.replace("_", " "): v for k, v in sheets.items()}

    def pick(name: str, default: Any) -> Any:
        return given.get(name, default)

    folder.mkdir(parents=True, exist_ok=True)
    books = {
        "consultations.xlsx": {"Consultations": pick("Consultations", CONSULTATIONS),
                               "Key messages": pick("Key messages", KEY_MESSAGES)},
        "survey.xlsx": {"Survey": pick("Survey", SURVEY_FIELDS),
                        "By stakeholder group": pick("By stakeholder group", BY_GROUP),
                        "By region": pick("By region", BY_REGION),
                        "Findings": pick("Findings", FINDINGS),
                        "Responses": pick("Responses", None)},
        "report.xlsx": {"Timetable": pick("Timetable", TIMETABLE),
                        "Documents": pick("Documents", DOCUMENTS),
                        "Recommendations": pick("Recommendations", RECOMMENDATIONS),
                        "Session outcome": pick("Session outcome", SESSION_OUTCOME),
                        "Deliberations": pick("Deliberations", None)},
    }
    for filename, content in books.items():
        grids = {}
        for name, rows in content.items():
            if rows is None:
                continue
            if isinstance(rows, dict):
                grids[name] = [["Field", "Value"], *([k, v] for k, v in rows.items())]
            else:
                grids[name] = table(rows, name)
        write_book(folder / filename, grids)
    return folder


def with_row(rows: Rows, index: int, **changes: Any) -> Rows:
    """A copy of ``rows`` with row ``index`` changed; keys use spaces for underscores."""
    out = [dict(r) for r in rows]
    out[index].update({k.replace("_", " "): v for k, v in changes.items()})
    return out
