"""The bundled sample's three documents read as a UN editor would pass them: acronyms spelled
out before their first use, dates and units that cannot break across lines, bare numbers in
a "Per cent" column whose shares are rounded as a reader checks them and add up (or say why),
italic source lines, a figure and its table titled apart."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.text.paragraph import Paragraph

from wsis_report.documents.house_style.words import document_text
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[3]
ACRONYMS = ["WSIS", "CSTD", "IGF", "ICT", "UNCTAD", "ECA", "ESCWA", "ESCAP", "ECE", "ECLAC"]
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    docs = build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates", out)
    return {d.stage.name.value: d.path for d in docs}


@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_acronyms_are_spelled_out_at_their_first_use(built, stage):
    text = document_text(built[stage].read_bytes())
    for acronym in ACRONYMS:
        first = re.search(rf"\b{acronym}\b", text)
        assert first, acronym
        assert text[first.start() - 1:first.end() + 1] == f"({acronym})", (
            acronym, text[max(0, first.start() - 60):first.end()])
    assert "ECOSOC" not in text  # the Economic and Social Council is never abbreviated


@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_dates_and_units_do_not_break_across_lines(built, stage):
    text = document_text(built[stage].read_bytes())
    assert not re.findall(rf"\b\d{{1,2}} (?:{MONTHS})\b|\b(?:{MONTHS}) \d{{4}}\b", text)
    assert re.search(rf"\d{{1,2}}\u00a0(?:{MONTHS})\u00a0\d{{4}}", text)
    assert not re.search(r"\d per cent", text)


def test_tables_figures_and_sources_as_the_house_sets_them(built):
    document = docx.Document(built["ecosoc"])
    paras = [p for p in document.paragraphs if p.text.strip()]
    titles = {}
    for label, name in zip(paras, paras[1:]):
        if re.fullmatch(r"(Figure [IVX]+|Table \d+)", label.text):
            titles[label.text] = name.text
    assert titles["Figure I"] != titles["Table 3"] and titles["Figure II"] != titles["Table 4"]
    sources = [p for p in paras if p.text.startswith("Source:")]
    # every figure and every table has its source line: the timetable and annex I's too
    assert len(sources) == len(titles) == 6, (sorted(titles), [p.text for p in sources])
    assert all(p.style.font.italic or all(r.italic for r in p.runs) for p in sources)
    tally = next(t for t in document.tables if t.rows[0].cells[-1].text == "Per cent")
    assert all(re.fullmatch(r"\d+\.\d", row.cells[-1].text) for row in tally.rows[1:])


def tally_tables(path: Path) -> list[tuple[list[tuple[int, str]], str]]:
    """Each "Per cent" table: its (count, share as printed) rows and the paragraph after it."""
    document = docx.Document(path)
    body = list(document.element.body.iterchildren())
    found = []
    for table in document.tables:
        if table.rows[0].cells[-1].text != "Per cent":
            continue
        rows = [(int(r.cells[1].text.replace(",", "")), r.cells[2].text) for r in table.rows[1:-1]]
        after = body[body.index(table._tbl) + 1]
        found.append((rows, Paragraph(after, document).text))
    return found


@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_every_share_is_rounded_as_a_reader_checks_it_and_the_column_adds_up_or_says_why(
        built, stage):
    tables = tally_tables(built[stage])
    assert len(tables) == 2
    for rows, after in tables:
        total = sum(count for count, _ in rows)
        for count, printed in rows:  # a half rounded up, as in Excel: 7 of 112 is 6.3
            exact = 1000 * count / total
            assert printed == f"{int(exact + 0.5) / 10:.1f}", (count, total, printed)
        adds_up = round(sum(float(p) for _, p in rows), 1) == 100.0
        note = "Note: Owing to rounding, the percentages may not add up to the total."
        assert (after == note) != adds_up, (stage, [p for _, p in rows], after)


def test_shares_that_add_up_carry_no_note(tmp_path):
    from builders import write_inputs

    inputs = write_inputs(tmp_path / "in", By_stakeholder_group=[
        {"Stakeholder group": "Government", "Responses": 1},
        {"Stakeholder group": "Civil society", "Responses": 2}], By_region=[
        {"Region": "Africa", "Responses": 1}, {"Region": "Europe", "Responses": 1},
        {"Region": "Asia and the Pacific", "Responses": 1}],
        Survey={"Questionnaire circulated": "16 September 2023", "Total responses": 3})
    (doc,) = build(inputs, ["progress"], ROOT / "templates", tmp_path / "out")
    (group, group_after), (region, region_after) = tally_tables(doc.path)
    assert [p for _, p in group] == ["33.3", "66.7"] and group_after.startswith("Source:")
    assert [p for _, p in region] == ["33.3", "33.3", "33.3"]
    assert region_after.startswith("Note: Owing to rounding")


@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_no_heading_or_lead_in_is_left_alone_at_the_foot_of_a_page(built, stage):
    # Headings keep with the next paragraph through their style; a lead-in ending in a colon
    # keeps with its first subparagraph (an editor saw "15. The key messages were the
    # following:" alone at the foot of a page).
    document = docx.Document(built[stage])
    paras = [p for p in document.paragraphs if p.text.strip()]
    lead_ins = [p for p, after in zip(paras, paras[1:])
                if p.text.rstrip().endswith(":") and after.style.name in (
                    "UN Sub-item", "UN Recommendation")]
    assert lead_ins
    assert all(p.paragraph_format.keep_with_next for p in lead_ins), [p.text for p in lead_ins]
    for name in ("UN Chapter", "UN Section", "UN Subsection"):
        assert document.styles[name].paragraph_format.keep_with_next, name
