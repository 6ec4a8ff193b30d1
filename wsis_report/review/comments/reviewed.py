"""What a reviewer's copy holds: comments and their replies, tracked insertions, deletions,
moves and formatting changes, each located as a reader would cite it.

Read from the XML (ECMA-376 Part 1, §17.13; [MS-DOCX] for replies): python-docx's text
drops what lies inside ``w:ins`` and ``w:del``. Comments live in ``comments.xml`` and are
anchored by ``w:commentRangeStart``/``w:commentReference`` in the body, a header, a footer
or a note; Word threads a reply through ``commentsExtended.xml`` (``w15:paraIdParent``
naming the last paragraph of its parent). A comment whose anchor was deleted is kept.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..snapshot.attribution import Positions
from ..snapshot.numbering import PARSER, W, Numbering, blocks, text_of

_w = "{%s}" % W
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_OTHER_PARTS = re.compile(r"word/(header|footer)\d*\.xml|word/(footnotes|endnotes)\.xml")
_CHANGES = {f"{_w}ins": "insertion", f"{_w}del": "deletion", f"{_w}moveFrom": "moved from",
            f"{_w}moveTo": "moved to"}


@dataclass
class Remark:
    """One comment, reply or tracked change in one copy."""

    type: str  # comment, reply, insertion, deletion, moved from, moved to, formatting
    author: str
    date: str
    text: str
    label: str  # "12 (c)", 'Table 2, row "Europe"', "header", "anchor deleted"
    section: str = ""
    quoted: str = ""
    bookmarks: list[str] = field(default_factory=list)
    initials: str = ""
    order: int = 0
    thread: str = ""  # who opened the thread: a reply is listed under its comment
    ranges: tuple[str, ...] = ()  # the hidden ranges of values it is in or touches
    outside: tuple[str, ...] = ()  # its words outside them (snapshot/attribution.py)


def _parts(z: zipfile.ZipFile) -> dict[str, etree._Element]:
    names = z.namelist()
    wanted = ["word/document.xml", "word/comments.xml", "word/commentsExtended.xml"] + \
        sorted(n for n in names if _OTHER_PARTS.fullmatch(n))
    return {n: etree.fromstring(z.read(n), PARSER) for n in wanted if n in names}


def read_remarks(data: bytes) -> list[Remark]:
    """Every comment, reply and tracked change of the .docx ``data``, in document order.
    The caller has passed the file through the container checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = _parts(z)
        numbering = Numbering(*(z.read(n) if n in z.namelist() else None
                                for n in ("word/styles.xml", "word/numbering.xml")))
    anchors: dict[str, Remark] = {}  # comment id -> where it is anchored
    changes: list[Remark] = []
    order = 0
    located = [(b.label, b.section, b.element, b.bookmarks, "word/document.xml") for b in
               blocks(parts["word/document.xml"].find(f"{_w}body"), numbering)]
    for name, root in parts.items():
        if _OTHER_PARTS.fullmatch(name):
            kind = _OTHER_PARTS.fullmatch(name).group(1) or \
                _OTHER_PARTS.fullmatch(name).group(2)[:-1]
            located += [(kind, "", p, [], name) for p in root.iter(f"{_w}p")]
    positions: dict[str, Positions] = {}  # where each part's ranges lie, read once
    for label, section, element, marks, part in located:
        marks = marks or [b.get(f"{_w}name") for b in element.iter(f"{_w}bookmarkStart")
                          if (b.get(f"{_w}name") or "").startswith("_wsis_")]
        order += 1
        where = dict(label=label, section=section, bookmarks=marks, order=order)
        for ref in element.iter(f"{_w}commentRangeStart", f"{_w}commentReference"):
            if ref.get(f"{_w}id") not in anchors:
                at = positions.get(part) or positions.setdefault(part, Positions(parts[part]))
                ranges, outside = at.comment(ref.get(f"{_w}id"))
                anchors[ref.get(f"{_w}id")] = Remark("", "", "", "", **where, ranges=ranges,
                                                     outside=outside)
        if any(True for _ in element.iter(*_CHANGES, f"{_w}rPrChange")):
            at = positions.get(part) or positions.setdefault(part, Positions(parts[part]))
            changes += _tracked(element, where, at)
    quotes = _quoted(parts)
    comments = _comments(parts, anchors, quotes)
    return sorted(comments + changes, key=lambda r: (r.order, r.type not in ("comment", "reply")))


def _tracked(element: etree._Element, where: dict, at: Positions) -> list[Remark]:
    """Tracked changes in one block, adjacent pieces by the same author joined."""
    found: list[Remark] = []
    for node in element.iter(*_CHANGES, f"{_w}rPrChange"):
        if node.tag == f"{_w}rPrChange":
            kind = "formatting"
            run = node.getparent().getparent()
            text = text_of(run) if run is not None else ""
        else:
            if node.getparent().tag == f"{_w}rPr":  # a paragraph mark
                kind, text = _CHANGES[node.tag], "¶"
            else:
                kind = _CHANGES[node.tag]
                text = "".join(t.text or "" for t in node.iter(f"{_w}t", f"{_w}delText"))
        author, day = node.get(f"{_w}author", ""), node.get(f"{_w}date", "")
        ranges, outside = at.change(node)
        last = found[-1] if found else None
        if last and (last.type, last.author, last.date) == (kind, author, day):
            last.text += text
            last.ranges = tuple(dict.fromkeys(last.ranges + ranges))
            last.outside += outside
            continue
        found.append(Remark(kind, author, day, text, **where, ranges=ranges, outside=outside))
    return [r for r in found if r.text.strip() or r.text == "¶"]


def _quoted(parts: dict[str, etree._Element]) -> dict[str, str]:
    """The text between each comment's range start and end, as the copy shows it."""
    quoted: dict[str, list[str]] = {}
    for root in parts.values():
        open_ids: set[str] = set()
        for node in root.iter(f"{_w}commentRangeStart", f"{_w}commentRangeEnd", f"{_w}t",
                              f"{_w}tab"):
            if node.tag == f"{_w}commentRangeStart":
                open_ids.add(node.get(f"{_w}id"))
            elif node.tag == f"{_w}commentRangeEnd":
                open_ids.discard(node.get(f"{_w}id"))
            elif open_ids and not any(a.tag == f"{_w}del" for a in node.iterancestors()):
                for cid in open_ids:
                    quoted.setdefault(cid, []).append(
                        " " if node.tag == f"{_w}tab" else node.text or "")
    return {k: " ".join("".join(v).split()) for k, v in quoted.items()}


def _comments(parts: dict[str, etree._Element], anchors: dict[str, Remark],
              quotes: dict[str, str]) -> list[Remark]:
    root = parts.get("word/comments.xml")
    if root is None:
        return []
    parents = {}
    extended = parts.get("word/commentsExtended.xml")
    if extended is not None:
        parents = {e.get(f"{W15}paraId"): e.get(f"{W15}paraIdParent")
                   for e in extended.iter(f"{W15}commentEx") if e.get(f"{W15}paraIdParent")}
    by_para: dict[str, str] = {}
    out: dict[str, Remark] = {}
    for c in root.iter(f"{_w}comment"):
        cid = c.get(f"{_w}id")
        paras = c.findall(f"{_w}p")
        if paras and paras[-1].get(f"{W14}paraId"):
            by_para[paras[-1].get(f"{W14}paraId")] = cid
        text = "\n".join(text_of(p).strip() for p in paras).strip()
        where = anchors.get(cid) or Remark("", "", "", "", label="anchor deleted", order=10**9)
        out[cid] = Remark("comment", c.get(f"{_w}author", ""), c.get(f"{_w}date", ""), text,
                          where.label, where.section, quotes.get(cid, ""),
                          list(where.bookmarks), c.get(f"{_w}initials", ""), where.order,
                          ranges=where.ranges, outside=where.outside)
    for c in root.iter(f"{_w}comment"):
        paras = c.findall(f"{_w}p")
        parent = parents.get(paras[-1].get(f"{W14}paraId")) if paras else None
        if parent and by_para.get(parent) in out:
            reply, first = out[c.get(f"{_w}id")], out[by_para[parent]]
            reply.type, reply.thread = "reply", first.author
            if reply.label == "anchor deleted":  # a reply shares its comment's anchor
                reply.label, reply.section, reply.order = first.label, first.section, \
                    first.order
                reply.bookmarks, reply.quoted = list(first.bookmarks), first.quoted
                reply.ranges, reply.outside = first.ranges, first.outside
    return list(out.values())


def read_copy(path: Path) -> list[Remark]:
    return read_remarks(path.read_bytes())
