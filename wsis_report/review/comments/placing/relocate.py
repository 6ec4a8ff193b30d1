"""A copy that lost its map, led back through the build it came from.

Google Docs exports, a copy-paste into a new file, Word's Compare output and OpenDocument
copies carry no snapshot (and, mostly, none of the hidden bookmarks). Their remarks are
placed on the build's text by the words around them (``align.py``): each then gets the
build's paragraph label, its map entry and the hidden ranges it is on, and its Source
from the build's snapshot exactly as a remark in a copy that kept its map does
(``snapshot/attribution.py``). A remark on words the alignment could not place, or on
words the reviewer wrote, is "unlocated".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...snapshot.attribution import UNLOCATED, source_of
from ...snapshot.paragraph_map import norm
from . import align
from .builds import Build
from ..copies.reviewed import Remark
from ..copies.story import open_copy
from .text_line import Line, read_line

_POINTS = ("insertion", "moved to")  # text that was not there: it adds no words of its own
_COMMENTS = ("comment", "reply", "note", "highlight", "underline")  # about words, not edits


@dataclass
class Placed:
    """Where a remark of a copy without a map lies on its own line: [start, end]."""

    remark: Remark
    span: tuple[int, int] | None


def copy_line(data: bytes) -> Line:
    copy = open_copy(data)
    body = copy.root(copy.main).find("{%s}body" % "http://schemas.openxmlformats.org/"
                                     "wordprocessingml/2006/main")
    parts = [(copy.main, body if body is not None else copy.root(copy.main))]
    return read_line(parts + [(n, copy.root(n)) for n, _ in copy.stories])


def spans(remarks: list[Remark], line: Line) -> list[Placed]:
    """Each remark's span on ``line``; a reply without an anchor of its own is where the
    comment it answers is."""
    placed, by_place = [], {}
    for remark in remarks:
        kind, _, rest = remark.ref.partition("|")
        if kind == "comment":
            span = line.comments.get(rest)
        else:
            scope_id = rest.rpartition("|")[2]
            span = line.changes.get((remark.part, kind, scope_id))
        if remark.type == "comment" and span is not None:
            by_place.setdefault((remark.order, remark.seq), span)
        placed.append(Placed(remark, tuple(span) if span is not None else None))
    for p in placed:
        if p.span is None and p.remark.type == "reply":
            found = by_place.get((p.remark.order, p.remark.seq))
            p.span = tuple(found) if found is not None else None
    return placed


def sources(placed: list[Placed], line_text: str, copy_words: align.Words, build: Build,
            mapping: Any = None) -> list[str]:
    """The Source of each placed remark through ``build``; each remark found in the build
    takes the build's paragraph label, section and map entry."""
    mapping = mapping or align.mapping(build.words, copy_words, build.line.text, line_text)
    return [source_in_build(p.remark, p.span, mapping, build) for p in placed]


def source_in_build(remark: Remark, span: tuple[int, int] | None, mapping: align.Mapping,
                    build: Build, whole: bool = False) -> str:
    """``remark`` (on [a, b] of the copy's line) placed on the build, and its Source there;
    ``whole``: it stands for the whole paragraph at that point (a note in the margin)."""
    if remark.label == "anchor deleted":
        return ""
    if span is None:
        return UNLOCATED
    found = mapping.span(*span)
    if found is None and remark.type not in _COMMENTS and span[0] < span[1]:
        found = mapping.span(span[0], span[0])  # text the build did not hold: where it stood
    if found is None:
        return UNLOCATED
    start, end, foreign = found
    line = build.line
    key = line.block_at(start)
    block = build.blocks.get(key) if key else None
    if block is not None:
        remark.label, remark.section, remark.bookmarks = block.label, block.section, [block.id]
        remark.order = remark.order or block.order
        if whole:
            (start, end), foreign = line.blocks[key], []
    elif whole:
        return UNLOCATED
    elif remark.label not in ("header", "footer", "footnote", "endnote"):
        remark.bookmarks = []
    if remark.type in _COMMENTS:
        remark.ranges = tuple(line.touching(start, end, strict=start < end))
        words = [norm(p) for p in line.outside(start, end)]
        remark.outside = tuple(w for w in words if w) + ((" ".join(foreign),) if foreign else ())
    else:
        remark.ranges = tuple(line.touching(start, end, strict=False))
        text = "" if remark.type in _POINTS else remark.text
        remark.outside = () if remark.ranges or text == "¶" or not text.strip() else \
            (norm(text),)
        if foreign and not remark.ranges:
            remark.outside += (" ".join(foreign),)
    return source_of(build.snapshot, remark) or UNLOCATED
