"""Word documents (templates, reviewers' copies, the redline's OLD and NEW) are checked
by their bytes and the zip's directory before any XML in them is parsed."""

from __future__ import annotations

import zipfile

import pytest

from wsis_report.inputs.reading import container
from wsis_report.inputs.reading.container import DocumentProblem, inspect_docx


def document(path, parts=1, size=10):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>" + " " * size)
        for n in range(parts - 1):
            z.writestr(f"word/media/part{n}.bin", b"x")
    return path


def refused(path, **limits) -> DocumentProblem:
    with pytest.raises(DocumentProblem) as problem:
        inspect_docx(path, **limits)
    return problem.value


def test_a_small_document_passes(tmp_path):
    assert inspect_docx(document(tmp_path / "ok.docx")) is None


def test_too_many_parts(tmp_path):
    problem = refused(document(tmp_path / "many.docx", parts=container.MAX_PARTS + 1))
    assert problem.name == "many.docx" and "2,002 parts" in problem.message
    assert "workbook" not in problem.message and problem.hint == container.SAVE_AS_DOCX


def test_a_part_that_unpacks_too_large(tmp_path):
    problem = refused(document(tmp_path / "bomb.docx", size=2_000), max_part=1_000)
    assert "word/document.xml" in problem.message


def test_a_missing_file_and_an_opendocument_text(tmp_path):
    assert "cannot be opened" in refused(tmp_path / "nowhere.docx").message
    with zipfile.ZipFile(tmp_path / "text.docx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in refused(tmp_path / "text.docx").message
