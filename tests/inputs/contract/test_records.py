"""The records are the contract: one pydantic model per sheet, validated by its headers."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from wsis_report import check, load_inputs
from wsis_report.inputs.export import errors
from wsis_report.inputs.contract.records import Consultation, Origin, json_values, located
from wsis_report.inputs.contract.vocab import Format, Region, Scope, Status

from builders import CONSULTATIONS, with_row, write_inputs

ROOT = Path(__file__).resolve().parents[3]


def test_the_sample_serialises_byte_for_byte_as_before_the_models_were_the_contract():
    # tests/inputs/sample_inputs.json is load_inputs()'s JSON for the sample as it stood when
    # the records were plain value classes (stop 18), with what issue 24 added to the sample:
    # web pages, a method note, a finding's basis, a timetable note, the Documents rows' slots,
    # reasons for lateness and mandate, the Session outcome and Deliberations, and the Europe
    # consultation's host event spelled out ("European Dialogue on Internet Governance
    # (EuroDIG) 2024"). Nothing else changed (checked when the pin was rewritten).
    expected = (Path(__file__).parent / "sample_inputs.json").read_text()
    assert load_inputs(ROOT / "inputs").model_dump_json() == expected


def test_a_row_is_validated_by_its_headers_into_typed_values():
    c = Consultation.model_validate({
        "ID": "R-ASP", "Scope": "regional", "Region": "Asia-Pacific", "Title": "Bangkok",
        "Start date": "21 May 2024", "City": "Bangkok", "Country": "Thailand",
        "Format": "In-person", "Status": "Done", "Co-organizers": "ESCAP; ITU",
        "Participants": "1,200", "Date note": "N/A"})
    assert (c.scope, c.region, c.format, c.status) == (Scope.REGIONAL, Region.ASIA_PACIFIC,
                                                       Format.IN_PERSON, Status.HELD)
    assert c.start == date(2024, 5, 21) and c.co_organizers == ("ESCAP", "ITU")
    assert c.participants == 1200 and c.date_note is None  # a placeholder is no value


def test_a_refused_cell_is_a_pydantic_error_in_the_editors_words():
    with pytest.raises(ValidationError) as caught:
        Consultation.model_validate({"ID": "G1", "Scope": "Global", "Title": "T",
                                     "Start date": 45000, "Format": "Online",
                                     "Status": "Held", "Country": "Tanzania"})
    found = errors(caught.value)
    assert len(found) == 2  # less the native schema's refusal of 45000 as a date cell
    errors_at = {e["loc"][0]: e for e in found}
    assert errors_at["Start date"]["type"] == "number-in-date-column"
    assert errors_at["Start date"]["msg"] == ("Start date holds the number 45000, not a date (as a "
                                           "spreadsheet date it would be 15 March 2023)")
    assert errors_at["Country"]["ctx"]["hint"] == ('Write "United Republic of Tanzania", the United '
                                                "Nations short name.")


def test_pydantics_own_wording_never_reaches_an_editor(tmp_path):
    rows = with_row(CONSULTATIONS, 0, Scope="Planet", Participants=-3, **{"Start date": 45000,
                                                                          "Title": "N/A"})
    report = check(write_inputs(tmp_path, Consultations=rows))
    text = report.format_text() + json.dumps(report.to_dict())
    assert len(report.errors) == 4
    for words in ("Input should", "type=", "pydantic", "Field required", "validation error"):
        assert words not in text


def test_sample_records_hold_enums_dates_and_tuples_not_the_text_typed():
    facts = load_inputs(ROOT / "inputs")
    c = facts.consultations[0]
    assert isinstance(c, BaseModel)
    assert isinstance(c.scope, Scope) and isinstance(c.format, Format)
    assert isinstance(c.status, Status)
    assert isinstance(c.co_organizers, tuple)
    assert all(isinstance(k, Enum) for k in facts.survey.by_group)
    assert c.origin is not None and c.origin.workbook == "consultations.xlsx"
    assert c.origin.cells["country"] == "I2"


def test_where_a_record_was_read_is_not_one_of_its_values():
    values = dict(id="G1", scope=Scope.GLOBAL, title="T", format=Format.ONLINE,
                  status=Status.HELD, start=date(2024, 5, 21))
    a = located(Consultation(**values), origin=Origin("consultations.xlsx", "Consultations", 2))
    b = located(Consultation(**values), origin=Origin("consultations.ods", "Consultations", 9))
    assert a == b and hash(a) == hash(b)
    assert "origin" not in repr(a) and a.origin.row == 2
    assert json_values(a) == {"id": "G1", "scope": "Global", "title": "T", "start": "2024-05-21",
                              "format": "Online", "status": "Held", "co_organizers": []}
    assert Consultation(**values).origin is None  # made in code: nowhere to name
    assert a != located(Consultation(**{**values, "title": "U"}), origin=a.origin)


def test_the_public_model_serialises_the_records_without_their_origins():
    inputs = load_inputs(ROOT / "inputs")
    dumped = json.loads(inputs.model_dump_json())
    first = dumped["consultations"][0]
    assert "origin" not in first and first["id"] == inputs.consultations[0].id
    assert "cells" not in dumped["survey"]
    assert inputs.consultations[0].origin is not None  # passed through as read


def test_reading_starts_before_pydantic_is_imported():
    # The check's entry, the contract's layout and the readers import no pydantic, so the
    # workbooks are read ahead while the models are built (inputs/prefetch.py).
    probe = ("import sys; import wsis_report.inputs.validate, wsis_report.inputs.contract.workbooks, "
             "wsis_report.pipeline; print(sorted(m for m in sys.modules if 'pydantic' in m))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_reading_what_a_document_carries_builds_no_model(tmp_path):
    # facts, changes and comments read the snapshot's JSON: none needs pydantic (a tenth of
    # a second of imports), as an up-to-date build does not either.
    from wsis_report.pipeline import build

    doc = build(ROOT / "inputs", ["draft"], ROOT / "templates", tmp_path / "dist")[0].path
    probe = ("import sys\nfrom wsis_report.cli import main\n"
             f"for argv in (['facts', {str(doc)!r}], ['changes', {str(doc)!r}, {str(doc)!r}],"
             f" ['comments', {str(doc)!r}, '--matrix', {str(tmp_path / 'm.xlsx')!r}],"
             f" ['--stage', 'draft', '--out', {str(doc.parent)!r}]):\n"
             "    main(argv)\n"
             "print(sorted(m for m in sys.modules if 'pydantic' in m))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "up to date" in out and out.strip().splitlines()[-1] == "[]"
