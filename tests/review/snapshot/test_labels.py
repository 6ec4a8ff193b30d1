"""Paragraphs under a caption and in an annex labelled as a reader cites them: a table's
lettered note is its note, not its title; what follows a table's source is after it; an
annex's own paragraphs are "annex III, 1", never the body's paragraph 1."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from wsis_report.pipeline import build
from wsis_report.review.snapshot.numbering import W, Numbering, blocks

from sample_edits import ROOT


@pytest.fixture(scope="module")
def labels(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    found = {}
    for document in build(ROOT / "inputs", ["draft", "ecosoc"], ROOT / "templates", out):
        with zipfile.ZipFile(document.path) as z:
            numbering = Numbering(z.read("word/styles.xml"), z.read("word/numbering.xml"))
            body = etree.fromstring(z.read("word/document.xml")).find(f"{{{W}}}body")
        found[document.stage.name.value] = [(b.label, b.text) for b in blocks(body, numbering)
                                            if b.kind == "paragraph"]
    return found


def test_a_tables_lettered_note_is_its_note_and_only_the_first_line_its_title(labels):
    by_label = {}
    for label, text in labels["draft"]:
        by_label.setdefault(label, []).append(text)
    assert by_label["Table 1, title"] == ["Timetable of the review"]
    assert by_label["Table 1, note a"] == ["a\tThe dates of the meeting are to be decided by "
                                           "the General Assembly."]
    assert all(len(texts) == 1 for label, texts in by_label.items()
               if label.endswith(", title") and not label.startswith("Annex"))
    assert labels["draft"][-1] == ("after Table 4", "_" * 20)  # the end mark


def test_an_annexs_paragraphs_are_cited_with_their_annex(labels):
    annex = [label for label, _ in labels["ecosoc"][next(
        i for i, (_, text) in enumerate(labels["ecosoc"]) if text == "Annex III"):]]
    assert annex[:6] == ["annex", "Annex, title", "annex III, 1", "annex III, 1 (a)",
                         "annex III, 1 (b)", "annex III, 1 (c)"]
    body = [label for label, _ in labels["ecosoc"] if label[:1].isdigit()]
    assert body.count("1") == 1  # the body's paragraph 1 only
