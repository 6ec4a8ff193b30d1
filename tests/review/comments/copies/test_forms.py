"""The same remark on the same words gives the same paragraph and Source whether the copy
came back as .docx from Word, as a Google Docs export, as .odt or as an annotated PDF."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import openpyxl
import pytest

from wsis_report.cli import main
from wsis_report.office.convert import convert_each, soffice, to_pdf
from wsis_report.pipeline import build

from google_docs import google_docs_export
from pdf_annotations import Annotator
from reviewer_edits import Copy
from sample_edits import ROOT

# (paragraph it begins, words, remark): on a city, a total and the template's word, the
# template's own words, a key message, a table row
REMARKS = [("(a)\tThe launch of the CSTD series", "Kyoto", "Which city?"),
           ("A questionnaire was circulated", "112 responses", "Check the total."),
           ("The present report responds", "responds to that request", "Cite it."),
           ("(a)\tSignificant achievements", "made through WSIS", "Which ones?"),
           ("Europe", "Europe", "Is this region final?")]
# where the same words are on the PDF's pages: the first after these
AFTER = {"Kyoto": "The launch of the CSTD", "112 responses": "A questionnaire was circulated",
         "responds to that request": "2.", "made through WSIS": "Significant achievements",
         "Europe": "Table 4"}


def _office():
    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing, but .ci/run installs it")
        pytest.skip("LibreOffice is not installed")


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    """The draft built in dist/ with its PDF, and one review in four forms."""
    _office()
    dist, work = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("copies")
    draft = build(ROOT / "inputs", ["draft"], ROOT / "templates", dist)[0].path
    pdf = to_pdf([draft], [work / "draft.pdf"])[0]
    word = Copy(draft)
    for starts, words, text in REMARKS:
        word.comment(word.paragraph(starts), words, text)
    word_copy = word.save(work / "word.docx", author="Maria Santos")
    google = google_docs_export(word_copy, work / "google.docx")
    odt = convert_each([(word_copy, work / "libreoffice.odt", "odt:writer8")],
                       refresh=False)[0]
    notes = Annotator(pdf)
    for _, words, text in REMARKS:
        notes.markup("Highlight", words, "Maria Santos", text, after=AFTER[words])
    annotated = notes.save(work / "annotated.pdf")
    return dist, {"word": word_copy, "google": google, "odt": odt, "pdf": annotated}


def rows(matrix: Path) -> list[dict]:
    ws = openpyxl.load_workbook(matrix)["Comments"]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_one_remark_one_source_in_every_form(forms, tmp_path, capsys):
    dist, copies = forms
    found: dict[str, dict] = {}
    for form, copy in copies.items():  # each its own matrix: one review, sent four ways
        matrix = tmp_path / f"{form}.xlsx"
        assert main(["comments", str(copy), "--matrix", str(matrix), "--out", str(dist)]) == 0
        found[form] = {r["Comment or change"]: (r["Paragraph"], r["Source"], r["Matched to"],
                                                r["Type"], r["Quoted text"])
                       for r in rows(matrix)}
    assert "warning" not in capsys.readouterr().err
    word = {text: place[:2] for text, place in found["word"].items()}
    assert word == {
        "Which city?": ("4 (a)", "consultations.xlsx › Consultations › H2"),
        "Check the total.": ("6", "survey.xlsx › Survey › B4; template: draft.docx"),
        "Cite it.": ("2", "template: draft.docx"),
        "Which ones?": ("10 (a)", "consultations.xlsx › Key messages › C2"),
        "Is this region final?": ('Table 4, row "Europe"', "survey.xlsx › By region › B5"),
    }
    for form in ("google", "odt", "pdf"):
        assert {text: place[:2] for text, place in found[form].items()} == word, form
    assert {p[2] for p in found["word"].values()} == {None}
    assert {p[2] for p in found["google"].values()} == {"wsis20-draft.docx (by text)"}
    assert {p[2] for p in found["odt"].values()} == {"wsis20-draft.docx (by text)"}
    assert {p[2] for p in found["pdf"].values()} == {
        "wsis20-draft.docx (by its named destinations)"}
    assert {(p[3], p[4]) for p in found["pdf"].values()} == {("highlight", w)
                                                            for _, w, _ in REMARKS}


def test_without_a_build_to_match_the_source_is_blank_and_said(forms, tmp_path, capsys):
    _, copies = forms
    empty = tmp_path / "dist"
    empty.mkdir()
    matrix = tmp_path / "m.xlsx"
    assert main(["comments", str(copies["google"]), str(copies["pdf"]), "--matrix",
                 str(matrix), "--out", str(empty)]) == 0
    err = capsys.readouterr().err
    assert "no document built by wsis-report is in" in err and "--against" in err
    got = rows(matrix)
    assert len(got) == 2 * len(REMARKS) and {r["Source"] for r in got} == {None}
    pdf = Annotator(copies["pdf"])  # each remark on the page its words are on
    pages = {f"page {pdf.find(w, after=AFTER[w])[0] + 1}" for _, w, _ in REMARKS}
    assert {r["Paragraph"] for r in got if r["File"] == "annotated.pdf"} == pages


def test_two_builds_equally_good_are_not_chosen_between(forms, tmp_path, capsys):
    dist, copies = forms
    twins = tmp_path / "dist"
    twins.mkdir()
    for name in ("wsis20-draft.docx", "draft-again.docx"):
        shutil.copyfile(dist / "wsis20-draft.docx", twins / name)
    matrix = tmp_path / "m.xlsx"
    assert main(["comments", str(copies["google"]), "--matrix", str(matrix), "--out",
                 str(twins)]) == 0
    assert "equally well" in capsys.readouterr().err
    assert {r["Source"] for r in rows(matrix)} == {"unlocated"}
    # named, it is used
    assert main(["comments", str(copies["google"]), "--matrix", str(tmp_path / "n.xlsx"),
                 "--out", str(twins), "--against", str(twins / "draft-again.docx")]) == 0
    assert {r["Matched to"] for r in rows(tmp_path / "n.xlsx")} == {
        "draft-again.docx (by text)"}
