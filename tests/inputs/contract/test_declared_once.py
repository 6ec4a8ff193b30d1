"""The models are the only declaration of the columns: init's workbooks and their README
sheets, the JSON Schema and the README's list are all read from them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from wsis_report import init_workbooks
from wsis_report.cli import main
from wsis_report.inputs.contract.workbooks import CONTRACT

ROOT = Path(__file__).resolve().parents[3]
FIELDS = [(book, sheet, column) for book in CONTRACT for sheet in book.sheets
          for column in sheet.fields or sheet.columns]


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blank")
    init_workbooks(folder)
    return {book.filename: openpyxl.load_workbook(folder / book.filename) for book in CONTRACT}


@pytest.fixture(scope="module")
def schema():
    out = subprocess.run([sys.executable, "-m", "wsis_report.cli", "check", "--schema"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_every_model_field_is_a_column_of_the_blank_workbook(blank):
    for book, sheet, column in FIELDS:
        ws = blank[book.filename][sheet.name]
        if sheet.layout == "fields":
            assert column.name in [c.value for c in ws["A"]], (sheet.name, column.name)
        else:
            assert column.name in [c.value for c in ws[1]], (sheet.name, column.name)
    for book in CONTRACT:  # and nothing else
        for sheet in book.sheets:
            ws = blank[book.filename][sheet.name]
            assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]


def test_every_column_is_explained_in_its_workbooks_readme_sheet(blank):
    for book, sheet, column in FIELDS:
        rows = [[c.value for c in row] for row in blank[book.filename]["README"].iter_rows()]
        start = rows.index([f"Sheet “{sheet.name}”", None, None])
        explained = {r[0]: r for r in rows[start:]}
        name, required, what = explained[column.name]
        assert required == ("Yes" if column.required else "No")
        if column.choice:  # every value it takes, named in the help or listed
            assert all(v in what or v.lower() in what.lower() for v in column.choice.allowed)
        else:
            assert (column.help or column.cell.what).rstrip(".").lower() in what.lower()


def test_every_column_is_in_the_json_schema_with_its_help_and_choices(schema):
    for book, sheet, column in FIELDS:
        found = schema["workbooks"][book.filename]["sheets"][sheet.name]
        prop = found["properties"][column.name]
        assert prop["title"] == column.name
        assert prop.get("description", "") == column.help
        assert (column.name in found.get("required", [])) == column.required
        if column.choice:
            (ref,) = [p["$ref"] for p in [prop, *prop.get("anyOf", [])] if "$ref" in p]
            assert found["$defs"][ref.rsplit("/", 1)[1]]["enum"] == column.choice.allowed
    assert set(schema["workbooks"]) == {b.filename for b in CONTRACT}


def test_the_readme_lists_the_columns_as_the_models_declare_them():
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "contract_readme.py"),
                           "--check"], cwd=ROOT)
    assert done.returncode == 0, "run python tools/contract_readme.py"
    readme = (ROOT / "README.md").read_text()
    for book, sheet, column in FIELDS:
        assert f"**{column.name}**" in readme if column.required else column.name in readme


def test_check_schema_prints_the_schema_and_checks_nothing(tmp_path, capsys):
    assert main(["check", "--schema", "--inputs", str(tmp_path / "none")]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["workbooks"]["survey.xlsx"]["sheets"]["Survey"]["x-layout"] == "fields"
