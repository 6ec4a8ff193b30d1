"""The bundled sample's three documents read as a UN editor would pass them: acronyms spelled
out before their first use, dates and units that cannot break across lines, bare numbers in
a "Per cent" column, italic source lines, a figure and its table titled apart."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from wsis_report.documents.words import document_text
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
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
    assert titles["Figure I"] != titles["Table 2"] and titles["Figure II"] != titles["Table 3"]
    sources = [p for p in paras if p.text.startswith("Source:")]
    assert len(sources) == 4
    assert all(p.style.font.italic or all(r.italic for r in p.runs) for p in sources)
    tally = next(t for t in document.tables if t.rows[0].cells[-1].text == "Per cent")
    assert all(re.fullmatch(r"\d+\.\d", row.cells[-1].text) for row in tally.rows[1:])
