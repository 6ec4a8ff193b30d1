"""PowerPoint templates that are not presentations, or not safe ones: refused by their bytes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wsis_report.inputs.reading.container import WorkbookProblem, inspect_presentation

from zip_parts import rezip

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE = ROOT / "templates" / "progress.pptx"


def refused(path: Path) -> str:
    with pytest.raises(WorkbookProblem) as caught:
        inspect_presentation(path)
    assert caught.value.issue.workbook == path.name
    return caught.value.issue.code


def edited_template(folder: Path, part: str, change) -> Path:
    """A copy of the bundled template with ``part`` passed through ``change``."""
    path = folder / "progress.pptx"
    shutil.copyfile(TEMPLATE, path)
    rezip(path, lambda name, data: change(data) if name == part else data)
    return path


def test_the_bundled_template_is_accepted():
    assert inspect_presentation(TEMPLATE) is None


@pytest.mark.parametrize("content, code", [
    (b"", "not-a-presentation"),
    (b"Title,Presenter\nA,B\n", "not-a-presentation"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "not-a-presentation"),
    (b"PK\x03\x04 truncated", "damaged-file"),
])
def test_files_that_are_not_presentations(tmp_path, content, code):
    path = tmp_path / "progress.pptx"
    path.write_bytes(content)
    assert refused(path) == code


def test_a_word_document_renamed_pptx(tmp_path):
    path = tmp_path / "progress.pptx"
    shutil.copyfile(ROOT / "templates" / "progress.docx", path)
    assert refused(path) == "not-a-presentation"


def test_a_part_that_declares_entities(tmp_path):
    path = edited_template(tmp_path, "ppt/presentation.xml", lambda data: data.replace(
        b"?>", b'?><!DOCTYPE p [<!ENTITY a "aaaa">]>', 1))
    assert refused(path) == "xml-entities"


def test_a_powerpoint_template_file_is_not_a_presentation(tmp_path):
    path = edited_template(tmp_path, "[Content_Types].xml", lambda data: data.replace(
        b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"))
    assert refused(path) == "not-a-presentation"
