"""What a reviewer's copy holds: every comment, reply and tracked change, each once, with
its exact text, located as a reader would cite it.

Read from the XML (ECMA-376 Part 1, §17.13; [MS-DOCX] for replies): python-docx's text
drops what lies inside ``w:ins`` and ``w:del``. Comments live in the comments part and
are anchored by ``w:commentRangeStart``/``w:commentReference`` in the body, a header, a
footer or a note; Word threads a reply through ``commentsExtended.xml`` (``paraIdParent``
naming the last paragraph of its parent, in the 2012 namespace or Word 2013's earlier
one). Tracked changes are read in the body, its tables, text boxes and content controls,
the headers, footers, footnotes and endnotes (``revisions.py`` says what each is). A
paragraph or row with no text left (deleted whole, or empty) is still a place: a comment
on an empty paragraph is located to it. A comment whose anchor was deleted is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ...snapshot.attribution import Positions
from ...snapshot.numbering import W, Numbering, blocks, note_labels
from . import revisions
from .story import MC, Copy, open_copy, paragraphs_text

_w = "{%s}" % W
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_ANCHORS = (f"{_w}commentRangeStart", f"{_w}commentReference")
_LAST = 10**9  # the order of a comment whose anchor is gone: after everything


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
    part: str = ""  # where it is in the copy: its part, and its kind and w:id there
    ref: str = ""
    para_id: str = ""  # a comment's own w14:paraId, which Word keeps when it is edited
    seq: int = 0  # its place in the block, in reading order
    ranges: tuple[str, ...] = ()  # the hidden ranges of values it is in or touches
    outside: tuple[str, ...] = ()  # its words outside them (snapshot/attribution.py)


def read_remarks(data: bytes) -> list[Remark]:
    """Every comment, reply and tracked change of the .docx ``data``, in reading order.
    The caller has passed the file through the container checks."""
    copy = open_copy(data)
    notes = _notes(copy)
    body = copy.root(copy.main).find(f"{_w}body")
    numbering = Numbering(copy.styles, copy.numbering)
    found = list(blocks(body, numbering, every=True)) if body is not None else []
    located: dict[Any, dict] = {}
    for n, block in enumerate(found, 1):
        marks = [b.get(f"{_w}name") for b in block.element.iter(f"{_w}bookmarkStart")
                 if (b.get(f"{_w}name") or "").startswith("_wsis_")]
        located[block.element] = dict(label=block.label, section=block.section,
                                      bookmarks=marks, order=n)
    stories = [(copy.main, body if body is not None else copy.root(copy.main),
                dict(label="document", order=len(found) + 1))]
    stories += [(name, copy.root(name), dict(label=kind, order=len(found) + 2 + i))
                for i, (name, kind) in enumerate(copy.stories)]
    for _, root, default in stories[1:]:  # a footnote as a reader cites it: "footnote 3"
        if default["label"] == "footnote" and body is not None:
            located.update({note: dict(default, label=label, bookmarks=[])
                            for note, label in note_labels(body, root).items()})
    anchors: dict[str, tuple[dict, int]] = {}
    changes: dict[tuple[str, str], Remark] = {}  # by part, kind, scope and id
    seq = 0
    for part, root, default in stories:
        hidden = _fallbacks(root)
        at: Positions | None = None  # where the part's hidden ranges lie, read once
        for node in root.iter(*_ANCHORS, *revisions.TAGS):
            if (hidden and node in hidden) or not revisions.is_change(node):
                continue
            seq += 1
            where = _where(node, located, default)
            at = at or Positions(copy.root(part))
            if node.tag in _ANCHORS:
                cid = node.get(f"{_w}id", "")
                if cid not in anchors:
                    ranges, outside = at.comment(cid)
                    anchors[cid] = ({**where, "ranges": ranges, "outside": outside}, seq)
                continue
            kind, text, quoted, scope = revisions.describe(node, notes)
            ref = f"{revisions.local(node)}|{scope}|{node.get(f'{_w}id', '')}"
            ranges, outside = at.change(node)
            if (part, ref) in changes:  # another piece of the same change
                piece = changes[part, ref]
                if scope == "run":
                    piece.text += text
                piece.ranges = tuple(dict.fromkeys(piece.ranges + ranges))
                piece.outside += outside
                continue
            changes[part, ref] = Remark(kind, node.get(f"{_w}author", ""),
                                        node.get(f"{_w}date", ""), text, quoted=quoted,
                                        part=part, ref=ref, seq=seq, ranges=ranges,
                                        outside=outside, **_place(where))
    comments = _comments(copy, anchors, _quoted(stories), notes)
    return sorted(comments + list(changes.values()), key=lambda r: (r.order, r.seq))


def _place(where: dict) -> dict:
    return dict(label=where["label"], section=where.get("section", ""),
                bookmarks=list(where.get("bookmarks", ())), order=where["order"])


def _anchored(where: dict) -> dict:
    """Where a comment is, and the hidden ranges its anchor touches."""
    return dict(_place(where), ranges=tuple(where.get("ranges", ())),
                outside=tuple(where.get("outside", ())))


def _where(node: etree._Element, located: dict, default: dict) -> dict:
    """The block a node is in (its nearest paragraph or row that a reader cites), marked
    when the node is in a text box of that block."""
    boxed = False
    for ancestor in node.iterancestors():
        if ancestor.tag == f"{_w}txbxContent":
            boxed = True
        where = located.get(ancestor)
        if where is not None:
            return {**where, "label": f"{where['label']} (text box)"} if boxed else where
    return default


def _fallbacks(root: etree._Element) -> set:
    """The elements of ``root`` that are a second copy of a text box (in ``mc:Fallback``,
    or a later ``mc:Choice``), not read."""
    hidden: set = set()
    for alternate in root.iter(f"{MC}AlternateContent"):
        choices = [c for c in alternate if c.tag == f"{MC}Choice"]
        for copy in choices[1:] + ([c for c in alternate if c.tag == f"{MC}Fallback"]
                                   if choices else []):
            hidden.update(copy.iter())
    return hidden


def _notes(copy: Copy) -> dict[str, str]:
    """"footnote:ID" -> the note's text, for the references inside tracked changes."""
    found = {}
    for name, kind in copy.stories:
        if kind in ("footnote", "endnote"):
            for note in copy.root(name).iter(f"{_w}{kind}"):
                found[f"{kind}:{note.get(f'{_w}id', '')}"] = paragraphs_text(note).strip()
    return found


def _quoted(stories: list[tuple[str, etree._Element, dict]]) -> dict[str, str]:
    """The text between each comment's range start and end, as the copy shows it (or
    the deleted words, when the comment is on text that was struck out)."""
    shown: dict[str, list[str]] = {}
    struck: dict[str, list[str]] = {}
    for _, root, _ in stories:
        hidden = _fallbacks(root)
        open_ids: set[str] = set()
        for node in root.iter(f"{_w}commentRangeStart", f"{_w}commentRangeEnd", f"{_w}t",
                              f"{_w}delText", f"{_w}tab"):
            if hidden and node in hidden:
                continue
            if node.tag == f"{_w}commentRangeStart":
                open_ids.add(node.get(f"{_w}id"))
            elif node.tag == f"{_w}commentRangeEnd":
                open_ids.discard(node.get(f"{_w}id"))
            elif open_ids:
                into = struck if node.tag == f"{_w}delText" else shown
                for cid in open_ids:
                    into.setdefault(cid, []).append(
                        " " if node.tag == f"{_w}tab" else node.text or "")
    return {k: " ".join("".join(shown.get(k) or struck.get(k) or []).split())
            for k in shown.keys() | struck.keys()}


def _attr(el: etree._Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace (w15 of 2012, or Word
    2013's earlier 2010/11 one)."""
    for key, value in el.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return None


def _comments(copy: Copy, anchors: dict[str, tuple[dict, int]], quotes: dict[str, str],
              notes: dict[str, str]) -> list[Remark]:
    if copy.comments is None:
        return []
    parents: dict[str, str] = {}
    for name in copy.extended:
        for entry in copy.root(name).iter():
            if isinstance(entry.tag, str) and entry.tag.endswith("}commentEx"):
                para, parent = _attr(entry, "paraId"), _attr(entry, "paraIdParent")
                if para and parent:
                    parents[para] = parent
    by_para: dict[str, Remark] = {}
    out: list[Remark] = []
    for c in copy.root(copy.comments).iter(f"{_w}comment"):
        cid = c.get(f"{_w}id", "")
        paras = c.findall(f".//{_w}p")
        para_id = (paras[-1].get(f"{W14}paraId") or "") if paras else ""
        where, seq = anchors.get(cid, (dict(label="anchor deleted", order=_LAST), 0))
        remark = Remark("comment", c.get(f"{_w}author", ""), c.get(f"{_w}date", ""),
                        paragraphs_text(c, notes), quoted=quotes.get(cid, ""),
                        initials=c.get(f"{_w}initials", ""), part=copy.comments,
                        ref=f"comment|{cid}",
                        para_id=para_id, seq=seq, **_anchored(where))
        if para_id:
            by_para.setdefault(para_id, remark)
        out.append(remark)
    for remark in out:
        first, seen = remark, set()
        while first.para_id in parents and parents[first.para_id] in by_para \
                and first.para_id not in seen:
            seen.add(first.para_id)
            first = by_para[parents[first.para_id]]
        if first is remark:
            continue
        remark.type, remark.thread = "reply", first.author
        if remark.label == "anchor deleted" or remark.order != first.order:
            # a reply is listed under its comment, where that comment is anchored
            remark.label, remark.section, remark.order = first.label, first.section, \
                first.order
            remark.bookmarks, remark.quoted = list(first.bookmarks), first.quoted
            remark.seq, remark.ranges, remark.outside = first.seq, first.ranges, first.outside
    return out


def read_copy(path: Path) -> list[Remark]:
    return read_remarks(path.read_bytes())
