"""Footnotes and endnotes are templates too: their tags are rendered and checked,
and a fault in one is named with the part and its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from wsis_report.documents.errors import TemplateProblem
from wsis_report.documents.house_style.words import document_text
from wsis_report.pipeline import build

from zip_parts import rezip, with_note

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_a_misspelled_name_in_a_note_is_named_with_the_part_and_its_text(
        templates, tmp_path, kind):
    with_note(templates / "progress.docx", kind, "Source: {{ survy.total }} replies")
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", ["progress"], templates, tmp_path / "out")
    assert caught.value.template == f"progress.docx ({kind}s)"
    assert "'survy'" in caught.value.message
    assert caught.value.around == "Source: {{ survy.total }} replies"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_tags_in_notes_are_rendered(templates, tmp_path, kind):
    with_note(templates / "progress.docx", kind, "Venue: {{ doc.venue }}")
    (doc,) = build(ROOT / "inputs", ["progress"], templates, tmp_path / "out")
    notes = document_text(doc.path.read_bytes(), (f"word/{kind}s.xml",)).strip().splitlines()
    assert notes[0] == "Venue: Geneva"
    # the footnotes the toolkit writes from the workbooks follow the drafter's own
    assert (notes[1:3] == [" Economic and Social Council resolution 2023/3.",
                           " See https://www.intgovforum.org/en/content/igf-2023."]) \
        == (kind == "footnote")


def test_a_fault_in_a_text_box_is_named_with_its_text(templates, tmp_path):
    path = templates / "progress.docx"
    box = ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
           'style="width:100pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r>'
           '<w:t>Boxed {{ survy.total }} text</w:t></w:r></w:p></w:txbxContent></v:textbox>'
           '</v:shape></w:pict></w:r></w:p>')
    rezip(path, lambda name, data: data.replace(b"<w:sectPr", box.encode() + b"<w:sectPr", 1)
          if name == "word/document.xml" else data)
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", ["progress"], templates, tmp_path / "out")
    assert "'survy'" in caught.value.message
    assert caught.value.around == "Boxed {{ survy.total }} text"
