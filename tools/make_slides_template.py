"""Writes templates/progress.pptx, the briefing's PowerPoint template; run from the repository root.

A sober UN look: Times New Roman (Liberation Serif on Linux has the same metrics), dark text,
UN blue (#009EDB) for the rules and the bars, dark UN blue for titles. Widescreen 16:9.

The deck is filled by layout and placeholder *name* (docs/templates.md lists them): the
drafter may move, resize and restyle them in PowerPoint (View › Slide Master), and rename
nothing. Every layout but the title slide's carries the master's slide-number placeholder,
so every slide but the first shows its number where the master puts it. Running this script
again overwrites every such edit: use it only to start again.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu, Inches

OUT = Path("templates") / "progress.pptx"
FONT = "Times New Roman"
UN_BLUE, DARK_BLUE, TEXT, PALE = "009EDB", "1F4E79", "1A1A1A", "E6F5FB"
FIXED_TIME = (2024, 10, 1, 9, 0, 0)  # zip dates: an unchanged template is unchanged
NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # the field's id: fixed, as the dates
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
DECL = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in, 16:9
MARGIN = Inches(0.6)
TITLE_BOX = (MARGIN, Inches(0.35), WIDTH - 2 * MARGIN, Inches(0.85))
BODY_BOX = (MARGIN, Inches(1.5), WIDTH - 2 * MARGIN, Inches(5.4))


def emu(*values) -> list[int]:
    return [int(Emu(v)) for v in values]


def text_style(size: float, *, bold=False, italic=False, colour=TEXT, bullet=False,
               before=0.0, align="l", font="+mn-lt") -> str:
    """An a:lvl1pPr: the look of the placeholder's first level (its lists are one level)."""
    hang = int(Inches(0.3)) if bullet else 0
    mark = (f'<a:buClr><a:srgbClr val="{UN_BLUE}"/></a:buClr><a:buFont typeface="Arial"/>'
            '<a:buChar char="&#8226;"/>' if bullet else "<a:buNone/>")
    return (f'<a:lvl1pPr marL="{hang}" indent="{-hang}" algn="{align}">'
            f'<a:lnSpc><a:spcPct val="100000"/></a:lnSpc>'
            f'<a:spcBef><a:spcPts val="{int(before * 100)}"/></a:spcBef>{mark}'
            f'<a:defRPr sz="{int(size * 100)}" b="{int(bold)}" i="{int(italic)}">'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
            f'<a:latin typeface="{font}"/></a:defRPr></a:lvl1pPr>')


def placeholder(shape_id: int, name: str, kind: str, idx: int | None, box, style: str,
                prompt: str, anchor: str = "t") -> str:
    """A p:sp placeholder, named for what it holds."""
    x, y, cx, cy = emu(*box)
    ph = f'<p:ph type="{kind}"' + (f' idx="{idx}"' if idx is not None else "") + "/>"
    return (f'<p:sp {DECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr>'
            f'<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
            f'<p:txBody><a:bodyPr lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
            f'anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle>{style}</a:lstStyle>'
            f'<a:p><a:r><a:rPr lang="en-GB"/><a:t>{prompt}</a:t></a:r></a:p></p:txBody></p:sp>')


def rule(shape_id: int, name: str, box, colour: str = UN_BLUE) -> str:
    """A plain filled rectangle: the UN blue rule under titles, the band on the title slide."""
    x, y, cx, cy = emu(*box)
    return (f'<p:sp {DECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            f'</a:prstGeom><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill><a:ln>'
            '<a:noFill/></a:ln></p:spPr></p:sp>')


def slide_number(shape_id: int, box=None, style: str = "") -> str:
    """The slide-number placeholder: PowerPoint's own, a ``slidenum`` field. On the master
    it has a place and a look; on a layout, none of its own, so that it stands where the
    master puts it (and moves with it); the deck gives each slide one holding its number."""
    place = ""
    if box is not None:
        x, y, cx, cy = emu(*box)
        place = (f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
                 '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>')
    body = ('<a:bodyPr lIns="91440" tIns="45720" rIns="91440" bIns="45720" anchor="t">'
            '<a:noAutofit/></a:bodyPr>' if box is not None else "<a:bodyPr/>")
    return (f'<p:sp {DECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="Slide number"/><p:cNvSpPr>'
            '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldNum" sz="quarter" '
            f'idx="12"/></p:nvPr></p:nvSpPr><p:spPr>{place}</p:spPr><p:txBody>{body}'
            f'<a:lstStyle>{style}</a:lstStyle><a:p><a:fld id="{NUMBER_FIELD}" type="slidenum">'
            '<a:rPr lang="en-GB"/><a:t>‹#›</a:t></a:fld><a:endParaRPr lang="en-GB"/></a:p>'
            '</p:txBody></p:sp>')


def title_placeholder(kind: str = "title", box=TITLE_BOX, size: float = 30,
                      align: str = "l", anchor: str = "b") -> str:
    return placeholder(2, "Title", kind, None, box,
                       text_style(size, bold=True, colour=DARK_BLUE, align=align,
                                  font="+mj-lt"), "Slide title", anchor)


def under_title_rule() -> str:
    x, y, cx, _ = TITLE_BOX
    return rule(9, "Rule", (x, y + TITLE_BOX[3] + Inches(0.08), cx, Inches(0.04)))


LIST_STYLE = text_style(20, bullet=True, before=9)
KINDS = {"Title slide": "title", "Table": "tbl", "List": "obj", "Chart": "chart",
         "Closing": "titleOnly"}  # PowerPoint's layout types, for re-applying a theme
LAYOUTS = {  # name: (hide the master's shapes?, shapes as XML)
    "Title slide": (True, lambda: [
        rule(8, "Band", (0, 0, WIDTH, Inches(0.35))),
        title_placeholder("ctrTitle", (Inches(0.9), Inches(1.6), Inches(11.5), Inches(1.9)),
                          40),
        rule(9, "Rule", (Inches(0.9), Inches(3.65), Inches(3.0), Inches(0.05))),
        # room for a presenter's title spelled out in full, as the house style has it
        placeholder(3, "Presenter", "subTitle", 1, (Inches(0.9), Inches(3.85), Inches(11.5),
                    Inches(1.95)), text_style(20, before=2), "Presenter, and title"),
        # the meeting (its body and session), then the date and venue
        placeholder(4, "Date and venue", "body", 13, (Inches(0.9), Inches(5.95), Inches(11.5),
                    Inches(1.3)), text_style(20, colour=DARK_BLUE), "Meeting; date, venue"),
    ]),
    "Table": (False, lambda: [
        title_placeholder(), under_title_rule(),
        placeholder(3, "Table", "tbl", 1, BODY_BOX, text_style(18), "Table"),
        slide_number(10),
    ]),
    "List": (False, lambda: [
        title_placeholder(), under_title_rule(),
        placeholder(3, "List", "body", 1, BODY_BOX, LIST_STYLE, "List of items"),
        slide_number(10),
    ]),
    "Chart": (False, lambda: [
        title_placeholder(), under_title_rule(),
        placeholder(3, "Chart", "chart", 1, (MARGIN, Inches(1.5), WIDTH - 2 * MARGIN,
                    Inches(4.9)), text_style(14), "Chart"),
        placeholder(4, "Source", "body", 2, (MARGIN, Inches(6.5), WIDTH - 2 * MARGIN,
                    Inches(0.5)), text_style(12, italic=True), "Source line"),
        slide_number(10),
    ]),
    "Closing": (True, lambda: [
        rule(8, "Band", (0, 0, WIDTH, Inches(0.35))),
        title_placeholder("title", (MARGIN, Inches(2.6), WIDTH - 2 * MARGIN, Inches(1.6)),
                          36, align="ctr", anchor="ctr"),
        rule(9, "Rule", (Inches(5.67), Inches(4.4), Inches(2.0), Inches(0.05))),
        slide_number(10),
    ]),
}


def replace_shapes(tree, shapes: list[str]) -> None:
    """Empties a p:spTree but for its group header, then adds ``shapes``."""
    for child in list(tree)[2:]:
        tree.remove(child)
    for xml in shapes:
        tree.append(etree.fromstring(xml))


def restyle_theme(master) -> None:
    part = master.part.part_related_by(RT.THEME)
    xml = part.blob.decode("utf-8")
    for slot, colour in (("dk2", DARK_BLUE), ("lt2", PALE), ("accent1", UN_BLUE),
                         ("accent2", DARK_BLUE)):
        xml = re.sub(rf"<a:{slot}>.*?</a:{slot}>",
                     f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>', xml, count=1)
    xml = re.sub(r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rf'\g<1>{FONT}"', xml)
    xml = xml.replace('name="Office Theme"', 'name="United Nations"')
    part._blob = xml.encode("utf-8")


def restyle_master(master) -> None:
    root = master._element
    styles = root.find("p:txStyles", NS)
    for tag, style in (("titleStyle", text_style(30, bold=True, colour=DARK_BLUE,
                                                  font="+mj-lt")),
                       ("bodyStyle", LIST_STYLE)):
        element = styles.find(f"p:{tag}", NS)
        old = element.find("a:lvl1pPr", NS)
        new = etree.fromstring(style.replace("<a:lvl1pPr ", f"<a:lvl1pPr {DECL} ", 1))
        old.addprevious(new)
        element.remove(old)
    replace_shapes(root.find("p:cSld/p:spTree", NS), [
        title_placeholder(), under_title_rule(),
        placeholder(3, "Body", "body", 1, BODY_BOX, "", "Body text"),
        slide_number(4, (WIDTH - MARGIN - Inches(1.2), Inches(7.0), Inches(1.2),
                         Inches(0.35)), text_style(10, align="r")),
    ])


def build() -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    master = prs.slide_master
    restyle_theme(master)
    restyle_master(master)
    layouts = list(prs.slide_layouts)
    keep = {"Title Slide": "Title slide", "Two Content": "Table", "Title and Content": "List",
            "Content with Caption": "Chart", "Title Only": "Closing"}
    for layout in layouts:
        if layout.name not in keep:
            prs.slide_layouts.remove(layout)
            continue
        name = keep[layout.name]
        hide, shapes = LAYOUTS[name]
        root = layout._element
        root.find("p:cSld", NS).set("name", name)
        root.set("type", KINDS[name])
        if hide:
            root.set("showMasterSp", "0")
        replace_shapes(root.find("p:cSld/p:spTree", NS), shapes())
    # Layouts in the order of the deck, so PowerPoint's "New Slide" menu reads the same way.
    id_list = master._element.find("p:sldLayoutIdLst", NS)
    order = list(LAYOUTS)
    entries = sorted(id_list, key=lambda e: order.index(
        master.part.related_part(e.get(f"{{{NS['r']}}}id")).slide_layout.name))
    for entry in entries:
        id_list.append(entry)
    prs.core_properties.title = "WSIS+20 briefing"
    prs.core_properties.author = "CSTD secretariat"
    out = io.BytesIO()
    prs.save(out)
    return fixed_dates(out.getvalue())


APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://'
           'schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>'
           'wsis-report</Application><PresentationFormat>Widescreen</PresentationFormat>'
           '</Properties>')


def fixed_dates(data: bytes) -> bytes:
    """The same zip with fixed entry dates and no creation time in the core properties."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            body = zin.read(name)
            if name == "docProps/app.xml":  # python-pptx's default lists its own 4:3 layouts
                body = APP_XML.encode("utf-8")
            if name in ("ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml"):
                # python-pptx's defaults are American English: the deck's language, which
                # its tagged PDF declares for screen readers, is British English (UN style)
                body = body.replace(b'lang="en-US"', b'lang="en-GB"')
            if name == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*",
                              rb"\g<1>2024-10-01T09:00:00Z", body)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, body)
    return out.getvalue()


def main() -> int:
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_bytes(build())
    print(f"Wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
