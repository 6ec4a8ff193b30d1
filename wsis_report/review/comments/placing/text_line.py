"""A Word document's text as it stood before the reviewer's tracked edits, on one line,
with where its blocks, hidden ranges, comments and tracked changes lie on it.

A copy that lost its map (a Google Docs export, a copy-paste into a new file) is led back
to the build it came from by its text (``align.py``). What the reviewer started from is
the build's text: so tracked deletions are read (the words were there) and tracked
insertions take no room (they are placed where they were typed). Each paragraph begins
with a line break; a part (the body, a header, a note) follows the one before it.
The build is read the same way, so offsets on both lines mean the same thing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from lxml import etree

from ....documents.ranges import RANGE_PREFIX
from ...snapshot.numbering import W
from ..copies.story import MC

_w = "{%s}" % W
_T, _DEL_T, _R, _P, _RPR = (f"{_w}{n}" for n in ("t", "delText", "r", "p", "rPr"))
_CHARS = {f"{_w}tab": " ", f"{_w}br": " ", f"{_w}noBreakHyphen": "-"}
_INSERTED = (f"{_w}ins", f"{_w}moveTo")
_DELETED = (f"{_w}del", f"{_w}moveFrom")
_BOOKMARKS = (f"{_w}bookmarkStart", f"{_w}bookmarkEnd")
_COMMENTS = (f"{_w}commentRangeStart", f"{_w}commentRangeEnd", f"{_w}commentReference")
_FORMATTING = f"{_w}rPrChange"
_ID, _NAME = f"{_w}id", f"{_w}name"
_WALK = (_T, _DEL_T, *_CHARS, _P, *_BOOKMARKS, *_COMMENTS, _FORMATTING, *_INSERTED, *_DELETED,
         f"{MC}Fallback")


@dataclass
class Line:
    """The text, and spans on it: ``blocks`` (block key -> [start, end]), ``ranges``
    ((start, end, name), sorted), ``comments`` (comment id -> [start, end]), ``changes``
    ((part, kind, w:id) -> [start, end], a kind's pieces joined), ``parts`` (name -> start)."""

    text: str = ""
    blocks: dict = field(default_factory=dict)
    ranges: list[tuple[int, int, str]] = field(default_factory=list)
    comments: dict[str, list[int]] = field(default_factory=dict)
    changes: dict[tuple[str, str, str], list[int]] = field(default_factory=dict)
    parts: dict[str, int] = field(default_factory=dict)

    def finish(self) -> "Line":
        self.ranges.sort()
        self._starts = [s for s, _, _ in self.ranges]
        self._longest = max((e - s for s, e, _ in self.ranges), default=0)
        self._order = sorted((span[0], span[1], key) for key, span in self.blocks.items())
        self._block_starts = [s for s, _, _ in self._order]
        return self

    def touching(self, a: int, b: int, strict: bool) -> list[str]:
        """Ranges that share text with [a, b] (``strict``), or touch it."""
        found = []
        for i in range(bisect_right(self._starts, b) - 1, -1, -1):
            s, e, name = self.ranges[i]
            if s < a - self._longest:
                break
            if (s < b and a < e) if strict else (s <= b and a <= e):
                found.append((s, name))
        return [name for _, name in sorted(found)]

    def outside(self, a: int, b: int) -> list[str]:
        """The text of [a, b] outside every range, in pieces cut at ranges and paragraphs."""
        cuts = {a, b}
        for s, e, _ in self.ranges[max(0, bisect_left(self._starts, a - self._longest)):
                                   bisect_right(self._starts, b)]:
            cuts.update(x for x in (s, e) if a < x < b)
        pieces, marks = [], sorted(cuts)
        for s, e in zip(marks, marks[1:]):
            mid = (s + e) / 2
            if any(rs <= s and e <= re_ for rs, re_, _ in self.ranges
                   if rs <= mid <= re_):
                continue
            pieces += self.text[s:e].split("\n")
        return [p for p in pieces if p.strip()]

    def block_at(self, at: int):
        """The key of the block whose span holds ``at`` (the last such), or None."""
        i = bisect_right(self._block_starts, at) - 1
        while i >= 0:
            s, e, key = self._order[i]
            if s <= at <= e:
                return key
            if e < at:
                return None
            i -= 1
        return None


def read_line(parts: list[tuple[str, etree._Element]], blocks: dict | None = None) -> Line:
    """The line of ``parts`` ((name, root) in reading order); ``blocks`` maps the elements
    of the body's blocks (paragraphs, table rows) to their keys."""
    line = Line()
    out: list[str] = []
    state = {"at": 0}

    def add(text: str) -> None:
        out.append(text)
        state["at"] += len(text)

    blocks = blocks or {}
    for name, root in parts:
        if out:
            add("\n")
        line.parts[name] = state["at"]
        _walk(name, root, blocks, line, add, state)
    line.text = "".join(out)
    return line.finish()


def _walk(part: str, root: etree._Element, blocks: dict, line: Line, add, state) -> None:
    opened: dict[str, tuple[str, int]] = {}
    skip: set = set()
    current = None
    for node in root.iter(*_WALK):
        if skip and node in skip:
            continue
        tag, at = node.tag, state["at"]
        if tag == f"{MC}Fallback":  # a text box's second copy: read once, in mc:Choice
            skip.update(node.iter())
        elif tag in (_T, _DEL_T) or (tag in _CHARS and node.getparent().tag == _R):
            if any(a.tag in _INSERTED for a in _ancestors(node)):
                continue
            add(node.text or "" if tag in (_T, _DEL_T) else _CHARS[tag])
            if current is not None:
                line.blocks[current][1] = state["at"]
        elif tag == _P:
            add("\n")
            key = _block_of(node, blocks)
            if key is not None:
                line.blocks.setdefault(key, [state["at"], state["at"]])
                line.blocks[key][1] = state["at"]
            current = key
        elif tag == f"{_w}bookmarkStart":
            if (node.get(_NAME) or "").startswith(RANGE_PREFIX):
                opened[node.get(_ID)] = (node.get(_NAME), at)
        elif tag == f"{_w}bookmarkEnd":
            if node.get(_ID) in opened:
                name, start = opened.pop(node.get(_ID))
                line.ranges.append((start, at, name))
        elif tag == f"{_w}commentRangeStart":
            line.comments.setdefault(node.get(_ID, ""), [at, at])
        elif tag == f"{_w}commentRangeEnd":
            if node.get(_ID, "") in line.comments:
                line.comments[node.get(_ID, "")][1] = at
        elif tag == f"{_w}commentReference":
            line.comments.setdefault(node.get(_ID, ""), [at, at])
        else:
            _change(part, node, line, at)


def _change(part: str, node: etree._Element, line: Line, at: int) -> None:
    """Where a tracked change lies: deleted text where it stood, inserted text at the
    point it was typed, a paragraph mark at its paragraph's end, a formatting change over
    its run."""
    local = node.tag.rsplit("}", 1)[-1]
    key = (part, local, node.get(_ID, ""))
    if node.tag == _FORMATTING:
        run = node.getparent().getparent()
        length = sum(len(t.text or "") for t in run.iter(_T)) if run is not None else 0
        span = [at, at + length]
    elif node.getparent().tag == _RPR:  # a paragraph mark: placed at the paragraph's end
        p = next((a for a in node.iterancestors(_P)), None)
        length = sum(len(t.text or "") for t in p.iter(_T, _DEL_T)) if p is not None else 0
        span = [at + length, at + length]
    elif node.tag in _DELETED:
        span = [at, at + sum(len(t.text or "") for t in node.iter(_DEL_T, _T))]
    else:
        span = [at, at]
    known = line.changes.get(key)
    line.changes[key] = [min(known[0], span[0]), max(known[1], span[1])] if known else span


def _ancestors(node: etree._Element):
    parent = node.getparent()
    while parent is not None and parent.tag != _P:
        yield parent
        parent = parent.getparent()


def _block_of(p: etree._Element, blocks: dict):
    if not blocks:
        return None
    for element in (p, *p.iterancestors()):
        if element in blocks:
            return blocks[element]
    return None
