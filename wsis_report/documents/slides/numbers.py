"""Slide numbers, set as PowerPoint sets them (Insert › Slide Number).

The master's slide-number placeholder shows on no slide by itself: PowerPoint gives each
slide a placeholder of its own, cloned from its layout's (the same ``idx``, no place of its
own, so it stands where the layout, and through it the master, puts it), holding a
``slidenum`` field whose text is the slide's number, which PowerPoint updates when slides
move. python-pptx leaves such placeholders out of a new slide; they are cloned here.

The template decides: a layout without a slide-number placeholder gives its slides no
number, and the deck does not ask for one.
"""

from __future__ import annotations

from typing import Any

FALLBACK_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed: the deck is reproducible
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def first_number(prs: Any) -> int:
    """The number of the first slide (Design › Slide Size › Number slides from)."""
    return int(prs.part._element.get("firstSlideNum", "1"))


def number_slide(slide: Any, layout: Any, number: int) -> bool:
    """Gives ``slide`` the slide-number placeholder of its ``layout`` showing ``number``;
    False when the layout has none."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    source = next((ph for ph in layout.placeholders
                   if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER), None)
    if source is None:
        return False
    slide.shapes.clone_placeholder(source)
    idx = source.placeholder_format.idx
    shape = next(ph for ph in slide.placeholders if ph.placeholder_format.idx == idx)
    paragraph = shape.text_frame.paragraphs[0]._p
    field = parse_xml(f'<a:fld {nsdecls("a")} id="{_field_id(source)}" type="slidenum">'
                      f'<a:rPr lang="en-GB"/><a:t>{number}</a:t></a:fld>')
    paragraph.insert_element_before(field, "a:endParaRPr")
    return True


def _field_id(source: Any) -> str:
    """The id of the layout's own field, as PowerPoint keeps it on every slide."""
    field = source.element.find(f".//{A}fld[@type='slidenum']")
    return field.get("id") if field is not None and field.get("id") else FALLBACK_FIELD_ID
