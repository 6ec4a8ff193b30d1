"""Word documents (the redline's OLD and NEW) pass the workbooks' safety limits."""

from __future__ import annotations

import zipfile

import pytest

from wsis_report.inputs import container
from wsis_report.inputs.container import WorkbookProblem, inspect_docx


def document(path, parts=1, size=10):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>" + " " * size)
        for n in range(parts - 1):
            z.writestr(f"word/media/part{n}.bin", b"x")
    return path


def refused(path):
    with pytest.raises(WorkbookProblem) as problem:
        inspect_docx(path)
    return problem.value.issue


def test_a_small_document_passes(tmp_path):
    assert inspect_docx(document(tmp_path / "ok.docx")) is None


def test_too_many_parts(tmp_path):
    issue = refused(document(tmp_path / "many.docx", parts=container.MAX_PARTS + 1))
    assert issue.code == "too-many-parts" and issue.workbook == "many.docx"
    assert "Word document" in issue.message and "workbook" not in issue.message
    assert issue.hint == container.SAVE_AS_DOCX


def test_a_part_that_unpacks_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(container, "MAX_PART_BYTES", 1_000)
    issue = refused(document(tmp_path / "bomb.docx", size=2_000))
    assert issue.code == "too-large" and "word/document.xml" in issue.message


def test_a_missing_file_and_an_opendocument_text(tmp_path):
    assert refused(tmp_path / "nowhere.docx").code == "file-unreadable"
    with zipfile.ZipFile(tmp_path / "text.docx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    assert refused(tmp_path / "text.docx").code == "opendocument"
