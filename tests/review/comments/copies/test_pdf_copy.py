"""Annotated PDFs: every annotation type as Acrobat writes it read back to its paragraph
and cell, replies under their annotation, a PDF without destinations aligned by text, and
hostile PDFs named and skipped within bounds while the others are read."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pikepdf
import pytest

from wsis_report.cli import main
from wsis_report.office.convert import soffice, to_pdf
from wsis_report.pipeline import build
from wsis_report.review.comments.copies import pdf_copy
from wsis_report.review.comments.placing.builds import Builds
from wsis_report.review.comments.copies.pdf_copy import iso_date, read_pdf_copies

from pdf_annotations import Annotator
from sample_edits import ROOT

CONSULTATIONS = "consultations.xlsx › Consultations"
MESSAGES = "consultations.xlsx › Key messages"
TEMPLATE = "template: draft.docx"


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    dist = tmp_path_factory.mktemp("dist")
    docx = build(ROOT / "inputs", ["draft"], ROOT / "templates", dist)[0].path
    pdf = to_pdf([docx], [tmp_path_factory.mktemp("pdf") / "draft.pdf"])[0]
    return dist, pdf


def annotated(pdf: Path, target: Path) -> Path:
    a = Annotator(pdf)
    kyoto = a.markup("Highlight", "Kyoto", "Maria Santos", "Which city?",
                     after="The launch of the CSTD")
    a.reply(kyoto, "Li Wei", "Kyoto, confirmed.")
    a.markup("Underline", "112 responses", "Li Wei", "Check the total.",
             after="A questionnaire was circulated")
    struck = a.markup("StrikeOut", "made through WSIS", "Maria Santos",
                      after="Significant achievements")
    a.caret("made through WSIS", "Maria Santos", "achieved by WSIS", group=struck,
            after="Significant achievements")
    a.caret("responds to that request", "Li Wei", " of the Council", after="2.")
    a.note("Japan", "Li Wei", "Is the country right?", after="The launch of the CSTD")
    a.note("Significant achievements", "Li Wei", "This whole paragraph.", margin=True)
    a.free_text("Significant achievements", "Maria Santos", "Typed beside it.")
    return a.save(target)


def by_text(rows: list[dict]) -> dict[str, tuple]:
    return {r["Comment or change"]: (r["Type"], r["Reviewer"], r["Paragraph"], r["Source"])
            for r in rows}


EXPECTED = {
    "Which city?": ("highlight", "Maria Santos", "4 (a)", f"{CONSULTATIONS} › H2"),
    "Kyoto, confirmed.": ("reply", "Li Wei", "4 (a)", f"{CONSULTATIONS} › H2"),
    "Check the total.": ("underline", "Li Wei", "6", f"survey.xlsx › Survey › B4; {TEMPLATE}"),
    "made through WSIS": ("strike-out", "Maria Santos", "10 (a)", f"{MESSAGES} › C2"),
    "achieved by WSIS": ("insertion", "Maria Santos", "10 (a)", f"{MESSAGES} › C2"),
    " of the Council": ("insertion", "Li Wei", "2", TEMPLATE),
    "Is the country right?": ("note", "Li Wei", "4 (a)", f"{CONSULTATIONS} › I2"),
    # in the margin, or typed beside it: about the paragraph, all it shows
    "This whole paragraph.": ("note", "Li Wei", "10 (a)", f"{MESSAGES} › C2"),
    "Typed beside it.": ("note", "Maria Santos", "10 (a)", f"{MESSAGES} › C2"),
}


def test_each_annotation_type_back_to_its_paragraph_and_cell(draft, tmp_path):
    dist, pdf = draft
    [copy] = read_pdf_copies([annotated(pdf, tmp_path / "a.pdf")], Builds(dist))
    assert not copy.problem and not copy.warning
    assert by_text(copy.rows) == EXPECTED
    rows = {r["Comment or change"]: r for r in copy.rows}
    assert rows["Which city?"]["Quoted text"] == "Kyoto"
    assert rows["made through WSIS"]["Quoted text"] == "made through WSIS"
    assert rows["Which city?"]["Date"] == "2025-04-20"
    assert rows["Kyoto, confirmed."]["Thread"] == "Maria Santos"
    assert [r["Comment or change"] for r in copy.rows][:2] == ["Which city?",
                                                               "Kyoto, confirmed."]
    assert {r["Matched to"] for r in copy.rows} == {
        "wsis20-draft.docx (by its named destinations)"}


def test_a_pdf_the_toolkit_did_not_write_is_aligned_by_text(draft, tmp_path):
    dist, pdf = draft
    copy_path = annotated(pdf, tmp_path / "a.pdf")
    with pikepdf.open(copy_path) as opened:  # as a PDF printed from elsewhere: no names
        del opened.Root.Dests
        opened.save(tmp_path / "plain.pdf")
    [copy] = read_pdf_copies([tmp_path / "plain.pdf"], Builds(dist))
    assert by_text(copy.rows) == EXPECTED
    assert {r["Matched to"] for r in copy.rows} == {"wsis20-draft.docx (by text)"}


def test_pdf_dates_as_writers_give_them():
    assert iso_date("D:20250420100000+02'00'") == "2025-04-20T10:00:00+02:00"
    assert iso_date("D:20250420100000Z") == "2025-04-20T10:00:00Z"
    assert iso_date("D:2025042010") == "2025-04-20T10:00:00"  # Preview and others cut it short
    assert iso_date("") == ""


def _pages(target: Path, count: int) -> Path:
    pdf = pikepdf.new()
    for _ in range(count):
        pdf.add_blank_page()
    pdf.save(target)
    return target


def _many_annotations(source: Path, target: Path, count: int) -> Path:
    with pikepdf.open(source) as pdf:
        page = pdf.pages[0]
        page.obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
            Contents=f"n{i}")) for i in range(count)]))
        pdf.save(target)
    return target


def _heavy_page(target: Path) -> Path:
    """One page whose drawing, 20 kB packed, unpacks to 400 MB of line segments."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    packer = zlib.compressobj(9)
    data = io.BytesIO()
    chunk = b"0 0 m 1 1 l S\n" * 100_000
    for _ in range(300):
        data.write(packer.compress(chunk))
    data.write(packer.flush())
    stream = pikepdf.Stream(pdf, data.getvalue())
    stream.Filter = pikepdf.Name.FlateDecode
    pdf.pages[0].obj.Contents = pdf.make_indirect(stream)
    pdf.save(target)
    return target


def test_hostile_pdfs_are_named_and_skipped_the_others_read(draft, tmp_path, capsys,
                                                             monkeypatch):
    dist, pdf = draft
    good = annotated(pdf, tmp_path / "good.pdf")
    with pikepdf.open(pdf) as opened:
        opened.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="secret",
                                                                          owner="secret"))
    (tmp_path / "cut.pdf").write_bytes(pdf.read_bytes()[:2000])
    _pages(tmp_path / "pages.pdf", 2_001)
    _many_annotations(pdf, tmp_path / "noisy.pdf", 5_001)
    _heavy_page(tmp_path / "heavy.pdf")
    monkeypatch.setattr(pdf_copy, "PDF_SECONDS", 8.0)
    bad = ["locked.pdf", "cut.pdf", "pages.pdf", "noisy.pdf", "heavy.pdf"]
    matrix = tmp_path / "m.xlsx"
    assert main(["comments", *(str(tmp_path / b) for b in bad), str(good), "--matrix",
                 str(matrix), "--out", str(dist)]) == 3
    out = capsys.readouterr()
    said = {line.split(":", 1)[0]: line for line in out.out.splitlines() if "skipped" in line}
    assert set(said) == set(bad)
    assert "password" in said["locked.pdf"] and "damaged" in said["cut.pdf"]
    assert "2,001 pages" in said["pages.pdf"]
    assert "more than 5,000 annotations" in said["noisy.pdf"]
    assert "took longer than 8 seconds" in said["heavy.pdf"] or \
        "stopped on it" in said["heavy.pdf"] or "memory" in said["heavy.pdf"]
    assert "5 of 6 copies skipped" in out.err
    assert "good.pdf (E/CN.16/2025/3)" in out.out
