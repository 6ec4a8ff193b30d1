"""Which records and cells each paragraph and table row of a built document shows.

Every block of the body gets a hidden bookmark (``_wsis_p0012``; Word hides names that
begin with an underscore). Bookmarks stay with their paragraph when a reviewer inserts,
deletes or moves text, and Word and LibreOffice both keep them, so a later step finds
the paragraph by its bookmark and reads its number as that copy displays it.

A block shows a record when the record's own text appears in it as rendered: a message,
finding or recommendation by its text, a consultation by its title or by its place and
date together, a tally row by its label and count. What shows no record is template prose.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any, Iterable

from lxml import etree

from ...documents import style
from .numbering import PARSER, W, Block, Numbering, blocks

_w = "{%s}" % W
PREFIX = "_wsis_"
# Compiled once: a build compiles many patterns of its own (house style, templates), which
# push these out of the re module's small cache when they are named inline.
_SPACES = re.compile(r"\s+")
_CELL = re.compile(r"([A-Z]+)(\d+)")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u2011", "-")).strip()


def _shown(value: Any) -> list[str]:
    """The ways a value may appear in the text (dates as the house style writes them)."""
    if isinstance(value, date):
        return [style.un_date(value)]
    if isinstance(value, str):
        try:
            return [style.un_date(date.fromisoformat(value)), value]
        except ValueError:
            return [value] if len(value.strip()) > 2 else []
    if isinstance(value, int):
        return [style.grouped(value)]
    return []


def _fields_in(record: dict[str, Any], text: str, fields: Iterable[str]) -> list[str]:
    shown = record.get("_shown")
    if shown is None:  # worked out once per record, not once per paragraph
        shown = record["_shown"] = {f: [_norm(s) for s in _shown(v) if s]
                                    for f, v in record["values"].items()}
    return [f for f in fields if any(s in text for s in shown.get(f, ()))]


def sources_of(block: Block, records: list[dict[str, Any]], stage: str) -> list[dict[str, Any]]:
    """The records ``block`` shows, each with the fields (and so the cells) it shows."""
    text = _norm(block.text)
    found = []
    for record in records:
        kind, fields = record["kind"], []
        if kind in ("key-message", "finding", "recommendation", "milestone"):
            fields = _fields_in(record, text, ["text"])
            if fields and kind == "milestone":
                fields += _fields_in(record, text, ["start", "end"])
        elif kind == "consultation":
            shown = _fields_in(record, text, ["title", "city", "start", "end", "date_note",
                                              "host_event"])
            if "title" in shown or ("city" in shown and {"start", "date_note"} & set(shown)):
                fields = shown + _fields_in(record, text, ["country", "co_organizers"])
        elif kind in ("by-group", "by-region") and block.kind == "row":
            label, count = record["values"]["label"], record["values"]["responses"]
            first = _norm(block.text.split("\t")[0])
            if first and (first == label or first.rstrip("s") == label.rstrip("s")) and \
                    style.grouped(count) in text.split(" "):
                fields = ["responses"]
        elif kind == "document" and record["key"] == f"document:{stage}":
            fields = _fields_in(record, text, ["title", "symbol", "agenda_title",
                                               "agenda_symbol", "presented_by"])
        elif kind == "survey":
            fields = _fields_in(record, text, ["circulated", "closing"])
            total = _fields_in(record, text, ["total"])
            if total and ("respon" in text or text.startswith("Total ")):
                fields += total
        if fields:
            cells = record.get("cells", {})
            found.append({"key": record["key"],
                          "cells": sorted({cells[f] for f in fields if f in cells},
                                          key=_cell_order)})
    return found


def _cell_order(cell: str) -> tuple[int, str]:
    letters, digits = _CELL.match(cell).groups()
    return int(digits), letters.rjust(3)


def map_paragraphs(docx: bytes, records: list[dict[str, Any]], stage: str,
                   template: str) -> tuple[bytes, list[dict[str, Any]]]:
    """The document part of ``docx`` with a bookmark on every block of its body (to be
    written back with ``snapshot.embed``), and the map of those blocks."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        names = set(z.namelist())
        root = etree.fromstring(z.read("word/document.xml"), PARSER)
        numbering = Numbering(*(z.read(n) if n in names else None
                                for n in ("word/styles.xml", "word/numbering.xml")))
    ids = [int(b.get(f"{_w}id")) for b in root.iter(f"{_w}bookmarkStart")
           if (b.get(f"{_w}id") or "").isdigit()]
    next_id = max(ids, default=0) + 1
    entries = []
    records = [dict(r) for r in records]  # the shown forms are cached on these copies
    for n, block in enumerate(blocks(root.find(f"{_w}body"), numbering), 1):
        name = f"{PREFIX}{block.kind[0]}{n:04d}"
        _bookmark(block, name, next_id)
        next_id += 1
        entry = {"id": name, "kind": block.kind, "label": block.label,
                 "excerpt": _norm(block.text)[:80], "template": template}
        if block.section:
            entry["section"] = block.section
        sources = sources_of(block, records, stage)
        if sources:
            entry["sources"] = sources
        entries.append(entry)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), entries


def _bookmark(block: Block, name: str, bid: int) -> None:
    p = block.element if block.kind == "paragraph" else block.element.find(f".//{_w}p")
    if p is None:
        return
    start = etree.Element(f"{_w}bookmarkStart", {f"{_w}id": str(bid), f"{_w}name": name})
    end = etree.Element(f"{_w}bookmarkEnd", {f"{_w}id": str(bid)})
    ppr = p.find(f"{_w}pPr")
    p.insert(0 if ppr is None else list(p).index(ppr) + 1, start)
    p.append(end)


def live_labels(docx: bytes) -> dict[str, Block]:
    """Each of our bookmarks in a (possibly edited) copy, with the block that now holds it."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        names = set(z.namelist())
        root = etree.fromstring(z.read("word/document.xml"), PARSER)
        numbering = Numbering(*(z.read(n) if n in names else None
                                for n in ("word/styles.xml", "word/numbering.xml")))
    found = {}
    for block in blocks(root.find(f"{_w}body"), numbering):
        for b in block.element.iter(f"{_w}bookmarkStart"):
            name = b.get(f"{_w}name") or ""
            if name.startswith(PREFIX):
                block.bookmarks.append(name)
                found[name] = block
    return found
