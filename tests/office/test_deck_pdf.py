"""A report and its deck converted in one office start, each through the PDF export of
its own kind.

The tests in LibreOffice are skipped where it or poppler is missing, except in CI
(CI=true), as test_office.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from wsis_report.office.convert import OfficeProblem, soffice, to_pdf

from office_tools import need


def info(pdf: Path, field: str) -> str:
    return re.search(rf"^{field}:\s+(.*)$", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout, re.M)[1]


def page_texts(pdf: Path) -> list[str]:
    count = int(info(pdf, "Pages"))
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, count + 1)]


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


def test_without_the_bridge_one_soffice_run_gives_each_kind_its_own_export(tmp_path,
                                                                           monkeypatch):
    need(soffice(), "LibreOffice")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "none"))
    report, deck = small_report_and_deck(tmp_path)
    targets = [tmp_path / "r.pdf", tmp_path / "r.slides.pdf"]
    assert to_pdf([report, deck], targets) == targets
    assert [info(t, "Creator") for t in targets] == ["Writer", "Impress"]
    assert page_texts(targets[1]) == ["A slide title"]


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
