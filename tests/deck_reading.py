"""Reading a built deck back with python-pptx: its slides' titles, text, charts and notes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
from pptx import Presentation

from wsis_report.documents.slides.template import frame
from dataclasses import replace

from wsis_report.documents.slides.fit import Item, paragraph_height

PROMPTS = ("Slide title", "List of items", "Presenter, and title", "Date, venue", "Source line",
           "Click to")


def open_deck(path: Path):
    return Presentation(str(path))


def titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides]


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return " ".join(" ".join(parts).split())


def deck_text(prs) -> str:
    return " ".join(slide_text(s) for s in prs.slides)


def charts(prs) -> list:
    return [shape for slide in prs.slides for shape in slide.shapes
            if getattr(shape, "has_chart", False) and shape.has_chart]


def workbook_numbers(chart) -> list[tuple[str, int]]:
    """The categories and values in a chart's embedded workbook, as openpyxl reads them."""
    blob = chart.part.chart_workbook.xlsx_part.blob
    sheet = openpyxl.load_workbook(io.BytesIO(blob)).worksheets[0]
    return [(row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def custom_properties(path: Path) -> dict[str, str]:
    import re

    with zipfile.ZipFile(path) as z:
        xml = z.read("docProps/custom.xml").decode("utf-8")
    return dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)</vt:lpwstr>', xml))


def overflowing(prs) -> list[str]:
    """Each list placeholder whose text, measured as the deck measures it, is taller than
    the placeholder's room: its slide title and the two heights."""
    wrong = []
    for slide in prs.slides:
        layout = slide.slide_layout
        by_idx = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
        for shape in slide.placeholders:
            source = by_idx.get(shape.placeholder_format.idx)
            if source is None or source.name != "List":
                continue
            room = frame(source, layout.slide_master)
            total = 0.0
            for p in shape.text_frame.paragraphs:
                text = "".join(r.text for r in p.runs)
                size = p.runs[0].font.size.pt if p.runs and p.runs[0].font.size else room.size
                number, _, rest = text.partition("\t")
                heading = bool(p.runs and p.runs[0].font.bold)
                item = Item(rest, number=1) if rest and number.rstrip(".").isdigit() \
                    else Item(text, heading=heading)
                margin = p._p.pPr.get("marL") if p._p.pPr is not None else None
                own = replace(room, indent=int(margin) / 12700) if margin else room
                total += paragraph_height(item, own, size)
            if total > room.height:
                wrong.append(f"{slide.shapes.title.text_frame.text}: "
                             f"{total:.0f} > {room.height:.0f} pt")
    return wrong
