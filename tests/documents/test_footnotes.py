"""Footnotes from the workbooks, as Word's own: read back from word/footnotes.xml with each
reference in its paragraph, after the punctuation, numbered in the order of the text;
counted in the word limit; the timetable's note lettered under its table."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from builders import write_inputs
from wsis_report.documents.errors import TemplateProblem
from wsis_report.documents.footnotes import Notes, apply
from wsis_report.documents.house_style.words import count_words, document_text
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    return {d.stage.name.value: d for d in build(ROOT / "inputs", ["progress", "ecosoc"],
                                                  ROOT / "templates", out)}


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: etree.fromstring(z.read(n)) for n in ("word/document.xml",
                                                          "word/footnotes.xml")
                if n in z.namelist()}


def references(data: bytes) -> list[tuple[str, str, str]]:
    """(the paragraph's text before the reference, the footnote's id, its text), in the
    order of the body."""
    found = parts(data)
    notes = {n.get(f"{W}id"): "".join(t.text for t in n.iter(f"{W}t"))
             for n in found["word/footnotes.xml"].iter(f"{W}footnote") if n.get(f"{W}type")
             is None}
    out = []
    for p in found["word/document.xml"].iter(f"{W}p"):
        text = ""
        for el in p.iter(f"{W}t", f"{W}tab", f"{W}footnoteReference"):
            if el.tag == f"{W}footnoteReference":
                out.append((text, el.get(f"{W}id"), notes.pop(el.get(f"{W}id"))))
            else:
                text += el.text or "" if el.tag == f"{W}t" else "\t"
    assert notes == {}  # every footnote is referred to, once
    return out


def test_the_final_reports_footnotes_sit_after_the_punctuation_of_their_paragraphs(sample):
    found = references(sample["ecosoc"].path.read_bytes())[2:]  # after the masthead's two
    expected = [
        ("…through the Council, to the General Assembly.",
         "Economic and Social Council resolution 2023/3."),
        ("…at its twenty-eighth session (Geneva, 7–11\u00a0April\u00a02025).",
         "See E/2025/31–E/CN.16/2025/4."),
        ("(a)\tThe launch of the CSTD series of open consultations, held at the IGF 2023 in "
         "Kyoto, Japan, on 10\u00a0October\u00a02023, in a hybrid format;",
         "See https://www.intgovforum.org/en/content/igf-2023."),
        ("(b)\tThe second global consultation, held at the UNCTAD eWeek 2023 in Geneva on "
         "4\u00a0December\u00a02023, in a hybrid format.",
         "See https://unctad.org/meeting/unctad-eweek-2023."),
        ("(d)\tThe regional consultation for Europe, held at the European Dialogue on Internet "
         "Governance (EuroDIG) 2024 in Vilnius on 17\u00a0June\u00a02024, in a hybrid format, "
         "with ECE;", "See https://eurodig.org/eurodig-2024/."),
        ("…which are analysed in chapter III.", "The questionnaire was open to all stakeholders "
         "on the website of the Commission; each response counts once, without weighting."),
        ("(a)\tA strong focus on issues concerning technology and infrastructure, access and "
         "inclusion, and digital priorities such as privacy and data protection;",
         "Answers to the open questions on priorities for the next decade."),
    ]
    assert [(before.endswith(end.lstrip("…")) or before, note)
            for (before, _, note), (end, _) in zip(found, expected)] == \
        [(True, note) for _, note in expected]
    ids = [int(i) for _, i, _ in found]
    assert ids == sorted(ids)  # numbered as Word numbers them: in the order of the text


def test_the_mastheads_notes_are_footnotes_with_marks_of_their_own(sample):
    agenda, late = references(sample["ecosoc"].path.read_bytes())[:2]
    assert agenda[0].endswith("Item 18 (b) of the provisional agenda") and agenda[2] == \
        "*E/2025/1."  # the mark, as Word writes it in the note, then the note
    assert late[0].endswith("a twenty-year review")
    assert late[2].startswith("**The present report was submitted after the deadline")
    body = parts(sample["ecosoc"].path.read_bytes())["word/document.xml"]
    marked = [r for r in body.iter(f"{W}footnoteReference")
              if r.get(f"{W}customMarkFollows") == "1"]
    assert [r.getparent().findtext(f"{W}t") for r in marked] == ["*", "**"]


def test_a_reference_is_a_raised_run_of_its_own(sample):
    body = parts(sample["ecosoc"].path.read_bytes())["word/document.xml"]
    for reference in body.iter(f"{W}footnoteReference"):
        run = reference.getparent()
        assert run.find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "FootnoteReference"
        # the number alone, no text of the paragraph; or the note's own mark
        assert run.findtext(f"{W}t") in (None, "*", "**")
    notes = docx.Document(sample["ecosoc"].path).styles
    assert notes["footnote reference"].font.superscript


def test_the_word_count_counts_the_footnotes(sample):
    data = sample["ecosoc"].path.read_bytes()
    body = len(document_text(data, ("word/document.xml",)).split())
    notes = len(document_text(data, ("word/footnotes.xml",)).split())
    assert notes >= 40 and count_words(data) == body + notes == sample["ecosoc"].words


def test_the_progress_report_cites_its_mandate_after_the_comma(sample):
    (first, *_) = references(sample["progress"].path.read_bytes())
    assert first[0].endswith("At the request of the Economic and Social Council,")
    assert first[2] == "Economic and Social Council resolution 2023/3."


def test_the_timetables_note_is_lettered_under_its_table(sample):
    document = docx.Document(sample["ecosoc"].path)
    table = next(t for t in document.tables if t.cell(0, 0).text == "Date")
    row = next(r for r in table.rows if "General Assembly meeting" in r.cells[1].text)
    runs = row.cells[1].paragraphs[0].runs
    assert [(r.text, r.font.superscript) for r in runs[-2:]] == [
        ("Presentation by the Commission during the General Assembly meeting", None),
        ("a", True)]
    after = table._tbl.getnext()
    note = docx.text.paragraph.Paragraph(after, document)
    assert note.style.name == "UN Note"
    runs = [(r.text, r.font.superscript) for r in note.runs]
    assert runs[0] == ("a", True) and not any(raised for _, raised in runs[1:])
    assert "".join(text for text, _ in runs[1:]) == \
        "\tThe dates of the meeting are to be decided by the General Assembly."


def test_blank_cells_write_no_footnote_and_no_part(tmp_path):
    (built,) = build(write_inputs(tmp_path / "in"), ["progress"], ROOT / "templates",
                     tmp_path / "out")
    found = parts(built.path.read_bytes())
    assert "word/footnotes.xml" not in found
    assert not list(found["word/document.xml"].iter(f"{W}footnoteReference"))
    assert "\ue000" not in document_text(built.path.read_bytes())


# --- the markers made Word's, on documents of their own ------------------------------------------

def test_a_footnote_splits_its_run_and_both_halves_keep_its_formatting():
    document = docx.Document()
    notes = Notes()
    run = document.add_paragraph().add_run(f"Bold text.{notes.footnote('A note')} And more.")
    run.bold = True
    assert apply(document, notes, "t.docx") == 1
    runs = document.paragraphs[0]._p.findall(f"{W}r")
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in runs] == ["Bold text.", "",
                                                                         " And more."]
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in runs)  # bold, the number too
    out = io.BytesIO()
    document.save(out)
    notes_xml = parts(out.getvalue())["word/footnotes.xml"]
    assert "".join(notes_xml.itertext()) == "A note."
    # a template without footnotes gets Word's separators, named in its settings, and the
    # two styles of notes
    assert [n.get(f"{W}type") for n in notes_xml] == ["separator", "continuationSeparator",
                                                      None]
    assert document.settings.element.find(f"{W}footnotePr") is not None
    assert {"footnote text", "footnote reference"} <= {s.name for s in document.styles}


def test_a_blank_value_writes_no_marker_and_text_ends_with_a_full_stop():
    notes = Notes()
    assert notes.footnote(None) == notes.footnote("  ") == notes.table_note("") == ""
    notes.footnote("https://unctad.org", "See")
    notes.footnote("Is it?")
    assert notes.footnotes == ["See https://unctad.org.", "Is it?"]


def test_a_footnote_written_in_a_header_is_refused_with_the_part():
    document = docx.Document()
    notes = Notes()
    document.sections[0].header.paragraphs[0].add_run(f"Symbol{notes.footnote('No.')}")
    with pytest.raises(TemplateProblem) as caught:
        apply(document, notes, "draft.docx")
    assert caught.value.template == "draft.docx"
    assert "outside the body (/word/header1.xml)" in caught.value.message


def test_table_notes_are_lettered_from_a_in_each_table():
    notes = Notes()
    marks = [notes.table_note("One."), notes.table_note(None), notes.table_note("Two.")]
    assert [n.letter for n in notes.table_notes()] == ["a", "b"]
    assert notes.table_notes() == []  # given once, for the table just rendered
    notes.table_note("Next table.")
    assert [n.letter for n in notes.table_notes()] == ["a"]
    assert marks[1] == "" and re.fullmatch("\ue000s\\d+\ue001", marks[0])
