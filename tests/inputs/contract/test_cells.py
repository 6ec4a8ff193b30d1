"""Each kind of cell, as a pydantic type, decides as the parser of stop 18 did: it accepts the
same values (with the same result), refuses the same ones, and says so in the same words.

The oracle is that parser, kept unchanged in parsers_of_stop_18.py. Every kind is tried
through the column validator a large export takes and through the row's model.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import example, given, settings, strategies as st
from pydantic import ValidationError

from wsis_report.inputs.contract.workbooks import CONTRACT, Column
from wsis_report.inputs.export import _Refused, errors, validate_column
from wsis_report.inputs.reading.workbook import CellError, Unsaved

import builders
import parsers_of_stop_18 as old

# One column of each kind the parser of stop 18 knew, and every choice column (each its own
# list and variants). Kinds added since (web addresses) have tests of their own below.
COLUMNS: dict[str, Column] = {}
for book in CONTRACT:
    for sheet in book.sheets:
        for column in sheet.columns + sheet.fields:
            key = column.kind if column.kind != "choice" else f"choice:{column.name}"
            if column.kind in old.PARSERS:
                COLUMNS.setdefault(key, column)
# A valid row of each column's sheet, by header, that the test changes one cell in.
ROWS = {"Consultations": builders.CONSULTATIONS[0], "Key messages": builders.KEY_MESSAGES[0],
        "Survey": builders.SURVEY_FIELDS, "By stakeholder group": builders.BY_GROUP[0],
        "By region": builders.BY_REGION[0], "Findings": builders.FINDINGS[0],
        "Responses": {"Response ID": "R1", "Stakeholder group": "Government",
                      "Region": "Africa"},
        "Timetable": builders.TIMETABLE[0], "Documents": builders.DOCUMENTS[0],
        "Recommendations": builders.RECOMMENDATIONS[0],
        "Session outcome": builders.SESSION_OUTCOME,
        "Deliberations": {"No.": 1, "Point": "Delegations welcomed the review."}}
SHEETS = {id(c): s for b in CONTRACT for s in b.sheets for c in s.columns + s.fields}

words = st.sampled_from([
    "N/A", "n/a", "-", "–", "?", "#N/A", "NA", " ", "", "\t", "Held", "held ", "In-person",
    "Asia-Pacific", "academia", "Other", "global", "International", "Tanzania", "Türkiye",
    "Turkiye", "Viet Nam", "Vietnam", "Côte d’Ivoire", "United Republic of Tanzania",
    "E/CN.16/2025/3", "e/cn.16/2025/3/add.1", "A/80/64 – E/2025/12", "E/2025/31-E/2025/32",
    "28", "28th session", "28 th Session", "0", "100", "2025 session", "twenty-eighth session",
    "21 October 2024", "October 21, 2024", "2024-10-21", "2024-10-21T10:05", "01/03/2024",
    "31 February 2024", "21 Octobre 2024", "April 2024", "Apr. 2024", "2024-04", "2024-13",
    "1,200", "12 000", "1 200.0", "-3", "+5", "12.5", "1e3", "R000001", "x_x0001_y",
    "a_x000D_b", "ESCAP; ITU;; UNDP", "line\r\nbreak", "e\u0301", "\uf900", "a\u2028b",
    "x" * 40_000, "=1+1"])
raw_values = st.one_of(
    words,
    st.text(max_size=20),
    st.text(alphabet="0123456789/-. ,", max_size=12),
    st.integers(min_value=-10, max_value=10**17),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1000, 1, 1)),
    st.datetimes(min_value=datetime(1000, 1, 1)),
    st.just(time(10, 5)), st.just(timedelta(days=2)),
    st.sampled_from([CellError("#N/A"), CellError("#REF!"), Unsaved("SUM(A1:A3)")]),
)


def as_before(raw, column):
    """What the parser of stop 18 made of ``raw``."""
    if old.is_blank(raw):
        return "blank"
    try:
        return ("value", old.parse(raw, column))
    except old.ValueProblem as problem:
        return ("problem", problem.code, problem.message, problem.hint)


def as_column(raw, column):
    """What the column's pydantic type makes of it, as a large export's column is read."""
    (outcome,) = validate_column(column, [raw])
    if outcome is None:
        return "blank"
    if isinstance(outcome, _Refused):
        ctx = outcome.error["ctx"]
        return ("problem", outcome.error["type"], ctx["message"], ctx["hint"])
    return ("value", outcome)


def as_row(raw, column):
    """What the row's model makes of it, as a sheet's rows are read."""
    sheet = SHEETS[id(column)]
    try:
        record = sheet.model.model_validate({**ROWS[sheet.name], column.name: raw})
    except ValidationError as exc:
        (error,) = errors(exc)
        assert error["loc"][0] == column.name
        if error["type"] == "missing":
            return "blank"
        return ("problem", error["type"], error["ctx"]["message"], error["ctx"]["hint"])
    value = getattr(record, column.key)
    default = sheet.model.model_fields[column.key].default
    return "blank" if value == default and old.is_blank(raw) else ("value", value)


@pytest.mark.parametrize("kind", sorted(COLUMNS))
@settings(max_examples=150, deadline=None)
@given(raw=raw_values)
@example(raw=True)  # a bool is no whole number, nor a 1
@example(raw="\uf900")  # NFC makes it U+8C48, as the reader keeps it
def test_each_kind_decides_as_the_parser_of_stop_18(kind, raw):
    column = COLUMNS[kind]
    expected = as_before(raw, column)
    assert as_column(raw, column) == expected
    assert as_row(raw, column) == expected


def test_every_kind_is_tried():
    kinds = {c.kind for c in COLUMNS.values()}
    assert kinds == {"text", "list", "whole", "date", "month", "choice", "country", "symbol",
                     "session"}
    assert {c.kind for b in CONTRACT for s in b.sheets for c in s.columns + s.fields} \
        == kinds | {"url"}
    assert len([k for k in COLUMNS if k.startswith("choice:")]) >= 6


URL = next(c for b in CONTRACT for s in b.sheets for c in s.columns if c.kind == "url")


@pytest.mark.parametrize("typed, expected", [
    ("https://unctad.org/meeting/unctad-eweek-2023", "https://unctad.org/meeting/unctad-eweek-2023"),
    ("  http://www.intgovforum.org/en  ", "http://www.intgovforum.org/en"),
    ("https://eurodig.org/eurodig-2024/?lang=en#top", "https://eurodig.org/eurodig-2024/?lang=en#top"),
    ("N/A", "blank"),
])
def test_a_web_address_is_kept_as_typed(typed, expected):
    assert as_column(typed, URL) == ("value", expected) if expected != "blank" else "blank"
    assert as_row(typed, URL) == as_column(typed, URL)


@pytest.mark.parametrize("typed, hint", [
    ("www.unctad.org/wsis", 'Type the whole address as the browser shows it, e.g. '
                            '"https://www.unctad.org/wsis".'),
    ("unctad.org", 'Type the whole address as the browser shows it, e.g. "https://unctad.org".'),
    ("see the UNCTAD site", "Type one web address, beginning with https:// (or http://), and "
                            "nothing else."),
    ("https://unctad", "Type one web address, beginning with https:// (or http://), and nothing "
                       "else."),
    ("https://unctad.org/a page", "Type one web address, beginning with https:// (or http://), "
                                  "and nothing else."),
    (20231010, "Type one web address, beginning with https:// (or http://), and nothing else."),
])
def test_what_is_not_a_web_address_is_refused_never_completed(typed, hint):
    outcome = as_column(typed, URL)
    assert outcome[:2] == ("problem", "not-a-web-address")
    assert outcome[2].startswith("Web page holds ") and outcome[3] == hint
    assert as_row(typed, URL) == outcome
