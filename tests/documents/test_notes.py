"""Footnotes and endnotes are templates too: their tags are rendered and checked,
and a fault in one is named with the part and its text."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from wsis_report.documents.errors import TemplateProblem
from wsis_report.documents.words import document_text
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_note(path: Path, kind: str, text: str) -> None:
    """Adds a ``kind`` ("footnote" or "endnote") holding ``text``, referred to from a
    new last paragraph, to the template at ``path``."""
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s {W}>'
             f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
             f'<w:continuationSeparator/></w:r></w:p></w:{kind}><w:{kind} w:id="1"><w:p>'
             f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:{kind}></w:{kind}s>')
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts[f"word/{kind}s.xml"] = notes.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/word/{kind}s.xml" ContentType="application/vnd.'
                     f'openxmlformats-officedocument.wordprocessingml.{kind}s+xml"/></Types>'
                     .encode())
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rId{kind}s" Type="{REL}/{kind}s" '
                             f'Target="{kind}s.xml"/></Relationships>'.encode())
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:sectPr", f'<w:p><w:r><w:{kind}Reference w:id="1"/></w:r></w:p><w:sectPr'.encode(), 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_a_misspelled_name_in_a_note_is_named_with_the_part_and_its_text(
        templates, tmp_path, kind):
    with_note(templates / "progress.docx", kind, f"Source: {{{{ survy.total }}}} replies")
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
    assert document_text(doc.path.read_bytes(), (f"word/{kind}s.xml",)).strip() == \
        "Venue: Geneva"


def test_a_fault_in_a_text_box_is_named_with_its_text(templates, tmp_path):
    path = templates / "progress.docx"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    box = ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
           'style="width:100pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r>'
           '<w:t>Boxed {{ survy.total }} text</w:t></w:r></w:p></w:txbxContent></v:textbox>'
           '</v:shape></w:pict></w:r></w:p>')
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:sectPr", box.encode() + b"<w:sectPr", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", ["progress"], templates, tmp_path / "out")
    assert "'survy'" in caught.value.message
    assert caught.value.around == "Boxed {{ survy.total }} text"
