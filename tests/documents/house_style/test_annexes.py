"""Annexes and tables as a UN editor reads them in the built documents: each table with its
label, title and source line.

An editor found annex III's first paragraph numbered "19.", on from the body, and opening
with a sentence that repeated paragraph 3 of the introduction: an annex numbers its own
paragraphs from 1 and gives the deliberations, not when the draft was considered."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph
from lxml import etree

from wsis_report.pipeline import build
from wsis_report.review.snapshot.numbering import Numbering, blocks

ROOT = Path(__file__).resolve().parents[3]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    docs = build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates", out)
    return {d.stage.name.value: d.path for d in docs}


def labelled(path: Path) -> list[tuple[str, str, str]]:
    """(label, section, text) of every paragraph, numbered as Word numbers it: the lists of
    numbering.xml, linked to the paragraphs' styles in styles.xml."""
    with zipfile.ZipFile(path) as z:
        numbering = Numbering(z.read("word/styles.xml"), z.read("word/numbering.xml"))
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    return [(b.label, b.section, b.text) for b in blocks(body, numbering) if b.kind == "paragraph"]


def numbered(paragraphs) -> list[int]:
    return [int(label) for label, _, _ in paragraphs if label.isdigit()]


def test_annex_iii_numbers_its_paragraphs_from_one_and_the_body_keeps_its_numbers(built):
    paragraphs = labelled(built["ecosoc"])
    start = next(i for i, (_, _, text) in enumerate(paragraphs) if text == "Annex III")
    body, annex = paragraphs[:start], paragraphs[start:]
    assert numbered(body) == list(range(1, 19))  # 1-18, as before the annex had its own list
    # cited as a reader cites them, "annex III, 1", never taken for the body's paragraph 1
    ours = [int(label.rpartition(", ")[2]) for label, _, _ in annex
            if label.startswith("annex III, ") and label.rpartition(", ")[2].isdigit()]
    assert numbered(annex) == [] and ours and ours == list(range(1, len(ours) + 1)), annex[:4]
    assert [label for label, _, _ in annex[3:6]] == ["annex III, 1 (a)", "annex III, 1 (b)",
                                                     "annex III, 1 (c)"]
    # the draft, which has no annex III, numbers its body as before: no paragraph 3 on the
    # session, so one fewer
    assert numbered(labelled(built["draft"])) == list(range(1, 18))


def test_the_annex_list_is_a_list_of_its_own_in_numbering_xml(built):
    with zipfile.ZipFile(built["ecosoc"]) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml"))

    def list_of(style_id):
        (style,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == style_id]
        num_id = style.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        (num,) = [n for n in numbering.iter(f"{W}num") if n.get(f"{W}numId") == num_id]
        return num.find(f"{W}abstractNumId").get(f"{W}val"), num

    body, _ = list_of("UNNumberedParagraph")
    annex, num = list_of("UNAnnexParagraph")
    restarts = num.find(f"{W}lvlOverride/{W}startOverride")
    assert annex != body or (restarts is not None and restarts.get(f"{W}val") == "1")


def test_annex_iii_gives_the_deliberations_without_repeating_the_introduction(built):
    paragraphs = labelled(built["ecosoc"])
    third = next(text for label, _, text in paragraphs if label == "3")
    assert third.startswith("The Commission considered a draft of the present report")
    start = next(i for i, (_, _, text) in enumerate(paragraphs) if text == "Annex III")
    opening = next(text for label, _, text in paragraphs[start:] if label == "annex III, 1")
    assert "draft of the present report" not in opening, opening
    words, seen = third.split(), opening.split()
    shared = {tuple(words[i:i + 5]) for i in range(len(words) - 4)} & \
        {tuple(seen[i:i + 5]) for i in range(len(seen) - 4)}
    assert not shared, shared  # no five words in a row of paragraph 3
    assert opening.endswith("the following:")


def after_table(path: Path, first_heading: str) -> list[str]:
    """The paragraphs (style name: text) between the table whose first cell is
    ``first_heading`` and the next paragraph that is no note or source."""
    document = docx.Document(path)
    body = list(document.element.body.iterchildren())
    (table,) = [t for t in document.tables if t.cell(0, 0).text == first_heading]
    following = []
    for element in body[body.index(table._tbl) + 1:]:
        if element.tag != f"{W}p":
            break
        p = Paragraph(element, document)
        if p.style.name not in ("UN Note", "UN Source"):
            break
        following.append(f"{p.style.name}: {p.text}")
    return following


@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_the_timetable_has_its_source_line_under_its_notes(built, stage):
    following = after_table(built[stage], "Date")
    assert following[-1] == "UN Source: Source: CSTD secretariat.", following
    assert all(line.startswith("UN Note: ") for line in following[:-1]), following
    document = docx.Document(built[stage])
    assert document.styles["UN Source"].font.italic


def labelled_tables(path: Path) -> dict[str, tuple[str, str, object]]:
    """Each table: its label ("Table 2") -> (its title, the paragraph under it and its
    notes, its w:tblPr)."""
    document = docx.Document(path)
    body = list(document.element.body.iterchildren())
    found = {}
    for table in document.tables:
        at = body.index(table._tbl)
        before = [Paragraph(e, document) for e in body[at - 2:at]]
        label, title = (p.text for p in before)
        found[label] = (title, after_table(path, table.cell(0, 0).text), table._tbl.tblPr)
    return found


def table_properties(tbl_pr) -> dict[str, str]:
    """What sets a table's place and look: width, indent, borders, layout (not its text)."""
    keep = ("tblW", "jc", "tblInd", "tblBorders", "tblLayout", "tblCellMar")
    return {etree.QName(e).localname: etree.tostring(e) for e in tbl_pr
            if etree.QName(e).localname in keep}


@pytest.mark.parametrize("stage", ["draft", "ecosoc"])
def test_the_annex_i_table_is_set_as_tables_1_3_and_4_are(built, stage):
    tables = labelled_tables(built[stage])
    assert sorted(tables) == ["Table 1", "Table 2", "Table 3", "Table 4"], sorted(tables)
    title, following, consultations = tables["Table 2"]
    assert title == "Dates, places, formats and status of the consultations"
    assert following == ["UN Source: Source: CSTD secretariat."]
    indent = consultations.find(f"{W}tblInd")
    assert indent is not None and int(indent.get(f"{W}w")) == round(1.9 / 2.54 * 1440)
    for other in ("Table 1", "Table 3", "Table 4"):
        assert table_properties(consultations) == table_properties(tables[other][2]), other
    document = docx.Document(built[stage])
    paras = [p.text.replace("\u00a0", " ") for p in document.paragraphs]
    # annex I's table comes before annex II's: the body names these as tables 3 and 4
    assert any("tables 3 and 4, in annex II, give their numbers" in p for p in paras)
    annex_i, annex_ii = paras.index("Annex I"), paras.index("Annex II")
    assert annex_i < paras.index("Table 2") < annex_ii < paras.index("Table 3")


def test_the_progress_report_keeps_its_three_tables(built):
    tables = labelled_tables(built["progress"])
    assert sorted(tables) == ["Table 1", "Table 2", "Table 3"]
    assert all(following[-1].startswith("UN Source: Source: ")
               for _, following, _ in tables.values())
