"""Smaller faults of the reader: decomposed Unicode, a chart sheet where a worksheet
is expected, a year before 1900."""

from __future__ import annotations

import unicodedata

import openpyxl
from openpyxl.chart import BarChart, Reference

from wsis_report import check, load_inputs

from builders import CONSULTATIONS, with_row, write_inputs


def test_text_typed_in_decomposed_unicode_is_read_composed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Türkiye")
    title = unicodedata.normalize("NFD", "Consultation à Genève")
    assert decomposed != "Türkiye"
    rows = with_row(CONSULTATIONS, 0, Country=decomposed, City="Ankara", Title=title)
    folder = write_inputs(tmp_path, Consultations=rows)
    assert check(folder).valid
    first = load_inputs(folder).consultations[0]
    assert first.country == "Türkiye" and first.title == "Consultation à Genève"


def test_a_chart_sheet_where_a_worksheet_is_expected_is_named_as_such(tmp_path):
    folder = write_inputs(tmp_path)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    data = wb["Timetable"]
    data.title = "Timetable data"
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=3))
    wb.create_chartsheet("Timetable").add_chart(chart)
    wb.save(folder / "report.xlsx")
    errors = [(i.code, i.sheet) for i in check(folder).errors]
    assert errors == [("not-a-worksheet", "Timetable")]
    assert "chart sheet" in check(folder).errors[0].message


def test_a_date_before_1900_is_read_with_a_warning(tmp_path):
    rows = with_row(CONSULTATIONS, 0, **{"Start date": "1023-10-10"})
    report = check(write_inputs(tmp_path, Consultations=rows))
    warnings = [(i.code, i.cell) for i in report.warnings]
    assert ("early-date", "E2") in warnings
    assert "before 1900" in next(i.message for i in report.warnings if i.code == "early-date")
