"""The native bar charts' layout, read from their XML: the deck's and the Word report's.

Left to their own layout, PowerPoint and LibreOffice gave the category labels a narrow
column and wrapped "Technical community" on two lines and "International or regional
organization" on three, with half the chart empty. The plot area is now placed by hand,
right of a column as wide as the widest label.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from wsis_report.documents.charts.bars import LABEL_SHARE, MARGIN, label
from wsis_report.documents.context import TallyRow
from wsis_report.documents.slides.fit import text_width
from wsis_report.pipeline import build

from deck_reading import charts, open_deck

ROOT = Path(__file__).resolve().parents[3]
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    [doc] = build(ROOT / "inputs", ["progress"], ROOT / "templates", out, slides=True,
                  charts="native")
    return doc


def deck_charts(path: Path) -> list[tuple[etree._Element, float]]:
    """Each chart of the deck: its chartSpace and its frame's width in points."""
    return [(shape.chart._chartSpace, shape.width / EMU_PER_PT)
            for shape in charts(open_deck(path))]


def word_charts(path: Path) -> list[tuple[etree._Element, float]]:
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        names = sorted((n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)),
                       key=lambda n: int(re.search(r"\d+", n)[0]))
        spaces = [etree.fromstring(z.read(n)) for n in names]
    widths = [int(cx) / EMU_PER_PT for cx in re.findall(r'<wp:extent cx="(\d+)"', body)]
    return list(zip(spaces, widths[-len(spaces):]))


def layout_of(space) -> dict[str, str]:
    manual = space.find(f"{C}chart/{C}plotArea/{C}layout/{C}manualLayout")
    assert manual is not None, "the plot area is left to the application's own layout"
    return {child.tag.removeprefix(C): child.get("val") for child in manual}


def font_pt(space) -> float:
    return int(space.find(f"{C}txPr//{A}defRPr").get("sz")) / 100


def categories(space) -> list[str]:
    return [v.text for v in space.iterfind(f".//{C}cat//{C}pt/{C}v")]


@pytest.mark.parametrize("kind", ["deck", "report"])
def test_the_labels_have_a_column_as_wide_as_the_widest(built, kind):
    found = deck_charts(built.deck.path) if kind == "deck" else word_charts(built.path)
    assert len(found) == 2
    for space, width in found:
        manual = layout_of(space)
        assert {k: manual[k] for k in ("layoutTarget", "xMode", "yMode")} == {
            "layoutTarget": "inner", "xMode": "edge", "yMode": "edge"}
        left, plot = float(manual["x"]), float(manual["w"])
        widest = max(text_width(t, "Times New Roman", font_pt(space)) for t in categories(space))
        # every label of the sample fits its column on one line, and the column is no wider
        # than the widest label needs (so the bars keep the rest)
        assert widest < (left - MARGIN) * width <= widest + 2 * font_pt(space)
        assert left <= MARGIN + LABEL_SHARE and left + plot <= 1


@pytest.mark.parametrize("kind", ["deck", "report"])
def test_the_labels_are_level_and_wrap_only_at_their_columns_edge(built, kind):
    found = deck_charts(built.deck.path) if kind == "deck" else word_charts(built.path)
    for space, _ in found:
        body = space.find(f"{C}chart/{C}plotArea/{C}catAx/{C}txPr/{A}bodyPr")
        assert body is not None
        assert (body.get("rot"), body.get("vert"), body.get("wrap")) == ("0", "horz", "square")


def test_every_bars_label_has_room_right_of_it(built):
    for space, width in deck_charts(built.deck.path):
        plot = float(layout_of(space)["w"]) * width
        most = float(space.find(f".//{C}valAx/{C}scaling/{C}max").get("val"))
        counts = [int(v.text) for v in space.iterfind(f".//{C}val//{C}pt/{C}v")]
        total = sum(counts)
        for count in counts:
            text = label(TallyRow("", count, 0.0), total)
            assert count / most * plot + text_width(text, "Times New Roman",
                                                    font_pt(space)) < plot


def test_a_label_wider_than_the_share_of_the_chart_wraps_in_it():
    from pptx.chart.chart import Chart
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.oxml import parse_xml
    from datetime import date

    from wsis_report.documents.charts.bars import TallyChartData, style

    rows = [TallyRow("A region whose name runs on " * 4, 3, 60.0), TallyRow("Europe", 2, 40.0)]
    space = parse_xml(TallyChartData(rows, date(2024, 10, 21)).xml_bytes(
        XL_CHART_TYPE.BAR_CLUSTERED))
    style(Chart(space, None), rows, 5, 14, 600, "Times New Roman")
    assert float(layout_of(space)["x"]) == pytest.approx(MARGIN + LABEL_SHARE, abs=1e-4)
