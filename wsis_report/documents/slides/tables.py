"""Two-column tables on slides, measured and split across slides like lists.

Each row is as tall as its taller cell once wrapped; rows that do not fit under the
header continue on the next slide, which repeats the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .fit import SAFETY, Frame, Item, TooLong, line_count, line_height, text_width

CELL_SIDE = 7.2  # PowerPoint's cell margins, in points: 0.1 in left and right
CELL_TOP = 3.6  # 0.05 in above and below
EMU_PER_PT = 12700
FIRST_COLUMN_MAX = 0.4  # of the width: the milestone or label keeps the rest


@dataclass(frozen=True)
class About:
    """What a table shows, for its alternative text: its subject ("Timetable of the
    review"), what a row is ("milestone", "milestones") and what rows ``start`` to
    ``stop`` (a slice) span ("from April 2024 to November 2025"), if anything."""

    subject: str
    noun: tuple[str, str]
    span: Callable[[int, int], str] = lambda start, stop: ""

    def describe(self, header: Sequence[str], total: int, start: int, stop: int,
                 part: int, parts: int) -> str:
        """"Timetable of the review: 7 milestones, from April 2024 to November 2025, with
        the columns Date and Milestone."; a table split across slides says which part of
        it, and which rows, each slide holds."""
        one, many = self.noun
        if parts == 1:
            lead, rows = self.subject, f"{total or 'no'} {one if total == 1 else many}"
        else:
            lead = f"{self.subject}, part {part} of {parts}"
            rows = (f"{one} {start + 1} of {total}" if stop - start == 1 else
                    f"{many} {start + 1} to {stop} of {total}")
        span = self.span(start, stop) if total else ""
        return (f"{lead}: {rows}{', ' + span if span else ''}, with the columns "
                f"{' and '.join(header)}.")


def widths(header: tuple[str, str], rows: Sequence[tuple[str, str]], room: Frame) -> tuple[float, float]:
    """Column widths in points: the first as wide as its longest text, within bounds."""
    texts = [(header[0], True)] + [(r[0], False) for r in rows]
    needed = max(text_width(t, room.typeface, room.size, bold) for t, bold in texts)
    first = min(needed + 2 * CELL_SIDE + 2, room.width * FIRST_COLUMN_MAX)
    return first, room.width - first


def row_height(cells: Sequence[str], columns: Sequence[float], room: Frame,
               bold: bool = False) -> float:
    lines = max(line_count(text, width - 2 * CELL_SIDE, room.typeface, room.size, bold)
                for text, width in zip(cells, columns))
    return lines * line_height(room.typeface, room.size, bold) + 2 * CELL_TOP


def table_pages(header: tuple[str, str], rows: Sequence[tuple[str, str]],
                room: Frame) -> list[tuple[list[tuple[str, str]], tuple[float, float]]]:
    """Rows in pages that fit ``room`` under the header, with the column widths."""
    columns = widths(header, rows, room)
    top = row_height(header, columns, room, bold=True)
    limit = room.height * SAFETY
    pages: list[list[tuple[str, str]]] = []
    page: list[tuple[str, str]] = []
    used = top
    for row in rows:
        tall = row_height(row, columns, room)
        if top + tall > limit:
            raise TooLong(Item(" | ".join(row)), room.size)
        if used + tall > limit and page:
            pages.append(page)
            page, used = [], top
        page.append(row)
        used += tall
    pages.append(page)
    return [(p, columns) for p in pages]


def add_table(slide: Any, area: Any, rows: Sequence[tuple[str, str]],
              columns: tuple[float, float], room: Frame, description: str) -> Any:
    """A table at the place of ``area`` (a layout placeholder), the first row its header,
    ``description`` its alternative text."""
    from pptx.util import Emu, Pt

    heights = [row_height(r, columns, room, bold=i == 0) for i, r in enumerate(rows)]
    shape = slide.shapes.add_table(len(rows), 2, area.left, area.top,
                                   Emu(round(sum(columns) * EMU_PER_PT)),
                                   Emu(round(sum(heights) * EMU_PER_PT)))
    table = shape.table
    for index, width in enumerate(columns):
        table.columns[index].width = Emu(round(width * EMU_PER_PT))
    for r, (row, tall) in enumerate(zip(rows, heights)):
        table.rows[r].height = Emu(round(tall * EMU_PER_PT))
        for col, text in enumerate(row):
            cell = table.cell(r, col)
            cell.text = text
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = Pt(room.size)
    # Alternative text that says what the table is (a screen reader reads its cells after)
    shape._element.nvGraphicFramePr.cNvPr.set("descr", description)
    return shape
