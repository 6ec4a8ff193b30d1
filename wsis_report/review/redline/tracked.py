"""Reading a Word document's text as it would stand with every tracked change accepted,
or every one rejected.

python-docx's ``Paragraph.text`` skips the runs inside ``w:ins`` and ``w:del``, so the
XML is read directly. A paragraph whose mark is deleted (on accepting) or inserted (on
rejecting) runs on into the next one, as in Word; a table row inserted or deleted is
dropped with its cells. Pictures read as ``[picture <sha-256 of the image>]``, so that a
changed chart is seen as changed.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NSMAP = {"w": W}  # elements made here keep Word's own prefix
View = Literal["accept", "reject", "plain"]

ROW, CELL = "\u2983row\u2984", "\u2983cell\u2984"  # markers between a table's rows and cells
# What each view drops: the content of these elements, and marks and rows carrying them.
_DROPPED = {"accept": {"del", "moveFrom"}, "reject": {"ins", "moveTo"}, "plain": set()}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def parse_xml(data: bytes) -> etree._Element:
    """XML from a document part, with entities and network access off."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def image_hashes(parts: dict[str, bytes], part: str = "word/document.xml") -> dict[str, str]:
    """The SHA-256 of every image the part refers to, by relationship id."""
    rels_name = posixpath.join(posixpath.dirname(part), "_rels",
                               posixpath.basename(part) + ".rels")
    if rels_name not in parts:
        return {}
    found = {}
    for rel in parse_xml(parts[rels_name]).iter(f"{{{REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target")))
        if target in parts and rel.get("Type", "").endswith("/image"):
            found[rel.get("Id")] = hashlib.sha256(parts[target]).hexdigest()[:16]
    return found


def document_blocks(docx: bytes, view: View = "plain",
                    part: str = "word/document.xml") -> list[str]:
    """The body's (or a header's) paragraphs and table cells in order, as the ``view``
    shows them: one string per paragraph; a table as ``ROW`` then ``CELL`` + the cell's
    paragraphs."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {n: z.read(n) for n in z.namelist() if n.startswith("word/")}
    root = parse_xml(parts[part])
    body = root.find(w("body"))
    return _container(body if body is not None else root, view, image_hashes(parts, part))


def _container(parent: etree._Element, view: View, images: dict[str, str]) -> list[str]:
    blocks: list[str] = []
    pending = ""  # text of paragraphs whose mark the view removed, running on
    for child in parent:
        tag = etree.QName(child).localname
        if tag in ("ins", "del", "moveFrom", "moveTo", "sdt", "customXml"):
            # block-level wrappers: their paragraphs count, unless the view drops them
            if tag in _DROPPED[view]:
                continue
            inner = child.find(w("sdtContent")) if tag == "sdt" else child
            blocks += _container(inner if inner is not None else child, view, images)
        elif tag == "p":
            text = pending + paragraph_text(child, view, images)
            if _mark_removed(child, view):
                pending = text
            else:
                blocks.append(text)
                pending = ""
        elif tag == "tbl":
            blocks += _table(child, view, images)
    if pending:
        blocks.append(pending)
    return blocks


def _table(tbl: etree._Element, view: View, images: dict[str, str]) -> list[str]:
    blocks = []
    for tr in tbl.iter(w("tr")):
        if tr.getparent() is not tbl:
            continue  # a nested table's rows are read with their cell
        changed = tr.find(w("trPr"))
        if changed is not None and any(changed.find(w(t)) is not None for t in _DROPPED[view]):
            continue
        blocks.append(ROW)
        for tc in tr.findall(w("tc")):
            blocks.append(CELL + "\n".join(_container(tc, view, images)))
    return blocks


def _mark_removed(p: etree._Element, view: View) -> bool:
    marks = p.find(f"{w('pPr')}/{w('rPr')}")
    return marks is not None and any(marks.find(w(t)) is not None for t in _DROPPED[view])


def paragraph_text(p: etree._Element, view: View = "plain",
                   images: dict[str, str] | None = None) -> str:
    """The paragraph's text in the view: text, tabs as ``\\t``, breaks as ``\\n``."""
    parts: list[str] = []
    _runs_text(p, view, images or {}, parts)
    return "".join(parts)


def _runs_text(parent: etree._Element, view: View, images: dict[str, str],
               parts: list[str]) -> None:
    for child in parent:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag in _DROPPED[view] or tag in ("pPr", "rPr", ""):
            continue
        if tag == "r":
            for item in child:
                parts.append(_item_text(item, images))
        else:  # ins, del, moveFrom, moveTo, hyperlink, smartTag, fldSimple...
            _runs_text(child, view, images, parts)


def _item_text(item: etree._Element, images: dict[str, str]) -> str:
    tag = etree.QName(item).localname if isinstance(item.tag, str) else ""
    if tag in ("t", "delText"):
        return item.text or ""
    if tag in ("tab", "ptab"):
        return "\t"
    if tag in ("br", "cr"):
        return "\n"
    if tag == "noBreakHyphen":
        return "\u2011"
    if tag in ("drawing", "pict", "object"):
        ids = [v for el in item.iter() if isinstance(el.tag, str)
               for k, v in el.attrib.items() if k.startswith(f"{{{R}}}")]
        return "".join(f"[picture {images.get(i, i)}]" for i in ids) or "[picture]"
    return ""
