"""OpenDocument spreadsheets (.ods), as LibreOffice Calc itself saves them: the same contract,
the same facts, the same document, and errors located in the .ods file.

The sample workbooks are converted once per module by `soffice --headless --convert-to ods`;
skipped where LibreOffice is missing, except in CI, which installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from wsis_report import check, load_inputs
from wsis_report.cli import main
from wsis_report.documents.house_style.words import document_text
from wsis_report.office.convert import soffice
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[3]
BOOKS = ("consultations", "survey", "report")


@pytest.fixture(scope="module")
def ods(tmp_path_factory):
    """Folders of .ods workbooks written by LibreOffice: the sample, and the sample with
    'Tanzania' typed in I7 and a formula giving #N/A in N2 of Consultations."""
    program = soffice()
    if not program:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing, but .ci/run installs it for CI")
        pytest.skip("LibreOffice is not installed")
    work = tmp_path_factory.mktemp("ods")
    sources = [ROOT / "inputs" / f"{name}.xlsx" for name in BOOKS]
    wb = openpyxl.load_workbook(ROOT / "inputs" / "consultations.xlsx")
    wb["Consultations"]["I7"] = "Tanzania"
    wb["Consultations"]["N2"] = "=NA()"
    broken = work / "broken-consultations.xlsx"
    wb.save(broken)
    profile = (work / "profile").as_uri()
    subprocess.run([program, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "ods", "--outdir", str(work / "converted"), *map(str, sources + [broken])],
                   check=True, capture_output=True, timeout=180)
    sample, bad = work / "sample", work / "bad"
    for folder in (sample, bad):
        folder.mkdir()
        for name in BOOKS:
            shutil.copyfile(work / "converted" / f"{name}.ods", folder / f"{name}.ods")
    shutil.copyfile(work / "converted" / "broken-consultations.ods", bad / "consultations.ods")
    return {"sample": sample, "bad": bad}


def test_libreoffice_wrote_opendocument(ods):
    for name in BOOKS:
        head = (ods["sample"] / f"{name}.ods").read_bytes()[:100]
        assert b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet" in head


def test_the_same_facts_as_the_xlsx(ods):
    assert check(ods["sample"]).valid
    assert load_inputs(ods["sample"]).model_dump() == load_inputs(ROOT / "inputs").model_dump()


def test_the_same_document_as_the_xlsx(ods, tmp_path):
    (from_ods,) = build(ods["sample"], ["ecosoc"], ROOT / "templates", tmp_path / "a")
    (from_xlsx,) = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path / "b")
    assert document_text(from_ods.path.read_bytes()) == document_text(from_xlsx.path.read_bytes())


def test_errors_are_located_in_the_ods_file(ods):
    report = check(ods["bad"])
    located = {(i.location, i.code) for i in report.errors}
    assert ("consultations.ods › Consultations › I7", "unknown-country") in located
    assert ("consultations.ods › Consultations › N2", "error-cell") in located
    assert not any(i.workbook and i.workbook.endswith(".xlsx") for i in report.issues)


def annotations(path: Path, sheet: str) -> dict[str, tuple[str, str | None]]:
    """Cell reference -> (the text of its note, its background colour), for each cell with a
    note in a sheet of an .ods (repeated rows and columns counted)."""
    import zipfile
    from xml.etree import ElementTree

    from wsis_report.inputs.reading.workbook import column_letter

    t, o, x, st, fo = ("{urn:oasis:names:tc:opendocument:xmlns:%s:1.0}" % n for n in (
        "table", "office", "text", "style", "xsl-fo-compatible"))
    root = ElementTree.fromstring(zipfile.ZipFile(path).read("content.xml"))
    backgrounds = {style.get(f"{st}name"): props.get(f"{fo}background-color")
                   for style in root.iter(f"{st}style")
                   for props in style.iter(f"{st}table-cell-properties")}
    table = next(e for e in root.iter(f"{t}table") if e.get(f"{t}name") == sheet)
    found, row = {}, 0
    for tr in table.iter(f"{t}table-row"):
        column = 0
        for cell in tr:
            note = cell.find(f"{o}annotation")
            if note is not None:
                text = "\n".join("".join(p.itertext()) for p in note.iter(f"{x}p"))
                found[f"{column_letter(column)}{row + 1}"] = (
                    text, backgrounds.get(cell.get(f"{t}style-name")))
            column += int(cell.get(f"{t}number-columns-repeated", 1))
        row += int(tr.get(f"{t}number-rows-repeated", 1))
    return found


def test_annotate_writes_an_ods_copy_as_calc_saves_it(ods, tmp_path, capsys):
    import hashlib

    before = hashlib.sha256((ods["bad"] / "consultations.ods").read_bytes()).hexdigest()
    out = tmp_path / "out"
    assert main(["check", "--inputs", str(ods["bad"]), "--annotate", "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    copy = out / "consultations.annotated.ods"
    assert f"Annotated copy: {copy}" in printed
    assert sorted(p.name for p in out.iterdir()) == [copy.name]  # nothing else, no temporary
    assert copy.read_bytes()[:100].find(b"application/vnd.oasis.opendocument.spreadsheet") > 0
    notes = annotations(copy, "Consultations")
    assert "United Republic of Tanzania" in notes["I7"][0] and "#N/A" in notes["N2"][0]
    assert notes["I7"][1].lower() == "#ffc7ce"  # highlighted as an error, as in an .xlsx copy
    assert hashlib.sha256((ods["bad"] / "consultations.ods").read_bytes()).hexdigest() == before


def test_annotate_without_libreoffice_says_why_it_writes_no_ods_copy(ods, tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setenv("WSIS_REPORT_SOFFICE", str(tmp_path / "no-such-soffice"))
    out = tmp_path / "out"
    assert main(["check", "--inputs", str(ods["bad"]), "--annotate", "--out", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "consultations.ods › Consultations › I7" in printed
    assert "consultations.ods: no annotated copy" in printed and "Install LibreOffice" in printed
    assert not out.exists() or not any(out.iterdir())


def test_an_xlsx_and_an_ods_of_the_same_workbook_are_refused_as_ambiguous(ods, tmp_path):
    folder = tmp_path / "both"
    shutil.copytree(ods["sample"], folder)
    shutil.copyfile(ROOT / "inputs" / "report.xlsx", folder / "report.xlsx")
    (issue,) = check(folder).errors
    assert (issue.code, issue.workbook) == ("two-workbooks", "report.ods")
    assert "report.xlsx" in issue.message


def test_the_document_records_the_ods_it_came_from_so_a_change_rebuilds_it(ods, tmp_path):
    import hashlib
    import zipfile

    (built,) = build(ods["sample"], ["progress"], ROOT / "templates", tmp_path / "out")
    with zipfile.ZipFile(built.path) as z:
        custom = z.read("docProps/custom.xml").decode()
    digest = hashlib.sha256((ods["sample"] / "survey.ods").read_bytes()).hexdigest()
    assert f'name="sha256:survey.ods"><vt:lpwstr>{digest}<' in custom


def handmade_ods(path: Path, rows_xml: str) -> Path:
    """An .ods with one sheet, Consultations, holding ``rows_xml`` (table:table-row elements)."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
        '<office:body><office:spreadsheet><table:table table:name="Consultations">'
        f'{rows_xml}</table:table></office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest:manifest xmlns:manifest='urn:oasis:names:"
                   "tc:opendocument:xmlns:manifest:1.0'/>")
    return path


def cell(text: str, extra: str = "") -> str:
    return (f'<table:table-cell office:value-type="string" {extra}><text:p>{text}</text:p>'
            '</table:table-cell>')


def test_a_stray_value_after_a_million_empty_rows_is_refused_before_it_is_laid_out(tmp_path):
    from wsis_report.inputs.reading.workbook import WorkbookProblem, open_book

    rows = (f"<table:table-row>{cell('ID')}</table:table-row>"
            '<table:table-row table:number-rows-repeated="2000000"><table:table-cell '
            'table:number-columns-repeated="30"/></table:table-row><table:table-row>'
            f'<table:table-cell table:number-columns-repeated="20"/>{cell("far")}'
            "</table:table-row>")
    with pytest.raises(WorkbookProblem) as caught:
        open_book(handmade_ods(tmp_path / "consultations.ods", rows))
    issue = caught.value.issue
    assert (issue.code, issue.workbook, issue.sheet) == (
        "sheet-too-large", "consultations.ods", "Consultations")
    assert "2,000,002 rows and 21 columns" in issue.message


def test_what_calamine_omits_is_found_in_the_ods_xml(tmp_path):
    from wsis_report.inputs.reading.opendocument import scan

    rows = (f"<table:table-row>{cell('ID')}{cell('Title')}</table:table-row>"
            f'<table:table-row table:visibility="collapsed">{cell("G1")}{cell("x")}'
            "</table:table-row><table:table-row>"
            f'{cell("#N/A", "calcext:value-type=" + chr(34) + "error" + chr(34))}'
            f'{cell("merged", "table:number-rows-spanned=" + chr(34) + "2" + chr(34))}'
            "</table:table-row>")
    found = scan(handmade_ods(tmp_path / "c.ods", rows))["Consultations"]
    assert (found.rows, found.columns) == (3, 2)
    assert found.hidden_rows == [2]
    assert found.errors == {(2, 0): "#N/A"}
    assert found.merged == [((2, 1), (3, 1))]
