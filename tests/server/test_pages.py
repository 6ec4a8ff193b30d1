"""The editors' page over HTTP, against a running ``make-report serve``: what an editor gets
from an upload (the problems in the words of ``check``, the annotated copy, the checked set,
the changes since the last build, the preview, the blank workbooks)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import time
import zipfile

import openpyxl
import pytest

from serving import FAULTS, edited
from wsis_report import check
from wsis_report.documents.house_style.check import paragraphs
from wsis_report.office.convert import soffice


def test_the_first_page_is_plain_html_with_a_protected_form(server):
    page = server.client().get("/")
    assert page.status == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY" and page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text
    assert re.search(r'<input type="hidden" name="csrf_token" value="[^"]+">', page.text)
    for role in ("consultations", "survey", "report"):
        assert f'<label for="{role}">' in page.text and f'name="{role}"' in page.text
    words = page.words()
    assert "consultations.xlsx, changed" in words and "report.xlsx, changed" in words


@pytest.fixture(scope="module")
def faulty(server, tmp_path_factory):
    """One upload of a consultations workbook with two faults: its client, result page, the
    bytes sent, and the check of the same workbooks run as ``make-report check`` runs it."""
    data = edited(server.inputs / "consultations.xlsx", "Consultations", FAULTS)
    folder = tmp_path_factory.mktemp("faulty")
    for path in server.inputs.iterdir():
        shutil.copyfile(path, folder / path.name)
    (folder / "consultations.xlsx").write_bytes(data)
    client = server.client()
    answer = client.upload({"consultations": ("Consultations (Geneva office).xlsx", data)})
    assert answer.status == 303 and answer.location.startswith("/u/")
    return client, client.get(answer.location), answer.location, data, check(folder)


def test_every_problem_is_shown_at_its_cell_in_the_words_of_check(faulty):
    _, page, _, _, expected = faulty
    assert page.status == 200 and len(expected.errors) == 2
    words = page.words()
    assert "consultations.xlsx › Consultations Cell Kind What is wrong and what to do" in words
    for issue in expected.issues:
        says = str(issue).removeprefix(f"{issue.location}: ")
        assert f"{issue.cell} {issue.severity} {says}" in words
    assert expected.summary() in words  # "2 errors, 0 warnings."
    assert "“Consultations (Geneva office).xlsx”" in words
    assert "House style: not read, as the workbooks have errors." in words
    assert "offered once the check finds no errors" in words


def test_the_annotated_copy_marks_each_problem_cell(faulty):
    client, page, location, sent, expected = faulty
    link = re.search(r'href="(/u/[^"]+/annotated/consultations\.xlsx)"', page.text).group(1)
    copy = client.get(link)
    assert copy.status == 200
    assert copy.headers["content-disposition"] == \
        "attachment; filename=consultations.annotated.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(copy.body))["Consultations"]
    for issue in expected.issues:
        assert sheet[issue.cell].comment.text == str(issue).removeprefix(
            f"{issue.location}: ")[:1].upper() + str(issue).removeprefix(
            f"{issue.location}: ")[1:]
    assert client.get(link.replace("consultations.xlsx", "survey.xlsx")).status == 404
    assert client.get(location + "/workbooks.zip").status == 409  # not with errors


def test_a_clean_upload_gets_the_checked_set_byte_for_byte(server):
    client = server.client()
    sent = (server.inputs / "survey.xlsx").read_bytes()
    location = client.upload({"survey": ("survey.xlsx", sent)}).location
    page = client.get(location)
    assert "No errors, 0 warnings." in page.words()
    answer = client.get(location + "/workbooks.zip")
    assert answer.status == 200 and "attachment" in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.body)) as z:
        assert sorted(z.namelist()) == ["check.txt", "consultations.xlsx", "report.xlsx",
                                        "survey.xlsx"]
        assert z.read("survey.xlsx") == sent
        assert z.read("report.xlsx") == (server.inputs / "report.xlsx").read_bytes()
        note = z.read("check.txt").decode()
    assert "Uploaded: survey.xlsx" in note and "No errors, 0 warnings." in note


def test_the_changes_since_the_last_build_are_those_of_make_report_changes(server, tmp_path):
    data = edited(server.inputs / "consultations.xlsx", "Key messages",
                  {"C2": "Significant achievements have been made through the WSIS."})
    client = server.client()
    page = client.get(client.upload({"consultations": ("consultations.xlsx", data)}).location)
    for path in server.inputs.iterdir():
        shutil.copyfile(path, tmp_path / path.name)
    (tmp_path / "consultations.xlsx").write_bytes(data)
    said = subprocess.run([sys.executable, "-m", "wsis_report.cli", "changes",
                           str(server.out / "wsis20-draft.docx"), "--inputs", str(tmp_path)],
                          capture_output=True, text=True, check=True).stdout
    summary = said.splitlines()[0]
    assert summary.startswith("Since the draft report of 3 February 2025")
    words = page.words()
    assert "In the draft report Against wsis20-draft.docx" in words
    assert summary in words
    assert re.search(r"C2</span> edited: Global, message 1:\s+Significant achievements have "
                     r"been made through <ins>the</ins> WSIS\.", page.text)
    assert "No progress report has been built on the server yet" in words


def test_a_preview_is_built_from_the_upload_with_progress_shown(server):
    client = server.client()
    location = client.upload({"report": ("report.xlsx",
                                         (server.inputs / "report.xlsx").read_bytes())}).location
    started = client.post(f"{location}/preview/progress", csrf=client.csrf(location))
    assert started.status == 303
    first = client.get(started.location)
    if "Building" in first.words():  # shown while it builds, and the page looks again
        assert '<meta http-equiv="refresh" content="2">' in first.text
        assert 'role="status"' in first.text and "<progress" in first.text
    for _ in range(240):
        page = client.get(started.location)
        if "Building" not in page.words():
            break
        time.sleep(0.5)
    words = page.words()
    assert "Built:" in words and "The text" in words
    assert "The twenty-year review of the World Summit on the Information Society: progress " \
        "report" in words
    docx = client.get(f"{started.location}/docx")
    assert docx.status == 200 and docx.body[:2] == b"PK"
    shown = [" ".join(text.split()) for _, text in paragraphs(docx.body) if text.strip()]
    assert len(shown) > 50 and all(text in words for text in shown)  # the whole text
    pdf = client.get(f"{started.location}/pdf")
    if soffice() is None:
        assert pdf.status == 404
    else:
        assert pdf.status == 200 and pdf.body[:5] == b"%PDF-"
        assert pdf.headers["content-type"] == "application/pdf"
    assert not list(server.out.glob("*.preview.*")) and \
        sorted(p.name for p in server.out.iterdir()) == ["wsis20-draft.docx"]


def test_a_preview_that_cannot_be_built_names_the_problems(faulty, server):
    client, _, location, _, expected = faulty
    started = client.post(f"{location}/preview/draft", csrf=client.csrf(location))
    for _ in range(60):
        page = client.get(started.location)
        if "Building" not in page.words():
            break
        time.sleep(0.25)
    words = page.words()
    assert "The draft report cannot be built from these workbooks: 2 errors." in words
    assert all(str(i) in words for i in expected.errors)


def test_the_blank_workbooks_are_those_of_init(server, tmp_path):
    from wsis_report import init_workbooks

    init_workbooks(tmp_path)
    client = server.client()
    for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx"):
        answer = client.get(f"/blank/{name}")
        assert answer.status == 200
        wb = openpyxl.load_workbook(io.BytesIO(answer.body))
        assert wb.sheetnames == openpyxl.load_workbook(tmp_path / name).sheetnames
        assert "README" in wb.sheetnames
    assert client.get("/blank/..%2Fconsultations.xlsx").status == 404


def test_removing_an_upload_removes_its_folder(server):
    client = server.client()
    before = set(server.uploads())
    location = client.upload({"survey": ("survey.xlsx",
                                         (server.inputs / "survey.xlsx").read_bytes())}).location
    new = set(server.uploads()) - before
    assert len(new) == 1 and (new.pop() / "inputs" / "survey.xlsx").is_file()
    gone = client.post(f"{location}/remove", csrf=client.csrf(location))
    assert gone.status == 303
    assert set(server.uploads()) == before
    page = client.get(location)
    assert page.status == 404 and "Upload the workbooks again" in page.words()
    assert "Your files were removed from the server." in client.get(gone.location).words()


def opendocument(rows: list[list[str]]) -> bytes:
    """An .ods with one sheet, Consultations, of text cells, as the container checks and the
    reader see one (tests/inputs/test_opendocument.py has those LibreOffice writes)."""
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>'
        for v in row) + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
               '<office:spreadsheet><table:table table:name="Consultations">'
               f'{cells}</table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", "<manifest:manifest xmlns:manifest='urn:oasis:"
                   "names:tc:opendocument:xmlns:manifest:1.0'/>")
    return buffer.getvalue()


def test_an_opendocument_upload_is_checked_under_its_own_name(server, tmp_path):
    data = opendocument([["ID", "Scope", "Title", "Start date", "City", "Country", "Format",
                          "Status"],
                         ["G1", "Global", "A consultation", "2024-10-21", "Geneva",
                          "Tanzania", "Hybrid", "Held"]])
    (tmp_path / "consultations.ods").write_bytes(data)
    for name in ("survey.xlsx", "report.xlsx"):
        shutil.copyfile(server.inputs / name, tmp_path / name)
    expected = check(tmp_path)
    client = server.client()
    page = client.get(client.upload({"consultations": ("Consultations.ods", data)}).location)
    words = page.words()
    assert "You uploaded consultations.ods (“Consultations.ods”)." in words
    assert expected.errors and all(i.workbook == "consultations.ods" for i in expected.errors)
    for issue in expected.issues:
        assert str(issue).removeprefix(f"{issue.location}: ") in words
    assert "consultations.ods › Consultations" in words
    assert "(made with LibreOffice; it takes a few seconds)" in words
