"""Footnotes and table notes from the templates' tags, as Word's own.

A tag cannot write Word markup (every value is escaped), so the filters write a marker
instead, private-use characters around a number: ``{{ c.web_page|footnote("See") }}`` puts
one where the footnote's number goes and keeps its text; ``{{ m.note|table_note }}`` puts
the next letter of the table's notes, raised, and ``table_notes()`` gives the notes of the
table to print under it (lettered: notes to tables are not footnotes). Once the document is
rendered (and each part checked to hold what its tags wrote), ``apply`` turns each marker
into a run: a ``w:footnoteReference`` whose note it adds to ``word/footnotes.xml``, or the
raised letter. The run is split there, and both halves keep its formatting.

A blank value writes no marker: a row without a web page gets no footnote. A footnote ends
with a full stop, as United Nations notes do. Word numbers footnotes by their place in the
document, so a note is numbered where its tag is, in loops and included templates too. The
value in a footnote keeps its origin: it is written between the markers of ``ranges.py``,
which become a hidden range in word/footnotes.xml (``apply`` runs before the ranges are
bookmarked), so a reviewer's comment on the note is led back to its cell.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from markupsafe import Markup, escape

from .errors import TemplateProblem
from .house_style.style import unbreakable_dates

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_OPEN, _CLOSE = "\ue000", "\ue001"
MARKER = re.compile(f"{_OPEN}([fs])(\\d+){_CLOSE}")
# The children of w:rPr that come after w:vertAlign in the schema (ECMA-376 §17.3.2.28).
_AFTER_VERTALIGN = {f"{W}{t}" for t in ("rtl", "cs", "em", "lang", "eastAsianLayout",
                                         "specVanish", "oMath")}
# Word's own styles for notes, by the names Word gives them in any language's template.
STYLES = {"footnote text": "FootnoteText", "footnote reference": "FootnoteReference"}


@dataclass(frozen=True)
class TableNote:
    """A lettered note to a table: its letter, raised where it is printed (``mark``)."""

    letter: str
    text: Any  # the value, which may know its origin
    mark: str

    def __str__(self) -> str:
        return str(self.text)


@dataclass
class Notes:
    """The footnotes and raised texts of one rendering, in the order their tags wrote them.
    ``marks``: the rendering's ``ranges.Marks``, which mark a value that knows its origin."""

    marks: Any = None
    footnotes: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    table: list[TableNote] = field(default_factory=list)
    marks_of: dict[int, str] = field(default_factory=dict)  # a note's own mark ("*"), if any

    def footnote(self, text: Any, lead: str = "", mark: str | None = None) -> str:
        """The filter ``footnote``: a Word footnote holding ``text`` (after ``lead``, as in
        "See https://…"), ending with a full stop; nothing for a blank value. With ``mark``
        ("*", "**") the note takes that mark instead of a number, as the masthead's notes
        do: Word and LibreOffice number the other notes 1, 2, 3 around it."""
        plain = "" if text is None else str(text).strip()
        if not plain:
            return ""
        # a date typed in the note ("January 2025") is set on one line, as in the text
        body = unbreakable_dates(self._marked(text, plain))
        body = f"{lead.strip()} {body}" if lead.strip() else body
        if not plain.endswith((".", "?", "!", "…")):
            body += "."
        self.footnotes.append(body)
        self.marks_of[len(self.footnotes)] = str(mark).strip() if mark else ""
        return f"{_OPEN}f{len(self.footnotes)}{_CLOSE}"

    def _marked(self, value: Any, plain: str) -> str:
        """``plain`` between the markers of its origin (``ranges.py``), if it has one."""
        if self.marks is None or str(value) != plain:
            return plain
        out = self.marks.mark(value, Markup(escape(plain)), lambda v: Markup(escape(str(v))))
        return Markup(out).unescape()

    def superscript(self, text: Any) -> str:
        """The filter ``superscript``: ``text`` raised."""
        self.raised.append("" if text is None else str(text))
        return f"{_OPEN}s{len(self.raised)}{_CLOSE}"

    def table_note(self, text: Any) -> str:
        """The filter ``table_note``: the next letter of the table's notes, raised, for a note
        printed under the table by ``table_notes()`` (the value itself, so that it keeps its
        origin when written there); nothing for a blank value."""
        if text is None or not str(text).strip():
            return ""
        letter = _letter(len(self.table) + 1)
        mark = self.superscript(letter)
        self.table.append(TableNote(letter, text, self.superscript(letter)))
        return mark

    def table_notes(self) -> list[TableNote]:
        """The global ``table_notes()``: the notes written since it was last called (those of
        the table just rendered), each with ``letter``, ``text`` and its raised ``mark``."""
        found, self.table = self.table, []
        return found


def _letter(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    return chr(96 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1)


def functions(notes: Notes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The filters and globals a template gets for ``notes``."""
    return ({"footnote": notes.footnote, "table_note": notes.table_note,
             "superscript": notes.superscript}, {"table_notes": notes.table_notes})


def apply(document: Any, notes: Notes, template: str) -> int:
    """Turns the markers of the rendered ``document`` (python-docx) into Word's notes;
    returns how many footnotes it added."""
    for part in _other_parts(document):
        if MARKER.search(part.blob.decode("utf-8", "replace")):
            raise TemplateProblem(template, "a footnote or raised text is written outside the "
                                  f"body ({part.partname}): Word allows footnotes only in the "
                                  "body's paragraphs and tables")
    body = document.element.body
    marked = [t for t in body.iter(f"{W}t") if t.text and MARKER.search(t.text)]
    if not marked:
        return 0
    styles = _note_styles(document)
    footnotes = _footnotes_root(document) if notes.footnotes else None
    ids = [int(f.get(f"{W}id")) for f in footnotes.iter(f"{W}footnote")] if footnotes is not None \
        else []
    next_id = max([0, *ids]) + 1
    added = 0
    for t in marked:
        if any(a.tag == f"{W}txbxContent" for a in t.iterancestors()):
            raise TemplateProblem(template, "a footnote is written inside a text box, where Word "
                                  f"cannot hold one: “{MARKER.sub('', t.text)[:60]}”")
        for kind, number, run in _split(t):
            rpr = run.find(f"{W}rPr")
            if rpr is None:
                rpr = etree.Element(f"{W}rPr")
                run.insert(0, rpr)
            if kind == "s":
                _raise(rpr)
                text = etree.SubElement(run, f"{W}t")
                text.text = notes.raised[number - 1]
                text.set(XML_SPACE, "preserve")
                continue
            mark = notes.marks_of.get(number, "")
            _set_style(rpr, styles["footnote reference"])
            reference = etree.SubElement(run, f"{W}footnoteReference", {f"{W}id": str(next_id)})
            if mark:  # Word writes the mark after the reference, in its run
                reference.set(f"{W}customMarkFollows", "1")
                etree.SubElement(run, f"{W}t").text = mark
            footnotes.append(_footnote(next_id, notes.footnotes[number - 1], styles, mark))
            next_id += 1
            added += 1
    if footnotes is not None:
        _store(document, footnotes)
    return added


def _split(t: etree._Element) -> list[tuple[str, int, etree._Element]]:
    """Splits the run of ``t`` at each marker of its text; returns, for each marker, an empty
    run in its place carrying the run's formatting (``rPr``), to be filled."""
    run = t.getparent()
    rpr = run.find(f"{W}rPr")
    pieces = MARKER.split(t.text)  # text, kind, number, text, kind, number, text
    after = list(t.itersiblings())
    t.text = pieces[0]
    t.set(XML_SPACE, "preserve")
    made, cursor = [], run
    for i in range(1, len(pieces), 3):
        kind, number, text = pieces[i], int(pieces[i + 1]), pieces[i + 2]
        mark = _run_like(rpr)
        cursor.addnext(mark)
        cursor = mark
        made.append((kind, number, mark))
        if text:
            rest = _run_like(rpr)
            piece = etree.SubElement(rest, f"{W}t")
            piece.text = text
            piece.set(XML_SPACE, "preserve")
            cursor.addnext(rest)
            cursor = rest
    if after:  # what followed the text in its run (a break, more text) keeps its place
        tail = _run_like(rpr)
        tail.extend(after)
        cursor.addnext(tail)
    if not t.text:
        run.remove(t)
        if all(child.tag == f"{W}rPr" for child in run):  # nothing left but its formatting
            run.getparent().remove(run)
    return made


def _run_like(rpr: etree._Element | None) -> etree._Element:
    run = etree.Element(f"{W}r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    return run


def _raise(rpr: etree._Element) -> None:
    """Superscript, in its place among the run's properties."""
    for old in rpr.findall(f"{W}vertAlign"):
        rpr.remove(old)
    mark = etree.Element(f"{W}vertAlign", {f"{W}val": "superscript"})
    later = next((c for c in rpr if c.tag in _AFTER_VERTALIGN), None)
    rpr.append(mark) if later is None else later.addprevious(mark)


def _set_style(rpr: etree._Element, style: str) -> None:
    for old in rpr.findall(f"{W}rStyle"):
        rpr.remove(old)
    rpr.insert(0, etree.Element(f"{W}rStyle", {f"{W}val": style}))
    for old in rpr.findall(f"{W}vertAlign"):  # the style raises the number
        rpr.remove(old)


def _footnote(number: int, text: str, styles: dict[str, str], mark: str = "") -> etree._Element:
    note = etree.Element(f"{W}footnote", {f"{W}id": str(number)})
    p = etree.SubElement(note, f"{W}p")
    ppr = etree.SubElement(p, f"{W}pPr")
    etree.SubElement(ppr, f"{W}pStyle", {f"{W}val": styles["footnote text"]})
    ref = etree.SubElement(p, f"{W}r")
    rpr = etree.SubElement(ref, f"{W}rPr")
    etree.SubElement(rpr, f"{W}rStyle", {f"{W}val": styles["footnote reference"]})
    if mark:  # the note's own mark, as Word writes it: as text where a number would be
        etree.SubElement(ref, f"{W}t").text = mark
    else:
        etree.SubElement(ref, f"{W}footnoteRef")
    etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}tab")
    run = etree.SubElement(p, f"{W}r")
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(run, f"{W}br")
        t = etree.SubElement(run, f"{W}t")
        t.text = line
        t.set(XML_SPACE, "preserve")
    return note


# --- the parts: footnotes, styles, settings ---------------------------------------------------
_SEPARATORS = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote></w:footnotes>')


def _footnotes_part(document: Any) -> Part | None:
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES and not rel.is_external:
            return rel.target_part
    return None


def _footnotes_root(document: Any) -> etree._Element:
    """The footnotes part's XML; a template without one gets Word's two separators, and its
    settings name them, as Word writes them."""
    part = _footnotes_part(document)
    if part is not None:
        return etree.fromstring(part.blob)
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, _SEPARATORS.encode("utf-8"),
                document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    settings = document.settings.element
    if settings.find(f"{W}footnotePr") is None:
        pr = etree.fromstring(f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/>'
                              '<w:footnote w:id="0"/></w:footnotePr>')
        # after the elements that precede it in CT_Settings; Word reads it wherever it is,
        # but the validator wants its place: before endnotePr, compat and what follows.
        later = next((c for c in settings if c.tag in {f"{W}{n}" for n in (
            "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
            "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
            "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
            "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
            "decimalSymbol", "listSeparator")}), None)
        settings.append(pr) if later is None else later.addprevious(pr)
    return etree.fromstring(part.blob)


def _store(document: Any, root: etree._Element) -> None:
    part = _footnotes_part(document)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if hasattr(part, "_blob"):
        part._blob = data
    else:  # a part python-docx parsed: give it the new element
        part._element = root


def _note_styles(document: Any) -> dict[str, str]:
    """The style ids of Word's footnote text and footnote reference styles, added to the
    document's styles in the house style when the template lacks them."""
    styles = document.styles.element
    found = {}
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        key = (name.get(f"{W}val") or "").lower() if name is not None else ""
        if key in STYLES:
            found[key] = style.get(f"{W}styleId")
    if "footnote text" not in found:
        styles.append(etree.fromstring(
            f'<w:style xmlns:w="{W_NS}" w:type="paragraph" w:styleId="FootnoteText">'
            '<w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority '
            'w:val="99"/><w:unhideWhenUsed/><w:pPr><w:tabs><w:tab w:val="left" w:pos="1418"/>'
            '</w:tabs><w:spacing w:after="0" w:line="220" w:lineRule="atLeast"/><w:ind '
            'w:left="1418" w:hanging="340"/></w:pPr><w:rPr><w:sz w:val="17"/><w:szCs '
            'w:val="17"/></w:rPr></w:style>'))
        found["footnote text"] = "FootnoteText"
    if "footnote reference" not in found:
        styles.append(etree.fromstring(
            f'<w:style xmlns:w="{W_NS}" w:type="character" w:styleId="FootnoteReference">'
            '<w:name w:val="footnote reference"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
            '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'))
        found["footnote reference"] = "FootnoteReference"
    return found


def _other_parts(document: Any) -> list[Any]:
    """The header, footer and notes parts: no footnote may be written there."""
    kinds = ("header+xml", "footer+xml", "footnotes+xml", "endnotes+xml")
    return [p for p in document.part.package.parts if p.content_type.endswith(kinds)]
