"""Template files get the workbooks' container checks before they are opened, and
may include only a .docx of their folder, never themselves, never extend."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import docx
import pytest

from wsis_report.cli import main
from wsis_report.documents.errors import TemplateProblem
from wsis_report.pipeline import build

from zip_parts import rezip

ROOT = Path(__file__).resolve().parents[3]


def refused(stage: str, templates: Path, out: Path) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", [stage], templates, out)
    assert not out.exists()
    return caught.value


def as_docm(name: str, data: bytes) -> bytes:
    if name == "[Content_Types].xml":
        return data.replace(b"wordprocessingml.document.main+xml",
                            b"ms-word.document.macroEnabled.main+xml")
    return data


def test_a_docm_renamed_docx_is_refused_before_it_is_opened(templates, tmp_path, capsys):
    rezip(templates / "progress.docx", as_docm, [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")])
    code = main(["--stage", "progress", "--templates", str(templates),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1
    assert "progress.docx: is a macro-enabled Word document (.docm)" in err
    assert "save it as Word Document (.docx)" in err and "internal error" not in err
    assert not (tmp_path / "out").exists()


def test_an_included_template_is_checked_too(templates, tmp_path):
    rezip(templates / "_report-body.docx", as_docm)
    problem = refused("ecosoc", templates, tmp_path / "out")
    assert problem.template == "_report-body.docx" and "macro-enabled" in problem.message


def test_an_entity_bomb_behind_a_long_comment_is_refused_quickly(templates, tmp_path):
    bomb = (b'<?xml version="1.0"?><!--' + b"x" * 8000 + b'--><!DOCTYPE w [<!ENTITY a "aaaa">'
            + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10)
                       for i in range(1, 12)) + b"]>")

    def poison(name, data):
        return bomb + data[data.index(b"?>") + 2:] if name == "word/document.xml" else data

    rezip(templates / "progress.docx", poison)
    started = time.perf_counter()
    problem = refused("progress", templates, tmp_path / "out")
    assert time.perf_counter() - started < 5
    assert "(word/document.xml) that declares XML entities" in problem.message


def test_a_part_that_unpacks_too_large_is_refused_on_its_declared_size(templates, tmp_path):
    with zipfile.ZipFile(templates / "progress.docx", "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/media/filler.bin", "w", force_zip64=True) as f:
            chunk = b"\x00" * (1 << 20)
            for _ in range(60):
                f.write(chunk)
    assert (templates / "progress.docx").stat().st_size < 2 * 2**20
    problem = refused("progress", templates, tmp_path / "out")
    assert "word/media/filler.bin: 60 MB" in problem.message
    assert "part over 50 MB" in problem.message


def test_a_template_that_is_not_a_readable_word_document_is_named(templates, tmp_path):
    with zipfile.ZipFile(templates / "progress.docx", "a") as z:  # a part of no known type
        z.writestr("word/media/odd.bin", b"data")
    document = (templates / "progress.docx")
    rezip(document, lambda name, data: data.replace(
        b"</Relationships>", b'<Relationship Id="rIdOdd" Type="http://schemas.openxmlformats.'
        b'org/officeDocument/2006/relationships/image" Target="media/odd.bin"/>'
        b"</Relationships>") if name == "word/_rels/document.xml.rels" else data)
    problem = refused("progress", templates, tmp_path / "out")
    assert problem.template == "progress.docx"
    assert "cannot be opened as a Word document" in problem.message
    assert "no content type" in problem.message


@pytest.mark.parametrize("content, says", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Word 97–2003 document (.doc)"),
    (b"Title,Date\nA,B\n", "is not a Word document"),
    (b"", "is an empty file"),
    (b"PK\x03\x04 truncated", "is damaged"),
])
def test_files_that_are_not_word_documents_are_named(templates, tmp_path, content, says):
    (templates / "progress.docx").write_bytes(content)
    problem = refused("progress", templates, tmp_path / "out")
    assert problem.template == "progress.docx" and says in problem.message


@pytest.mark.parametrize("paragraph, says", [
    ('{%p include "/etc/hostname.docx" %}', "other than a .docx file of the templates folder"),
    ('{%p include "../templates/_report-body.docx" %}', "by its name alone"),
    ('{%p include doc.title %}', "named in quotes"),
    ('{%p include "progress.docx" %}', "includes it in turn (or is itself)"),
    ('{% extends "_report-body.docx" %}', "uses {% extends %}"),
    ('{% from "_report-body.docx" import x %}', "uses {% from … import %}"),
])
def test_includes_are_files_of_the_folder_and_never_loop(templates, tmp_path, paragraph, says):
    document = docx.Document(templates / "progress.docx")
    document.add_paragraph(paragraph)
    document.save(templates / "progress.docx")
    problem = refused("progress", templates, tmp_path / "out")
    assert says in problem.message
    assert paragraph.split()[2] in problem.around


def test_two_templates_including_each_other_are_refused(templates, tmp_path):
    document = docx.Document(templates / "_report-body.docx")
    document.add_paragraph('{%p include "draft.docx" %}')
    document.save(templates / "_report-body.docx")
    problem = refused("draft", templates, tmp_path / "out")
    assert "'draft.docx', which includes it in turn" in problem.message


def test_a_macro_calling_itself_is_stopped_plainly(templates, tmp_path):
    document = docx.Document(templates / "progress.docx")
    document.add_paragraph("{% macro again() %}{{ again() }}{% endmacro %}{{ again() }}")
    document.save(templates / "progress.docx")
    problem = refused("progress", templates, tmp_path / "out")
    assert "calls itself without end" in problem.message
