"""The redline's package: NEW's parts, with the images of OLD's deleted pictures carried
over under new relationship ids, written with fixed zip timestamps (reproducible)."""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from datetime import date

from lxml import etree

from .tracked import R, REL, W, parse_xml

DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
IMAGE_TYPES = {".png": "image/png", ".jpeg": "image/jpeg", ".jpg": "image/jpeg",
               ".gif": "image/gif", ".emf": "image/x-emf", ".wmf": "image/x-wmf",
               ".bmp": "image/bmp", ".tif": "image/tiff", ".tiff": "image/tiff",
               ".svg": "image/svg+xml"}
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DROPPED = tuple(f"{{{W}}}{n}" for n in ("bookmarkStart", "bookmarkEnd", "commentRangeStart",
                                         "commentRangeEnd", "commentReference",
                                         # OLD's section breaks: the redline has NEW's sections
                                         "sectPr"))
NOTES = {f"{{{W}}}footnoteReference": ("footnotes", "footnote"),
         f"{{{W}}}endnoteReference": ("endnotes", "endnote")}


class Untrackable(Exception):
    """Something of OLD that the redline cannot carry, so that rejecting every change
    would not give OLD back; the message says what."""


def note_parts(parts: dict[str, bytes]) -> dict[str, str]:
    """"footnotes" and "endnotes" -> the part that holds them, from the relationships."""
    found = {}
    for rel in relationships(parts):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        target = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
        if kind in ("footnotes", "endnotes") and target in parts:
            found[kind] = target
    return found


def note_texts(parts: dict[str, bytes]) -> dict[tuple[str, str], str]:
    """(reference tag's local name, note id) -> the note's text: a reference is the same
    on both sides when its note says the same."""
    found = {}
    for kind, part in note_parts(parts).items():
        for note in parse_xml(parts[part]).iter(f"{{{W}}}{kind[:-1]}"):
            words = "".join(t.text or "" for t in note.iter(f"{{{W}}}t"))
            found[(f"{kind[:-1]}Reference", note.get(f"{{{W}}}id"))] = words
    return found
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
        self.notes: dict[str, etree._Element] = {}  # NEW's notes parts, with OLD's added

    @staticmethod
    def _part(rel: etree._Element) -> str:
        return posixpath.normpath(posixpath.join("word", rel.get("Target", "")))

    def adopt(self, element: etree._Element) -> etree._Element | None:
        """Re-points ``element``'s relationship ids (in place) and gives its pictures
        fresh shape ids, so that Word sees no duplicates. OLD's bookmarks, comments
        and section breaks would clash with NEW's or point at NEW's parts: they are left
        out (``None`` when ``element`` is one). Its notes are carried into NEW's notes
        parts. A chart or embedded object has parts of its own, which are not carried:
        ``Untrackable`` is raised rather than lose it from the redline."""
        if element.tag in DROPPED:
            return None
        if any(not self._carried(e) for e in element.iter(*OBJECTS)):
            raise Untrackable("a chart or embedded object that NEW changed or removed (it "
                              "has parts of its own, which the redline cannot carry over)")
        for el in [e for e in element.iter(*DROPPED)]:
            el.getparent().remove(el)
        for el in element.iter(*NOTES):
            el.set(f"{{{W}}}id", self._note(el))
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

    def _note(self, reference: etree._Element) -> str:
        """OLD's note, copied into NEW's notes under a new id; the id. Rejecting the
        deletion of its reference brings the note back with it."""
        kind, tag = NOTES[reference.tag]
        old_part, new_part = note_parts(self.old).get(kind), note_parts(self.new).get(kind)
        if old_part is None or new_part is None:
            raise Untrackable(f"a {tag} of OLD that NEW has none of ({kind} part missing)")
        root = self.notes.get(new_part)
        if root is None:
            root = self.notes[new_part] = parse_xml(self.new[new_part])
        old = next((n for n in parse_xml(self.old[old_part]).iter(f"{{{W}}}{tag}")
                    if n.get(f"{{{W}}}id") == reference.get(f"{{{W}}}id")), None)
        if old is None:
            raise Untrackable(f"a {tag} reference of OLD whose {tag} is missing")
        number = 1 + max((int(n.get(f"{{{W}}}id", "0")) for n in root.iter(f"{{{W}}}{tag}")
                          if n.get(f"{{{W}}}id", "").lstrip("-").isdigit()), default=0)
        for el in old.iter():  # pictures in the note would need parts of their own
            if isinstance(el.tag, str) and any(k.startswith(f"{{{R}}}") for k in el.attrib):
                raise Untrackable(f"a {tag} of OLD with a picture or link in it")
        old.set(f"{{{W}}}id", str(number))
        root.append(old)
        return str(number)

    def notes_parts(self, document: bytes) -> tuple[bytes, dict[str, bytes]]:
        """``document`` and NEW's notes parts with OLD's notes added, every note numbered
        and listed in the order of its reference. Word finds a note by its id, but
        LibreOffice 7.4 gives the notes' texts to the references in the order of their ids:
        OLD's notes, numbered after NEW's, printed every note under another's number. The
        separators keep their ids; a note no reference names comes after the others."""
        parts = {}
        for name, root in self.notes.items():
            tag = "footnote" if any(True for _ in root.iter(f"{{{W}}}footnote")) else "endnote"
            reference = re.compile(rb'(<w:%sReference\b[^>]*?\bw:id=")(-?\d+)(")' %
                                   tag.encode())
            order: dict[bytes, int] = {}
            for found in reference.finditer(document):
                order.setdefault(found[2], len(order))
            notes = [n for n in root if n.tag == f"{{{W}}}{tag}"]
            special = [n for n in notes if n.get(f"{{{W}}}type") not in (None, "normal")]
            ordinary = sorted((n for n in notes if n not in special),  # stable: unreferenced
                              key=lambda n: order.get(n.get(f"{{{W}}}id", "").encode(),
                                                      len(order)))
            first = 1 + max((int(n.get(f"{{{W}}}id", "0")) for n in special), default=0)
            renumbered = {}
            for number, note in enumerate(ordinary, start=max(first, 1)):
                renumbered[note.get(f"{{{W}}}id", "").encode()] = str(number).encode()
                note.set(f"{{{W}}}id", str(number))
                root.remove(note)
            root.extend(ordinary)
            document = reference.sub(
                lambda m: m[1] + renumbered.get(m[2], m[2]) + m[3], document)
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
        return document, parts

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

    def content_types(self) -> bytes:
        xml = self.new["[Content_Types].xml"].decode("utf-8")
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
    document, notes = carrier.notes_parts(document)
    parts.update(notes)
    parts[DOCUMENT] = document
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
