"""Which records and cells each paragraph and table row of a built document shows.

Every block of the body gets a hidden bookmark (``_wsis_p0012``; Word hides names that
begin with an underscore). Bookmarks stay with their paragraph when a reviewer inserts,
deletes or moves text, and Word and LibreOffice both keep them, so a later step finds
the paragraph by its bookmark and reads its number as that copy displays it.

A block shows a record when the record's own text appears in it as rendered: a message,
finding or recommendation by its text, a consultation by its title or by its place and
date together, a tally row by its label and count. What shows no record is template prose.

Footnotes are mapped too, each by the number Word gives it (the order of its reference in
the body), so that a comment on a footnote is led back to the cell it cites: a web page, a
finding's basis, the survey's method, the mandate, the session's record. A footnote's
bookmark is set around its reference in the body, where LibreOffice keeps it (7.4 keeps
only the first bookmark inside footnotes when it saves).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from typing import Any, Iterable

from lxml import etree

from ...documents import style
from .numbering import PARSER, W, Block, Numbering, blocks, text_of

_w = "{%s}" % W
PREFIX = "_wsis_"
FOOTNOTES = "word/footnotes.xml"
# Compiled once: a build compiles many patterns of its own (house style, templates), which
# push these out of the re module's small cache when they are named inline.
_SPACES = re.compile(r"\s+")
_CELL = re.compile(r"([A-Z]+)(\d+)")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\u00a0", " ").replace("\u2011", "-")).strip()


def _shown(value: Any) -> list[str]:
    """The ways a value may appear in the text (dates as the house style writes them; a
    title as running text gives it, "the launch of…")."""
    if isinstance(value, date):
        return [style.un_date(value)]
    if isinstance(value, str):
        try:
            return [style.un_date(date.fromisoformat(value)), value]
        except ValueError:
            if len(value.strip()) <= 2:
                return []
            lowered = value[:1].lower() + value[1:]
            return [value] if lowered == value else [value, lowered]
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
        elif kind == "consultation" and block.kind == "footnote":
            fields = _fields_in(record, text, ["web_page"])
        elif kind == "consultation":
            shown = _fields_in(record, text, ["title", "city", "start", "end", "date_note",
                                              "host_event"])
            if "title" in shown or ("city" in shown and {"start", "date_note"} & set(shown)):
                fields = shown + _fields_in(record, text, ["country", "co_organizers"])
        elif kind == "finding" and block.kind == "footnote":
            fields = _fields_in(record, text, ["basis"])
        elif kind in ("session-outcome", "deliberation"):
            fields = _fields_in(record, text, ["record", "requests", "revisions", "text"])
        elif kind in ("by-group", "by-region") and block.kind == "row":
            label, count = record["values"]["label"], record["values"]["responses"]
            first = _norm(block.text.split("\t")[0])
            if first and (first == label or first.rstrip("s") == label.rstrip("s")) and \
                    style.grouped(count) in text.split(" "):
                fields = ["responses"]
        elif kind == "document" and record["key"] == f"document:{stage}":
            fields = _fields_in(record, text, ["title", "symbol", "agenda_title",
                                               "agenda_symbol", "presented_by", "mandate"])
        elif kind == "survey":
            fields = _fields_in(record, text, ["circulated", "closing", "method"])
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
                   template: str) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """The document part of ``docx`` (and its footnotes) with a bookmark on every block of
    its body and every footnote, to be written back with ``snapshot.embed``, and the map of
    those blocks."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        names = set(z.namelist())
        root = etree.fromstring(z.read("word/document.xml"), PARSER)
        numbering = Numbering(*(z.read(n) if n in names else None
                                for n in ("word/styles.xml", "word/numbering.xml")))
        notes = etree.fromstring(z.read(FOOTNOTES), PARSER) if FOOTNOTES in names else None
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
    parts = {}
    if notes is not None:
        references = {r.get(f"{_w}id"): r for r in root.iter(f"{_w}footnoteReference")}
        for number, note in footnote_numbers(root, notes).items():
            block = Block("footnote", note.find(f"{_w}p"), text_of(note), f"footnote {number}")
            name = f"{PREFIX}n{number:04d}"
            _around(references[note.get(f"{_w}id")].getparent(), name, next_id)
            next_id += 1
            entry = {"id": name, "kind": "footnote", "label": block.label,
                     "excerpt": _norm(block.text)[:80], "template": template}
            sources = sources_of(block, records, stage)
            if sources:
                entry["sources"] = sources
            entries.append(entry)
        parts[FOOTNOTES] = etree.tostring(notes, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    return parts, entries


def _around(run: etree._Element, name: str, bid: int) -> None:
    """A bookmark around ``run`` (a footnote's reference), in its paragraph."""
    run.addprevious(etree.Element(f"{_w}bookmarkStart", {f"{_w}id": str(bid),
                                                          f"{_w}name": name}))
    run.addnext(etree.Element(f"{_w}bookmarkEnd", {f"{_w}id": str(bid)}))


def note_bookmarks(body: etree._Element) -> dict[str, str]:
    """Footnote id -> the name of our bookmark around its reference in ``body``."""
    found, pending = {}, None
    for el in body.iter(f"{_w}bookmarkStart", f"{_w}footnoteReference"):
        if el.tag == f"{_w}bookmarkStart":
            name = el.get(f"{_w}name") or ""
            pending = name if name.startswith(f"{PREFIX}n") else pending
        elif pending is not None:
            found[el.get(f"{_w}id")] = pending
            pending = None
    return found


def footnote_numbers(body: etree._Element, notes: etree._Element) -> dict[int, etree._Element]:
    """Each footnote referred to from ``body``, by the number Word shows: the order of its
    reference (a note with a mark of its own, "*", takes no number)."""
    by_id = {n.get(f"{_w}id"): n for n in notes.iter(f"{_w}footnote")
             if n.get(f"{_w}type") in (None, "normal")}
    found: dict[int, etree._Element] = {}
    for ref in body.iter(f"{_w}footnoteReference"):
        note = by_id.pop(ref.get(f"{_w}id"), None)
        if note is not None and ref.get(f"{_w}customMarkFollows") not in ("1", "true", "on"):
            found[len(found) + 1] = note
    return found


def _bookmark(block: Block, name: str, bid: int) -> None:
    p = block.element if block.element.tag == f"{_w}p" else block.element.find(f".//{_w}p")
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
        notes = etree.fromstring(z.read(FOOTNOTES), PARSER) if FOOTNOTES in names else None
    found = {}
    numbered = footnote_numbers(root, notes) if notes is not None else {}
    around = note_bookmarks(root)
    footnotes = [Block("footnote", note, text_of(note), f"footnote {number}")
                 for number, note in numbered.items()]
    for block in footnotes:  # found by the bookmark around its reference
        name = around.get(block.element.get(f"{_w}id"))
        if name:
            block.bookmarks.append(name)
            found[name] = block
    for block in blocks(root.find(f"{_w}body"), numbering):
        for b in block.element.iter(f"{_w}bookmarkStart"):
            name = b.get(f"{_w}name") or ""
            if name.startswith(PREFIX) and name not in found:  # not a footnote's, around
                block.bookmarks.append(name)                   # its reference
                found[name] = block
    return found
