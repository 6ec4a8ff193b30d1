"""Which records and cells each paragraph and table row of a built document shows.

Every block of the body gets a hidden bookmark (``_wsis_p0012``; Word hides names that
begin with an underscore). Bookmarks stay with their paragraph when a reviewer inserts,
deletes or moves text, and Word and LibreOffice both keep them, so a later step finds
the paragraph by its bookmark and reads its number as that copy displays it.

What a block shows is known from rendering, not searched for: each value a tag wrote from
a record sits in a hidden range (``documents/ranges.py``, ``_wsis_v00012``) whose origins
(record key, field) the snapshot keeps. A block's entry lists its ranges, the records and
cells they show, and its template prose: the text outside every range, by which a remark
on the template's own words is told from one on text a reviewer brought in.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any, Iterable

from lxml import etree

from ...documents.ranges import RANGE_PREFIX
from .numbering import PARSER, W, Block, Numbering, blocks

_w = "{%s}" % W
PREFIX = "_wsis_"
BLOCK_PREFIXES = ("_wsis_p", "_wsis_r")
# Compiled once: a build compiles many patterns of its own (house style, templates), which
# push these out of the re module's small cache when they are named inline.
_SPACES = re.compile(r"\s+")
_CELL = re.compile(r"([A-Z]+)(\d+)")
_WORD = re.compile(r"\w")
# List labels a reader takes for numbering, not words: "(b)", and "3." or "A." before a title.
LABELS = re.compile(r"\((?:[a-z]{1,3}|([a-z])\1+)\)|^(?:\d{1,2}|[A-Z]|[IVXLC]+)\.(?=\s|$)")
_STORY = re.compile(r"word/(?:header|footer)\d*\.xml|word/(?:footnotes|endnotes)\.xml")
_WALK = (f"{_w}t", f"{_w}tab", f"{_w}br", f"{_w}noBreakHyphen", f"{_w}p",
         f"{_w}bookmarkStart", f"{_w}bookmarkEnd")
_T, _R, _P, _HYPHEN = (f"{_w}{n}" for n in ("t", "r", "p", "noBreakHyphen"))
_BOOKMARK_START, _BOOKMARK_END, _ID, _NAME = (f"{_w}{n}" for n in ("bookmarkStart",
                                                                    "bookmarkEnd", "id", "name"))


def norm(text: str) -> str:
    """Text as compared: one plain space for any run of spaces, tabs, breaks."""
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u2011", "-")).strip()


def cells_of(record: dict[str, Any], fields: Iterable[str]) -> list[str]:
    """The cells of ``fields`` of ``record``, in sheet order; when none of them has a cell of
    its own (a tally's label), the record's cells."""
    cells = record.get("cells") or {}
    found = {cells[f] for f in fields if f in cells} or set(cells.values())
    return sorted(found, key=cell_order)


def cell_order(cell: str) -> tuple[int, str]:
    letters, digits = _CELL.match(cell).groups()
    return int(digits), letters.rjust(3)


def map_paragraphs(docx: bytes, records: list[dict[str, Any]],
                   ranges: dict[str, Any], template: str) -> tuple[bytes, list[dict[str, Any]]]:
    """The document part of ``docx`` with a bookmark on every block of its body (to be
    written back with ``snapshot.embed``), and the map of those blocks. ``ranges``: the
    origins of each range bookmark rendering put in (``render_mapped``)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        names = set(z.namelist())
        root = etree.fromstring(z.read("word/document.xml"), PARSER)
        numbering = Numbering(*(z.read(n) if n in names else None
                                for n in ("word/styles.xml", "word/numbering.xml")))
        # bookmark ids are unique in the whole document: the headers' ranges have some
        stories = [etree.fromstring(z.read(n), PARSER) for n in sorted(names)
                   if _STORY.fullmatch(n)]
    next_id = 1 + max((int(i) for r in (root, *stories) for b in r.iter(f"{_w}bookmarkStart")
                       if (i := b.get(f"{_w}id") or "").isdigit()), default=0)
    by_key = {r["key"]: r for r in records}
    entries = []
    for n, block in enumerate(blocks(root.find(f"{_w}body"), numbering), 1):
        name = f"{PREFIX}{block.kind[0]}{n:04d}"
        shown, prose = _walk(block.element)
        _bookmark(block, name, next_id)
        next_id += 1
        entry = {"id": name, "kind": block.kind, "label": block.label,
                 "excerpt": norm(block.text)[:80], "template": template}
        if block.section:
            entry["section"] = block.section
        shown = [r for r in shown if r in ranges]
        if shown:
            entry["ranges"] = shown
            entry["sources"] = _sources(shown, ranges, by_key)
        if prose:
            entry["prose"] = prose
        entries.append(entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), entries


def _walk(element: etree._Element) -> tuple[list[str], list[str]]:
    """The ranges that begin in ``element``, and its text outside every range, in pieces
    cut at each range and paragraph."""
    shown, prose, piece, inside = [], [], [], set()
    ids: dict[str, str] = {}

    def cut() -> None:
        text = norm("".join(piece))
        if _WORD.search(LABELS.sub("", text)):  # a list label alone is numbering, not prose
            prose.append(text)
        piece.clear()

    for node in element.iter(*_WALK):
        tag = node.tag
        if tag == _T:
            if not inside:
                piece.append(node.text or "")
        elif tag == _BOOKMARK_START:
            name = node.get(_NAME) or ""
            if name.startswith(RANGE_PREFIX):
                cut()
                shown.append(name)
                ids[node.get(_ID)] = name
                inside.add(name)
        elif tag == _BOOKMARK_END:
            if node.get(_ID) in ids:
                inside.discard(ids[node.get(_ID)])
                cut()
        elif tag == _P:
            cut()
        elif not inside and node.getparent().tag == _R:
            piece.append("-" if tag == _HYPHEN else " ")
    cut()
    return shown, prose


def _sources(shown: list[str], ranges: dict[str, Any],
             by_key: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The records ``shown`` ranges show, in reading order, each with the cells shown."""
    fields: dict[str, list[str]] = {}
    for name in shown:
        for key, field in ranges[name]:
            fields.setdefault(key, []).append(field)
    return [{"key": key, "cells": cells_of(by_key[key], f) if key in by_key else []}
            for key, f in fields.items()]


def _bookmark(block: Block, name: str, bid: int) -> None:
    p = block.element if block.kind == "paragraph" else block.element.find(f".//{_w}p")
    if p is None:
        return
    start = etree.Element(f"{_w}bookmarkStart", {f"{_w}id": str(bid), f"{_w}name": name})
    end = etree.Element(f"{_w}bookmarkEnd", {f"{_w}id": str(bid)})
    ppr = p.find(f"{_w}pPr")
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(end)


def live_labels(docx: bytes) -> dict[str, Block]:
    """Each of our blocks' bookmarks in a (possibly edited) copy, with the block that now
    holds it."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        names = set(z.namelist())
        root = etree.fromstring(z.read("word/document.xml"), PARSER)
        numbering = Numbering(*(z.read(n) if n in names else None
                                for n in ("word/styles.xml", "word/numbering.xml")))
    found = {}
    for block in blocks(root.find(f"{_w}body"), numbering):
        for b in block.element.iter(f"{_w}bookmarkStart"):
            name = b.get(f"{_w}name") or ""
            if name.startswith(BLOCK_PREFIXES):
                block.bookmarks.append(name)
                found[name] = block
    return found
