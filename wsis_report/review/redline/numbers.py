"""Paragraph and chapter numbers that changed between OLD and NEW, and the
cross-references in NEW's text ("paragraph 12", "para. 12", "chapter III") that a
drafter must then check, as the UN Editorial Manual asks.

Numbered paragraphs are numbered by Word (a style's or a paragraph's ``w:numPr``), so
their numbers are counted here as Word counts them: per list, at the list's first
level, where that level is numbered 1, 2, 3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..snapshot.numbering import Numbering as WordLists
from .tracked import paragraph_text, w

CHAPTER = re.compile(r"^([IVXLC]+)\.\t")
SUBPARAGRAPH = re.compile(r"^\(([a-z]{1,3}|([a-z])\2+)\)\t")
CROSS_REFERENCE = re.compile(
    r"\b(?:paragraphs?|paras?\.)\s+\d+(?:\s*(?:,|and|to|–|-)\s*\d+)*"
    r"|\bchapters?\s+[IVXLC]+\b(?:\s*(?:,|and|to|–|-)\s*[IVXLC]+\b)*", re.IGNORECASE)


@dataclass(frozen=True)
class Renumbered:
    what: str  # "paragraph", "subparagraph" or "chapter"
    old: str
    new: str
    text: str  # the paragraph's first words

    def __str__(self) -> str:
        return f"{self.what} {self.old} is now {self.new}"


@dataclass(frozen=True)
class CrossReference:
    where: str  # "paragraph 2", or the first words of an unnumbered paragraph
    reference: str  # "chapter III"
    text: str  # the words around it


class Numbering:
    """The number Word shows before each numbered paragraph of one document: a list's
    first level numbered 1, 2, 3, counted by ``numbering.Numbering`` as the paragraph map
    counts it."""

    def __init__(self, parts: dict[str, bytes], body: etree._Element) -> None:
        lists = WordLists(parts.get("word/styles.xml"), parts.get("word/numbering.xml"))
        self.numbers: dict[int, int] = {}
        self.under: dict[int, int] = {}  # a paragraph -> the numbered paragraph it follows
        last = None
        for p in body.iter(w("p")):
            label = lists.label(p)
            if label is not None and label.isdigit():
                self.numbers[id(p)] = last = int(label)
            elif last is not None:
                self.under[id(p)] = last

    def of(self, p: etree._Element) -> int | None:
        return self.numbers.get(id(p))

    def subparagraph(self, p: etree._Element) -> str | None:
        """"22 (c)" for a lettered subparagraph under paragraph 22."""
        letter = SUBPARAGRAPH.match(paragraph_text(p))
        if letter is None:
            return None
        parent = self.under.get(id(p))
        return f"{parent} ({letter[1]})" if parent else f"({letter[1]})"


def renumbered(pairs: list[tuple[etree._Element, etree._Element]], old: Numbering,
               new: Numbering) -> list[Renumbered]:
    """Paragraphs kept (changed or not, or moved) whose paragraph or chapter number differs."""
    found = []
    for o, e in pairs:
        if not (isinstance(o.tag, str) and etree.QName(o).localname == "p"):
            continue
        before, after = old.of(o), new.of(e)
        text = _first_words(SUBPARAGRAPH.sub("", paragraph_text(e)))  # its letter is said
        if before is not None and after is not None and before != after:
            found.append(Renumbered("paragraph", str(before), str(after), text))
        sa, sb = old.subparagraph(o), new.subparagraph(e)
        if sa and sb and sa != sb:
            found.append(Renumbered("subparagraph", sa, sb, text))
        ca, cb = CHAPTER.match(paragraph_text(o)), CHAPTER.match(paragraph_text(e))
        if ca and cb and ca[1] != cb[1]:
            found.append(Renumbered("chapter", ca[1], cb[1], text))
    order = ("paragraph", "subparagraph", "chapter")
    return sorted(found, key=lambda r: (order.index(r.what), _sort_key(r.new)))


def _sort_key(number: str) -> tuple[int, str]:
    parent = re.match(r"^(\d+) \(([a-z]+)\)$", number)
    if parent:  # "22 (c)"
        return int(parent[1]), parent[2].rjust(3)
    if number.isdigit():
        return int(number), ""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not set(number) <= set(values):
        return 0, number
    total = 0
    for a, b in zip(number, number[1:] + " "):
        total += -values[a] if values.get(b, 0) > values[a] else values[a]
    return total, ""


def cross_references(body: etree._Element, numbering: Numbering) -> list[CrossReference]:
    """Every "paragraph N", "para. N" and "chapter III" in NEW's text."""
    found = []
    for p in body.iter(w("p")):
        text = paragraph_text(p)
        number = numbering.of(p)
        where = f"paragraph {number}" if number else f"“{_first_words(text)}”"
        for match in CROSS_REFERENCE.finditer(text):
            start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
            if start:  # whole words around the reference
                start = text.find(" ", start, match.start()) + 1 or match.start()
            if end < len(text):
                end = text.rfind(" ", match.end(), end) if " " in text[match.end():end] else end
            around = ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
            found.append(CrossReference(where, match.group(), " ".join(around.split())))
    return found


def _first_words(text: str, count: int = 8) -> str:
    words = text.replace("\t", " ").split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
