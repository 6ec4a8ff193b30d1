"""The deck and the native charts in LibreOffice: converted to PDF and read with poppler,
and a Word file with native charts rewritten by LibreOffice keeps them.

Skipped where LibreOffice or poppler is missing, except in CI (CI=true), as test_office.py.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from wsis_report.office.convert import convert, soffice
from wsis_report.pipeline import build

from builders import KEY_MESSAGES, write_inputs
from office_tools import need
from deck_reading import charts, open_deck
from sample_facts import BRIEFING_FACTS, as_typed

ROOT = Path(__file__).resolve().parents[2]
VALUES = ["Government", "38 (33.9%)", "Civil society", "27 (24.1%)", "Other", "4 (3.6%)",
          "Europe", "31 (27.7%)", "North America", "7 (6.3%)"]


def pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout)[1])
    return [" ".join(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout.split())
            for n in range(1, count + 1)]


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    need(soffice(), "LibreOffice")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    out = tmp_path_factory.mktemp("dist")
    [doc] = build(ROOT / "inputs", ["progress"], ROOT / "templates", out, slides=True,
                  charts="native")
    rewrite = tmp_path_factory.mktemp("rewrite") / "native.docx"
    shutil.copyfile(doc.path, rewrite)
    decks = tmp_path_factory.mktemp("decks")
    deck = decks / doc.deck.path.name  # its PDF would have the report's name
    shutil.copyfile(doc.deck.path, deck)
    long = [{"Group": "Global", "No.": n, "Message": f"Message {n}: " + "cooperation " * 25}
            for n in range(1, 41)]
    inputs = write_inputs(tmp_path_factory.mktemp("in"), Key_messages=long + KEY_MESSAGES[1:])
    [forty] = build(inputs, ["progress"], ROOT / "templates", decks / "forty", slides=True)
    shutil.copyfile(forty.deck.path, decks / "forty.pptx")  # one office, distinct names
    deck_pdf, forty_pdf = convert([deck, decks / "forty.pptx"], ".pdf", "pdf:impress_pdf_Export")
    [report_pdf] = convert([doc.path], ".pdf", "pdf:writer_pdf_Export")
    [rewritten] = convert([rewrite], ".docx", "docx:MS Word 2007 XML")
    return doc, deck_pdf, report_pdf, rewritten, forty_pdf


def test_the_deck_is_one_page_a_slide_with_each_slides_facts(converted):
    doc, deck_pdf, _, _, _ = converted
    text = pages(deck_pdf)
    deck = open_deck(doc.deck.path)
    assert len(text) == len(deck.slides) == 10
    for page, slide in zip(text, deck.slides):
        assert slide.shapes.title.text_frame.text in page
    everything = as_typed(" ".join(text))
    assert [f for f in BRIEFING_FACTS if " ".join(f.split()) not in everything] == []
    assert all(v in text[4] + text[5] for v in VALUES)  # the charts' labels and values


def test_the_report_with_native_charts_shows_their_labels_and_values(converted):
    _, _, report_pdf, _, _ = converted
    text = " ".join(pages(report_pdf))
    figures = text[text.index("Figure I"):]
    assert all(v in figures for v in VALUES)


def test_a_libreoffice_rewrite_keeps_the_charts(converted):
    _, _, _, rewritten, _ = converted
    with zipfile.ZipFile(rewritten) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)]
        xml = " ".join(z.read(n).decode("utf-8") for n in charts)
        body = z.read("word/document.xml").decode("utf-8")
    assert len(charts) == 2 and 'barDir val="bar"' in xml
    assert "Government" in xml and "Latin America and the Caribbean" in xml
    assert body.count("drawingml/2006/chart") >= 2


def test_forty_key_messages_stay_inside_their_placeholder_as_libreoffice_sets_them(converted):
    """The split is checked against a renderer other than our own measure: every word
    LibreOffice sets on a key-messages slide lies inside the template's List placeholder
    (but the slide's number, in its own box below)."""
    *_, forty_pdf = converted
    template = open_deck(ROOT / "templates" / "progress.pptx")
    layout = next(l for l in template.slide_layouts if l.name == "List")
    box = next(p for p in layout.placeholders if p.name == "List")
    bottom, right = (box.top + box.height) / 12700, (box.left + box.width) / 12700
    number = next(p for p in template.slide_master.placeholders if p.name == "Slide number")
    number_top = number.top / 12700
    xml = subprocess.run(["pdftotext", "-bbox", str(forty_pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    slides = [page for page in xml.split("<page ")[1:]
              if re.search(r"<word [^>]*>([^<]*)</word>", page)[1] == "Key"]
    assert len(slides) >= 4
    outside = []
    for page in slides:
        for x_max, y_max, word in re.findall(
                r'<word xMin="[^"]+" yMin="[^"]+" xMax="([^"]+)" yMax="([^"]+)">([^<]*)', page):
            if float(y_max) > number_top and word.isdigit():
                continue  # the slide's number
            if float(y_max) > bottom + 1 or float(x_max) > right + 1:
                outside.append(word)
    assert outside == []
    assert "Message 40:" in " ".join(pages(forty_pdf))


def test_the_charts_category_labels_stand_on_one_line_as_libreoffice_sets_them(converted):
    """Left to LibreOffice's own layout, "International or regional organization" took
    three lines beside a half-empty chart; in the column the chart now gives the labels,
    each of the sample's stands on one line (the deck's and the Word report's)."""
    doc, deck_pdf, report_pdf, _, _ = converted
    labels = [label for shape in charts(open_deck(doc.deck.path))
              for label in shape.chart.plots[0].categories]
    assert "International or regional organization" in labels
    for pdf in (deck_pdf, report_pdf):
        lines = [" ".join(line.split()) for line in subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
            check=True).stdout.splitlines()]
        if pdf == report_pdf:  # the figures only: the report's tables name the groups too
            second = lines.index("Figure II")
            end = next(i for i in range(second, len(lines)) if lines[i].startswith("Source:"))
            lines = lines[lines.index("Figure I"):end]
        assert [label for label in labels if not any(label in line for line in lines)] == []


def test_each_slide_but_the_first_shows_its_number_where_the_master_puts_it(converted):
    """LibreOffice, another renderer than PowerPoint, sets each slide's number field in
    the master's slide-number box, and none on the title slide."""
    _, deck_pdf, _, _, _ = converted
    master = next(p for p in open_deck(ROOT / "templates" / "progress.pptx").slide_master
                  .placeholders if p.name == "Slide number")
    left, top = master.left / 12700, master.top / 12700
    right, bottom = left + master.width / 12700, top + master.height / 12700
    xml = subprocess.run(["pdftotext", "-bbox", str(deck_pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    for index, page in enumerate(xml.split("<page ")[1:]):
        inside = [word for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([^"]+)" yMin="([^"]+)" xMax="([^"]+)" yMax="([^"]+)">([^<]*)', page)
            if float(x0) >= left and float(x1) <= right and float(y0) >= top
            and float(y1) <= bottom]
        assert inside == ([] if index == 0 else [str(index + 1)])
