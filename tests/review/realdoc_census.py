"""An independent census of what a reviewed .docx holds: every comment and reply, every
tracked change, by part and id, with its text. Written for the tests from ECMA-376 and
[MS-DOCX] with lxml alone, sharing no code with the toolkit, so that the comments matrix
can be held against it.

- Parts are found through the package's relationships; Strict and Transitional
  namespaces alike (elements are matched by local name within WordprocessingML).
- A comment is a reply when ``commentsExtended`` gives its last paragraph a parent.
- A tracked change is any element of the kinds in ``CHANGES`` in the document, headers,
  footers, footnotes and endnotes; one in the second copy of a text box
  (``mc:Fallback``) is the same change as in the first, and not counted again. Google
  Docs and SuperDoc give one id to the deletion and the insertion of a replacement, and to
  the pieces of one suggestion: a change is known by its part, id, kind and what it is on
  (text, a paragraph mark, a row), and its pieces' text is joined. The old properties
  that a property change keeps (an ``ins`` inside ``rPrChange``) are not changes.
- A text change with no text says what it holds: "[field: PAGE]", "[comment anchor]",
  "[no text]".
- Text: ``w:t``, ``w:delText`` and math text; tabs, breaks, non-breaking and soft hyphens
  as characters; the symbols found in the fixtures by hand (Wingdings F04A is ☺);
  pictures "[picture]", text boxes "[text box: …]", notes "[footnote: …]".
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

WORD = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        "http://purl.oclc.org/ooxml/wordprocessingml/main")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
RUN_CHANGES = {"ins": "insertion", "del": "deletion", "moveFrom": "moved from",
               "moveTo": "moved to"}
CHANGES = {*RUN_CHANGES, "cellIns", "cellDel", "cellMerge", "rPrChange", "pPrChange",
           "tblPrChange", "trPrChange", "tcPrChange", "sectPrChange", "tblGridChange",
           "tblPrExChange", "numberingChange", "customXmlInsRangeStart",
           "customXmlDelRangeStart", "customXmlMoveFromRangeStart",
           "customXmlMoveToRangeStart"}
SYMBOLS = {("wingdings", 0x4A): "☺", ("symbol", 0x2A): "∗"}
STORIES = ("header", "footer", "footnotes", "endnotes")


@dataclass
class Mark:
    part: str
    id: str
    kind: str  # comment, reply, or the change element's local name
    author: str
    text: str  # a comment's text, a text change's text, or a paragraph's or row's text
    where: str = ""  # for a change: "run", "paragraph" (its mark), "row", or its kind

    @property
    def ref(self) -> str:
        """What the matrix's hidden Ref column says of it."""
        if self.kind in ("comment", "reply"):
            return f"{self.part}|comment|{self.id}"
        return f"{self.part}|{self.kind}|{self.where}|{self.id}"


def word(el) -> str | None:
    """The local name of a WordprocessingML element, else None."""
    if not isinstance(el.tag, str):
        return None
    q = etree.QName(el)
    return q.localname if q.namespace in WORD else None


def attr(el, name: str) -> str:
    for key, value in el.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return ""


def children(el):
    """Children as Word reads them: of an mc:AlternateContent, the first choice only."""
    kids = [c for c in el if isinstance(c.tag, str)]
    if etree.QName(el).namespace == MC and etree.QName(el).localname == "AlternateContent":
        choice = [c for c in kids if etree.QName(c).localname == "Choice"]
        return choice[:1] or [c for c in kids if etree.QName(c).localname == "Fallback"]
    return kids


def elements(el):
    yield el
    for child in children(el):
        yield from elements(child)


def text(el, notes: dict, skip_deleted: bool = False) -> str:
    name = word(el)
    if skip_deleted and name in ("del", "moveFrom"):
        return ""
    if name in ("t", "delText") or (isinstance(el.tag, str)
                                    and etree.QName(el).localname == "t"):
        return el.text or ""
    simple = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "\u2011",
              "softHyphen": "\u00ad"}
    if name in simple:
        return simple[name]
    if name == "sym":
        code = int(attr(el, "char"), 16)
        return SYMBOLS.get((attr(el, "font").lower(), code & 0xFF), chr(code))
    if name in ("drawing", "pict", "object"):
        boxes = [b for b in elements(el) if word(b) == "txbxContent"]
        if boxes:
            return "[text box: " + " / ".join(lines(b, notes) for b in boxes) + "]"
        return "[embedded object]" if name == "object" else "[picture]"
    if name in ("footnoteReference", "endnoteReference"):
        kind = name[:-len("Reference")]
        return f"[{kind}: {notes.get((kind, attr(el, 'id')), '')}]"
    return "".join(text(c, notes, skip_deleted) for c in children(el))


def lines(el, notes: dict, skip_deleted: bool = True) -> str:
    """The paragraphs of a comment, note or text box (tables' too), one per line."""
    found = []

    def visit(node):
        for c in children(node):
            if word(c) == "p":
                found.append(text(c, notes, skip_deleted))
            elif word(c) in ("tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "ins",
                             "del", "moveFrom", "moveTo", "txbxContent"):
                visit(c)
    visit(el)
    return "\n".join(found)


def census(path: Path) -> list[Mark]:
    """Every comment, reply and tracked change of the .docx at ``path``, once each."""
    z = zipfile.ZipFile(path)
    names = set(z.namelist())

    def rels(part):
        name = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
        if name not in names:
            return []
        out = []
        for rel in etree.fromstring(z.read(name)):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(part), rel.get("Target")))
            out.append((rel.get("Type").rsplit("/", 1)[-1], target))
        return out

    main = next(t for kind, t in rels("") if kind == "officeDocument")
    related = [(k, t) for k, t in rels(main) if t in names]
    root = {t: etree.fromstring(z.read(t)) for k, t in related + [("", main)]
            if k in STORIES + ("comments", "commentsExtended", "")}
    notes = {}
    for kind, target in related:
        if kind in ("footnotes", "endnotes"):
            for note in root[target]:
                notes[(kind[:-1], attr(note, "id"))] = lines(note, {}).strip()
    marks: dict[tuple[str, str, str, str], Mark] = {}
    for part in [main] + sorted(t for k, t in related if k in STORIES):
        for el in elements(root[part]):
            name = word(el)
            if name not in CHANGES or any(
                    (word(a) or "").endswith("PrChange") for a in el.iterancestors()):
                continue  # the old properties a property change keeps are not changes
            parent = el.getparent()
            holder = word(parent) if parent is not None else ""
            where, content = "run", ""
            if name in RUN_CHANGES and holder == "rPr" and word(parent.getparent()) == "pPr":
                where, content = "paragraph", text(parent.getparent().getparent(), notes)
            elif name in RUN_CHANGES and holder == "trPr":
                row = parent.getparent()
                where = "row"
                content = "\t".join(lines(tc, notes, False) for tc in row if word(tc) == "tc")
            elif name in RUN_CHANGES:
                content = text(el, notes)
                if not content:  # nothing to read: say what it holds
                    code = " ".join("".join(i.text or "" for i in el.iter() if word(i) in (
                        "instrText", "delInstrText")).split())
                    anchor = any(word(i) == "commentReference" for i in el.iter())
                    content = f"[field: {code}]" if code else \
                        "[comment anchor]" if anchor else "[no text]"
            else:
                where = name
            key = (part, attr(el, "id"), name, where)
            if key in marks:
                if where == "run":
                    marks[key].text += content
                continue
            marks[key] = Mark(part, attr(el, "id"), name, attr(el, "author"), content, where)
    comments = next((t for k, t in related if k == "comments"), None)
    if comments:
        parents = {}
        for k, t in related:
            if k == "commentsExtended":
                for entry in root[t].iter():
                    if attr(entry, "paraIdParent"):
                        parents[attr(entry, "paraId")] = attr(entry, "paraIdParent")
        found = [c for c in root[comments].iter() if word(c) == "comment"]
        last_ids = {}
        for c in found:
            paras = [p for p in c.iter() if word(p) == "p"]
            last_ids[c] = attr(paras[-1], "paraId") if paras else ""
        for c in found:
            kind = "reply" if parents.get(last_ids[c]) in set(last_ids.values()) - {""} \
                else "comment"
            marks[(comments, attr(c, "id"), "comment", "")] = Mark(comments, attr(c, "id"), kind,
                                                    attr(c, "author"), lines(c, notes))
    return list(marks.values())
