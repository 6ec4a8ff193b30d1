"""Speaker notes, written directly as a notes-slide part.

python-pptx's own way clones the notes master's placeholders through many XPath
queries and looks for a free part name by walking the whole package, for every slide:
half the time of rendering the deck. A notes page needs only two placeholders, the
slide's picture and the notes text, which inherit everything else from the notes master.
"""

from __future__ import annotations

from html import escape
from typing import Any

_NOTES = (
    '<p:notes xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
    '</p:nvGrpSpPr><p:grpSpPr/>'
    '<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image Placeholder 1"/><p:cNvSpPr>'
    '<a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr>'
    '<p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>'
    '<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr>'
    '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr>'
    '</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</p:txBody></p:sp>'
    '</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>')


def add_notes(slide: Any, number: int, text: str) -> None:
    """Gives ``slide`` (the ``number``-th of the deck) a notes page holding ``text``,
    one paragraph a line."""
    from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import NotesSlidePart

    slide_part = slide.part
    package = slide_part.package
    master = package.presentation_part.notes_master_part  # made once if the template has none
    paragraphs = "".join(f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{escape(line, quote=False)}'
                         "</a:t></a:r></a:p>" for line in text.split("\n"))
    part = NotesSlidePart.load(PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"),
                               CT.PML_NOTES_SLIDE, package,
                               _NOTES.format(paragraphs=paragraphs).encode("utf-8"))
    part.relate_to(master, RT.NOTES_MASTER)
    part.relate_to(slide_part, RT.SLIDE)
    slide_part.relate_to(part, RT.NOTES_SLIDE)
