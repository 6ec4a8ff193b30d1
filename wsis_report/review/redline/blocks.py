"""Paragraphs and tables of OLD against those of NEW: which stayed, which changed (and are
diffed word by word), which were deleted, inserted or moved; table rows likewise.

List labels typed before a paragraph's text ("(a)", "3." or "III." and a tab) are its
numbering, not its words: paragraphs are aligned and moves found by their text without
them, so a key message moved to the top of its list is marked as moved, and the letters
that change are tracked where they stand (and listed by ``numbers.py``).

Paragraph marks follow Word's model: a paragraph inserted between two others has its
mark inserted, so that rejecting it leaves no empty paragraph. The last paragraph of a
body or a cell has a mark that cannot be tracked, so the last paragraphs of OLD and NEW
are always diffed against each other, whatever they say.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from lxml import etree

from .tracked import NSMAP, w
from .wordiff import (MARK_KINDS, Revisions, Side, clear_mark, diff_paragraph, set_mark,
                      text_key, whole_paragraph, words)

PAIR_AT = 0.5  # share of words two paragraphs must have in common to be diffed together
MOVE_WORDS = 3  # a moved paragraph says at least this many words (not a bare heading)
MAX_PAIRING = 250_000  # beyond this many comparisons, changed stretches are not paired
# A list label at the start of a paragraph's text key: "(c)", "12.", "B." or "III." and a tab
# (a w:tab element, whose key wordiff.py writes "\x00tab  ", or a tab character).
_LABEL = re.compile(r"^(?:\((?:[a-z]{1,3}|([a-z])\1+)\)|\d{1,3}\.|[A-Z]\.|[IVXLC]+\.)(?:\t|\x00tab  )")


@dataclass
class Context:
    revs: Revisions
    old: Side
    new: Side
    pairs: list[tuple[etree._Element, etree._Element]] = field(default_factory=list)
    moves: dict[int, str] = field(default_factory=dict)  # id(element) -> move name


def kind(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def unlabelled(key: str) -> str:
    """A paragraph's text key without its list label."""
    return _LABEL.sub("", key, count=1)


def block_key(el: etree._Element, side: Side, labels: bool = False) -> str:
    """What a block says; a paragraph without its list label unless ``labels``."""
    if kind(el) == "p":
        key = text_key(el, side)
        return "p:" + (key if labels else unlabelled(key))
    if kind(el) == "tbl":
        return "t:" + "\u241e".join(text_key(p, side) for p in el.iter(w("p")))
    return "x:" + etree.tostring(el, method="c14n").decode("utf-8")


def similarity(a: etree._Element, b: etree._Element, wa: Counter, wb: Counter) -> float:
    """Share of words in common (``wa``, ``wb``: the words of ``a`` and ``b``)."""
    if kind(a) != kind(b) or kind(a) not in ("p", "tbl", "tr"):
        return 0.0
    total = sum(wa.values()) + sum(wb.values())
    score = 2 * sum((wa & wb).values()) / total if total else 1.0
    return max(score, PAIR_AT) if kind(a) == "tbl" else score


def align(old: list[etree._Element], new: list[etree._Element], ctx: Context,
          threshold: float = PAIR_AT) -> list[tuple[str, etree._Element | None,
                                                    etree._Element | None]]:
    """Steps turning ``old`` into ``new``: equal, pair (diff within), del, ins."""
    tail = []
    if old and new and kind(old[-1]) == kind(new[-1]) == "p":
        tail = [("pair", old[-1], new[-1])]
        old, new = old[:-1], new[:-1]
    keys_a = [block_key(e, ctx.old) for e in old]
    keys_b = [block_key(e, ctx.new) for e in new]
    steps = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "equal":  # the same words: the same paragraph, its label changed or not
            steps += [("equal" if block_key(old[i], ctx.old, True) ==
                       block_key(new[j], ctx.new, True) else "pair", old[i], new[j])
                      for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            steps += _pair(old[i1:i2], new[j1:j2], threshold)
    if tail and block_key(tail[0][1], ctx.old, True) == block_key(tail[0][2], ctx.new, True):
        tail = [("equal", tail[0][1], tail[0][2])]
    return steps + tail


def _pair(old: list, new: list, threshold: float) -> list:
    """Pairs similar blocks of a changed stretch, in order, most similar overall."""
    n, m = len(old), len(new)
    if not n or not m or n * m > MAX_PAIRING:
        return [("del", o, None) for o in old] + [("ins", None, e) for e in new]
    counted_old, counted_new = [Counter(words(o)) for o in old], [Counter(words(e)) for e in new]
    score = [[similarity(o, e, wa, wb) for e, wb in zip(new, counted_new)]
             for o, wa in zip(old, counted_old)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = score[i][j] + best[i + 1][j + 1] if score[i][j] >= threshold else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    steps, i, j = [], 0, 0
    while i < n or j < m:
        if i < n and j < m and score[i][j] >= threshold and \
                best[i][j] == score[i][j] + best[i + 1][j + 1]:
            steps.append(("pair", old[i], new[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            steps.append(("del", old[i], None))
            i += 1
        else:
            steps.append(("ins", None, new[j]))
            j += 1
    return steps


def find_moves(steps: list, ctx: Context) -> None:
    """A paragraph deleted in one place and inserted, word for word, in another moved (its
    list label may differ: "(c)" moved to the top is "(a)")."""
    gone = defaultdict(list)
    for op, o, _ in steps:
        if op == "del" and kind(o) == "p" and len(words(o)) >= MOVE_WORDS:
            gone[unlabelled(text_key(o, ctx.old))].append(o)
    for op, _, e in steps:
        key = unlabelled(text_key(e, ctx.new)) if op == "ins" and kind(e) == "p" else None
        if key is not None and gone.get(key):
            o = gone[key].pop(0)
            name = f"move{len(ctx.moves) // 2 + 1}"
            ctx.moves[id(o)] = ctx.moves[id(e)] = name
            ctx.pairs.append((o, e))
            ctx.revs.counts["moved paragraphs"] += 1


def diff_blocks(old: list[etree._Element], new: list[etree._Element], ctx: Context,
                moves: bool = False) -> list[etree._Element]:
    """The redline's blocks for a body or a cell."""
    steps = _replace_before_tables(align(old, new, ctx))
    if moves:
        find_moves(steps, ctx)
    out = []
    for op, o, e in steps:
        if op == "equal":
            out.append(copy.deepcopy(e))
            ctx.pairs.append((o, e))
        elif op == "pair" and kind(e) == "p":
            counted = dict(ctx.revs.counts)
            out.append(diff_paragraph(o, e, ctx.revs, ctx.old, ctx.new))
            if block_key(o, ctx.old) == block_key(e, ctx.new):
                ctx.revs.counts.update(counted)  # only its label changed: no word did
            ctx.pairs.append((o, e))
        elif op == "pair":
            out.append(diff_table(o, e, ctx) if kind(e) == "tbl" else copy.deepcopy(e))
        elif op == "del":
            out.append(gone_block(o, "del", ctx, move=ctx.moves.get(id(o))))
        elif op == "ins":
            out.append(gone_block(e, "ins", ctx, move=ctx.moves.get(id(e))))
    return settle_marks([b for b in out if b is not None], ctx.revs)


def _replace_before_tables(steps: list) -> list:
    """A paragraph deleted and one inserted side by side, just before a table, are diffed
    as one: a paragraph's mark cannot run on into a table, so neither could be tracked."""
    merged: list = []
    for step in steps:
        if merged and {merged[-1][0], step[0]} == {"del", "ins"}:
            previous = merged[-1]
            o = previous[1] if previous[1] is not None else step[1]
            e = previous[2] if previous[2] is not None else step[2]
            if kind(o) == kind(e) == "p":
                merged[-1] = ("pair?", o, e)
                continue
        merged.append(step)
    out = []
    for i, (op, o, e) in enumerate(merged):
        if op == "pair?":
            after = merged[i + 1] if i + 1 < len(merged) else None
            if after is not None and "tbl" in (kind(after[1]) if after[1] is not None else "",
                                               kind(after[2]) if after[2] is not None else ""):
                out.append(("pair", o, e))
            else:
                out += [("del", o, None), ("ins", None, e)]
        else:
            out.append((op, o, e))
    return out


def _mark(el: etree._Element) -> str | None:
    marks = el.find(f"{w('pPr')}/{w('rPr')}") if kind(el) == "p" else None
    found = [kind(m) for m in marks if kind(m) in MARK_KINDS] if marks is not None else []
    return found[0] if found else None


def _edge(p: etree._Element, last: bool) -> str | None:
    """The kind of change (ins, del) a paragraph's text ends (or begins) with, if any."""
    content = [c for c in p if kind(c) in ("r", "ins", "del", "moveFrom", "moveTo", "hyperlink")]
    if not content:
        return None
    edge = kind(content[-1] if last else content[0])
    return edge if edge in ("ins", "del") else None


def settle_marks(out: list[etree._Element], revs: Revisions) -> list[etree._Element]:
    """Places tracked paragraph marks where both Word and LibreOffice read them right.

    A paragraph whose text ends with an insertion, followed by inserted paragraphs, has
    its own mark tracked rather than the last inserted one's: LibreOffice joins the two
    insertions across the untracked mark between them into one, and rejecting it would
    remove that mark too (deletions likewise). A tracked mark just before a table, or at
    the end of a body or cell, has nothing to run on into: it is tracked on the last
    untracked paragraph before the tracked ones instead. Either way the text is the same."""
    for i, el in enumerate(out[:-1]):
        edge = _edge(el, last=True) if kind(el) == "p" and _mark(el) is None else None
        if edge is None or _mark(out[i + 1]) != edge or _edge(out[i + 1], last=False) != edge:
            continue
        j = i + 1
        while j + 1 < len(out) and _mark(out[j + 1]) == edge:
            j += 1
        set_mark(el, edge, revs)
        clear_mark(out[j])
    for i, el in enumerate(out):
        mark = _mark(el)
        if mark is None or (i + 1 < len(out) and kind(out[i + 1]) != "tbl"):
            continue
        # a moved paragraph's mark, tracked elsewhere, is a plain insertion or deletion
        plain = {"moveTo": "ins", "moveFrom": "del"}.get(mark, mark)
        j = i - 1
        while j >= 0 and _mark(out[j]) in (mark, plain):
            j -= 1
        if j >= 0 and kind(out[j]) == "p" and _mark(out[j]) is None:
            set_mark(out[j], plain, revs)
            clear_mark(el)
    return out


def gone_block(el: etree._Element, how: str, ctx: Context, move: str | None = None,
               last: bool = False) -> etree._Element | None:
    """A whole paragraph or table deleted (from OLD) or inserted (from NEW)."""
    side = ctx.old if how == "del" else ctx.new
    if kind(el) == "p":
        return whole_paragraph(el, how, ctx.revs, side, mark=not last, move=move)
    if kind(el) == "tbl":
        out = copy.deepcopy(el)
        for tr in [c for c in out if kind(c) == "tr"]:
            tr.getparent().replace(tr, whole_row(tr, how, ctx))
        return out
    return None if how == "del" else copy.deepcopy(el)  # bookmarks and the like: NEW's


def whole_row(tr: etree._Element, how: str, ctx: Context) -> etree._Element:
    out = etree.Element(w("tr"), nsmap=NSMAP, attrib=dict(tr.attrib))
    for child in tr:
        if kind(child) != "tc":
            out.append(copy.deepcopy(child))
            continue
        cell = etree.SubElement(out, w("tc"), attrib=dict(child.attrib))
        content = list(child)
        for i, block in enumerate(content):
            if kind(block) == "tcPr":
                cell.append(copy.deepcopy(block))
                continue
            made = gone_block(block, how, ctx, last=(i == len(content) - 1))
            if made is not None:
                cell.append(made)
    _track_row(out, how, ctx.revs)
    return out


def _track_row(tr: etree._Element, how: str, revs: Revisions) -> None:
    trpr = tr.find(w("trPr"))
    if trpr is None:
        trpr = etree.Element(w("trPr"), nsmap=NSMAP)
        before = tr.find(w("tblPrEx"))
        (before.addnext if before is not None else lambda e: tr.insert(0, e))(trpr)
    change = trpr.find(w("trPrChange"))
    mark = revs.element(how)
    (change.addprevious if change is not None else trpr.append)(mark)


def diff_table(old: etree._Element, new: etree._Element, ctx: Context) -> etree._Element:
    """NEW's table, rows aligned with OLD's: equal rows kept, similar rows diffed cell by
    cell, others deleted or inserted whole."""
    out = etree.Element(w("tbl"), nsmap=NSMAP, attrib=dict(new.attrib))
    for child in new:
        if kind(child) != "tr":
            out.append(copy.deepcopy(child))
    old_rows = [r for r in old if kind(r) == "tr"]
    new_rows = [r for r in new if kind(r) == "tr"]
    keys_a = [block_key(r, ctx.old) for r in old_rows]
    keys_b = [block_key(r, ctx.new) for r in new_rows]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(copy.deepcopy(r) for r in new_rows[j1:j2])
            continue
        for step, o, e in _pair(old_rows[i1:i2], new_rows[j1:j2], 0.3):
            if step == "pair" and len(o.findall(w("tc"))) == len(e.findall(w("tc"))):
                out.append(_diff_row(o, e, ctx))
                continue
            if o is not None:
                out.append(whole_row(o, "del", ctx))
            if e is not None:
                out.append(whole_row(e, "ins", ctx))
    return out


def _diff_row(old: etree._Element, new: etree._Element, ctx: Context) -> etree._Element:
    out = etree.Element(w("tr"), nsmap=NSMAP, attrib=dict(new.attrib))
    for child in new:
        if kind(child) != "tc":
            out.append(copy.deepcopy(child))
    for old_tc, new_tc in zip(old.findall(w("tc")), new.findall(w("tc"))):
        cell = etree.SubElement(out, w("tc"), attrib=dict(new_tc.attrib))
        props = new_tc.find(w("tcPr"))
        if props is not None:
            cell.append(copy.deepcopy(props))
        content = [c for c in old_tc if kind(c) != "tcPr"], [c for c in new_tc if kind(c) != "tcPr"]
        cell.extend(diff_blocks(*content, ctx))
    return out
