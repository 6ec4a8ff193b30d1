"""`--slides --pdf`: the deck's PDF beside the report's, from one office start, each
through the PDF export of its own kind, and both left alone when up to date.

The tests in LibreOffice are skipped where it or poppler is missing, except in CI
(CI=true), as test_office.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wsis_report.cli import main
from wsis_report.office.convert import OfficeProblem, is_tagged, soffice, to_pdf

from deck_reading import open_deck, titles
from office_tools import need
from sample_facts import BRIEFING_FACTS

ROOT = Path(__file__).resolve().parents[2]


def info(pdf: Path, field: str) -> str:
    return re.search(rf"^{field}:\s+(.*)$", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout, re.M)[1]


def page_texts(pdf: Path) -> list[str]:
    count = int(info(pdf, "Pages"))
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, count + 1)]


def test_the_deck_gets_its_own_pdf_beside_the_reports_and_both_stay_up_to_date(tmp_path,
                                                                                capsys):
    need(soffice(), "LibreOffice")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    out = tmp_path / "dist"
    argv = ["--stage", "progress", "--slides", "--pdf", "--inputs", str(ROOT / "inputs"),
            "--templates", str(ROOT / "templates"), "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out.splitlines()
    report, deck = out / "wsis20-progress.pdf", out / "wsis20-progress.slides.pdf"
    assert str(report) in printed and str(deck) in printed

    report_text = " ".join(page_texts(report))
    assert " ".join(BRIEFING_FACTS[0].split()) in report_text
    slides = titles(open_deck(out / "wsis20-progress.pptx"))
    pages = page_texts(deck)
    assert len(pages) == len(slides)
    assert all(title in page for title, page in zip(slides, pages))
    # each exported by its own application's filter, so the report is not a deck's PDF
    assert (info(report, "Creator"), info(deck, "Creator")) == ("Writer", "Impress")

    assert main(argv) == 0
    printed = capsys.readouterr().out.splitlines()
    assert f"{report}  up to date" in printed and f"{deck}  up to date" in printed


def small_report_and_deck(folder: Path) -> tuple[Path, Path]:
    import docx
    import pptx

    document = docx.Document()
    document.add_paragraph("A report paragraph")
    document.save(folder / "r.docx")
    deck = pptx.Presentation()
    deck.slides.add_slide(deck.slide_layouts[0]).shapes.title.text = "A slide title"
    deck.save(folder / "r.pptx")
    return folder / "r.docx", folder / "r.pptx"


def test_without_the_bridge_each_kind_gets_its_own_tagged_export(tmp_path, monkeypatch):
    """soffice --convert-to names one filter with its options: one run for each kind."""
    need(soffice(), "LibreOffice")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "none"))
    report, deck = small_report_and_deck(tmp_path)
    targets = [tmp_path / "r.pdf", tmp_path / "r.slides.pdf"]
    assert to_pdf([report, deck], targets) == targets
    assert [info(t, "Creator") for t in targets] == ["Writer", "Impress"]
    assert page_texts(targets[1]) == ["A slide title"]
    assert all(is_tagged(t) for t in targets)


def test_an_export_libreoffice_says_it_chose_wrongly_is_refused(tmp_path, monkeypatch):
    # A stand-in office that "converts" by copying and says it used Writer's export for all.
    office = tmp_path / "soffice"
    office.write_text('#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\nout="$2"; '
                      'shift 2\nfor f in "$@"; do b=$(basename "$f"); b="${b%.*}"; '
                      'cp "$f" "$out/$b.pdf"; echo "convert $f -> $out/$b.pdf using filter : '
                      'writer_pdf_Export"; done\n')
    office.chmod(0o755)
    monkeypatch.setenv("WSIS_REPORT_SOFFICE", str(office))
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "none"))
    report, deck = small_report_and_deck(tmp_path)
    with pytest.raises(OfficeProblem, match="exported r.pptx with writer_pdf_Export, not "
                                            "impress_pdf_Export; no .pdf file was written"):
        to_pdf([report, deck], [tmp_path / "r.pdf", tmp_path / "r.slides.pdf"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "r.pptx", "soffice"]
