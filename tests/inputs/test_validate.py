"""The input contract: each rule named by its code, sheet and cell."""

from __future__ import annotations

from datetime import date

import pytest

from wsis_report import check, load_inputs, InputError
from wsis_report.inputs.contract.vocab import Status

from builders import CONSULTATIONS, DOCUMENTS, KEY_MESSAGES, OMIT, with_row, write_inputs


def errors(report):
    return [(i.code, i.sheet, i.cell) for i in report.sorted() if i.severity == "error"]


def warnings(report):
    return [(i.code, i.sheet, i.cell) for i in report.sorted() if i.severity == "warning"]


def test_valid_minimal_inputs_pass_every_stage(tmp_path):
    report = check(write_inputs(tmp_path))
    assert report.valid, report.format_text()
    inputs = load_inputs(tmp_path)
    assert [c.id for c in inputs.consultations] == ["G1", "R1"]
    assert inputs.survey.by_group["Government"] == 6
    assert inputs.timetable[1].end == date(2025, 1, 1)


def test_several_problems_in_one_pass(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Scope="Planet", **{"Start date": 45000})
    rows = with_row(rows, 1, Country="Tanzania", Participants=12.5)
    report = check(write_inputs(tmp_path, Consultations=rows))
    assert errors(report) == [
        ("unknown-choice", "Consultations", "B2"),
        ("number-in-date-column", "Consultations", "E2"),
        ("unknown-country", "Consultations", "I3"),
        ("not-a-whole-number", "Consultations", "N3"),
]


def test_messages_name_workbook_sheet_cell_and_what_to_do(tmp_path):
    rows = with_row(CONSULTATIONS, 1, Country="Tanzania")
    report = check(write_inputs(tmp_path, Consultations=rows))
    (issue,) = report.errors
    assert str(issue) == (
        "consultations.xlsx › Consultations › I3: 'Tanzania' is not a United Nations short "
        'name of a country. Write "United Republic of Tanzania", the United Nations short name.'
    )


def test_headers_ignore_case_order_spaces_and_extra_columns_warn(tmp_path):
    rows = [{"\u00a0city ": r.get("City"), **{k.upper(): v for k, v in r.items() if k != "City"},
             "My notes": "x"} for r in CONSULTATIONS]
    report = check(write_inputs(tmp_path, Consultations=rows))
    assert report.valid, report.format_text()
    assert ("column-unknown", "Consultations", "P1") in warnings(report)


def test_missing_required_column_is_reported_once(tmp_path):
    rows = [{**r, "Title": OMIT} for r in CONSULTATIONS]
    report = check(write_inputs(tmp_path, Consultations=rows))
    assert errors(report) == [("column-missing", "Consultations", None)]
    assert "'Title'" in report.errors[0].message


def test_missing_sheet_lists_the_sheets_present(tmp_path):
    report = check(write_inputs(tmp_path, Findings=None))
    (issue,) = report.errors
    assert (issue.code, issue.workbook, issue.sheet) == ("sheet-missing", "survey.xlsx",
                                                         "Findings")
    assert "'By region'" in issue.message


def test_missing_workbook(tmp_path):
    write_inputs(tmp_path)
    (tmp_path / "report.xlsx").unlink()
    report = check(tmp_path)
    assert [(i.code, i.workbook) for i in report.errors] == [("file-missing", "report.xlsx")]


@pytest.mark.parametrize("value, code", [
    (45000, "number-in-date-column"),
    ("01/03/2024", "ambiguous-date"),
    ("next spring", "not-a-date"),
    ("31 February 2024", "not-a-date"),
])
def test_bad_dates(tmp_path, value, code):
    rows = with_row(CONSULTATIONS, 0, **{"Start date": value})
    report = check(write_inputs(tmp_path, Consultations=rows))
    assert errors(report) == [(code, "Consultations", "E2")]


def test_number_in_date_column_is_never_a_1970_timestamp(tmp_path):
    rows = with_row(CONSULTATIONS, 0, **{"Start date": 45000})
    (issue,) = check(write_inputs(tmp_path, Consultations=rows)).errors
    assert "1970" not in str(issue)
    assert "15 March 2023" in issue.message  # what the serial would mean, as a clue


@pytest.mark.parametrize("value", ["2023-10-10", "10 October 2023", "10 Oct 2023",
                                   "October 10, 2023"])
def test_text_dates_accepted(tmp_path, value):
    rows = with_row(CONSULTATIONS, 0, **{"Start date": value})
    inputs = load_inputs(write_inputs(tmp_path, Consultations=rows))
    assert inputs.consultations[0].start == date(2023, 10, 10)


@pytest.mark.parametrize("value, ok", [(12, True), (12.0, True), ("12", True), ("1,250", True),
                                       (12.5, False), (-1, False), ("twelve", False)])
def test_whole_numbers(tmp_path, value, ok):
    rows = with_row(CONSULTATIONS, 0, Participants=value)
    report = check(write_inputs(tmp_path, Consultations=rows))
    assert report.valid is ok
    if not ok:
        assert report.errors[0].cell == "N2"


@pytest.mark.parametrize("typed, stored", [("asia pacific", "Asia and the Pacific"),
                                           ("Asia-Pacific", "Asia and the Pacific"),
                                           ("ESCAP", "Asia and the Pacific")])
def test_choice_variants_store_the_canonical_name(tmp_path, typed, stored):
    rows = with_row(CONSULTATIONS, 1, Region=typed)
    messages = with_row(KEY_MESSAGES, 1, Group=typed)
    inputs = load_inputs(write_inputs(tmp_path, Consultations=rows, Key_messages=messages))
    assert inputs.consultations[1].region == stored
    assert inputs.key_messages[1].group == stored


def test_unknown_choice_lists_allowed_values(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Format="Zoom")
    (issue,) = check(write_inputs(tmp_path, Consultations=rows)).errors
    assert (issue.code, issue.cell) == ("unknown-choice", "J2")
    assert "In person, Hybrid, Online" in issue.hint


@pytest.mark.parametrize("typed, suggestion", [("UAE", "United Arab Emirates"),
                                               ("Tanzania", "United Republic of Tanzania"),
                                               ("Lithunia", "Lithuania")])
def test_country_suggestions(tmp_path, typed, suggestion):
    rows = with_row(CONSULTATIONS, 0, Country=typed)
    (issue,) = check(write_inputs(tmp_path, Consultations=rows)).errors
    assert (issue.code, issue.cell) == ("unknown-country", "I2")
    assert suggestion in issue.hint


@pytest.mark.parametrize("changes, expected", [
    ({"Region": None, "Scope": "Regional"}, ("region-missing", "C2")),
    ({"End date": date(2023, 10, 1)}, ("end-before-start", "F2")),
    ({"City": None}, ("city-missing", "H2")),
    ({"Country": "  "}, ("country-missing", "I2")),
    ({"Start date": None, "Status": "Held"}, ("held-without-date", "E2")),
    ({"Start date": None, "Status": "Planned"}, ("planned-without-date", "G2")),
    ({"Title": "N/A"}, ("value-missing", "D2")),
])
def test_consultation_rules(tmp_path, changes, expected):
    rows = with_row(CONSULTATIONS, 0, **changes)
    rows[0].setdefault("Region", None)
    rows[0].setdefault("Date note", None)
    rows[1].setdefault("Date note", None)
    report = check(write_inputs(tmp_path, Consultations=[rows[0], rows[1]]), "progress")
    assert [(c, cell) for c, _, cell in errors(report)] == [expected]


def test_online_consultations_need_no_place(tmp_path):
    rows = with_row(CONSULTATIONS, 0, City=None, Country=None, Format="Online")
    assert check(write_inputs(tmp_path, Consultations=rows)).valid


def test_duplicate_ids_and_message_numbers(tmp_path):
    rows = with_row(CONSULTATIONS, 1, ID="g1")
    messages = KEY_MESSAGES + [{"Group": "Global", "No.": 1, "Message": "Again."}]
    report = check(write_inputs(tmp_path, Consultations=rows, Key_messages=messages))
    assert errors(report) == [("duplicate-id", "Consultations", "A3"),
                              ("duplicate-number", "Key messages", "B4")]


def test_messages_need_a_consultation_of_their_group(tmp_path):
    messages = KEY_MESSAGES + [{"Group": "Europe", "No.": 1, "Message": "Connectivity."}]
    report = check(write_inputs(tmp_path, Key_messages=messages))
    assert errors(report) == [("messages-without-consultation", "Key messages", "A4")]


def test_tallies_must_agree_with_each_other_and_the_total(tmp_path):
    groups = [{"Stakeholder group": "Government", "Responses": 9}]
    report = check(write_inputs(tmp_path, By_stakeholder_group=groups))
    assert sorted(errors(report)) == [("tallies-disagree", "By region", None),
                                      ("total-mismatch", "Survey", "B3")]


def test_an_empty_tally_is_not_a_silent_pass(tmp_path):
    report = check(write_inputs(tmp_path, By_region=[]))
    assert errors(report) == [("tallies-disagree", "By region", None)]
    assert "add up to 0" in report.errors[0].message


def test_duplicate_stakeholder_group(tmp_path):
    rows = [{"Stakeholder group": "Government", "Responses": 6},
            {"Stakeholder group": "governments", "Responses": 4}]
    report = check(write_inputs(tmp_path, By_stakeholder_group=rows))
    assert ("duplicate-group", "By stakeholder group", "A3") in errors(report)


def test_raw_responses_give_the_tallies(tmp_path):
    raw = [{"Response ID": i, "Submitted": date(2023, 10, 1), "Stakeholder group": g,
            "Region": r} for i, (g, r) in enumerate(
                [("Government", "Africa")] * 6 + [("CSO", "Europe")] * 3 + [("NGO", "Africa")])]
    folder = write_inputs(tmp_path, Responses=raw, By_stakeholder_group=[], By_region=[])
    inputs = load_inputs(folder)
    assert inputs.survey.by_group == {"Government": 6, "Civil society": 4}
    assert inputs.survey.by_region == {"Africa": 7, "Europe": 3}
    assert inputs.survey.raw_responses == 10


def test_raw_responses_disagreeing_with_a_tally_name_both_numbers(tmp_path):
    raw = [{"Response ID": i, "Stakeholder group": "Government", "Region": "Africa"}
           for i in range(10)]
    report = check(write_inputs(tmp_path, Responses=raw))
    found = {(i.code, i.sheet, i.cell): i.message for i in report.errors}
    assert found[("responses-disagree", "By stakeholder group", "B3")] == (
        "Civil society: the tally says 4 but the Responses sheet has 0")
    assert found[("responses-disagree", "By region", "B3")] == (
        "Europe: the tally says 3 but the Responses sheet has 0")


def test_duplicate_response_ids(tmp_path):
    raw = [{"Response ID": "A", "Stakeholder group": "Government", "Region": "Africa"}] * 2
    report = check(write_inputs(tmp_path, Responses=raw, By_stakeholder_group=[], By_region=[],
                                Survey={"Questionnaire circulated": date(2023, 9, 16)}))
    assert errors(report) == [("duplicate-response", "Responses", "A3")]


def test_true_in_an_export_is_not_taken_for_a_1_typed_elsewhere(tmp_path):
    # As dict keys TRUE == 1 and FALSE == 0: the export's columns, read once per distinct
    # value, must still refuse the TRUE and FALSE cells, and keep the 1 and 0.
    raw = [{"Response ID": i, "Stakeholder group": "Government", "Region": "Africa"}
           for i in (0, 1, 2, 3)]
    raw[2]["Response ID"], raw[3]["Response ID"] = True, False
    report = check(write_inputs(tmp_path, Responses=raw, By_stakeholder_group=[], By_region=[],
                                Survey={"Questionnaire circulated": date(2023, 9, 16)}))
    assert errors(report) == [("not-text", "Responses", "A4"), ("not-text", "Responses", "A5")]


def test_the_same_bad_value_in_many_rows_is_reported_once_with_its_cells(tmp_path):
    raw = [{"Response ID": i, "Stakeholder group": "Goverment", "Region": "Africa"}
           for i in range(7)]
    report = check(write_inputs(tmp_path, Responses=raw, By_stakeholder_group=[], By_region=[],
                                Survey={"Questionnaire circulated": date(2023, 9, 16)}))
    (issue,) = report.errors
    assert (issue.code, issue.cell) == ("unknown-choice", "C2")
    assert issue.message.endswith("(also in C3, C4, C5 and 3 more)")


def test_timetable_months(tmp_path):
    rows = [{"Start": date(2024, 4, 15), "End": "March 2024", "Milestone": "x"},
            {"Start": "Spring", "Milestone": "y"}]
    report = check(write_inputs(tmp_path, Timetable=rows))
    assert errors(report) == [("end-before-start", "Timetable", "B2"),
                              ("not-a-month", "Timetable", "A3")]


@pytest.mark.parametrize("typed, stored", [("E/CN.16/2025/3", "E/CN.16/2025/3"),
                                           ("A/80/64-E/2025/12", "A/80/64–E/2025/12"),
                                           ("A/80/64 – E/2025/12", "A/80/64–E/2025/12"),
                                           ("E/CN.16/2025/CRP.1", "E/CN.16/2025/CRP.1"),
                                           ("e/cn.16/2025/3/add.1", "E/CN.16/2025/3/Add.1"),
                                           ("E/CN.16/2025/3/REV.1", "E/CN.16/2025/3/Rev.1")])
def test_symbols_normalise_the_dash_and_the_case(tmp_path, typed, stored):
    docs = with_row(DOCUMENTS, 2, Symbol=typed)
    inputs = load_inputs(write_inputs(tmp_path, Documents=docs))
    assert inputs.documents["ecosoc"].symbol == stored


def test_bad_symbol(tmp_path):
    docs = with_row(DOCUMENTS, 2, Symbol="ECN16/2025")
    assert errors(check(write_inputs(tmp_path, Documents=docs))) == [
        ("invalid-symbol", "Documents", "E4")]


def test_stage_rules_for_ecosoc(tmp_path):
    docs = with_row(DOCUMENTS, 2, Symbol=None)
    rows = with_row(CONSULTATIONS, 1, Status="Planned", **{"Start date": date(2025, 6, 1),
                                                           "End date": None})
    folder = write_inputs(tmp_path, Documents=docs, Recommendations=[], Consultations=rows)
    assert check(folder, "progress").valid
    assert sorted(errors(check(folder, "ecosoc"))) == [
        ("recommendations-missing", "Recommendations", None),
        ("still-planned", "Consultations", "K3"),
        ("symbol-missing", "Documents", "E4"),
    ]
    assert errors(check(folder, "draft")) == [
        ("recommendations-missing", "Recommendations", None)]


def test_ecosoc_needs_messages_from_every_group_that_held_one(tmp_path):
    folder = write_inputs(tmp_path, Key_messages=KEY_MESSAGES[:1])
    assert errors(check(folder, "ecosoc")) == [("key-messages-missing", "Key messages", None)]
    assert check(folder, "progress").valid


def test_status_as_of_a_date(tmp_path):
    inputs = load_inputs(write_inputs(tmp_path))
    africa = inputs.consultations[1]
    assert africa.status_on(date(2024, 10, 8)) is Status.PLANNED
    assert africa.status_on(date(2024, 10, 9)) is Status.HELD


def test_load_inputs_raises_with_the_report(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Scope="Planet")
    with pytest.raises(InputError) as caught:
        load_inputs(write_inputs(tmp_path, Consultations=rows))
    assert caught.value.report.flatten() == [("unknown-choice", "Consultations", "B2")]


def test_blank_rows_are_skipped_and_hidden_sheets_warned(tmp_path):
    write_inputs(tmp_path)
    import openpyxl

    wb = openpyxl.load_workbook(tmp_path / "report.xlsx")
    wb["Timetable"].insert_rows(3)
    wb["Recommendations"].sheet_state = "hidden"
    wb.save(tmp_path / "report.xlsx")
    report = check(tmp_path)
    assert report.valid
    assert warnings(report) == [("sheet-hidden", "Recommendations", None)]


def test_not_a_workbook(tmp_path):
    write_inputs(tmp_path)
    (tmp_path / "survey.xlsx").write_text("Field,Value\n")
    (tmp_path / "report.xlsx").write_bytes(b"")
    report = check(tmp_path)
    assert [(i.code, i.workbook) for i in report.errors] == [
        ("not-a-workbook", "survey.xlsx"), ("empty-file", "report.xlsx")]


def test_a_message_ending_in_brackets_still_ends_its_sentence(tmp_path):
    rows = with_row(CONSULTATIONS, 0, **{"Start date": "01/03/2024"})
    (issue,) = check(write_inputs(tmp_path, Consultations=rows)).errors
    assert "(day/month or month/day). Type the date" in str(issue)
