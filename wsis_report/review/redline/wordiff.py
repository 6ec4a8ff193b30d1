"""Word-level tracked changes inside paragraphs: one paragraph of OLD against one of NEW,
and whole paragraphs inserted, deleted or moved.

A paragraph is cut into tokens (words, spaces, punctuation, and tabs, breaks and pictures
as single tokens), each remembering the run it came from, so that unchanged words keep
NEW's formatting and deleted words keep OLD's.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Callable, Iterator

from lxml import etree

from .tracked import NSMAP, R, w

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# A word, with what joins it to the next without a space: a symbol ("E/CN.16/2025/3"), a date
# set with non-breaking spaces ("7–11 April 2025"), a number ("1,250") or a compound
# ("twenty-eighth") is one token, so that it is changed as a whole, never letter by letter.
TOKEN = re.compile(r"\w+(?:[\u00a0\u2011./,:–-]\w+)*|\s+|[^\w\s]")
TEXT_ITEMS = ("t", "delText")
MARK_KINDS = ("ins", "del", "moveFrom", "moveTo")
LINK_SOURCE = "{urn:wsis-report:redline}link"


@dataclass
class Revisions:
    """Numbers every tracked change and stamps it with the author and the date."""

    author: str
    date: str  # W3CDTF, e.g. 2025-05-14T00:00:00Z
    next_id: int = 1
    counts: dict[str, int] = field(default_factory=lambda: {"inserted words": 0,
                                                            "deleted words": 0,
                                                            "moved paragraphs": 0})

    def element(self, kind: str, **extra: str) -> etree._Element:
        el = etree.Element(w(kind), nsmap=NSMAP)
        el.set(w("id"), str(self.next_id))
        self.next_id += 1
        for key, value in extra.items():
            el.set(w(key), value)
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        return el


@dataclass
class Side:
    """One of the two documents: how its pictures read, and how its elements enter the
    redline (OLD's pictures need their images carried over under new ids)."""

    images: dict[str, str]
    adopt: Callable[[etree._Element], etree._Element | None] = lambda el: el
    notes: dict[tuple[str, str], str] = field(default_factory=dict)  # reference -> text


@dataclass
class Token:
    key: str
    run: etree._Element  # the run it came from (for its rPr)
    item: etree._Element | None  # a tab, break or picture; None for text
    text: str = ""
    link: etree._Element | None = None  # the hyperlink the run is in, if any
    mark: str = ""  # a note's own mark ("**"), written after its reference (``item``)


def runs(parent: etree._Element) -> Iterator[etree._Element]:
    """The paragraph's runs in order, also those inside hyperlinks, fields and the like
    (but not the paragraphs of a text box inside a picture)."""
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag == "r":
            yield child
        elif tag not in ("pPr", "p"):
            yield from runs(child)


def tokens(p: etree._Element, side: Side) -> list[Token]:
    found = []
    for run in runs(p):
        link = run.getparent() if run.getparent().tag == w("hyperlink") else None
        marked = None  # a note's reference whose own mark follows it in the run
        for item in run:
            tag = etree.QName(item).localname if isinstance(item.tag, str) else ""
            if tag in ("rPr", ""):
                continue
            if tag in TEXT_ITEMS and marked is not None:
                # the mark is the reference's, inserted or deleted with it: a "*" left
                # behind would be read by LibreOffice as the mark of the note beside it
                marked.mark, marked.key = item.text or "", f"{marked.key} {item.text or ''}"
                marked = None
                continue
            marked = None
            if tag in TEXT_ITEMS:
                found += [Token(m.group(), run, None, m.group(), link)
                          for m in TOKEN.finditer(item.text or "")]
            else:
                found.append(Token(_object_key(item, side), run, item, link=link))
                if tag in ("footnoteReference", "endnoteReference") and \
                        item.get(w("customMarkFollows")) in ("1", "true", "on"):
                    marked = found[-1]
    return found


def _object_key(item: etree._Element, side: Side) -> str:
    """What a non-text item of a run is, so that two compare equal only when they show the
    same: a picture by its image and size, a text box also by its text (Word holds a text
    box twice, in ``mc:AlternateContent``; its first choice is read), a note's reference
    by the note's text."""
    tag = etree.QName(item).localname
    if tag == "AlternateContent":
        choice = next((c for c in item if etree.QName(c).localname == "Choice"), None)
        inner = next((c for c in choice if isinstance(c.tag, str)), None) \
            if choice is not None else None
        return _object_key(inner, side) if inner is not None else "\x00alternate"
    if tag in ("drawing", "pict", "object"):
        ids = [side.images.get(v, v) for el in item.iter() if isinstance(el.tag, str)
               for k, v in el.attrib.items() if k.startswith(f"{{{R}}}")]
        extents = [f"{e.get('cx')}x{e.get('cy')}" for e in item.iter() if isinstance(e.tag, str)
                   and etree.QName(e).localname == "extent"]
        boxed = "".join(t.text or "" for t in item.iter(w("t")))
        return f"\x00picture {' '.join(ids)} {' '.join(extents)} {boxed}"
    if tag in ("footnoteReference", "endnoteReference"):
        return f"\x00{tag} {side.notes.get((tag, item.get(w('id'))), item.get(w('id')))}"
    attrs = " ".join(f"{etree.QName(k).localname}={v}" for k, v in sorted(item.attrib.items()))
    return f"\x00{tag} {attrs} {item.text or ''}"


def text_key(p: etree._Element, side: Side) -> str:
    """What a paragraph says, pictures included: two paragraphs with the same key read
    the same."""
    return "".join(t.key for t in tokens(p, side))


def words(p: etree._Element) -> list[str]:
    return re.findall(r"\w+", "".join(t.text or "" for r in runs(p) for t in r
                                       if isinstance(t.tag, str)
                                       and etree.QName(t).localname in TEXT_ITEMS))


def _run(source: etree._Element, content: list[Token], deleted: bool,
         adopt: Callable[[etree._Element], etree._Element | None]) -> etree._Element:
    """One run with ``source``'s formatting holding ``content``."""
    run = etree.Element(w("r"), nsmap=NSMAP)
    rpr = source.find(w("rPr"))
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    text = ""
    for token in content + [None]:  # type: ignore[list-item]
        if token is not None and token.item is None:
            text += token.text
            continue
        if text:
            t = etree.SubElement(run, w("delText" if deleted else "t"))
            t.text = text
            t.set(XML_SPACE, "preserve")
            text = ""
        item = adopt(copy.deepcopy(token.item)) if token is not None else None
        if item is not None:
            if deleted and item.tag == w("instrText"):
                item.tag = w("delInstrText")
            run.append(item)
            if token.mark:
                mark = etree.SubElement(run, w("delText" if deleted else "t"))
                mark.text = token.mark
                mark.set(XML_SPACE, "preserve")
    return run


def _emit(target: etree._Element, toks: list[Token], kind: str | None, revs: Revisions,
          adopt: Callable[[etree._Element], etree._Element | None]) -> None:
    """Appends ``toks`` to ``target`` as runs (one per run they came from), inside one
    ``w:ins``/``w:del`` when ``kind`` is given, and inside their hyperlink, if any."""
    if kind is not None:
        counted = "inserted words" if kind == "ins" else "deleted words"
        revs.counts[counted] += sum(1 for t in toks if t.item is None and re.match(r"\w", t.key))
    start = 0
    for end in range(1, len(toks) + 1):
        if end < len(toks) and toks[end].link is toks[start].link:
            continue
        link, parent = toks[start].link, target
        if link is not None:  # the same hyperlink as just before goes on; another begins
            last = target[-1] if len(target) else None
            if last is not None and last.get(LINK_SOURCE) == str(id(link)):
                parent = last
            else:
                parent = etree.SubElement(target, w("hyperlink"), attrib=dict(link.attrib))
                adopt(parent)
                parent.set(LINK_SOURCE, str(id(link)))  # removed once the paragraph is made
        holder = parent if kind is None else etree.SubElement(parent, w(kind))
        if kind is not None:
            holder.attrib.update(revs.element(kind).attrib)
        group: list[Token] = []
        for token in toks[start:end] + [None]:  # type: ignore[operator]
            if token is not None and (not group or group[-1].run is token.run):
                group.append(token)
                continue
            if group:
                holder.append(_run(group[0].run, group, kind == "del", adopt))
            group = [token] if token is not None else []
        start = end


def diff_paragraph(old: etree._Element, new: etree._Element, revs: Revisions, old_side: Side,
                   new_side: Side) -> etree._Element:
    """NEW's paragraph with OLD's words that are gone deleted and its new words inserted,
    and OLD's style recorded where NEW's differs (its mark is placed by blocks.py)."""
    a, b = tokens(old, old_side), tokens(new, new_side)
    out = etree.Element(w("p"), nsmap=NSMAP, attrib=dict(new.attrib))
    ppr = new.find(w("pPr"))
    if ppr is not None:
        out.append(copy.deepcopy(ppr))
    for op, i1, i2, j1, j2 in _readable(a, b):
        if op == "equal":
            _emit(out, b[j1:j2], None, revs, new_side.adopt)
            continue
        steps = [("del", a[i1:i2], old_side.adopt), ("ins", b[j1:j2], new_side.adopt)]
        if any(t.mark for t in a[i1:i2]):
            # a note with a mark of its own ("*") replaced: the new one first, for
            # LibreOffice 7.4, which rejecting the other order joins the paragraph to the next
            steps.reverse()
        for kind, toks, adopt in steps:
            if toks:
                _emit(out, toks, kind, revs, adopt)
    for link in out.iter(w("hyperlink")):
        link.attrib.pop(LINK_SOURCE, None)
    etree.cleanup_namespaces(out)
    _keep_bookmarks(out, new)
    _style_change(out, old, revs)
    return out


def _keep_bookmarks(out: etree._Element, new: etree._Element) -> None:
    """NEW's bookmarks (targets of cross-references) survive in a changed paragraph:
    their starts at its beginning, their ends at its end."""
    starts = [copy.deepcopy(b) for b in new.iter(w("bookmarkStart"))]
    ends = [copy.deepcopy(b) for b in new.iter(w("bookmarkEnd"))]
    ppr = out.find(w("pPr"))
    at = 1 if ppr is not None else 0
    for i, start in enumerate(starts):
        out.insert(at + i, start)
    out.extend(ends)


def _readable(a: list[Token], b: list[Token]) -> list[tuple[str, int, int, int, int]]:
    """The word diff's steps, with the spaces and punctuation left equal between two
    changes folded into them: "Advance unedited version" reads as one deletion beside one
    insertion, not as words interleaved around the spaces they share."""
    matcher = SequenceMatcher(None, [t.key for t in a], [t.key for t in b], autojunk=False)
    steps: list[list] = []
    codes = matcher.get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(codes):
        between = 0 < n < len(codes) - 1
        if op == "equal" and between and not any(re.match(r"\w", t.key) for t in b[j1:j2]):
            op = "replace"
        if op != "equal" and steps and steps[-1][0] != "equal":
            steps[-1][2], steps[-1][4] = i2, j2  # one change with the one before
        else:
            steps.append([op, i1, i2, j1, j2])
    return [tuple(step) for step in steps]  # type: ignore[misc]


def _style_change(out: etree._Element, old: etree._Element, revs: Revisions) -> None:
    """Records OLD's paragraph style and numbering when NEW's differ, so that rejecting
    the changes restores them."""
    def layout(p: etree._Element) -> etree._Element:
        ppr = copy.deepcopy(p.find(w("pPr")))
        if ppr is None:
            return etree.Element(w("pPr"), nsmap=NSMAP)
        for child in ppr.findall("*"):
            if etree.QName(child).localname in ("rPr", "sectPr", "pPrChange"):
                ppr.remove(child)
        return ppr

    before, after = layout(old), layout(out)
    if etree.tostring(before, method="c14n", exclusive=True) == \
            etree.tostring(after, method="c14n", exclusive=True):
        return
    ppr = out.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"), nsmap=NSMAP)
        out.insert(0, ppr)
    change = revs.element("pPrChange")
    change.append(before)
    ppr.append(change)


def set_mark(p: etree._Element, kind: str, revs: Revisions, **extra: str) -> None:
    """Tracks the paragraph mark as ``kind`` (ins, del, moveFrom, moveTo)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"), nsmap=NSMAP)
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"), nsmap=NSMAP)
        later = [c for c in ppr if etree.QName(c).localname in ("sectPr", "pPrChange")]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    for old_mark in [c for c in rpr if etree.QName(c).localname in MARK_KINDS]:
        rpr.remove(old_mark)
    rpr.insert(0, revs.element(kind, **extra))


def clear_mark(p: etree._Element) -> None:
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    for mark in [c for c in rpr if etree.QName(c).localname in MARK_KINDS] if rpr is not None else []:
        rpr.remove(mark)


def whole_paragraph(p: etree._Element, kind: str, revs: Revisions, side: Side,
                    mark: bool = True, move: str | None = None) -> etree._Element:
    """A copy of ``p`` with all its runs tracked as ``kind`` (ins or del), or as moved
    away from (``del``) or to (``ins``) here when ``move`` names the move."""
    out = copy.deepcopy(p)
    wrapper = {"ins": "moveTo", "del": "moveFrom"}[kind] if move else kind
    found = list(runs(out))
    counted = "inserted words" if kind == "ins" else "deleted words"
    if not move:
        revs.counts[counted] += len(words(out))
    for run in found:
        if kind == "del":
            for item in run.iter(w("t"), w("instrText")):
                item.tag = w("delText" if item.tag == w("t") else "delInstrText")
        holder = revs.element(wrapper)
        run.addprevious(holder)
        holder.append(run)
    side.adopt(out)  # OLD's pictures point at images carried over under new ids
    if move:
        start = revs.element(f"{wrapper}RangeStart", name=move)
        end = etree.Element(w(f"{wrapper}RangeEnd"), nsmap=NSMAP)
        end.set(w("id"), start.get(w("id")))
        ppr = out.find(w("pPr"))
        (ppr.addnext if ppr is not None else lambda e: out.insert(0, e))(start)
        out.append(end)
    if mark:
        set_mark(out, wrapper, revs)
    return out
