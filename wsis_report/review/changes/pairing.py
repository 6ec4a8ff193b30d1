"""Which record of the older snapshot is which of the newer, for records whose sheet gives
them no ID: key messages, findings, recommendations and timetable rows, whose keys are
only their place (group and number, position). A message moved to another number is the
same message; a message removed and another added in its place are not.

1. The same text is the same record, wherever it now stands (among equal texts, the one at
   the same place first, then in order).
2. The rest are paired by their words: the similarity of two texts is the share of words
   they have in common (twice the words of both, over the words of each: Dice's
   coefficient on their sets of lower-case words, the redline's measure for paragraphs). Two
   texts under ``SIMILAR`` are never a pair; above it, the pairing with the highest total
   similarity is chosen over all of them at once (an assignment problem), not greedily,
   so one text's near neighbour cannot take another's own edit. At equal similarity, the
   pair at the same place, then in the same group, wins.

The assignment is solved by SciPy's ``linear_sum_assignment`` only where it is needed: on
each group of texts that could pair with more than one other. SciPy is imported then and
not before (its import costs about 0.3 s; most comparisons pair everything in step 1).
"""

from __future__ import annotations

import re
from typing import Any, Callable

# The share of words two texts must have in common to be one record edited: above the
# redline's 0.5 (diffing two paragraphs word by word is harmless; calling two messages one
# is not). A word replaced in a message of twelve leaves 0.92; a sentence rewritten, ~0.5.
SIMILAR = 0.6
SMALL = 40_000  # up to this many pairs, similarities are counted in Python; above, SciPy's
                # sparse matrices count them (the same numbers)
_WORDS = re.compile(r"\w+")

Record = dict[str, Any]


def text_of(record: Record) -> str:
    return record["values"].get("text", "") or ""


def pair(old: list[Record], new: list[Record], text: Callable[[Record], str] = text_of
         ) -> tuple[list[tuple[Record, Record]], list[Record], list[Record]]:
    """(pairs, removed, added): every record of ``old`` and ``new`` in exactly one."""
    pairs, old, new = _same_text(old, new, text)
    if old and new:
        found = _by_words(old, new, text)
        pairs += found
        paired_old, paired_new = {id(a) for a, _ in found}, {id(b) for _, b in found}
        old = [r for r in old if id(r) not in paired_old]
        new = [r for r in new if id(r) not in paired_new]
    return pairs, old, new


def _same_text(old: list[Record], new: list[Record], text: Callable[[Record], str]):
    waiting: dict[str, list[Record]] = {}
    for r in new:
        waiting.setdefault(text(r), []).append(r)
    pairs, left = [], []
    for a in old:
        candidates = waiting.get(text(a))
        if not candidates:
            left.append(a)
            continue
        b = next((b for b in candidates if b["key"] == a["key"]), candidates[0])
        candidates.remove(b)
        pairs.append((a, b))
    taken = {id(b) for _, b in pairs}
    return pairs, left, [r for r in new if id(r) not in taken]


def words(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text.lower()))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    total = len(a) + len(b)
    return 2 * len(a & b) / total if total else 1.0


def similar_pairs(old: list[frozenset[str]], new: list[frozenset[str]]
                  ) -> dict[tuple[int, int], float]:
    """(i, j) -> similarity, for every pair of ``SIMILAR`` or more."""
    if len(old) * len(new) <= SMALL:
        found = {}
        for i, a in enumerate(old):
            for j, b in enumerate(new):
                score = similarity(a, b)
                if score >= SIMILAR:
                    found[i, j] = score
        return found
    return _similar_pairs_sparse(old, new)


def _similar_pairs_sparse(old: list[frozenset[str]], new: list[frozenset[str]]
                          ) -> dict[tuple[int, int], float]:
    import numpy as np
    from scipy.sparse import csr_matrix

    vocabulary: dict[str, int] = {}

    def matrix(sets: list[frozenset[str]]):
        rows, cols = [], []
        for i, s in enumerate(sets):
            for w in sorted(s):
                rows.append(i)
                cols.append(vocabulary.setdefault(w, len(vocabulary)))
        return rows, cols

    shapes = [matrix(old), matrix(new)]
    x, y = (csr_matrix((np.ones(len(r), dtype=np.int32), (r, c)),
                       shape=(len(s), len(vocabulary)))
            for (r, c), s in zip(shapes, (old, new)))
    common = (x @ y.T).tocoo()
    sizes_a = np.array([len(s) for s in old])[common.row]
    sizes_b = np.array([len(s) for s in new])[common.col]
    scores = 2 * common.data / np.maximum(sizes_a + sizes_b, 1)
    keep = scores >= SIMILAR
    found = {(int(i), int(j)): float(2 * n / (len(old[i]) + len(new[j])))
             for i, j, n in zip(common.row[keep], common.col[keep], common.data[keep])}
    # two empty texts share no word but are alike
    found.update({(i, j): 1.0 for i, a in enumerate(old) if not a
                  for j, b in enumerate(new) if not b})
    return found


def _by_words(old: list[Record], new: list[Record], text: Callable[[Record], str]
              ) -> list[tuple[Record, Record]]:
    scores = similar_pairs([words(text(r)) for r in old], [words(text(r)) for r in new])
    out = []
    for olds, news in _groups(scores):
        if len(olds) == 1 and len(news) == 1:
            out.append((old[olds[0]], new[news[0]]))
            continue
        out += [(old[i], new[j]) for i, j in _assign(olds, news, scores, old, new)]
    order = {id(r): n for n, r in enumerate(old)}
    return sorted(out, key=lambda p: order[id(p[0])])


def _groups(scores: dict[tuple[int, int], float]) -> list[tuple[list[int], list[int]]]:
    """The texts that could pair, in groups that could pair only among themselves."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for i, j in scores:
        parent[root(("old", i))] = root(("new", j))
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for side, n in sorted(parent):
        olds, news = groups.setdefault(root((side, n)), ([], []))
        (news if side == "new" else olds).append(n)
    return [g for g in groups.values() if g[0] and g[1]]


def _assign(olds: list[int], news: list[int], scores: dict[tuple[int, int], float],
            old: list[Record], new: list[Record]) -> list[tuple[int, int]]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    weight = np.zeros((len(olds), len(news)))
    for a, i in enumerate(olds):
        for b, j in enumerate(news):
            score = scores.get((i, j))
            if score is not None:  # at equal similarity: the same place, then group
                weight[a, b] = score + 1e-7 * (old[i]["key"] == new[j]["key"]) \
                    + 1e-8 * (_group(old[i]) == _group(new[j]))
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(olds[a], news[b]) for a, b in zip(rows, cols) if (olds[a], news[b]) in scores]


def _group(record: Record) -> str:
    return record["key"].rsplit(":", 1)[0]
