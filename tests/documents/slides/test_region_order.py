"""One order of the regions everywhere: the deck lists them (consultations, key messages by
region, the survey's distribution as a chart or a table) in the order the report gives them,
whatever the order of the editors' rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from wsis_report.pipeline import build

from deck_reading import open_deck

ROOT = Path(__file__).resolve().parents[3]
REVERSED = {"consultations.xlsx": ("Consultations", "Key messages"),
            "survey.xlsx": ("By region", "By stakeholder group")}


def reversed_inputs(folder: Path) -> Path:
    """The sample workbooks with the rows of every sheet that lists regions upside down."""
    shutil.copytree(ROOT / "inputs", folder)
    for name, sheets in REVERSED.items():
        book = openpyxl.load_workbook(folder / name)
        for sheet in sheets:
            rows = [[c.value for c in row] for row in book[sheet].iter_rows(min_row=2)]
            rows = [r for r in rows if any(v is not None for v in r)]
            book[sheet].delete_rows(2, book[sheet].max_row)
            for row in reversed(rows):
                book[sheet].append(row)
        book.save(folder / name)
    return folder


def report_order(path: Path) -> list[str]:
    """The regions in the order of the report's table of responses by region."""
    document = docx.Document(str(path))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Region")
    return [row.cells[0].text for row in table.rows[1:] if row.cells[0].text != "Total"]


def regions_listed(slide, regions: list[str]) -> list[str]:
    """The regions a slide lists, in its order: a list item or heading that starts with a
    region's name, a chart's categories, a table's first column."""
    found = []
    for shape in slide.shapes:
        if getattr(shape, "has_chart", False) and shape.has_chart:
            # drawn top to bottom: a bar chart's first category is at the foot unless the
            # axis is reversed
            assert shape.chart.category_axis.reverse_order
            found += [c for c in shape.chart.plots[0].categories if c in regions]
        elif getattr(shape, "has_table", False) and shape.has_table:
            found += [r.cells[0].text for r in shape.table.rows if r.cells[0].text in regions]
        elif shape.has_text_frame and shape != slide.shapes.title:
            for paragraph in shape.text_frame.paragraphs:
                text = paragraph.text
                found += [r for r in regions if text == r or text.startswith(
                    (f"{r}:", f"{r} (continued)"))]
    return found


def is_subsequence(items: list[str], order: list[str]) -> bool:
    positions = iter(order)
    return all(any(item == candidate for candidate in positions) for item in items)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("work")
    templates = folder / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copyfile(templates / "progress.pptx", templates / "ecosoc.pptx")
    inputs = reversed_inputs(folder / "inputs")
    return build(inputs, ["progress", "ecosoc"], templates, folder / "out", slides=True)


@pytest.mark.parametrize("stage", [0, 1], ids=["progress", "ecosoc"])
def test_every_list_of_regions_follows_the_reports_order(built, stage):
    doc = built[stage]
    order = report_order(doc.path)
    assert order == ["Africa", "Arab region", "Asia and the Pacific", "Europe",
                     "Latin America and the Caribbean", "North America", "Other or not stated"]
    deck = open_deck(doc.deck.path)
    lists = {}
    for slide in deck.slides:
        title = slide.shapes.title.text_frame.text.removesuffix(" (continued)")
        listed = regions_listed(slide, order)
        assert is_subsequence(listed, order), (title, listed)
        lists.setdefault(title, []).extend(listed)
    # a list continued on the next slide goes on in the same order
    assert all(is_subsequence(listed, order) for listed in lists.values()), lists
    assert lists["Open multistakeholder consultations"] == order[:5]
    assert lists["Distribution of responses by region"] == order
    messages = lists["Key messages from regional consultations"]
    assert messages == (order[:4] if stage == 0 else order[:5])
