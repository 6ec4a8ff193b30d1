"""LibreOffice reaches nothing during --pdf: no request arrives at a web server on
127.0.0.1, and no local file is embedded, even for a document that links to both.

Skipped where LibreOffice or poppler is missing, except in CI (as test_office.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from wsis_report.cli import main
from wsis_report.office.convert import soffice, to_pdf

from reach import Recorder, add_hyperlink, attach_template, link_pictures, png
from office_tools import need

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def web():
    need(soffice(), "LibreOffice")
    need(shutil.which("pdfimages"), "poppler (pdfimages)")
    server = Recorder()
    yield server
    server.close()


def images_in(pdf: Path) -> int:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    return len(listing) - 2  # two heading lines


def test_make_report_pdf_sends_no_request(web, tmp_path, capsys):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    attach_template(templates / "progress.docx", f"{web.url}/Normal.dotm")
    add_hyperlink(templates / "progress.docx", "the page", f"{web.url}/page")
    out = tmp_path / "out"
    code = main(["--stage", "progress", "--pdf", "--inputs", str(ROOT / "inputs"),
                 "--templates", str(templates), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert web.requests == []
    text = subprocess.run(["pdftotext", str(out / "wsis20-progress.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "the page" in text and "Kyoto" in text


def test_libreoffice_follows_no_link_of_a_document_that_has_them(web, tmp_path):
    # Built by hand, past the build's own refusal: the office's settings must hold alone.
    secret = tmp_path / "secret.png"
    secret.write_bytes(png((10, 10, 200)))
    source = tmp_path / "linked.docx"
    document = docx.Document()
    document.add_paragraph("Before the pictures.")
    document.save(source)
    link_pictures(source, f"{web.url}/remote.png", secret.as_uri())
    attach_template(source, f"{web.url}/Normal.dotm")
    (pdf,) = to_pdf([source])
    assert web.requests == []
    assert images_in(pdf) == 0
    assert "Before the pictures." in subprocess.run(["pdftotext", str(pdf), "-"],
                                                    capture_output=True, text=True).stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["linked.docx", "linked.pdf",
                                                         "secret.png"]
