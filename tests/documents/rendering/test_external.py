"""A built document reaches nothing outside itself: an attached template is dropped,
web links are kept, linked pictures, file links and pulling fields stop the build."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from wsis_report.documents.errors import TemplateProblem
from wsis_report.pipeline import build

from reach import add_field, add_hyperlink, attach_template, link_pictures

ROOT = Path(__file__).resolve().parents[3]


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def refused(templates: Path, out: Path) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", ["progress"], templates, out)
    assert not out.exists()
    return caught.value


def test_an_attached_template_is_dropped_and_web_links_kept(templates, tmp_path):
    attach_template(templates / "progress.docx", "http://example.org/Normal.dotm")
    add_hyperlink(templates / "progress.docx", "the CSTD site", "https://unctad.org/cstd")
    (doc,) = build(ROOT / "inputs", ["progress"], templates, tmp_path / "out")
    written = parts(doc.path)
    everything = b"".join(written.values())
    assert b"attachedTemplate" not in everything and b"example.org" not in everything
    external = [line for name, data in written.items() if name.endswith(".rels")
                for line in data.split(b"<Relationship ") if b'TargetMode="External"' in line]
    assert len(external) == 1 and b'Target="https://unctad.org/cstd"' in external[0]
    assert b"the CSTD site" in written["word/document.xml"]


@pytest.mark.parametrize("target", ["http://127.0.0.1:9/picture.png", "file:///etc/hostname"])
def test_a_linked_picture_stops_the_build_with_where_it_points(templates, tmp_path, target):
    link_pictures(templates / "progress.docx", target)
    problem = refused(templates, tmp_path / "out")
    assert problem.template == "progress.docx"
    assert f"a picture linked to '{target}'" in problem.message
    assert "word/_rels/document.xml.rels" in problem.message


@pytest.mark.parametrize("target", ["file:///etc/passwd", "\\\\server\\share\\x.docx"])
def test_a_link_to_a_file_stops_the_build(templates, tmp_path, target):
    add_hyperlink(templates / "progress.docx", "a file", target)
    problem = refused(templates, tmp_path / "out")
    assert "not a web page or an e-mail address" in problem.message


@pytest.mark.parametrize("code", ['INCLUDEPICTURE "http://127.0.0.1:9/x.png" \\d',
                                  'INCLUDETEXT "C:\\\\secret.docx"', 'DDEAUTO cmd "/c calc"'])
def test_a_field_that_pulls_content_in_stops_the_build(templates, tmp_path, code):
    add_field(templates / "progress.docx", code, "shown")
    problem = refused(templates, tmp_path / "out")
    assert f"has a field ({code.split()[0]}, in word/document.xml)" in problem.message
