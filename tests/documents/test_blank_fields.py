"""Every optional cell, blank alone or with the others, gives clean text in every stage;
the session as editors type it comes out as the masthead prints it."""

from __future__ import annotations

from datetime import date

import pytest

from builders import CONSULTATIONS, OMIT, write_inputs
from clean_text import FULL_DOCUMENTS, body_text, build_all, debris, notes_text

OPTIONAL_DOCUMENT_COLUMNS = ["Date", "Venue", "Symbol", "Body", "Session", "Session start",
                             "Session end", "Agenda item", "Agenda title", "Agenda symbol",
                             "Presented by", "Reason late", "Mandate"]
FULL_CONSULTATIONS = [
    {**CONSULTATIONS[0], "End date": date(2023, 10, 12), "Host event": "A forum",
     "Co-organizers": "A partner", "Participants": 40, "Web page": "https://unctad.org/g1"},
    {**CONSULTATIONS[1], "Host event": "A workshop", "Co-organizers": "ECA; AU",
     "Participants": 25, "Web page": "https://unctad.org/r1"},
]
OPTIONAL_CONSULTATION_COLUMNS = ["End date", "Host event", "Co-organizers", "Participants",
                                 "Web page"]


def blanked(rows, columns, keep=()):
    """The rows with ``columns`` emptied, except where a stage cannot do without them."""
    return [{k: (None if k in columns and (r["Stage"], k) not in keep else v)
             for k, v in r.items()} if "Stage" in r else
            {k: (None if k in columns else v) for k, v in r.items()} for r in rows]


NEEDED = {("ecosoc", "Symbol"), ("ecosoc", "Date")}  # the final report refuses to go without


@pytest.mark.parametrize("columns", [[c] for c in OPTIONAL_DOCUMENT_COLUMNS]
                         + [OPTIONAL_DOCUMENT_COLUMNS], ids=lambda c: "+".join(c) if len(c) < 3
                         else "all")
def test_a_blank_documents_cell_leaves_no_debris(tmp_path, columns):
    inputs = write_inputs(tmp_path / "in", Documents=blanked(FULL_DOCUMENTS, columns, NEEDED))
    for stage, document in build_all(inputs, tmp_path / "out").items():
        assert not debris(document), (stage, debris(document))


@pytest.mark.parametrize("columns", [[c] for c in OPTIONAL_CONSULTATION_COLUMNS]
                         + [OPTIONAL_CONSULTATION_COLUMNS + ["Closing date"]],
                         ids=lambda c: "+".join(c) if len(c) < 3 else "all")
def test_a_blank_consultation_or_survey_cell_leaves_no_debris(tmp_path, columns):
    survey = {"Questionnaire circulated": date(2023, 9, 16), "Total responses": 10}
    if "Closing date" not in columns:
        survey["Closing date"] = date(2024, 1, 31)
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS, Survey=survey,
                          Consultations=blanked(FULL_CONSULTATIONS, columns))
    for stage, document in build_all(inputs, tmp_path / "out").items():
        assert not debris(document), (stage, debris(document))


def test_the_full_rows_are_clean_too_and_show_every_value(tmp_path):
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS,
                          Consultations=FULL_CONSULTATIONS)
    built = build_all(inputs, tmp_path / "out")
    assert {s: debris(d) for s, d in built.items()} == {"progress": [], "draft": [], "ecosoc": []}
    draft = body_text(built["draft"]).replace("\u00a0", " ")
    assert "Twenty-eighth session\nGeneva, 7–11 April 2025\nItem 2 of the provisional agenda*" \
        in draft
    assert "in person, with ECA and AU." in draft
    # the late draft's reason at the foot of its first page, its title marked
    assert notes_text(built["draft"])[:2] == ["* E/CN.16/2025/1.",
                                              "** The report was submitted late."]
    assert "Draft report**" in draft


def test_a_blank_venue_and_session_dates_drop_the_whole_line(tmp_path):
    rows = blanked(FULL_DOCUMENTS, ["Venue", "Session start", "Session end", "Agenda symbol"])
    inputs = write_inputs(tmp_path / "in", Documents=rows)
    document = build_all(inputs, tmp_path / "out", ["draft"])["draft"]
    draft = body_text(document)
    assert "Twenty-eighth session\nItem 2 of the provisional agenda\n" in draft  # no "*"
    assert "Geneva, " not in draft
    # the late note then takes the first asterisk
    assert notes_text(document)[0] == "* The report was submitted late."
    assert "Draft report*\n" in draft


@pytest.mark.parametrize("typed, printed", [
    ("Twenty-eighth session", "Twenty-eighth session"),
    ("28th session", "Twenty-eighth session"),
    ("28", "Twenty-eighth session"),
    (28, "Twenty-eighth session"),
    ("21st Session", "Twenty-first session"),
    ("2025 session", "2025 session"),
    ("Inter-sessional panel 2024–2025", "Inter-sessional panel 2024–2025"),
])
def test_the_session_as_typed_is_printed_in_house_style(tmp_path, typed, printed):
    rows = [dict(r) for r in FULL_DOCUMENTS]
    rows[1]["Session"] = typed
    inputs = write_inputs(tmp_path / "in", Documents=rows)
    draft = body_text(build_all(inputs, tmp_path / "out", ["draft"])["draft"])
    assert f"Commission on Science and Technology for Development\n{printed}\n" in draft


def test_a_session_number_that_cannot_be_one_is_refused_with_its_cell(tmp_path):
    from wsis_report.inputs.issues import InputError

    rows = [dict(r) for r in FULL_DOCUMENTS]
    rows[1]["Session"] = "0"
    inputs = write_inputs(tmp_path / "in", Documents=rows)
    with pytest.raises(InputError) as caught:
        build_all(inputs, tmp_path / "out", ["draft"])
    (issue,) = caught.value.report.errors
    assert (issue.workbook, issue.sheet, issue.cell) == ("report.xlsx", "Documents", "G3")
    assert "not a session" in issue.message
    assert not (tmp_path / "out").exists()


def test_the_column_omitted_entirely_is_as_blank(tmp_path):
    rows = [{**r, "Body": OMIT} for r in FULL_DOCUMENTS]
    inputs = write_inputs(tmp_path / "in", Documents=rows)
    for stage, document in build_all(inputs, tmp_path / "out").items():
        assert not debris(document), stage
