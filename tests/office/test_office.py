"""Proof in real office software: LibreOffice, poppler and a second .docx reader.

Locally these tests are skipped where LibreOffice or poppler is missing; in CI
(CI=true) a missing program fails the run, because .ci/run installs them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from wsis_report import load_inputs
from wsis_report.pipeline import build
from wsis_report.office.convert import OfficeProblem, convert, soffice, to_pdf, uno_python
from wsis_report.documents.house_style.words import document_text

from sample_facts import BRIEFING_FACTS, LAC_MESSAGE
from office_tools import need

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    need(soffice(), "LibreOffice")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    out = tmp_path_factory.mktemp("dist")
    built = build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates", out)
    paths = to_pdf([d.path for d in built])
    return {d.stage.name.value: p for d, p in zip(built, paths)}


def pdf_pages(path: Path) -> list[str]:
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout)[1])
    return [" ".join(subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n),
                                     str(path), "-"], capture_output=True, text=True,
                                    check=True).stdout.split()) for n in range(1, pages + 1)]


def test_every_stage_converts_and_the_progress_pdf_has_every_fact_in_order(pdfs):
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs.values())
    text = " ".join(pdf_pages(pdfs["progress"]))
    flat = " ".join(text.split()).replace("mid- November", "mid-November")  # a line's end
    positions = []
    for fact in BRIEFING_FACTS[:30] + [BRIEFING_FACTS[-1]]:
        found = flat.find(" ".join(fact.rstrip(".").split()))  # a finding ends with ";"
        assert found >= 0, fact
        positions.append(found)
    # timetable, then consultations (global before regional), then findings, then messages
    assert positions.index(min(positions)) < positions.index(max(positions))
    assert flat.find("Kyoto") < flat.find("Dubai") < flat.find("Santiago")
    assert flat.find("Significant achievements") < flat.find("Global Digital Compact")


def test_masthead_on_page_one_and_draft_marks_only_on_the_draft(pdfs):
    final = pdf_pages(pdfs["ecosoc"])
    for part in ("United Nations", "E/2025/61", "Economic and Social Council",
                 "Distr.: General", "Original: English", "Summary"):
        assert part in final[0], part
    for part in ("Advance unedited version", "E/CN.16/2025/3", "Twenty-eighth session",
                 "3 February 2025", "Summary"):
        assert part in pdf_pages(pdfs["draft"])[0], part
    mark = re.compile(r"\bDraft\b")  # not "Drafting of report" in the timetable
    assert not any(mark.search(page) for page in final)
    draft = pdf_pages(pdfs["draft"])
    assert len(draft) > 2 and all(mark.search(page) for page in draft)
    assert LAC_MESSAGE in " ".join(final)
    assert any(re.search(rf"(^|\s){n}$", page) for n, page in enumerate(final, 1))  # page numbers


def test_libreoffice_rewriting_a_document_loses_no_text(pdfs, tmp_path):
    for stage in ("progress", "draft", "ecosoc"):
        source = tmp_path / f"{stage}.docx"
        shutil.copyfile(pdfs[stage].with_suffix(".docx"), source)
        copy = tmp_path / "rewritten" / f"{stage}.docx"
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, copy.with_name("in.docx"))
        (rewritten,) = convert([copy.with_name("in.docx")], ".lo.docx", "docx:MS Word 2007 XML")
        assert words(rewritten) == words(source)


def words(path: Path) -> list[str]:
    return document_text(path.read_bytes()).split()


def test_calc_rewritten_workbooks_give_the_same_facts_and_the_same_document(pdfs, tmp_path):
    converted = tmp_path / "calc"
    converted.mkdir()
    for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx"):
        shutil.copyfile(ROOT / "inputs" / name, tmp_path / f"src-{name}")
    sources = [tmp_path / f"src-{n}" for n in ("consultations.xlsx", "survey.xlsx", "report.xlsx")]
    outputs = convert(sources, ".calc.xlsx", "xlsx:Calc MS Excel 2007 XML")
    for out in outputs:
        shutil.copyfile(out, converted / out.name.removeprefix("src-").replace(".calc", ""))
    original, rewritten = load_inputs(ROOT / "inputs"), load_inputs(converted)
    assert rewritten.model_dump() == original.model_dump()
    a = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path / "a")[0]
    b = build(converted, ["ecosoc"], ROOT / "templates", tmp_path / "b")[0]
    assert document_text(a.data) == document_text(b.data)


def test_a_second_reader_agrees_on_the_text(pdfs):
    mammoth = pytest.importorskip("mammoth") if not os.environ.get("CI") else __import__("mammoth")
    for stage, pdf in pdfs.items():
        path = pdf.with_suffix(".docx")
        with path.open("rb") as f:
            theirs = mammoth.extract_raw_text(f).value.split()
        ours = document_text(path.read_bytes(), ("word/document.xml",)).split()
        assert theirs == ours, stage
    assert docx  # python-docx, the first reader, is what the other tests use


def stale_contents_document(path: Path) -> Path:
    """A document whose table of contents Word left stale, as a drafter might."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    toc = document.add_paragraph()
    toc._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    toc._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'))
    toc._p.append(parse_xml(
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    toc._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t>STALE CONTENTS</w:t></w:r>'))
    toc._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    for title in ("Introduction", "Methodology", "Findings"):
        document.add_heading(title, level=1)
        document.add_paragraph("Text. " * 400)
    document.save(path)
    return path


def test_a_table_of_contents_is_brought_up_to_date_in_the_pdf(tmp_path, pdfs):
    need(uno_python(), "LibreOffice's Python bridge (python3-uno)")
    source = stale_contents_document(tmp_path / "contents.docx")
    (pdf,) = to_pdf([source])
    first = pdf_pages(pdf)[0]
    assert "STALE CONTENTS" not in first
    assert re.search(r"Methodology\W+\d", first) and re.search(r"Findings\W+\d", first)


def test_without_the_bridge_a_document_with_contents_is_refused_not_left_stale(tmp_path, pdfs,
                                                                               monkeypatch):
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "no-python"))
    source = stale_contents_document(tmp_path / "contents.docx")
    with pytest.raises(OfficeProblem, match="python3-uno"):
        to_pdf([source])
    assert not source.with_suffix(".pdf").exists()


def test_a_hung_office_is_stopped_and_leaves_nothing(tmp_path, monkeypatch):
    hung = tmp_path / "soffice"
    hung.write_text("#!/bin/sh\nsleep 60\n")
    hung.chmod(0o755)
    monkeypatch.setenv("WSIS_REPORT_SOFFICE", str(hung))
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "none"))
    source = tmp_path / "doc.docx"
    docx.Document().save(source)
    import time

    started = time.perf_counter()
    with pytest.raises(OfficeProblem, match="did not finish within 1 seconds"):
        to_pdf([source], timeout=1)
    assert time.perf_counter() - started < 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.docx", "soffice"]


def test_without_libreoffice_the_message_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    from wsis_report.cli import main

    monkeypatch.setenv("WSIS_REPORT_SOFFICE", str(tmp_path / "missing"))
    code = main(["--stage", "progress", "--pdf", "--inputs", str(ROOT / "inputs"),
                 "--templates", str(ROOT / "templates"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "apt-get install libreoffice-writer-nogui" in err
    assert (tmp_path / "out" / "wsis20-progress.docx").is_file()
    assert not (tmp_path / "out" / "wsis20-progress.pdf").exists()


def test_footnotes_and_the_cover_notes_show_once_in_the_pdf(pdfs):
    pages = pdf_pages(pdfs["ecosoc"])
    text = " ".join(pages)
    for number, note in enumerate((
            "Economic and Social Council resolution 2023/3.", "See E/2025/31–E/CN.16/2025/4.",
            "See https://www.intgovforum.org/en/content/igf-2023.",
            "See https://unctad.org/meeting/unctad-eweek-2023.",
            "See https://eurodig.org/eurodig-2024/.",
            "The questionnaire was open to all stakeholders on the website of the Commission; "
            "each response counts once, without weighting.",
            "Answers to the open questions on priorities for the next decade."), start=1):
        assert text.count(note) == 1, note
        assert re.search(rf"(^|\s){number} {re.escape(note)}", text), note  # numbered by Word
    # the masthead's asterisk notes, on the first page only, each once
    assert pages[0].count("* E/2025/1.") == 1
    late = "** The present report was submitted after the deadline to reflect the deliberations"
    assert pages[0].count(late) == 1 and late not in " ".join(pages[1:])
    assert "a twenty-year review**" in pages[0]
