"""Each value a tag writes from a record, turned into a hidden range of the document.

While a part renders, the environment's ``finalize`` wraps a value that knows its origin
(``provenance.py``) in two invisible markers that carry a number. Once the document is
rendered, ``bookmark_ranges`` splits the runs at the markers (each piece keeps its run's
formatting), puts a hidden bookmark (``_wsis_v00012``: Word hides names that begin with an
underscore) around the value, records the bookmark's origins and removes every marker, in
text and attributes alike. Bookmarks travel with their text through Word's and
LibreOffice's edits, so a reviewer's comment inside one is led back to that record's cell.

The markers are Unicode noncharacters (U+FDD0–U+FDEF), which Unicode sets aside for a
program's internal use: no workbook value holds one (``refuse_markers`` sees to it).
"""

from __future__ import annotations

import copy
import re
from typing import Any, Callable

from lxml import etree
from markupsafe import Markup

from .provenance import Origins

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_w = "{%s}" % W
RANGE_PREFIX = "_wsis_v"
_START, _END, _CLOSE = "\ufdd0", "\ufdd1", "\ufdd2"
_DIGITS = str.maketrans("0123456789", "".join(chr(0xFDE0 + i) for i in range(10)))
_NUMBER = str.maketrans("".join(chr(0xFDE0 + i) for i in range(10)), "0123456789")
ALPHABET = "".join(chr(c) for c in range(0xFDD0, 0xFDF0))
_MARK = re.compile("([\ufdd0\ufdd1])([\ufde0-\ufde9]+)\ufdd2")
_ANY = re.compile("[\ufdd0-\ufdef]")
_WHOLE = re.compile("\ufdd0([\ufde0-\ufde9]+)\ufdd2([^\ufdd0-\ufdef]*)\ufdd1([\ufde0-\ufde9]+)\ufdd2")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Compiled once, and usable on python-docx's elements, whose own xpath() takes no namespaces.
_MARKED_TEXT = etree.XPath(".//w:t[contains(., $s) or contains(., $e)]", namespaces={"w": W})
_MARKED_NODES = etree.XPath("//text()[translate(., $a, '') != .]")
_MARKED_ATTRIBUTES = etree.XPath("//@*[translate(., $a, '') != .]")
_BOOKMARK_IDS = etree.XPath(".//w:bookmarkStart/@w:id", namespaces={"w": W})


def refuse_markers(text: str) -> None:
    if _ANY.search(text):
        raise ValueError("a value holds one of the characters U+FDD0–U+FDEF, which Unicode "
                         "reserves for programs' internal use; remove it from the workbook")


def unmarked(text: str) -> str:
    """``text`` without markers (what a reader of the rendered part will see)."""
    return _ANY.sub("", text) if "\ufdd0" in text or "\ufdd1" in text else text


class Marks:
    """The origins of the values written while one document renders, by their number."""

    def __init__(self) -> None:
        self.origins: list[Origins] = []

    def mark(self, value: Any, escaped: Markup, finalize: Callable[[Any], Markup]) -> Markup:
        """``escaped`` (``value`` made ready for Word by ``finalize``) between markers when
        ``value`` knows its origin; each of its parts separately when it has parts."""
        origins = getattr(value, "_origins", ())
        if not origins or not escaped.strip():
            return escaped
        parts = getattr(value, "_parts", ())
        if not parts:
            return self._wrap(escaped, origins)
        text, out, at = str(value), [], 0
        for start, end, part_origins in parts:
            out.append(finalize(text[at:start]))
            out.append(self._wrap(finalize(text[start:end]), part_origins))
            at = end
        out.append(finalize(text[at:]))
        return Markup("").join(out)

    def _wrap(self, escaped: Markup, origins: Origins) -> Markup:
        if not escaped.strip():
            return escaped
        code = str(len(self.origins)).translate(_DIGITS)
        self.origins.append(origins)
        return Markup(f"{_START}{code}{_CLOSE}{escaped}{_END}{code}{_CLOSE}")


class Bookmarker:
    """Turns markers into bookmarks, part after part of one document, with names and ids
    that are unique in it and follow the reading order (so a rebuild gives the same file)."""

    def __init__(self, marks: Marks, next_id: int) -> None:
        self.marks, self.next_id, self.count = marks, next_id, 0
        self.ranges: dict[str, Origins] = {}

    def part(self, root: etree._Element) -> None:
        hits = _MARKED_TEXT(root, s=_START, e=_END)
        opened: dict[str, list[tuple[str, etree._Element]]] = {}
        by_run: dict[etree._Element, set[etree._Element]] = {}
        for t in hits:  # in reading order
            by_run.setdefault(t.getparent(), set()).add(t)
        for run, marked in by_run.items():
            if run.tag == f"{_w}r":  # else stripped below
                self._split(run, marked, opened)
        for pending in opened.values():  # a start without its end: no extent to name
            for name, start in pending:
                start.getparent().remove(start)
                del self.ranges[name]
        strip_markers(root)

    def _split(self, run: etree._Element, marked: set, opened: dict) -> None:
        """``run`` cut at its markers into runs of the same formatting, with a bookmark's
        start or end at each marker."""
        rpr = run.find(f"{_w}rPr")
        if len(marked) == 1 and self._whole(run, next(iter(marked)), rpr, opened):
            return
        pieces: list[Any] = []  # elements of the run, and ("start"|"end", code)
        for child in list(run):
            if child is rpr:
                continue
            if child not in marked:
                pieces.append(child)
                continue
            text, at = child.text or "", 0
            for m in _MARK.finditer(text):
                if m.start() > at:
                    pieces.append(_t(text[at:m.start()], child))
                pieces.append(("start" if m[1] == _START else "end", m[2]))
                at = m.end()
            if at < len(text):
                pieces.append(_t(text[at:], child))
        out: list[etree._Element] = []
        holder: etree._Element | None = None
        for piece in pieces:
            if isinstance(piece, tuple):
                holder = None
                out += self._bookmark(*piece, opened)
                continue
            if holder is None:
                holder = run if run not in out else _copy_run(run, rpr)
                if holder is run:
                    for child in [c for c in run if c is not rpr]:
                        run.remove(child)
                out.append(holder)
            holder.append(piece)
        if run in out:
            at = out.index(run)
            for el in out[:at]:
                run.addprevious(el)
            for el in reversed(out[at + 1:]):
                run.addnext(el)
        else:
            for el in out:
                run.addprevious(el)
            run.getparent().remove(run)

    def _whole(self, run: etree._Element, t: etree._Element, rpr: etree._Element | None,
               opened: dict) -> bool:
        """The usual case, done without taking the run apart: one value that fills one
        w:t ("(a)", a tab, then the message). The w:t goes into a run of its own, if it has
        company, between the bookmark's start and end."""
        whole = _WHOLE.fullmatch(t.text or "")
        if not whole or whole[1] != whole[3]:
            return False
        t.text = whole[2]
        items = [c for c in run if c is not rpr]
        at = items.index(t)
        holder = run
        if len(items) > 1:
            holder = _copy_run(run, rpr)
            holder.append(t)
            if at + 1 < len(items):  # what follows it goes on in a run of its own
                rest = _copy_run(run, rpr)
                rest.extend(items[at + 1:])
                run.addnext(rest)
            if at == 0:
                run.addprevious(holder)
                if len(run) - (rpr is not None) == 0:
                    run.getparent().remove(run)
            else:
                run.addnext(holder)
        for piece in reversed(self._bookmark("start", whole[1], opened)):
            holder.addprevious(piece)
        for piece in self._bookmark("end", whole[1], opened):
            holder.addnext(piece)
        return True

    def _bookmark(self, kind: str, code: str, opened: dict) -> list[etree._Element]:
        if kind == "start":
            self.count += 1
            name = f"{RANGE_PREFIX}{self.count:05d}"
            start = etree.Element(f"{_w}bookmarkStart", {f"{_w}id": str(self.next_id),
                                                         f"{_w}name": name})
            self.next_id += 1
            self.ranges[name] = self.marks.origins[int(code.translate(_NUMBER))]
            opened.setdefault(code, []).append((name, start))
            return [start]
        if not opened.get(code):
            return []
        _, start = opened[code].pop()  # the nearest start (one left open was cut)
        return [etree.Element(f"{_w}bookmarkEnd", {f"{_w}id": start.get(f"{_w}id")})]


def _t(text: str, like: etree._Element) -> etree._Element:
    t = etree.Element(like.tag, dict(like.attrib))
    t.text = _ANY.sub("", text)
    t.set(_SPACE, "preserve")
    return t


def _copy_run(run: etree._Element, rpr: etree._Element | None) -> etree._Element:
    out = etree.Element(run.tag, dict(run.attrib))
    if rpr is not None:
        out.append(copy.deepcopy(rpr))
    return out


def strip_markers(root: etree._Element) -> None:
    """Removes what is left of the markers anywhere else: field codes, alternative text,
    a value a template wrote into an attribute or cut in the middle."""
    if b"\xef\xb7" not in etree.tostring(root, encoding="UTF-8"):
        return  # no character of U+FDC0–U+FDFF at all (one pass in C, the usual case)
    for text in _MARKED_NODES(root, a=ALPHABET):
        parent = text.getparent()
        if text.is_text:
            parent.text = _ANY.sub("", parent.text)
        else:
            parent.tail = _ANY.sub("", parent.tail)
    for value in _MARKED_ATTRIBUTES(root, a=ALPHABET):
        value.getparent().set(value.attrname, _ANY.sub("", str(value)))


def highest_id(root: etree._Element) -> int:
    ids = [int(i) for i in _BOOKMARK_IDS(root) if i.isdigit()]
    return max(ids, default=0)
