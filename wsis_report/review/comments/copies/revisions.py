"""Each tracked change of a copy (a revision, in Word's words) said plainly: its type, and
its exact text or, for a change that is not text, what changed.

ECMA-376 Part 1, §17.13.5: text inserted, deleted or moved (``w:ins``, ``w:del``,
``w:moveFrom``, ``w:moveTo`` around runs); a paragraph mark or a table row inserted or
deleted (the same elements inside ``w:pPr/w:rPr`` or ``w:trPr``); table cells inserted,
deleted or merged; and property changes, which keep the old properties
(``w:rPrChange``, ``w:pPrChange``, ``w:tblPrChange``, ``w:trPrChange``, ``w:tcPrChange``,
``w:sectPrChange``, ``w:tblGridChange``, ``w:tblPrExChange``, ``w:numberingChange``) and
custom XML markup inserted or deleted. Each has its own ``w:id`` and is one row; Google
Docs gives one id to the deletion and insertion of a replacement and to the pieces of one
suggestion, so a change is known by its id, its kind and what it is on (its ``scope``).
"""

from __future__ import annotations

from lxml import etree

from ...snapshot.numbering import W
from .story import paragraphs_text, text_in

_w = "{%s}" % W
TEXT_KINDS = {"ins": "insertion", "del": "deletion", "moveFrom": "moved from",
              "moveTo": "moved to"}
PROPERTY_KINDS = ("rPrChange", "pPrChange", "tblPrChange", "trPrChange", "tcPrChange",
                  "sectPrChange", "tblGridChange", "tblPrExChange", "numberingChange")
CELL_KINDS = {"cellIns": ("insertion", "table cell inserted"),
              "cellDel": ("deletion", "table cell deleted"),
              "cellMerge": ("formatting", "table cells merged")}
MARKUP_KINDS = {"customXmlInsRangeStart": ("insertion", "custom XML markup inserted"),
                "customXmlDelRangeStart": ("deletion", "custom XML markup deleted"),
                "customXmlMoveFromRangeStart": ("moved from", "custom XML markup moved"),
                "customXmlMoveToRangeStart": ("moved to", "custom XML markup moved")}
TAGS = tuple(f"{_w}{n}" for n in (*TEXT_KINDS, *PROPERTY_KINDS, *CELL_KINDS, *MARKUP_KINDS))
_WHAT = {"rPrChange": "formatting", "pPrChange": "paragraph formatting",
         "tblPrChange": "table formatting", "trPrChange": "table row formatting",
         "tcPrChange": "table cell formatting", "sectPrChange": "section layout",
         "tblGridChange": "table column widths", "tblPrExChange": "table formatting"}
# what a reader calls a property (ECMA-376 names otherwise)
_NAMES = {"b": "bold", "bCs": "bold", "i": "italic", "iCs": "italic", "u": "underline",
          "strike": "strikethrough", "dstrike": "double strikethrough", "color": "colour",
          "sz": "size", "szCs": "size", "rFonts": "font", "highlight": "highlight",
          "vertAlign": "superscript or subscript", "caps": "capitals",
          "smallCaps": "small capitals", "rStyle": "character style", "lang": "language",
          "shd": "shading", "vanish": "hidden", "spacing": "spacing", "pStyle": "style",
          "numPr": "numbering", "ind": "indentation", "jc": "alignment", "tabs": "tabs",
          "keepNext": "keep with next", "keepLines": "keep lines together",
          "pageBreakBefore": "page break before", "bidi": "right-to-left", "rtl":
          "right-to-left", "pBdr": "borders", "tblBorders": "borders", "tcBorders":
          "borders", "tblW": "width", "tcW": "width", "gridCol": "column widths",
          "tblStyle": "table style", "trHeight": "row height", "tblHeader":
          "header row", "cantSplit": "row split", "gridSpan": "merged cells", "vMerge":
          "merged cells", "vAlign": "vertical alignment", "pgSz": "page size",
          "pgMar": "margins", "cols": "columns", "titlePg": "different first page",
          "type": "section break", "pgNumType": "page numbering", "tblLook": "table look",
          "tblInd": "indentation", "tblLayout": "layout", "outlineLvl": "outline level"}
_IGNORED = {*PROPERTY_KINDS, "ins", "del", "moveFrom", "moveTo", "rPr", "sectPr"}


def is_change(node: etree._Element) -> bool:
    """Whether ``node`` is a change in its own right, not part of the old properties a
    property change keeps (an ``ins`` inside ``rPrChange``)."""
    return not any(a.tag.endswith("PrChange") for a in node.iterancestors()
                   if isinstance(a.tag, str))


def local(el: etree._Element) -> str:
    return etree.QName(el).localname


def describe(node: etree._Element, notes: dict[str, str]) -> tuple[str, str, str, str]:
    """(type, text, quoted, scope) of the tracked change ``node``: its exact text for
    text inserted, deleted or moved (scope "run"); otherwise what changed (scope
    "paragraph" for a paragraph mark, "row", or the kind of change), with the text it
    changed."""
    name, parent = local(node), node.getparent()
    where = local(parent) if parent is not None else ""
    grand = parent.getparent() if parent is not None else None
    if name in TEXT_KINDS:
        kind = TEXT_KINDS[name]
        if where == "rPr" and grand is not None and local(grand) == "pPr":
            p = grand.getparent()
            return kind, _mark(name, p, notes), _all(p, notes), "paragraph"
        if where == "trPr":
            row = parent.getparent()
            return kind, f"table row {_done(name)}", _row(row, notes), "row"
        text = text_in(node, notes)
        if not text:  # nothing to read: what it holds
            code = " ".join("".join(t.text or "" for t in node.iter(
                f"{_w}instrText", f"{_w}delInstrText")).split())
            anchor = next(node.iter(f"{_w}commentReference"), None) is not None
            text = f"[field: {code}]" if code else "[comment anchor]" if anchor else \
                "[no text]"
        return kind, text, "", "run"
    if name in CELL_KINDS:
        kind, text = CELL_KINDS[name]
        cell = grand if grand is not None else node
        return kind, text, paragraphs_text(cell, notes, deleted=True), name
    if name in MARKUP_KINDS:
        return (*MARKUP_KINDS[name], "", name)
    if name == "numberingChange":
        p = _up(node, "p")
        return "formatting", "numbering changed", _all(p, notes), name
    what = _WHAT[name]
    if name == "rPrChange" and grand is not None and local(grand) == "pPr":
        what = "paragraph mark formatting"
    changed = _changed(parent, node)
    text = f"{what} changed" + (f" ({', '.join(changed)})" if changed else "")
    return "formatting", text, _quoted(name, parent, notes), name


def _done(name: str) -> str:
    return {"ins": "inserted", "del": "deleted", "moveFrom": "moved away",
            "moveTo": "moved here"}[name]


def _mark(name: str, p: etree._Element, notes: dict[str, str]) -> str:
    """A paragraph mark: the paragraph itself when all its text went (or came) with it."""
    if name in ("del", "moveFrom"):
        whole = not text_in(p, notes, deleted=False).strip()
    else:
        whole = not text_in(p, notes, inserted=False).strip()
    if whole:
        return f"paragraph {_done(name)}"
    return {"ins": "paragraph break inserted (the paragraph was split)",
            "del": "paragraph break deleted (joined with the next paragraph)",
            "moveFrom": "paragraph break moved away", "moveTo": "paragraph break moved here"
            }[name]


def _all(p: etree._Element | None, notes: dict[str, str]) -> str:
    """A paragraph's whole text: what was deleted and what was inserted."""
    return text_in(p, notes) if p is not None else ""


def _row(tr: etree._Element, notes: dict[str, str]) -> str:
    return "\t".join(paragraphs_text(tc, notes, deleted=True) for tc in tr
                     if tc.tag == f"{_w}tc")


def _up(node: etree._Element, name: str) -> etree._Element | None:
    for ancestor in node.iterancestors(f"{_w}{name}"):
        return ancestor
    return None


def _quoted(name: str, props: etree._Element, notes: dict[str, str]) -> str:
    holder = props.getparent()
    if holder is None:
        return ""
    if name == "rPrChange":
        if local(holder) == "pPr":
            holder = holder.getparent()
        return _all(holder, notes)
    if name in ("pPrChange", "tcPrChange"):
        return _all(holder, notes) if name == "pPrChange" else \
            paragraphs_text(holder, notes, deleted=True)
    if name == "trPrChange":
        return _row(holder, notes)
    if name in ("tblPrChange", "tblGridChange", "tblPrExChange"):
        table = holder if local(holder) == "tbl" else _up(holder, "tbl")
        first = table.find(f"{_w}tr") if table is not None else None
        return _row(first, notes) if first is not None else ""
    return ""


def _changed(props: etree._Element, change: etree._Element) -> list[str]:
    """The plain names of the properties that differ between ``props`` now and the old
    ones that ``change`` keeps."""
    old = next((c for c in change if isinstance(c.tag, str)), None)

    def items(el: etree._Element | None) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for child in el if el is not None else ():
            if isinstance(child.tag, str) and local(child) not in _IGNORED:
                found[local(child)] = found.get(local(child), b"") + etree.tostring(
                    child, method="c14n", exclusive=True)
        return found

    now, before = items(props), items(old)
    names = [_NAMES.get(k, k) for k in sorted(now.keys() | before.keys())
             if now.get(k) != before.get(k)]
    return list(dict.fromkeys(names))
