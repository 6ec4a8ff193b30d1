"""Each document's slot by the United Nations Office at Geneva's rules, and the check's rules
on lateness and on the final report's Session outcome."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from builders import DOCUMENTS, SESSION_OUTCOME, with_row, write_inputs
from wsis_report import STAGES, check, load_inputs
from wsis_report.inputs.slots import slotting

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample():
    return load_inputs(ROOT / "inputs")


def slot(facts, stage):
    return slotting(facts.documents[stage], STAGES[stage])


def test_the_sample_draft_is_slotted_from_the_opening_of_its_session(sample):
    draft = slot(sample, "draft")
    assert [(d.what, d.day) for d in draft.deadlines] == [
        ("forecast confirmed", date(2024, 12, 30)), ("submission", date(2025, 1, 27)),
        ("issuance", date(2025, 2, 24))]
    assert draft.deadlines[1].rule == "10 weeks before the opening (7 April 2025)"
    assert (draft.word_limit, draft.limit_rule) == (
        8500, "the limit for pre-session reports of the Secretariat")
    assert draft.days_late == 7  # dated 3 February 2025


def test_the_final_report_is_slotted_from_its_slot_date_and_the_progress_report_in_session(
        sample):
    final = slot(sample, "ecosoc")
    assert [(d.what, d.day) for d in final.deadlines] == [("submission", date(2025, 4, 25))]
    assert final.deadlines[0].rule == "within 2 weeks of the closing (11 April 2025)"
    assert final.days_late == 19 and final.word_limit == 8500
    progress = slot(sample, "progress")
    assert progress.deadlines == () and progress.session == (date(2024, 10, 21),
                                                              date(2024, 10, 23))
    assert progress.days_late == 0 and progress.word_limit is None


def test_a_document_without_a_slot_or_a_session_says_why_it_is_not_slotted(tmp_path):
    rows = with_row(DOCUMENTS, 1, Slot="Pre-session")  # the builders' draft has no session dates
    facts = load_inputs(write_inputs(tmp_path, Documents=rows))
    assert slot(facts, "draft").unknown == "it has neither a Session start nor a Slot date"
    assert slot(facts, "progress").unknown.startswith("its Slot is blank")
    assert slot(facts, "draft").days_late == 0


LATE_DRAFT = {"Slot": "Pre-session", "Session start": date(2025, 4, 7),
              "Session end": date(2025, 4, 11), "Date": date(2025, 2, 3)}


def test_check_warns_at_the_date_of_a_late_document_without_a_reason(tmp_path):
    report = check(write_inputs(tmp_path, Documents=with_row(DOCUMENTS, 1, **LATE_DRAFT)),
                   stage="draft")
    assert report.valid
    (late,) = [i for i in report.warnings if i.code == "document-late"]
    assert (late.workbook, late.sheet, late.cell) == ("report.xlsx", "Documents", "C3")
    assert late.message == ("the draft document is dated 3 February 2025, 7 days after its "
                            "submission date (27 January 2025, 10 weeks before the opening "
                            "(7 April 2025))")
    on_time = with_row(DOCUMENTS, 1, **{**LATE_DRAFT, "Date": date(2025, 1, 27)})
    assert not [i for i in check(write_inputs(tmp_path / "b", Documents=on_time),
                                 stage="draft").issues if i.code == "document-late"]
    explained = with_row(DOCUMENTS, 1, **LATE_DRAFT, Reason_late="Consultations ran late.")
    assert not [i for i in check(write_inputs(tmp_path / "c", Documents=explained),
                                 stage="draft").issues if i.code == "document-late"]


def test_a_late_final_report_needs_a_reason_at_its_reason_late_cell(tmp_path):
    late = {"Slot": "Post-session", "Slot date": date(2025, 4, 11), "Date": date(2025, 5, 14)}
    report = check(write_inputs(tmp_path, Documents=with_row(DOCUMENTS, 2, **late)),
                   stage="ecosoc")
    (error,) = report.errors
    assert (error.code, error.sheet, error.cell) == ("reason-late-missing", "Documents", "Q4")
    assert "19 days after its submission date (25 April 2025" in error.message
    assert "footnote on its cover" in error.hint
    given = with_row(DOCUMENTS, 2, **late, Reason_late="The session asked for changes.")
    assert check(write_inputs(tmp_path / "b", Documents=given), stage="ecosoc").valid


def test_the_final_report_needs_the_session_outcome_and_earlier_stages_do_not(tmp_path):
    folder = write_inputs(tmp_path, Session_outcome=None)
    assert check(folder, stage="draft").valid
    (error,) = check(folder, stage="ecosoc").errors
    assert (error.code, error.workbook, error.sheet, error.cell) == (
        "session-outcome-missing", "report.xlsx", "Session outcome", None)
    assert "Considered on, Requests, Revisions" in error.hint


def test_a_missing_field_of_the_session_outcome_is_named_at_its_row(tmp_path):
    outcome = {**SESSION_OUTCOME, "Revisions": None}
    (error,) = check(write_inputs(tmp_path, Session_outcome=outcome), stage="ecosoc").errors
    assert (error.code, error.sheet, error.cell) == ("session-outcome-missing",
                                                     "Session outcome", "B4")
    assert error.message == "the final report needs the Revisions of the Session outcome"
