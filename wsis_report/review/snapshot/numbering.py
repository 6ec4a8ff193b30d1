"""The blocks of a Word document as a reader cites them: "12", "12 (c)", "chapter III",
"Table 2, row "Europe"", "Figure I", the masthead.

Paragraph numbers are Word's own list numbering (from a paragraph's ``w:numPr`` or its
style's), so they are worked out from ``numbering.xml`` and ``styles.xml`` as Word would
display them; subparagraphs "(a)", chapters "III." and sections "A." are typed text in
the UN templates and are read from the text. The same walk serves a freshly built
document and a reviewer's copy with paragraphs inserted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_w = "{%s}" % W
# Reviewers' copies come from outside: no entities, no network, whatever the part says.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_LEVEL = re.compile(r"%(\d)")  # a level's number in Word's lvlText, "%1."
_SUB = re.compile(r"^\(([a-z]{1,3}|([a-z])\2+)\)\s")  # (a), (aa), (aaaa…)
_HEADING = re.compile(r"^([IVXLC]+|[A-Z]|\d{1,2})\.\s")
_CAPTION = re.compile(r"^(Table \d+|Figure [IVXLC]+)\b")
_TABLE_NOTE = re.compile(r"^([a-z]{1,2})\t")  # a lettered note under a table: "a", a tab


@dataclass
class Block:
    """A paragraph or a table row of the body, with what a reader would call it."""

    kind: str  # "paragraph" or "row"
    element: etree._Element
    text: str
    label: str
    section: str = ""
    bookmarks: list[str] = field(default_factory=list)


def text_of(element: etree._Element, deleted: bool = False) -> str:
    """The text a reader sees, tracked insertions included and deletions left out (kept
    when ``deleted``: the words of a paragraph a reviewer struck out)."""
    parts = []
    # no tracked deletion under the element: no ancestor need be looked at
    skip = not deleted and element.find(f".//{_w}del") is not None
    for node in element.iter(f"{_w}t", f"{_w}tab", f"{_w}br", f"{_w}noBreakHyphen",
                              *((f"{_w}delText",) if deleted else ())):
        if skip and any(a.tag == f"{_w}del" for a in node.iterancestors()):
            continue
        parts.append(node.text or "" if node.tag in (f"{_w}t", f"{_w}delText") else
                     "\t" if node.tag == f"{_w}tab" else "-" if "Hyphen" in node.tag else "\n")
    return "".join(parts)


_DEFINITIONS: dict[tuple, tuple[dict, dict, dict]] = {}


class Numbering:
    """Word's list numbering for one document: which paragraphs are numbered, and how."""

    def __init__(self, styles_xml: bytes | None, numbering_xml: bytes | None) -> None:
        known = _DEFINITIONS.get((styles_xml, numbering_xml))
        if known is None:  # copies of one document share their styles: read them once
            self.style_num, self.style_name, self.levels = {}, {}, {}
            if styles_xml:
                self._read_styles(etree.fromstring(styles_xml, PARSER))
            if numbering_xml:
                self._read_numbering(etree.fromstring(numbering_xml, PARSER))
            if len(_DEFINITIONS) > 32:
                _DEFINITIONS.clear()
            _DEFINITIONS[styles_xml, numbering_xml] = \
                (self.style_num, self.style_name, self.levels)
        else:
            self.style_num, self.style_name, self.levels = known
        self.counters: dict[str, dict[int, int]] = {}

    def _read_styles(self, root: etree._Element) -> None:
        based: dict[str, str] = {}
        for style in root.iter(f"{_w}style"):
            sid = style.get(f"{_w}styleId")
            name = style.find(f"{_w}name")
            self.style_name[sid] = name.get(f"{_w}val") if name is not None else sid
            parent = style.find(f"{_w}basedOn")
            if parent is not None:
                based[sid] = parent.get(f"{_w}val")
            num = style.find(f"{_w}pPr/{_w}numPr")
            if num is not None:
                self.style_num[sid] = _num_pr(num)
        for sid in list(self.style_name):  # inherit numbering through basedOn
            seen, cur = set(), sid
            while cur not in self.style_num and cur in based and cur not in seen:
                seen.add(cur)
                cur = based[cur]
            if cur in self.style_num and sid not in self.style_num:
                self.style_num[sid] = self.style_num[cur]

    def _read_numbering(self, root: etree._Element) -> None:
        abstract = {}
        for a in root.iter(f"{_w}abstractNum"):
            lvls = {}
            for lvl in a.iter(f"{_w}lvl"):
                start = lvl.find(f"{_w}start")
                fmt, text = lvl.find(f"{_w}numFmt"), lvl.find(f"{_w}lvlText")
                lvls[int(lvl.get(f"{_w}ilvl", "0"))] = (
                    int(start.get(f"{_w}val")) if start is not None else 1,
                    fmt.get(f"{_w}val") if fmt is not None else "decimal",
                    text.get(f"{_w}val") if text is not None else "%1.")
            abstract[a.get(f"{_w}abstractNumId")] = lvls
        for num in root.iter(f"{_w}num"):
            ref = num.find(f"{_w}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_w}numId")] = abstract.get(ref.get(f"{_w}val"), {})

    def label(self, p: etree._Element) -> str | None:
        """The number Word shows before paragraph ``p`` ("12"), advancing the count."""
        ppr = p.find(f"{_w}pPr")
        direct = ppr.find(f"{_w}numPr") if ppr is not None else None
        style = ppr.find(f"{_w}pStyle") if ppr is not None else None
        num_id, level = _num_pr(direct) if direct is not None else (None, 0)
        if num_id is None and style is not None:
            num_id, level = self.style_num.get(style.get(f"{_w}val"), (None, 0))
        if num_id in (None, "0") or num_id not in self.levels:
            return None
        lvls, counts = self.levels[num_id], self.counters.setdefault(num_id, {})
        counts[level] = counts.get(level, lvls.get(level, (1,))[0] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        start, fmt, text = lvls.get(level, (1, "decimal", "%1."))
        shown = _LEVEL.sub(lambda m: _format(counts.get(int(m.group(1)) - 1, start),
                                                   lvls.get(int(m.group(1)) - 1, (1, fmt))[1]),
                       text)
        return shown.rstrip(".").strip() or None

    def style_of(self, p: etree._Element) -> str:
        style = p.find(f"{_w}pPr/{_w}pStyle")
        return self.style_name.get(style.get(f"{_w}val"), "") if style is not None else ""


def _num_pr(num: etree._Element) -> tuple[str | None, int]:
    nid, ilvl = num.find(f"{_w}numId"), num.find(f"{_w}ilvl")
    return (nid.get(f"{_w}val") if nid is not None else None,
            int(ilvl.get(f"{_w}val")) if ilvl is not None else 0)


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * (1 + (n - 1) // 26)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        r = _roman(n)
        return r.lower() if fmt == "lowerRoman" else r
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                          (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                          (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def blocks(body: etree._Element, numbering: Numbering, every: bool = False
           ) -> Iterator[Block]:
    """Every non-empty paragraph and table row of ``body``, in reading order, labelled;
    with ``every``, also those with no text left (all of it deleted, or none at all:
    a reviewer may comment on an empty paragraph), labelled by their deleted words."""
    state = {"number": None, "chapter": "", "letter": "", "section": "", "caption": "",
             "front": "masthead"}
    for child in body:
        if child.tag == f"{_w}p":
            block = _paragraph(child, numbering, state, every)
            if block is not None:
                yield block
        elif child.tag == f"{_w}tbl":
            yield from _table(child, numbering, state, every)
        elif child.tag == f"{_w}sdt":
            content = child.find(f"{_w}sdtContent")
            if content is not None:
                yield from blocks(content, numbering, every)


def _paragraph(p: etree._Element, numbering: Numbering, state: dict,
               every: bool = False) -> Block | None:
    text = text_of(p).strip()
    number = numbering.label(p)
    drawing = bool(p.findall(f".//{_w}drawing"))
    if not text and not drawing:
        if not every:
            return None
        text = text_of(p, deleted=True).strip()
        if not text:  # an empty paragraph: named by its number, or by what it follows
            label = number if number and number[0].isdigit() else state["front"] or \
                _after(state)
            return Block("paragraph", p, "", label, state["section"])
    style = numbering.style_of(p)
    heading = _HEADING.match(text)
    if number and number[0].isdigit():
        if state["chapter"] == "Annex":  # an annex numbers its own: "annex III, 1"
            number = f"annex {state['annex']}, {number}"
        state.update(number=number, front="", caption="")
        label = number
    elif (sub := _SUB.match(text)) and state["number"]:
        label = f"{state['number']} ({sub.group(1)})"
    elif heading or text.startswith("Annex"):
        label = _heading(text, heading, style, state)
    elif caption := _CAPTION.match(text):
        state.update(caption=caption.group(1), titled=False)
        label = caption.group(1)
    elif state["front"]:
        if text == "Summary":
            state["front"] = "Summary"
        label = state["front"]
    elif state["caption"]:
        label = state["caption"] if drawing and not text else _under_caption(text, state)
    else:
        label = _after(state)
    return Block("paragraph", p, text, label, state["section"])


def _after(state: dict) -> str:
    """A paragraph without a number of its own, by the numbered one it follows."""
    number = state["number"]
    if not number:
        return "unnumbered"
    return f"after paragraph {number}" if number[0].isdigit() else f"after {number}"


def _under_caption(text: str, state: dict) -> str:
    """A paragraph that belongs to the table or figure last captioned: its title (the one
    right after the caption), a "Source:" or "Note:" line, a lettered table note ("a" and a
    tab), or anything after them (the end mark), which is only after it."""
    caption = state["caption"]
    if ":" in text[:12]:
        return f"{caption}, {text.split(':')[0].lower()}"
    if note := _TABLE_NOTE.match(text):
        return f"{caption}, note {note.group(1)}"
    if not state.get("titled", True):
        state["titled"] = True
        return f"{caption}, title"
    return f"after {caption}"


def _heading(text: str, heading: re.Match | None, style: str, state: dict) -> str:
    """Chapters "I.", sections "A." and subsections "1." as a reader cites them."""
    state.update(front="", caption="", section=text.replace("\t", " "))
    if heading is None:
        state.update(chapter="Annex", letter="", caption="Annex", titled=False,
                     annex=text.replace("\t", " ").partition(" ")[2].strip())
        return "annex"
    mark = heading.group(1)
    if "Chapter" in style or (set(mark) <= set("IVXLC") and "Section" not in style):
        state.update(chapter=mark, letter="")
        return f"chapter {mark}"
    if mark.isalpha():
        state["letter"] = mark
        return f"section {state['chapter']}.{mark}".replace(" .", " ")
    return f"section {'.'.join(x for x in (state['chapter'], state.get('letter'), mark) if x)}"


def _table(tbl: etree._Element, numbering: Numbering, state: dict,
           every: bool = False) -> Iterator[Block]:
    for index, row in enumerate(tbl.iter(f"{_w}tr")):
        cells = [" ".join(text_of(p).strip() for p in c.iter(f"{_w}p")).strip()
                 for c in row.findall(f"{_w}tc")]
        text = "\t".join(cells)
        if not text.strip() and every:  # a row deleted whole, or empty
            cells = [" ".join(text_of(p, deleted=True).strip() for p in c.iter(f"{_w}p"))
                     .strip() for c in row.findall(f"{_w}tc")] or [""]
            text = "\t".join(cells)
        elif not text.strip():
            continue
        if state["front"]:  # the masthead's layout tables, and the boxed summary
            if cells[0].startswith("Summary"):
                state["front"] = "Summary"
            label = state["front"]
        else:
            caption = state["caption"] or state["section"] or "table"
            label = f'{caption}, header row' if index == 0 else f'{caption}, row "{cells[0]}"'
        yield Block("row", row, text, label, state["section"])


def note_labels(body: etree._Element, notes: etree._Element) -> dict[etree._Element, str]:
    """Each footnote of ``notes`` referred to from ``body``, as a reader cites it: "footnote
    3" by the number Word gives it (the order of the references), "footnote **" for a note
    with a mark of its own, which takes no number."""
    by_id = {n.get(f"{_w}id"): n for n in notes.iter(f"{_w}footnote")
             if n.get(f"{_w}type") in (None, "normal")}
    found: dict[etree._Element, str] = {}
    number = 0
    for ref in body.iter(f"{_w}footnoteReference"):
        note = by_id.pop(ref.get(f"{_w}id"), None)
        if note is None:
            continue
        if ref.get(f"{_w}customMarkFollows") in ("1", "true", "on"):
            mark = "".join(t.text or "" for t in ref.getparent().iter(f"{_w}t")).strip()
            found[note] = f"footnote {mark}" if mark else "footnote"
        else:
            number += 1
            found[note] = f"footnote {number}"
    return found
