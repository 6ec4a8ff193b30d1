"""The running head as United Nations documents set it: the symbol at the right margin on odd
pages and at the left on even pages, the draft's "Draft" mark at the other end of the line.

An editor found the symbol in the middle of odd pages: the running head's style was based on
Word's Header, whose centre tab stop (4680 twips) took the single tab before the symbol."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from wsis_report.office.convert import soffice, to_pdf
from wsis_report.pipeline import build

from office_tools import need

ROOT = Path(__file__).resolve().parents[3]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_WIDTH = round((21.0 - 2 * 2.2) / 2.54 * 1440)  # twips: A4 less two 2.2 cm margins


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    docs = build(ROOT / "inputs", ["draft", "ecosoc"], ROOT / "templates", out)
    return {d.stage.name.value: d.path for d in docs}


def effective_tabs(docx: Path, style_id: str) -> dict[int, str]:
    """The tab stops a paragraph in the style has: its base styles' first, each style then
    clearing or setting stops of its own (ISO/IEC 29500, 17.3.1.38)."""
    with zipfile.ZipFile(docx) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    chain = []
    while style_id:
        style = by_id[style_id]
        chain.append(style)
        based = style.find(f"{W}basedOn")
        style_id = based.get(f"{W}val") if based is not None else None
    stops: dict[int, str] = {}
    for style in reversed(chain):
        for tab in style.findall(f"{W}pPr/{W}tabs/{W}tab"):
            position, kind = int(tab.get(f"{W}pos")), tab.get(f"{W}val")
            if kind == "clear":
                stops.pop(position, None)
            else:
                stops[position] = kind
    return stops


@pytest.mark.parametrize("stage", ["draft", "ecosoc"])
def test_the_running_head_has_one_right_stop_at_the_text_width(built, stage):
    stops = effective_tabs(built[stage], "UNRunningHead")
    assert "center" not in stops.values(), stops
    assert [(pos, kind) for pos, kind in stops.items() if kind == "right"] == [
        (pytest.approx(TEXT_WIDTH, abs=2), "right")], stops
    assert len(stops) == 1, stops  # nothing between the two ends of the line


def test_in_libreoffice_the_symbol_is_at_the_right_margin_on_odd_pages(built):
    need(soffice(), "LibreOffice")
    pymupdf = pytest.importorskip("pymupdf")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    (pdf,) = to_pdf([built["draft"]])
    symbol = "E/CN.16/2025/3"
    with pymupdf.open(pdf) as document:
        left = 2.2 / 2.54 * 72
        right = document[0].rect.width - 2.2 / 2.54 * 72
        heads = []
        for number, page in enumerate(document, 1):
            words = [w for w in page.get_text("words") if w[3] < 2.5 / 2.54 * 72]  # the margin
            heads.append((number, {w[4]: (w[0], w[2]) for w in words}))
    assert len(heads) >= 4
    for number, head in heads[1:]:  # page 1 has the masthead, and "Draft" alone
        (x0, x1), (d0, d1) = head[symbol], head["Draft"]
        if number % 2:  # odd: "Draft" at the left margin, the symbol at the right
            assert x1 == pytest.approx(right, abs=1.5), (number, head)
            assert d0 == pytest.approx(left, abs=1.5), (number, head)
        else:  # even: the symbol at the left, "Draft" at the right
            assert x0 == pytest.approx(left, abs=1.5), (number, head)
            assert d1 == pytest.approx(right, abs=1.5), (number, head)
