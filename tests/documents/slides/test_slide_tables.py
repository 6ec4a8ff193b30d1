"""Tables on slides: their alternative text says what the table is, from the data, and
which part of it a slide holds when it continues."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from wsis_report.documents.house_style.style import month_range
from wsis_report.pipeline import build

from builders import write_inputs
from deck_reading import open_deck

ROOT = Path(__file__).resolve().parents[3]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def month_of(text: str) -> date:
    name, year = text.split()
    return date(int(year), MONTHS.index(name) + 1, 1)


def tables(prs) -> list[tuple[str, list[list[str]]]]:
    """Each table of the deck: its alternative text (no-break spaces read as spaces) and
    its rows."""
    return [(shape._element.nvGraphicFramePr.cNvPr.get("descr").replace("\xa0", " "),
             [[cell.text for cell in row.cells] for row in shape.table.rows])
            for slide in prs.slides for shape in slide.shapes if shape.has_table]


def test_the_timetable_says_what_it_is(tmp_path):
    [doc] = build(ROOT / "inputs", ["progress"], ROOT / "templates", tmp_path, slides=True)
    [(descr, rows)] = tables(open_deck(doc.deck.path))
    assert descr == ("Timetable of the review: 7 milestones, from April 2024 to November "
                     "2025, with the columns Date and Milestone.")
    assert len(rows) == 1 + 7


def test_a_continued_timetable_says_which_part_each_slide_holds(tmp_path):
    milestones = [{"Start": f"{MONTHS[n % 12]} {2024 + n // 12}",
                   "Milestone": f"Milestone {n + 1}: " + "consultation and drafting " * 6}
                  for n in range(30)]
    inputs = write_inputs(tmp_path / "in", Timetable=milestones)
    [doc] = build(inputs, ["progress"], ROOT / "templates", tmp_path / "out", slides=True)
    found = tables(open_deck(doc.deck.path))
    assert len(found) >= 2
    first = 1
    for part, (descr, rows) in enumerate(found, 1):
        last = first + len(rows) - 2  # the header row is repeated on each slide
        span = month_range(month_of(rows[1][0]), month_of(rows[-1][0])).replace("\xa0", " ")
        assert descr == (f"Timetable of the review, part {part} of {len(found)}: milestones "
                         f"{first} to {last} of 30, from {span}, with the columns "
                         "Date and Milestone."), descr
        first = last + 1
    assert first == 31


def test_a_chart_shown_as_a_table_says_what_it_shows(tmp_path):
    from test_slides import sample_context, with_region_tally

    from wsis_report.documents.slides.deck import render_deck

    rows = [(f"Region {n}", n) for n in range(1, 41)]
    deck = render_deck(ROOT / "templates" / "progress.pptx",
                       with_region_tally(sample_context(), rows))
    (tmp_path / "deck.pptx").write_bytes(deck.data)
    found = [(d, r) for d, r in tables(open_deck(tmp_path / "deck.pptx"))
             if d.startswith("Responses to the online survey by region")]
    assert len(found) >= 2
    assert all(re.fullmatch(rf"Responses to the online survey by region, part {i} of "
                            rf"{len(found)}: regions \d+ to \d+ of 40, with the columns Region "
                            "and Responses.", d) for i, (d, _) in enumerate(found, 1))
