"""The redline's package: NEW's parts, with the images of OLD's deleted pictures carried
over under new relationship ids, and OLD's deleted footnotes under new ids, written with
fixed zip timestamps (reproducible)."""

from __future__ import annotations

import copy
import hashlib
import io
import posixpath
import re
import zipfile
from datetime import date

from lxml import etree

from .tracked import R, REL, W, parse_xml

DOCUMENT = "word/document.xml"
FOOTNOTES = "word/footnotes.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
IMAGE_TYPES = {".png": "image/png", ".jpeg": "image/jpeg", ".jpg": "image/jpeg",
               ".gif": "image/gif", ".emf": "image/x-emf", ".wmf": "image/x-wmf",
               ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff",
               ".svg": "image/svg+xml"}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DROPPED = tuple(f"{{{W}}}{n}" for n in ("bookmarkStart", "bookmarkEnd", "commentRangeStart",
                                         "commentRangeEnd", "commentReference",
                                         "endnoteReference",
                                         # OLD's section breaks: the redline has NEW's sections
                                         "sectPr"))
OBJECTS = tuple(f"{{{W}}}{n}" for n in ("drawing", "pict", "object"))


def read_parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


def relationships(parts: dict[str, bytes], rels_name: str = DOCUMENT_RELS) -> etree._Element:
    if rels_name in parts:
        return parse_xml(parts[rels_name])
    return etree.Element(f"{{{REL}}}Relationships", nsmap={None: REL})


class Carrier:
    """Gives OLD's elements that refer to OLD's parts (pictures, links) ids in NEW."""

    def __init__(self, old: dict[str, bytes], new: dict[str, bytes]) -> None:
        self.old, self.new = old, new
        self.old_rels = {r.get("Id"): r for r in relationships(old)}
        self.rels = relationships(new)
        self.by_hash = {}
        for rel in self.rels:
            target = self._part(rel)
            if target in new:
                self.by_hash[(rel.get("Type"), hashlib.sha256(new[target]).digest())] = rel.get("Id")
        self.taken = {int(n) for n in re.findall(r"rId(\d+)", " ".join(
            r.get("Id", "") for r in self.rels))}
        self.mapped: dict[str, str] = {}
        self.added_parts: dict[str, bytes] = {}
        self.next_shape_id = 90_000
        # OLD's footnotes, carried into NEW's footnotes part when a reference to one is
        # deleted, so that rejecting the deletion brings the note back
        self.old_notes = ({n.get(f"{{{W}}}id"): n for n in parse_xml(old[FOOTNOTES])}
                          if FOOTNOTES in old else {})
        self.notes = parse_xml(new[FOOTNOTES]) if FOOTNOTES in new else None
        self.notes_mapped: dict[str, str] = {}
        self.overrides: dict[str, str] = {}

    @staticmethod
    def _part(rel: etree._Element) -> str:
        return posixpath.normpath(posixpath.join("word", rel.get("Target", "")))

    def adopt(self, element: etree._Element) -> etree._Element | None:
        """Re-points ``element``'s relationship ids (in place) and gives its pictures
        fresh shape ids, so that Word sees no duplicates. OLD's bookmarks, comments, note
        references and section breaks would clash with NEW's or point at NEW's parts, and
        its charts and embedded objects have parts of their own: they are left out
        (``None`` when ``element`` is one)."""
        if element.tag in DROPPED or (element.tag in OBJECTS and not self._carried(element)):
            return None
        for el in [e for e in element.iter(*DROPPED)]:
            el.getparent().remove(el)
        for el in [e for e in element.iter(f"{{{W}}}footnoteReference")]:
            carried = self._note(el.get(f"{{{W}}}id"))
            if carried is None:
                if el is element:
                    return None
                el.getparent().remove(el)
            else:
                el.set(f"{{{W}}}id", carried)
        for el in [e for e in element.iter(*OBJECTS) if not self._carried(e)]:
            el.getparent().remove(el)
        for el in element.iter():
            if not isinstance(el.tag, str):
                continue
            for key, value in list(el.attrib.items()):
                if key.startswith(f"{{{R}}}") and value in self.old_rels:
                    el.set(key, self._map(value))
            if el.tag == f"{{{WP}}}docPr":
                el.set("id", str(self.next_shape_id))
                self.next_shape_id += 1
        return element

    def _note(self, old_id: str | None) -> str | None:
        """The id in the redline of OLD's footnote ``old_id``, copied into NEW's footnotes;
        None when it cannot be carried (NEW has no footnotes part, OLD no such note)."""
        if self.notes is None or old_id not in self.old_notes:
            return None
        if old_id not in self.notes_mapped:
            taken = [int(n.get(f"{{{W}}}id", "0")) for n in self.notes]
            note = copy.deepcopy(self.old_notes[old_id])
            note.set(f"{{{W}}}id", str(max([0, *taken]) + 1))
            self.notes.append(note)
            self.notes_mapped[old_id] = note.get(f"{{{W}}}id")
        return self.notes_mapped[old_id]

    def _carried(self, element: etree._Element) -> bool:
        """Whether every part ``element`` refers to can be carried over: images and
        links can; a chart or an embedded object, with parts of its own, cannot."""
        for el in element.iter():
            for key, value in el.attrib.items() if isinstance(el.tag, str) else ():
                rel = self.old_rels.get(value) if key.startswith(f"{{{R}}}") else None
                if rel is not None and rel.get("TargetMode") != "External" \
                        and not rel.get("Type", "").endswith("/image"):
                    return False
        return True

    def _map(self, old_id: str) -> str:
        if old_id in self.mapped:
            return self.mapped[old_id]
        rel = self.old_rels[old_id]
        kind, external = rel.get("Type"), rel.get("TargetMode") == "External"
        part = None if external else self._part(rel)
        data = self.old.get(part or "", b"")
        found = None if external else self.by_hash.get((kind, hashlib.sha256(data).digest()))
        if found is None:
            number = max(self.taken, default=0) + 1
            self.taken.add(number)
            found = f"rId{number}"
            target = rel.get("Target", "")
            if not external:
                target = f"media/redline-old-{number}{posixpath.splitext(part)[1]}"
                self.added_parts[f"word/{target}"] = data
            new_rel = etree.SubElement(self.rels, f"{{{REL}}}Relationship")
            new_rel.attrib.update({"Id": found, "Type": kind, "Target": target})
            if external:
                new_rel.set("TargetMode", "External")
        self.mapped[old_id] = found
        return found

    def add_part(self, name: str, data: bytes, reltype: str, content_type: str) -> str:
        """A part of the redline's own (a header OLD had and NEW has not), related to the
        document; returns its relationship id."""
        number = max(self.taken, default=0) + 1
        self.taken.add(number)
        rel = etree.SubElement(self.rels, f"{{{REL}}}Relationship")
        rel.attrib.update({"Id": f"rId{number}", "Type": reltype,
                           "Target": posixpath.relpath(name, "word")})
        self.added_parts[name] = data
        self.overrides[name] = content_type
        self.mapped[f"part:{name}"] = f"rId{number}"  # the package is rewritten with it
        return f"rId{number}"

    def content_types(self) -> bytes:
        xml = self.new["[Content_Types].xml"].decode("utf-8")
        for name, kind in self.overrides.items():
            xml = xml.replace("</Types>", f'<Override PartName="/{name}" '
                              f'ContentType="{kind}"/></Types>', 1)
        for name in self.added_parts:
            ext = posixpath.splitext(name)[1].lower()
            if f'Extension="{ext[1:]}"' not in xml and ext in IMAGE_TYPES:
                xml = xml.replace("</Types>", f'<Default Extension="{ext[1:]}" '
                                  f'ContentType="{IMAGE_TYPES[ext]}"/></Types>', 1)
        return xml.encode("utf-8")


def write_package(new: dict[str, bytes], document: bytes, carrier: Carrier, day: date,
                  changed: dict[str, bytes] | None = None) -> bytes:
    """NEW's package with ``document`` as its body (and the ``changed`` parts), every
    entry dated ``day``."""
    parts = dict(new)
    parts.update(changed or {})
    parts[DOCUMENT] = document
    if carrier.notes_mapped:
        parts[FOOTNOTES] = etree.tostring(carrier.notes, xml_declaration=True,
                                          encoding="UTF-8", standalone=True)
    if carrier.mapped:
        parts[DOCUMENT_RELS] = etree.tostring(carrier.rels, xml_declaration=True,
                                              encoding="UTF-8", standalone=True)
        parts["[Content_Types].xml"] = carrier.content_types()
        parts.update(carrier.added_parts)
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()
