"""Files that are not workbooks, or not safe ones: recognised by their bytes."""

from __future__ import annotations

import time
import zipfile

import docx
import pytest

from wsis_report import check

from builders import write_inputs
from zip_parts import rezip


def only_error(folder, workbook="survey.xlsx"):
    report = check(folder)
    (issue,) = [i for i in report.errors]
    assert issue.workbook == workbook
    return issue


@pytest.fixture
def folder(tmp_path):
    return write_inputs(tmp_path)


def test_empty_file(folder):
    (folder / "survey.xlsx").write_bytes(b"")
    assert only_error(folder).code == "empty-file"


def test_truncated_file(folder):
    data = (folder / "survey.xlsx").read_bytes()
    (folder / "survey.xlsx").write_bytes(data[: len(data) // 2])
    issue = only_error(folder)
    assert issue.code == "damaged-file"
    assert "copied completely" in issue.message


def test_old_xls_and_password_protected_are_told_apart(folder):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    (folder / "survey.xlsx").write_bytes(ole + "Workbook".encode("utf-16-le"))
    issue = only_error(folder)
    assert issue.code == "old-excel-format" and "Excel Workbook (.xlsx)" in issue.hint
    (folder / "survey.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le"))
    issue = only_error(folder)
    assert issue.code == "password-protected" and "password" in issue.hint


def test_csv_renamed(folder):
    (folder / "survey.xlsx").write_text("Field,Value\nTotal responses,12\n")
    issue = only_error(folder)
    assert (issue.code, issue.message) == (
        "not-a-workbook", "is a text or CSV file, although its name ends in .xlsx")


def test_word_document_renamed(folder):
    docx.Document().save(folder / "survey.xlsx")
    issue = only_error(folder)
    assert (issue.code, issue.message) == ("not-a-workbook", "is a Word document, not a workbook")


def test_xlsb_and_strict_open_xml(folder):
    rezip(folder / "survey.xlsx", lambda n, d: d if n != "xl/workbook.xml" else None)
    with zipfile.ZipFile(folder / "survey.xlsx", "a") as z:
        z.writestr("xl/workbook.bin", b"\x83\x01")
    assert only_error(folder).code == "binary-workbook"
    write_inputs(folder)
    rezip(folder / "survey.xlsx", lambda n, d: d.replace(
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main") if n == "xl/workbook.xml" else d)
    assert only_error(folder).code == "strict-open-xml"


def test_xlsm_is_read_for_its_values(folder):
    rezip(folder / "survey.xlsx", lambda n, d: d.replace(
        b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
        if n == "[Content_Types].xml" else d)
    report = check(folder)
    assert report.valid
    assert [(i.code, i.workbook) for i in report.warnings] == [("workbook-note", "survey.xlsx")]


def test_owner_file_of_an_open_workbook_is_a_warning_not_read(folder):
    (folder / "~$survey.xlsx").write_bytes(b"\x0bJane Editor" + b"\x00" * 150)
    report = check(folder)
    assert report.valid
    assert [(i.code, i.workbook) for i in report.warnings] == [("open-elsewhere", "survey.xlsx")]


def test_zip_bomb_is_refused_on_declared_sizes_quickly(folder):
    def bomb(name, data):
        return data

    rezip(folder / "survey.xlsx", bomb)
    with zipfile.ZipFile(folder / "survey.xlsx", "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/filler.bin", "w", force_zip64=True) as f:
            chunk = b"\x00" * (1 << 20)
            for _ in range(260):
                f.write(chunk)
    assert (folder / "survey.xlsx").stat().st_size < 2 * 2**20
    started = time.perf_counter()
    issue = only_error(folder)
    assert time.perf_counter() - started < 5
    assert issue.code == "too-large"
    assert "xl/media/filler.bin" in issue.message and "260 MB" in issue.message


def test_too_many_parts(folder):
    with zipfile.ZipFile(folder / "survey.xlsx", "a") as z:
        for i in range(2_001):
            z.writestr(f"xl/junk/{i}.xml", b"")
    assert only_error(folder).code == "too-many-parts"


def test_entity_bomb_and_external_entity_are_refused_without_leaking(folder, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    lol = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b'<!ENTITY xxe SYSTEM "file://' + str(secret).encode() + b'">]>')

    def poison(name, data):
        if name == "xl/sharedStrings.xml" or name.endswith("sheet1.xml"):
            return lol + data[data.index(b"?>") + 2:] if data.startswith(b"<?xml") else lol + data
        return data

    rezip(folder / "survey.xlsx", poison)
    started = time.perf_counter()
    report = check(folder)
    assert time.perf_counter() - started < 5
    assert not report.valid
    assert "TOP-SECRET" not in str(report.to_dict())
    assert [(i.code, i.workbook) for i in report.errors] == [("xml-entities", "survey.xlsx")]


def test_an_opendocument_text_renamed_is_not_a_workbook(folder):
    # OpenDocument spreadsheets are read (tests/inputs/test_opendocument.py); a text
    # document under a workbook's name is not one
    with zipfile.ZipFile(folder / "survey.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    issue = only_error(folder)
    assert issue.code == "not-a-workbook" and "(text)" in issue.message and ".ods" in issue.hint


def test_an_encrypted_opendocument_spreadsheet_is_refused_as_password_protected(folder):
    (folder / "survey.xlsx").unlink()
    with zipfile.ZipFile(folder / "survey.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "encrypted bytes")
        z.writestr("META-INF/manifest.xml", '<manifest:manifest><manifest:file-entry><manifest:'
                   'encryption-data/></manifest:file-entry></manifest:manifest>')
    issue = only_error(folder, "survey.ods")
    assert issue.code == "password-protected"


def test_annotate_never_opens_a_workbook_refused_as_unsafe(folder, tmp_path, monkeypatch):
    import openpyxl

    from wsis_report.editors.annotate import annotate_workbooks

    with zipfile.ZipFile(folder / "survey.xlsx", "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/filler.bin", "w", force_zip64=True) as f:
            for _ in range(260):
                f.write(b"\x00" * (1 << 20))
    report = check(folder)
    assert any(i.workbook == "survey.xlsx" for i in report.errors)

    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda path, *a, **k: opened.append(path))
    assert annotate_workbooks(folder, report, tmp_path / "dist") == ([], [])
    assert opened == []  # the annotator swallows what openpyxl raises: count the calls
