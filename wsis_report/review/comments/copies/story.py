"""A reviewed copy's parts, walked in reading order, and their text exactly as written.

The parts are found as Word finds them, through the package's relationships (the main
document, then its comments, headers, footers, footnotes and endnotes), not by their
usual names. A copy saved as Strict Open XML is read with its namespaces mapped to the
Transitional ones; nothing else differs for what is read here.

A text box is held twice by Word, in ``mc:AlternateContent``: a DrawingML shape
(``mc:Choice``) and its VML copy (``mc:Fallback``). Only the first choice is read, so a
change or comment inside a text box counts once (ECMA-376 Part 3, §10.2).

Text is kept exactly: tabs, breaks, non-breaking and soft hyphens (U+2011, U+00AD) and
symbols (``w:sym``) as characters, pictures and notes as a bracketed description in place.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from ...snapshot.numbering import PARSER, W

_w = "{%s}" % W
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# Strict Open XML (ISO/IEC 29500 Strict) -> Transitional: the same elements, other names
_STRICT = ((b"http://purl.oclc.org/ooxml/wordprocessingml/main", W.encode()),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
           (b"http://purl.oclc.org/ooxml/officeDocument/math",
            b"http://schemas.openxmlformats.org/officeDocument/2006/math"))
# relationship type (its last word) -> the kind of story or part
STORY_TYPES = {"header": "header", "footer": "footer", "footnotes": "footnote",
               "endnotes": "endnote"}
OBJECTS = (f"{_w}drawing", f"{_w}pict", f"{_w}object")
# The Symbol font's characters as Unicode (the Adobe Symbol encoding, as Word maps it);
# Wingdings' most used ones. Others stay Word's own private-use character (U+F0xx), which
# is what Word itself copies as text.
_SYMBOL = dict(zip(range(0x20, 0x7F), " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
                                       "[∴]⊥_\uf8e5αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼"))
_SYMBOL.update(zip(range(0xA1, 0xE6), "ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…\uf8e6\uf8e7↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄"
                                      "⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑"))
_SYMBOL.update({0xF1: "〉", 0xF2: "∫"})
_WINGDINGS = {0x4A: "☺", 0x4B: "😐", 0x4C: "☹", 0x6C: "●", 0x6E: "■", 0x6F: "□", 0xA8: "◻",
              0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑"}
_FONTS = {"symbol": _SYMBOL, "wingdings": _WINGDINGS}


@dataclass
class Copy:
    """The parts of one reviewed copy that hold what reviewers wrote, parsed."""

    main: str
    parts: dict[str, etree._Element]
    stories: list[tuple[str, str]] = field(default_factory=list)  # (part, kind) after main
    comments: str | None = None
    extended: list[str] = field(default_factory=list)  # commentsExtended parts
    styles: bytes | None = None
    numbering: bytes | None = None

    def root(self, name: str) -> etree._Element:
        return self.parts[name]


def _xml(z: zipfile.ZipFile, name: str, strict: bool) -> etree._Element:
    data = z.read(name)
    if strict:
        for old, new in _STRICT:
            data = data.replace(old, new)
    return etree.fromstring(data, PARSER)


def _rels(z: zipfile.ZipFile, part: str, names: set[str]) -> list[tuple[str, str]]:
    """(type's last word, target part) of each internal relationship of ``part``."""
    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in names:
        return []
    found = []
    for rel in etree.fromstring(z.read(rels), PARSER).iter(_REL):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
        found.append((rel.get("Type", "").rsplit("/", 1)[-1], target))
    return found


def open_copy(data: bytes) -> Copy:
    """The copy's parts, found through its relationships. The caller has passed the file
    through the container checks; XML that does not parse raises ``etree.XMLSyntaxError``."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        main = next((t for kind, t in _rels(z, "", names) if kind == "officeDocument"
                     and t in names), "word/document.xml")
        head = z.open(main).read(4096)
        strict = _STRICT[0][0] in head
        copy = Copy(main, {main: _xml(z, main, strict)})
        for kind, target in sorted(_rels(z, main, names), key=lambda r: r[1]):
            if target not in names or target in copy.parts:
                continue
            if kind in STORY_TYPES:
                copy.stories.append((target, STORY_TYPES[kind]))
            elif kind == "comments":
                copy.comments = target
            elif kind == "commentsExtended":
                copy.extended.append(target)
            elif kind in ("styles", "numbering"):
                raw = z.read(target)
                for old, new in _STRICT if strict else ():
                    raw = raw.replace(old, new)
                setattr(copy, kind, raw)
                continue
            else:
                continue
            copy.parts[target] = _xml(z, target, strict)
    return copy


def walk(root: etree._Element) -> Iterator[etree._Element]:
    """Every element under ``root`` in document order, reading only the first choice of
    each ``mc:AlternateContent`` (a text box's DrawingML shape, not its VML copy)."""
    stack = [root]
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        yield el
        children = list(el)
        if el.tag == f"{MC}AlternateContent":
            choice = [c for c in children if c.tag == f"{MC}Choice"][:1]
            children = choice or [c for c in children if c.tag == f"{MC}Fallback"]
        stack.extend(reversed(children))


def text_in(element: etree._Element, notes: dict[str, str] | None = None,
            deleted: bool = True, inserted: bool = True) -> str:
    """The text under ``element`` exactly, in reading order: deleted text (``w:delText``)
    unless ``deleted`` is false, inserted text unless ``inserted`` is false; a picture as
    "[picture]", a text box as "[text box: …]", a note's reference as "[footnote: …]"
    (from ``notes``: "footnote:ID" -> its text)."""
    out: list[str] = []
    _text(element, notes or {}, deleted, inserted, out, top=True)
    return "".join(out)


_CHARS = {f"{_w}tab": "\t", f"{_w}ptab": "\t", f"{_w}br": "\n", f"{_w}cr": "\n",
          f"{_w}noBreakHyphen": "\u2011", f"{_w}softHyphen": "\u00ad"}


def _text(el: etree._Element, notes: dict[str, str], deleted: bool, inserted: bool,
          out: list[str], top: bool = False) -> None:
    tag = el.tag
    if not isinstance(tag, str):
        return
    if (not deleted and tag in (f"{_w}del", f"{_w}moveFrom")) or \
            (not inserted and tag in (f"{_w}ins", f"{_w}moveTo")):
        return
    if tag in (f"{_w}t", f"{_w}delText", f"{MATH}t"):
        out.append(el.text or "")
    elif tag in _CHARS:
        out.append(_CHARS[tag])
    elif tag == f"{_w}sym":
        out.append(_sym(el))
    elif tag in OBJECTS and not top:
        boxes = [b for b in walk(el) if b.tag == f"{_w}txbxContent"]
        inside = " / ".join(paragraphs_text(b, notes, deleted) for b in boxes)
        out.append(f"[text box: {inside}]" if boxes else
                   "[embedded object]" if tag == f"{_w}object" else "[picture]")
    elif tag in (f"{_w}footnoteReference", f"{_w}endnoteReference"):
        kind = "footnote" if "foot" in tag else "endnote"
        out.append(f"[{kind}: {notes.get(kind + ':' + el.get(f'{_w}id', ''), '')}]")
    elif tag == f"{MC}AlternateContent":
        children = [c for c in el if c.tag == f"{MC}Choice"][:1] or \
            [c for c in el if c.tag == f"{MC}Fallback"]
        for child in children:
            _text(child, notes, deleted, inserted, out)
    else:
        for child in el:
            _text(child, notes, deleted, inserted, out)


def paragraphs_text(element: etree._Element, notes: dict[str, str] | None = None,
                    deleted: bool = False) -> str:
    """The text of the paragraphs of ``element`` (a comment, a note, a text box), one
    line each, a table's paragraphs included; struck-out text left out unless
    ``deleted``."""
    return "\n".join(text_in(p, notes, deleted=deleted) for p in paragraphs(element))


_CONTAINERS = {f"{_w}{n}" for n in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml",
                                     "ins", "del", "moveFrom", "moveTo", "txbxContent")}


def paragraphs(element: etree._Element) -> Iterator[etree._Element]:
    """The paragraphs of a story in order, those of its tables too; not the paragraphs
    of a text box inside one of them."""
    for child in element:
        if child.tag == f"{_w}p":
            yield child
        elif child.tag in _CONTAINERS:
            yield from paragraphs(child)


def _sym(el: etree._Element) -> str:
    try:
        code = int(el.get(f"{_w}char", ""), 16)
    except ValueError:
        return ""
    table = _FONTS.get((el.get(f"{_w}font") or "").strip().lower())
    if table is not None and (code & 0xFF) in table and (code < 0x100 or code >= 0xF000):
        return table[code & 0xFF]
    return chr(code)
