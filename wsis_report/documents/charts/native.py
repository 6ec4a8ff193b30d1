"""The report's figures as native Word charts (``--charts native``).

A chart is a DrawingML ``c:chart`` part of its own, related from the document and
placed inline where ``{{ fig.image }}`` stands; its numbers live in an embedded
workbook related from the chart, which is what Word's "Edit Data" opens. The chart
XML and workbook come from python-pptx (``bars.py``, shared with the slides);
the Word wiring (parts, relationships, ``wp:inline``) is here. Styled like the
pictures: horizontal bars in one colour, count and per cent labels, 9 pt Times New
Roman, no border.
"""

from __future__ import annotations

import html
from datetime import date
from typing import Any

from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ..context import Figure

CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
PACKAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_MM = 36_000
PT_PER_MM = 72 / 25.4
WIDTH_MM = 150  # the pictures' width: the text width less a little
FONT_PT = 9  # as the pictures and the report's tables
TYPEFACE = "Times New Roman"
BAR = (0x1F, 0x4E, 0x79)  # the pictures' dark UN blue, which stays dark in greyscale print
FIRST_ID = 4000  # drawing ids: far above the few a template's own pictures use


def height_mm(bars: int) -> int:
    """10 mm a bar (a two-line label fits at 9 pt), within a page's height."""
    return min(10 + 10 * max(bars, 1), 200)


def chart_parts(package: Any, fig: Figure, day: date) -> Part:
    """The chart part, related to its embedded workbook part, for ``fig``."""
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.chart.chart import Chart
    from pptx.oxml import parse_xml

    from lxml import etree

    from .bars import TallyChartData, style

    data = TallyChartData(fig.rows, day)
    space = parse_xml(data.xml_bytes(XL_CHART_TYPE.BAR_CLUSTERED))
    style(Chart(space, None), fig.rows, fig.total, FONT_PT, WIDTH_MM * PT_PER_MM, TYPEFACE,
          RGBColor(*BAR))
    name = package.next_partname("/word/charts/chart%d.xml")
    number = int(str(name).rsplit("chart", 1)[1].split(".")[0])
    book = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"),
                XLSX_TYPE, data.workbook(), package)
    chart = Part(name, CHART_TYPE, b"", package)
    space.get_or_add_externalData().rId = chart.relate_to(book, PACKAGE_REL)
    chart._blob = etree.tostring(space, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)
    return chart


def inline_xml(rid: str, shape_id: int, bars: int, description: str) -> str:
    """A ``wp:inline`` drawing of the chart ``rid``, with its alternative text."""
    cx, cy = WIDTH_MM * EMU_PER_MM, height_mm(bars) * EMU_PER_MM
    descr = html.escape(description, quote=True)
    return (
        '<wp:inline distT="0" distB="0" distL="0" distR="0" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        f'xmlns:c="{CHART_URI}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Chart {shape_id - FIRST_ID + 1}" descr="{descr}"/>'
        '<wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{rid}"/>'
        '</a:graphicData></a:graphic></wp:inline>')


class NativeChart:
    """What a template's ``{{ fig.image }}`` becomes with ``--charts native``: on
    rendering, a chart part in the document being rendered, drawn inline."""

    def __init__(self, tpl: Any, fig: Figure, description: str, day: date | None) -> None:
        self.tpl, self.fig, self.description = tpl, fig, description
        self.day = day or date(2000, 1, 1)

    def _insert(self) -> str:
        part = self.tpl.current_rendering_part
        chart = chart_parts(part.package, self.fig, self.day)
        rid = part.relate_to(chart, CHART_REL)
        number = int(str(chart.partname).rsplit("chart", 1)[1].split(".")[0])
        drawing = inline_xml(rid, FIRST_ID + number - 1, len(self.fig.rows), self.description)
        return ('</w:t></w:r><w:r><w:drawing>%s</w:drawing></w:r><w:r>'
                '<w:t xml:space="preserve">' % drawing)

    def __html__(self) -> str:
        return self._insert()

    __str__ = __html__
