"""Reading sheets: cells the fast reader gives as empty, hidden rows, odd characters."""

from __future__ import annotations

import openpyxl
import pytest

from wsis_report import check, load_inputs

from builders import CONSULTATIONS, with_row, write_inputs
from excel_like import with_shared_strings


def errors(report):
    return [(i.code, i.sheet, i.cell) for i in report.sorted() if i.severity == "error"]


def test_error_cells_are_reported_not_read_as_blank(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Participants="#N/A")  # openpyxl writes an error cell
    report = check(write_inputs(tmp_path, Consultations=rows))
    assert errors(report) == [("error-cell", "Consultations", "N2")]
    assert "#N/A" in report.errors[0].message


def test_formula_without_a_saved_result(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Participants="=10+2")  # saved with no cached value
    (issue,) = check(write_inputs(tmp_path, Consultations=rows)).errors
    assert (issue.code, issue.cell) == ("formula-without-value", "N2")
    assert "=10+2" in issue.message
    assert "save" in issue.hint


def test_excel_line_break_is_kept_as_a_line_break(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Title="First line_x000D__x000A_second line")
    folder = write_inputs(tmp_path, Consultations=rows)
    with_shared_strings(folder / "consultations.xlsx")  # as Excel stores Shift+Enter
    inputs = load_inputs(folder)
    assert inputs.consultations[0].title == "First line\nsecond line"


@pytest.mark.parametrize("escape, char", [("_x0001_", "\x01"), ("_x000B_", "\x0b"),
                                          ("_xFFFF_", "\uffff"), ("_xD800_", "\ud800")])
def test_characters_a_document_cannot_hold_are_refused_with_their_cell(tmp_path, escape, char):
    # Excel stores such characters as _xHHHH_ escapes; the reader decodes them.
    rows = with_row(CONSULTATIONS, 0, Title=f"Bad{escape}title")
    folder = write_inputs(tmp_path, Consultations=rows)
    with_shared_strings(folder / "consultations.xlsx")
    (issue,) = check(folder).errors
    assert (issue.code, issue.cell) == ("invalid-character", "D2")
    assert f"U+{ord(char):04X}" in issue.message


def test_hidden_rows_are_read_and_warned(tmp_path):
    folder = write_inputs(tmp_path)
    wb = openpyxl.load_workbook(folder / "consultations.xlsx")
    wb["Consultations"].row_dimensions[3].hidden = True
    wb.save(folder / "consultations.xlsx")
    report = check(folder)
    assert report.valid
    assert [(i.code, i.sheet, i.cell) for i in report.warnings] == [
        ("rows-hidden", "Consultations", "3:3")]
    assert len(load_inputs(folder).consultations) == 2


def test_right_to_left_and_astral_text_is_kept_exactly(tmp_path):
    text = "مشاورة إقليمية 𝔘𝔑 😀 — ok"
    rows = with_row(CONSULTATIONS, 0, Title=text)
    assert load_inputs(write_inputs(tmp_path, Consultations=rows)).consultations[0].title == text
