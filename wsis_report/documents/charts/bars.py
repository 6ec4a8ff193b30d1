"""Native bar charts (DrawingML), shared by the slides and the Word report.

python-pptx writes the chart XML and its embedded workbook, the numbers that
PowerPoint's and Word's "Edit Data" open. The look is the pictures' look: one
colour, horizontal bars top to bottom in the order of the tally, each labelled
with its count and share, no border, no legend, no gridlines.

The plot area is placed by hand (``c:manualLayout``), left of it a column as wide as
the widest category label: left to themselves, PowerPoint and LibreOffice give the
labels a narrow column and wrap "Technical community" with room to spare.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Sequence

from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LABEL_POSITION
from pptx.util import Pt

from ..context import TallyRow
from ..house_style.style import pct
from ..slides.fit import text_width

SERIES = "Responses"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
LABEL_SHARE = 0.4  # of the chart's width at most for the category labels; longer ones wrap
MARGIN = 0.02  # of the chart's width and height, round the plot area


def label(row: TallyRow, total: int) -> str:
    """38 (33.9%): the count and its share, as the pictures and tables write them."""
    return f"{row.count:,} ({pct(100 * row.count / total if total else 0.0)})"


class _DatedWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's writer, but the workbook is dated from the data, not the clock,
    so the same tallies always give the same bytes."""

    def __init__(self, chart_data: CategoryChartData, day: date) -> None:
        super().__init__(chart_data)
        self._day = day

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, {"in_memory": True})
        stamp = datetime(self._day.year, self._day.month, self._day.day)
        workbook.set_properties({"created": stamp, "author": "CSTD secretariat"})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class TallyChartData(CategoryChartData):
    """The chart data of a tally: one series, "Responses", a category per row."""

    def __init__(self, rows: Sequence[TallyRow], day: date) -> None:
        super().__init__(number_format="#,##0")
        self._writer = _DatedWorkbookWriter(self, day)
        self.categories = [r.label for r in rows]
        self.add_series(SERIES, [r.count for r in rows])

    @property
    def _workbook_writer(self) -> CategoryWorkbookWriter:  # type: ignore[override]
        return self._writer

    def workbook(self) -> bytes:
        return self._writer.xlsx_blob


def style(chart: Any, rows: Sequence[TallyRow], total: int, font_pt: float, width_pt: float,
          typeface: str, colour: RGBColor | None = None) -> None:
    """Styles a python-pptx bar chart ``width_pt`` wide like the report's pictures, its
    labels measured in ``typeface``; ``colour`` None takes the theme's first accent (the
    template's UN blue) and its font, the template's."""
    from pptx.enum.dml import MSO_THEME_COLOR

    chart.has_legend = False
    chart.has_title = False
    chart.font.size = Pt(font_pt)
    if colour is not None:
        chart.font.name = typeface
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.vary_by_categories = False
    series = plot.series[0]
    fill = series.format.fill
    fill.solid()
    if colour is None:
        fill.fore_color.theme_color = MSO_THEME_COLOR.ACCENT_1
    else:
        fill.fore_color.rgb = colour
    series.invert_if_negative = False
    for point, row in zip(series.points, rows):
        data_label = point.data_label
        data_label.position = XL_LABEL_POSITION.OUTSIDE_END
        frame = data_label.text_frame
        frame.text = label(row, total)
        frame.paragraphs[0].runs[0].font.size = Pt(font_pt)
    categories = chart.category_axis
    categories.reverse_order = True  # first row at the top, as in the tally
    categories.has_major_gridlines = False
    categories.format.line.color.rgb = RGBColor(0x80, 0x80, 0x80)
    categories.tick_labels.font.size = Pt(font_pt)
    _horizontal_wrapping(categories._element)
    values = chart.value_axis
    values.visible = False
    values.has_major_gridlines = False
    values.minimum_scale = 0
    plot_width = _place_plot_area(chart, [r.label for r in rows], font_pt, width_pt, typeface)
    values.maximum_scale = _value_room(rows, total, font_pt, plot_width, typeface)
    _every_label(categories._element)
    _no_border(chart)
    _valid_axis_ids(chart)


def _place_plot_area(chart: Any, labels: Sequence[str], font_pt: float, width_pt: float,
                     typeface: str) -> float:
    """Puts the bars right of a column as wide as the widest label (at most
    ``LABEL_SHARE`` of the chart), so that a label wraps only when it is wider than
    that; returns the plot area's width in points."""
    from lxml import etree

    widest = max((text_width(t, typeface, font_pt) for t in labels), default=0.0)
    # the tick mark, the gap PowerPoint leaves between label and axis, a little slack
    # for the renderers' rounding: about a font size in all
    column = min(widest + 1.2 * font_pt, width_pt * LABEL_SHARE)
    left = MARGIN + column / width_pt
    plot_area = chart._chartSpace.chart.plotArea
    old = plot_area.find(f"{{{C}}}layout")
    if old is not None:
        plot_area.remove(old)
    layout = etree.Element(f"{{{C}}}layout")
    manual = etree.SubElement(layout, f"{{{C}}}manualLayout")
    for tag, value in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                       ("x", left), ("y", MARGIN), ("w", 1 - left - MARGIN),
                       ("h", 1 - 2 * MARGIN)):
        etree.SubElement(manual, f"{{{C}}}{tag}",
                         val=value if isinstance(value, str) else f"{value:.4f}")
    plot_area.insert(0, layout)  # c:layout comes first in c:plotArea
    return width_pt * (1 - left - MARGIN)


def _value_room(rows: Sequence[TallyRow], total: int, font_pt: float, plot_width: float,
                typeface: str) -> float:
    """The value axis's maximum: room right of every bar for its label, and at least
    30 per cent beyond the longest; all zero: an axis of 0 to 1."""
    longest = max((r.count for r in rows), default=0)
    if not longest:
        return 1
    needed = longest * 1.3
    for row in rows:
        room = plot_width - text_width(label(row, total), typeface, font_pt) - font_pt
        if room > 0:
            needed = max(needed, row.count * plot_width / room)
    return round(needed, 2)


def _horizontal_wrapping(axis: Any) -> None:
    """The category labels are set level (``rot="0"``: no application turns them to
    make room) and wrap at the edge of their column (``wrap="square"``), only when wider."""
    body = axis.find(f"{{{C}}}txPr/{{{A}}}bodyPr")
    body.set("rot", "0")
    body.set("vert", "horz")
    body.set("wrap", "square")


def _valid_axis_ids(chart: Any) -> None:
    """python-pptx numbers the axes -2068027336 and -2113994440; the schema's axis ids are
    unsigned, and Microsoft Office takes them up to 2,147,483,647 (its validator refuses
    others). The axes are numbered afresh, 1001, 1002..., in the order they are named, so
    every axis and the axis it crosses keep their pairing."""
    renumbered: dict[str, str] = {}
    for element in chart._chartSpace.iter(f"{{{C}}}axId", f"{{{C}}}crossAx"):
        old = element.get("val")
        element.set("val", renumbered.setdefault(old, str(1001 + len(renumbered))))


def _every_label(axis: Any) -> None:
    """Every category named: a reader would otherwise skip labels it thinks crowded."""
    from lxml import etree

    skip = etree.Element(f"{{{C}}}tickLblSkip", val="1")
    later = [axis.find(f"{{{C}}}{tag}") for tag in ("tickMarkSkip", "noMultiLvlLbl", "extLst")]
    following = next((e for e in later if e is not None), None)
    axis.append(skip) if following is None else following.addprevious(skip)


def _no_border(chart: Any) -> None:
    from lxml import etree

    space = chart._chartSpace
    old = space.find(f"{{{C}}}spPr")
    if old is not None:
        space.remove(old)
    sp_pr = etree.SubElement(space, f"{{{C}}}spPr")
    etree.SubElement(sp_pr, f"{{{A}}}noFill")
    line = etree.SubElement(sp_pr, f"{{{A}}}ln")
    etree.SubElement(line, f"{{{A}}}noFill")
    # c:spPr comes right after c:chart in the schema; move it there.
    space.find(f"{{{C}}}chart").addnext(sp_pr)
    # Square corners: Office draws rounded ones when the element is absent.
    if space.find(f"{{{C}}}roundedCorners") is None:
        corners = etree.Element(f"{{{C}}}roundedCorners", val="0")
        first = space.find(f"{{{C}}}date1904")
        first.addnext(corners) if first is not None else space.insert(0, corners)
