"""Which cells a reviewer's remark is about, from the hidden ranges its anchor touches.

A built document has a hidden range around every value a tag wrote (``documents/ranges.py``)
and its snapshot names each range's record and field. In a reviewer's copy, ``Positions``
places the ranges, the comments' anchors and the tracked changes of a part on one line of
text, so that:

- a comment anchored inside a range gets that record's cell; one that spans two values gets
  both; its words outside every range are the template's when the template wrote them
  (the block's prose, as built), and are "unlocated" otherwise (text a reviewer pasted);
- a tracked change inside a range, or touching one (words added at a message's end), gets
  that record's cell; elsewhere in a block of the document, the template;
- a remark that none of this places is "unlocated": never another record's cell.

Copies built before ranges (snapshot version 1) are led back by their paragraph, as then.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from lxml import etree

from ...documents.ranges import RANGE_PREFIX
from .facts import locate
from .numbering import W
from .paragraph_map import LABELS, norm

_w = "{%s}" % W
STORIES = ("header", "footer", "footnote", "endnote")
UNLOCATED = "unlocated"
# Tags compared in the walk, made once (an f-string in the loop is built on every node).
_T, _R, _P, _RPR, _HYPHEN = (f"{_w}{n}" for n in ("t", "r", "p", "rPr", "noBreakHyphen"))
_CHARACTERS = (f"{_w}tab", f"{_w}br", _HYPHEN)
_BOOKMARK_START, _BOOKMARK_END = f"{_w}bookmarkStart", f"{_w}bookmarkEnd"
_COMMENT_START, _COMMENT_END = f"{_w}commentRangeStart", f"{_w}commentRangeEnd"
_COMMENT_REFERENCE, _FORMATTING = f"{_w}commentReference", f"{_w}rPrChange"
_ID, _NAME = f"{_w}id", f"{_w}name"
_INSERTED = (f"{_w}ins", f"{_w}moveTo")
_DELETED = (f"{_w}del", f"{_w}moveFrom")
_WALK = (f"{_w}t", f"{_w}tab", f"{_w}br", f"{_w}noBreakHyphen", f"{_w}p", f"{_w}bookmarkStart",
         f"{_w}bookmarkEnd", f"{_w}commentRangeStart", f"{_w}commentRangeEnd",
         f"{_w}commentReference", f"{_w}rPrChange", *_INSERTED, *_DELETED)
_WORD = re.compile(r"\w")


class Positions:
    """The ranges, comment anchors and tracked changes of one part of a copy, as spans of
    its text read in order (tracked deletions take no room; paragraphs are one apart)."""

    def __init__(self, root: etree._Element) -> None:
        self.ranges: list[tuple[int, int, str]] = []
        self.comments: dict[str, list[int]] = {}
        self.changes: dict[etree._Element, tuple[int, int, str]] = {}
        self.outside: dict[str, list[list[str]]] = {}  # comment id -> text outside ranges
        self._walk(root)
        self._clusters()
        self.ranges.sort()
        self._starts = [s for s, _, _ in self.ranges]
        self._longest = max((e - s for s, e, _ in self.ranges), default=0)

    def _walk(self, root: etree._Element) -> None:
        offset, opened, inside, comments = 0, {}, set(), set()
        deleted = {t for d in root.iter(*_DELETED) for t in d.iter(_T)}  # held: by identity
        marks: list[etree._Element] = []  # paragraph marks tracked: placed at its end
        outside = self.outside

        def cut() -> None:
            for cid in comments:
                if outside[cid][-1]:
                    outside[cid].append([])

        for node in root.iter(*_WALK):
            tag = node.tag
            if tag == _T or (tag in _CHARACTERS and node.getparent().tag == _R):
                if deleted and node in deleted:
                    continue
                text = (node.text or "") if tag == _T else "-" if tag == _HYPHEN else " "
                offset += len(text)
                if comments and not inside:
                    for cid in comments:
                        outside[cid][-1].append(text)
            elif tag == _P:
                for mark in marks:
                    self.changes[mark] = (offset, offset, "¶")
                marks = []
                offset += 1
                if comments:
                    cut()
            elif tag == _BOOKMARK_START:
                name = node.get(_NAME) or ""
                if name.startswith(RANGE_PREFIX):
                    opened[node.get(_ID)] = (name, offset)
                    inside.add(node.get(_ID))
                    cut()
            elif tag == _BOOKMARK_END:
                if node.get(_ID) in opened:
                    name, start = opened.pop(node.get(_ID))
                    self.ranges.append((start, offset, name))
                    inside.discard(node.get(_ID))
                    cut()
            elif tag == _COMMENT_START:
                cid = node.get(_ID)
                self.comments[cid] = [offset, offset]
                outside[cid] = [[]]
                comments.add(cid)
            elif tag == _COMMENT_END:
                cid = node.get(_ID)
                if cid in self.comments:
                    self.comments[cid][1] = offset
                comments.discard(cid)
            elif tag == _COMMENT_REFERENCE:
                self.comments.setdefault(node.get(_ID), [offset, offset])
            elif tag == _FORMATTING:
                run = node.getparent().getparent()
                text = "".join(t.text or "" for t in run.iter(_T))
                self.changes[node] = (offset, offset + len(text), text)
            elif node.getparent().tag == _RPR:  # a paragraph mark inserted or deleted
                marks.append(node)
            elif tag in _INSERTED:
                length = sum(len(t.text or "") for t in node.iter(_T))
                self.changes[node] = (offset, offset + length, "")
            else:
                text = "".join(t.text or "" for t in node.iter(f"{_w}delText", _T))
                self.changes[node] = (offset, offset, text)
        for mark in marks:
            self.changes[mark] = (offset, offset, "¶")

    def _clusters(self) -> None:
        """Tracked changes side by side (a deletion and the insertion that replaces it)
        are one edit: each is placed where the whole edit is."""
        self.edits: dict[etree._Element, tuple[int, int]] = {}
        group: list[etree._Element] = []
        end = -1
        for node, (a, b, _) in sorted(self.changes.items(), key=lambda c: c[1][:2]):
            if group and a > end:
                self._place(group, end)
                group = []
            group.append(node)
            end = max(end, b) if len(group) > 1 else b
        if group:
            self._place(group, end)

    def _place(self, group: list[etree._Element], end: int) -> None:
        start = min(self.changes[n][0] for n in group)
        for node in group:
            self.edits[node] = (start, end)

    def _touching(self, a: int, b: int, strict: bool) -> list[str]:
        """Ranges that overlap [a, b] (``strict``: share text with it), else that touch it."""
        found = []
        for i in range(bisect_right(self._starts, b) - 1, -1, -1):
            s, e, name = self.ranges[i]
            if s < a - self._longest:
                break
            if (s < b and a < e) if strict else (s <= b and a <= e):
                found.append((s, name))
        return [name for _, name in sorted(found)]

    def comment(self, cid: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The ranges comment ``cid`` is anchored in, and its words outside them."""
        if cid not in self.comments:
            return (), ()
        a, b = self.comments[cid]
        outside = tuple(norm("".join(f)) for f in self.outside.get(cid, []) if f)
        return tuple(self._touching(a, b, strict=a < b)), tuple(f for f in outside if f)

    def change(self, node: etree._Element) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The ranges a tracked change lies in or touches, and, when it touches none, the
        words it deleted (or reformatted) there."""
        if node not in self.changes:
            return (), ()
        a, b = self.edits[node]
        text = self.changes[node][2]
        names = tuple(self._touching(a, b, strict=False))
        return names, () if names or text == "¶" or not text.strip() else (norm(text),)


def source_of(snapshot: dict[str, Any] | None, remark: Any) -> str:
    """The Source of a remark (with ``label``, ``type``, ``bookmarks``, ``ranges`` and
    ``outside`` as ``reviewed.Remark`` has them): "consultations.xlsx › Key messages › C3",
    "template: draft.docx", both, or "unlocated"."""
    if not snapshot:
        return ""
    paragraphs = snapshot.get("paragraphs") or []
    template = f"template: {next((p.get('template') for p in paragraphs), '')}"
    if remark.label == "anchor deleted":
        return ""
    if "ranges" not in snapshot:
        return _by_paragraph(snapshot, remark, template)
    known = [name for name in getattr(remark, "ranges", ()) if name in snapshot["ranges"]]
    memo = _cached(snapshot)["cells"]
    if tuple(known) not in memo:
        memo[tuple(known)] = cells_text(snapshot, [tuple(o) for name in known
                                                   for o in snapshot["ranges"][name]])
    found = list(memo[tuple(known)])
    words = [f for f in getattr(remark, "outside", ()) if _WORD.search(LABELS.sub("", f))]
    story = remark.label.split(" ")[0] in STORIES  # "header", "footnote 3"
    if words:
        prose = _prose(snapshot)
        found.append(template if story or all(f in prose for f in words) else UNLOCATED)
    elif not known:
        inside = any(b in _entries(snapshot) for b in remark.bookmarks)
        found.append(template if story or inside else UNLOCATED)
    return "; ".join(found)


def cells_text(snapshot: dict[str, Any], origins: list[tuple[str, str]]) -> list[str]:
    """``origins`` as a reader finds them: "consultations.xlsx › Consultations › K2:K8",
    one entry per sheet, in the order first named."""
    records = _records(snapshot)
    sheets: dict[str, set[str]] = {}
    for key, field in origins:
        record = records.get(key)
        if record is None:
            continue
        cells = record.get("cells") or {}
        where = " › ".join(locate(record).split(" › ")[:2])
        if field in cells:
            sheets.setdefault(where, set()).add(cells[field])
        elif cells:  # a field typed nowhere of its own (a tally's label): the record's cells
            sheets.setdefault(where, set()).update(cells.values())
        else:
            sheets.setdefault(locate(record), set())
    return [f"{where} › {_compact(cells)}" if cells else where for where, cells in sheets.items()]


def _compact(cells: set[str]) -> str:
    """"K2, K3, K4, K5" -> "K2:K5": three or more cells one under another as one range."""
    columns: dict[str, list[int]] = {}
    for cell in cells:
        letters = cell.rstrip("0123456789")
        columns.setdefault(letters, []).append(int(cell[len(letters):]))
    pieces = []
    for letters, rows in columns.items():
        rows.sort()
        run = [rows[0]]
        for row in rows[1:] + [None]:
            if row is not None and row == run[-1] + 1:
                run.append(row)
                continue
            if len(run) >= 3:
                pieces.append((run[0], letters, f"{letters}{run[0]}:{letters}{run[-1]}"))
            else:
                pieces += [(r, letters, f"{letters}{r}") for r in run]
            run = [row] if row is not None else []
    return ", ".join(text for _, _, text in sorted(pieces, key=lambda p: (p[0], p[1].rjust(3))))


_CACHE: dict[int, tuple[Any, dict[str, Any]]] = {}


def _cached(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the remarks of one copy look up, worked out once per snapshot."""
    known = _CACHE.get(id(snapshot))
    if known is None or known[0] is not snapshot:
        if len(_CACHE) > 16:
            _CACHE.clear()
        paragraphs = snapshot.get("paragraphs") or []
        known = (snapshot, {
            "records": {r["key"]: r for r in snapshot.get("records") or []},
            "entries": {p["id"]: p for p in paragraphs},
            "prose": "\n".join(piece for p in paragraphs for piece in p.get("prose", ())),
            "cells": {}})
        _CACHE[id(snapshot)] = known
    return known[1]


def _records(snapshot: dict[str, Any]) -> dict[str, Any]:
    return _cached(snapshot)["records"]


def _entries(snapshot: dict[str, Any]) -> dict[str, Any]:
    return _cached(snapshot)["entries"]


def _prose(snapshot: dict[str, Any]) -> str:
    return _cached(snapshot)["prose"]


def _by_paragraph(snapshot: dict[str, Any], remark: Any, template: str) -> str:
    """A copy of snapshot version 1: the records its paragraph's map entry names."""
    entries = _entries(snapshot)
    entry = next((entries[b] for b in remark.bookmarks if b in entries), None)
    if entry is None:  # headers and footers are the template's own
        return template if remark.label in ("header", "footer") else ""
    records = _records(snapshot)
    found = []
    for source in entry.get("sources", []):
        record = records.get(source["key"])
        if record is None:
            continue
        where = locate(record)
        if source["cells"]:
            where = " › ".join(where.split(" › ")[:2] + [", ".join(source["cells"])])
        found.append(where)
    return "; ".join(found) or f"template: {entry.get('template', '')}"
