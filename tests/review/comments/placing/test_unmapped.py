"""Copies that lost their map (Google Docs exports): matched to their build and placed on
its text through the reviewer's own edits; what cannot be placed is "unlocated"."""

from __future__ import annotations


import pytest

from wsis_report.pipeline import build
from wsis_report.review.comments.placing.builds import Builds
from wsis_report.review.comments.rows import read_copy

from fixtures import realdocs
from google_docs import google_docs_export
from reviewer_edits import Copy
from sample_edits import ROOT
from word_review import add_word_review


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    build(ROOT / "inputs", ["draft", "ecosoc"], ROOT / "templates", out)
    return out


def places(rows: list[dict]) -> list[tuple]:
    return [(r["Paragraph"], r["Type"], r["Reviewer"], r["Comment or change"], r["Source"])
            for r in rows]


def test_every_kind_of_remark_gets_the_source_a_word_copy_gets(dist, tmp_path):
    word = add_word_review(dist / "wsis20-draft.docx", tmp_path / "word.docx")
    google = google_docs_export(word, tmp_path / "google.docx")
    expected, got = read_copy(word), read_copy(google, Builds(dist))
    assert not got.warning and places(got.rows) == places(expected.rows)
    assert {r["Matched to"] for r in got.rows} == {"wsis20-draft.docx (by text)"}
    assert {r["Document"] for r in got.rows} == {"E/CN.16/2025/3"}


def test_the_reviewers_own_edits_do_not_move_a_remark(dist, tmp_path):
    word = Copy(dist / "wsis20-draft.docx")
    kyoto = word.paragraph("(a)\tThe launch of the CSTD series")
    word.comment(kyoto, "Kyoto", "city")
    word.comment(word.paragraph("A questionnaire was circulated"), "112 responses", "total")
    word.comment(word.paragraph("(a)\tSignificant achievements"), "made through WSIS",
                 "on a message")
    saved = word.save(tmp_path / "word.docx")
    # typed without tracking, beside and inside what is commented on
    google = google_docs_export(saved, tmp_path / "google.docx", edits={
        "The launch of the CSTD series": "The start of the CSTD series",
        "Significant achievements": "Major achievements"})
    assert places(read_copy(google, Builds(dist)).rows) == places(read_copy(saved).rows)


def test_a_draft_copy_is_matched_to_the_draft_not_its_revision(dist, tmp_path):
    google = google_docs_export(add_word_review(dist / "wsis20-ecosoc.docx",
                                                tmp_path / "w.docx"), tmp_path / "g.docx")
    got = read_copy(google, Builds(dist))
    assert {r["Matched to"] for r in got.rows} == {"wsis20-ecosoc.docx (by text)"}


@pytest.mark.parametrize("name", ["superdoc-GoogleDocs-comments-and-TCs.docx",
                                  "superdoc-gdocs-comments-export.docx",
                                  "superdoc-gdocs-tracked-changes.docx"])
def test_real_google_docs_exports_of_other_documents_match_no_build(dist, name):
    [path] = [p for p in realdocs("C") if p.name == name]
    got = read_copy(path, Builds(dist))
    assert not got.problem and "matches none of the builds" in got.warning
    assert got.rows and {r["Source"] for r in got.rows} == {""}
