"""Slide numbers as PowerPoint sets them: a slide-number placeholder on each slide but the
title slide, holding a ``slidenum`` field, standing where the master puts it; none where
the template's layouts have no place for one."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from wsis_report.pipeline import build

from deck_reading import open_deck

ROOT = Path(__file__).resolve().parents[3]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def numbers(shapes) -> list:
    """The slide-number placeholders among ``shapes`` (python-pptx leaves them out of
    ``placeholders`` on a new slide, so every p:sp is read)."""
    return [s for s in shapes if s.is_placeholder
            and s.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER]


def fields(shape) -> list[tuple[str, str]]:
    return [(f.get("type"), f.findtext(f"{A}t")) for f in shape._element.iter(f"{A}fld")]


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    [doc] = build(ROOT / "inputs", ["progress"], ROOT / "templates", out, slides=True)
    return open_deck(doc.deck.path)


def test_every_slide_but_the_title_slide_shows_its_number_as_a_field(deck):
    assert numbers(deck.slides[0].shapes) == []
    for index, slide in enumerate(deck.slides):
        if index == 0:
            continue
        [number] = numbers(slide.shapes)
        assert number._element.tag == f"{P}sp"
        assert fields(number) == [("slidenum", str(index + 1))]
        assert number.text_frame.text == str(index + 1)


def test_the_number_stands_where_the_master_puts_it(deck):
    [master] = numbers(deck.slide_master.placeholders)
    assert fields(master) == [("slidenum", "‹#›")]
    where = (master.left, master.top, master.width, master.height)
    for slide in list(deck.slides)[1:]:
        [number] = numbers(slide.shapes)
        # no place of its own: PowerPoint takes the layout's (same idx), the layout the
        # master's, so moving the master's number moves every slide's
        assert number._element.spPr.find(f"{A}xfrm") is None
        [on_layout] = numbers(slide.slide_layout.placeholders)
        assert on_layout.placeholder_format.idx == number.placeholder_format.idx
        assert on_layout._element.spPr.find(f"{A}xfrm") is None
        assert (number.left, number.top, number.width, number.height) == where


def test_the_templates_layouts_carry_the_masters_number_but_the_title_slides():
    prs = Presentation(str(ROOT / "templates" / "progress.pptx"))
    carrying = {layout.name for layout in prs.slide_layouts if numbers(layout.placeholders)}
    assert carrying == {"Table", "List", "Chart", "Closing"}


def test_a_template_without_a_slide_number_gives_no_numbers_and_no_error(templates, tmp_path):
    path = templates / "progress.pptx"
    prs = Presentation(str(path))
    for shapes in [prs.slide_master.placeholders] + [l.placeholders for l in prs.slide_layouts]:
        for shape in numbers(shapes):
            shape._element.getparent().remove(shape._element)
    prs.save(str(path))
    [doc] = build(ROOT / "inputs", ["progress"], templates, tmp_path / "out", slides=True)
    deck = open_deck(doc.deck.path)
    assert len(deck.slides) == 10 and not doc.deck.notices
    assert [s for slide in deck.slides for s in numbers(slide.shapes)] == []


def test_numbers_start_where_the_template_says(templates, tmp_path):
    path = templates / "progress.pptx"
    prs = Presentation(str(path))
    prs.part._element.set("firstSlideNum", "0")  # Design › Slide Size › Number slides from
    prs.save(str(path))
    [doc] = build(ROOT / "inputs", ["progress"], templates, tmp_path / "out", slides=True)
    deck = open_deck(doc.deck.path)
    assert [fields(n) for n in numbers(deck.slides[1].shapes)] == [[("slidenum", "1")]]
