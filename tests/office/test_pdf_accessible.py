"""The PDFs are tagged PDF/UA: two checkers from PyPI find no error in any of them (the
three reports, the report with native charts, the deck), and what they cannot judge alone
is read here: language, title, PDF/UA identification, the charts' alternative text, and a
named destination for every mapped paragraph. One office start converts them all."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

import pikepdf
import pytest

from office_tools import need
from wsis_report.cli import main
from wsis_report.office.convert import is_tagged, soffice, to_pdf, uno_python

KINDS = ("progress", "draft", "ecosoc", "native charts", "deck")


@pytest.fixture(scope="module")
def pdfs(office_files, tmp_path_factory) -> dict[str, Path]:
    need(soffice(), "LibreOffice")
    need(uno_python(), "LibreOffice's Python bridge (python3-uno)")
    out = tmp_path_factory.mktemp("pdfs")
    targets = [out / f"{kind.replace(' ', '-')}.pdf" for kind in KINDS]
    to_pdf([office_files[k] for k in KINDS], targets)
    return dict(zip(KINDS, targets))


@pytest.mark.parametrize("kind", KINDS)
def test_outloud_finds_no_error(pdfs, kind):
    from outloud import check

    result = check(str(pdfs[kind]))
    assert result.stats["tagged"]
    assert [f for f in result.findings if f.severity == "error"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_pdfua_finds_no_error(pdfs, kind):
    from pdfua import Severity, validate

    report = validate(str(pdfs[kind]))
    errors = [(f.rule_id, f.message) for f in report.findings if f.severity >= Severity.ERROR]
    assert errors == []
    # the rules it ran: all but one, which pdfua 0.1.3 cannot evaluate on LibreOffice's
    # structure tree (it raises on an array where it expects a number)
    assert {o.rule_id for o in report.skipped} <= {"UA-14-001"}


@pytest.mark.parametrize("kind", ["ecosoc", "deck"])
def test_language_title_and_pdfua_identification(office_files, pdfs, kind):
    with pikepdf.open(pdfs[kind]) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.MarkInfo.Marked and pdf.Root.ViewerPreferences.DisplayDocTitle
        with pdf.open_metadata() as xmp:
            assert xmp["pdfuaid:part"] == "1"
            title = xmp["dc:title"]
    with zipfile.ZipFile(office_files[kind]) as z:
        core = z.read("docProps/core.xml").decode()
    assert title and f"<dc:title>{title}</dc:title>" in core


def _figure_alts(pdf: pikepdf.Pdf) -> list[str]:
    found = []

    def walk(element):
        if not isinstance(element, pikepdf.Dictionary):
            return
        if element.get("/S") == "/Figure":
            found.append(str(element.get("/Alt", "")))
        kids = element.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize("kind, part", [("native charts", "word/document.xml"),
                                        ("ecosoc", "word/document.xml"),
                                        ("deck", None)])
def test_every_figure_keeps_its_alternative_text(office_files, pdfs, kind, part):
    """Native charts lose theirs in LibreOffice 7.4's export; the conversion gives it back."""
    with zipfile.ZipFile(office_files[kind]) as z:
        xml = " ".join(z.read(n).decode() for n in z.namelist()
                       if n == part or (part is None and re.match(r"ppt/slides/slide\d+\.xml$", n)))
    described = [unescape(d) for d in re.findall(r'descr="([^"]+)"', xml)
                 if d.startswith("Responses to the online survey by")]  # not a slide's table
    with pikepdf.open(pdfs[kind]) as pdf:
        alts = _figure_alts(pdf)
    assert len(described) == 2 and sorted(alts) == sorted(described)
    assert all("per cent" in alt for alt in alts)  # the data it shows, not a placeholder


def _destinations(pdf: pikepdf.Pdf) -> set[str]:
    names = set(pdf.Root.get("/Dests", {}).keys())
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        names |= {str(n) for n in pikepdf.NameTree(pdf.Root.Names.Dests).keys()}
    return {n.lstrip("/") for n in names}


@pytest.mark.parametrize("kind", ["progress", "ecosoc"])
def test_every_mapped_paragraph_is_a_named_destination(office_files, pdfs, kind):
    """A link can open the PDF at a paragraph the map knows (wsis20-ecosoc.pdf#5Fwsis5Fp0012:
    LibreOffice writes each character of a name other than a letter, digit or hyphen as its
    hexadecimal code, so the bookmark _wsis_p0012 is the destination 5Fwsis5Fp0012)."""
    with zipfile.ZipFile(office_files[kind]) as z:
        bookmarks = set(re.findall(r'w:name="(_wsis_[a-z]\d+)"', z.read("word/document.xml").decode()))
    with pikepdf.open(pdfs[kind]) as pdf:
        destinations = _destinations(pdf)
    assert len(bookmarks) > 50
    assert {b.replace("_", "5F") for b in bookmarks} <= destinations


def test_the_untagged_pdf_is_still_there_for_who_needs_it(tmp_path):
    need(soffice(), "LibreOffice")
    root = Path(__file__).resolve().parents[2]
    args = ["--stage", "progress", "--inputs", str(root / "inputs"), "--templates",
            str(root / "templates"), "--out", str(tmp_path)]
    assert main([*args, "--pdf", "untagged"]) == 0
    pdf = tmp_path / "wsis20-progress.pdf"
    assert not is_tagged(pdf)
    with pikepdf.open(pdf) as opened:
        assert "/StructTreeRoot" not in opened.Root and "/MarkInfo" not in opened.Root
    # asked for tagged next time, the untagged PDF is not "up to date": it is written again
    assert main([*args, "--pdf"]) == 0
    assert is_tagged(pdf)
