"""The records and the contract agree, and a check or a build needs no pydantic."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from datetime import date
from enum import Enum
from pathlib import Path

import pytest

from wsis_report import load_inputs
from wsis_report.inputs import plain, records
from wsis_report.inputs.records import Consultation, Origin, json_values, located
from wsis_report.inputs.schema import CONSULTATIONS, REPORT, SURVEY
from wsis_report.inputs.vocab import Format, Scope, Status

ROOT = Path(__file__).resolve().parents[2]

SHEETS = [
    (CONSULTATIONS, "Consultations", records.Consultation),
    (CONSULTATIONS, "Key messages", records.KeyMessage),
    (REPORT, "Timetable", records.Milestone),
    (REPORT, "Documents", records.Document),
    (REPORT, "Recommendations", records.Numbered),
    (SURVEY, "Findings", records.Numbered),
]


@pytest.mark.parametrize("workbook, sheet, record", SHEETS, ids=[s[1] for s in SHEETS])
def test_each_record_has_a_field_per_column_and_requires_what_the_contract_requires(
        workbook, sheet, record):
    # The loader builds records straight from the parsed cells: a column the record
    # lacks, or a field without a default that the contract lets editors leave blank,
    # would fail for editors at run time instead of here.
    columns = {c.key: c for c in workbook.sheet(sheet).columns}
    fields = {f.name: f for f in plain.fields(record) if f.init}
    assert set(columns) == set(fields)
    for key, column in columns.items():
        assert fields[key].required == column.required, key


@pytest.mark.parametrize("workbook, sheet, record", SHEETS, ids=[s[1] for s in SHEETS])
def test_choice_columns_give_the_type_the_record_declares(workbook, sheet, record):
    hints = typing.get_type_hints(record)
    for column in workbook.sheet(sheet).columns:
        if column.choice is not None:
            declared = typing.get_args(hints[column.key]) or (hints[column.key],)
            assert column.choice.values in declared, column.key


def test_sample_records_hold_enums_dates_and_tuples_not_the_text_typed():
    facts = load_inputs(ROOT / "inputs")
    c = facts.consultations[0]
    assert isinstance(c.scope, Scope) and isinstance(c.format, Format)
    assert isinstance(c.status, Status)
    assert isinstance(c.co_organizers, tuple)
    assert all(isinstance(k, Enum) for k in facts.survey.by_group)
    assert c.origin is not None and c.origin.workbook == "consultations.xlsx"


def test_where_a_record_was_read_is_not_one_of_its_values():
    values = dict(id="G1", scope=Scope.GLOBAL, title="T", format=Format.ONLINE,
                  status=Status.HELD, start=date(2024, 5, 21))
    a = located(Consultation(**values), origin=Origin("consultations.xlsx", "Consultations", 2))
    b = located(Consultation(**values), origin=Origin("consultations.ods", "Consultations", 9))
    assert a == b and hash(a) == hash(b)
    assert "origin" not in repr(a)
    assert json_values(a) == {"id": "G1", "scope": "Global", "title": "T", "start": "2024-05-21",
                              "format": "Online", "status": "Held", "co_organizers": []}
    assert Consultation(**values).origin is None  # made in code: nowhere to name


def test_the_public_model_serialises_the_records_without_their_origins():
    inputs = load_inputs(ROOT / "inputs")
    dumped = json.loads(inputs.model_dump_json())
    first = dumped["consultations"][0]
    assert "origin" not in first and first["id"] == inputs.consultations[0].id
    assert "cells" not in dumped["survey"]
    assert inputs.consultations[0].origin is not None  # passed through as read


@pytest.mark.parametrize("code", [
    "from wsis_report import check; check('inputs', stage='ecosoc')",
    "from wsis_report.pipeline import build; import tempfile; "
    "build('inputs', ['progress'], 'templates', tempfile.mkdtemp())",
])
def test_a_check_or_a_build_never_imports_pydantic(code):
    # pydantic's import and schema building cost a check of a large export a tenth of a
    # second (issue 14): only a program that asks for ``load_inputs`` pays for it.
    probe = f"{code}; import sys; print(sorted(m for m in sys.modules if 'pydantic' in m))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_a_check_generates_no_dataclass_code():
    # dataclasses imports inspect and compiles each class's methods: about 18 ms of a check's
    # startup on Python 3.11 (issue 14). The check path's classes are plain.py's instead.
    probe = ("import sys; from wsis_report import cli; sys.argv = ['make-report', 'check', "
             "'--inputs', 'inputs']\ntry: cli.main()\nexcept SystemExit: pass\n"
             "print(sorted(m for m in ('dataclasses', 'inspect', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert "No errors" in out and out.strip().splitlines()[-1] == "[]"
