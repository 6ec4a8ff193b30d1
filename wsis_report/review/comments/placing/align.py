"""Which words of a copy are which words of the build it came from, by their text.

A reviewer's copy that lost its map still holds the build's words, with the reviewer's
own edits among them. The words are aligned in order: first on runs of three words that
occur once in each text (they cannot be mistaken), then, between two such anchors, by
the longest common runs (``difflib``), each run accepted only when its words occur once
in that stretch of the build. What is not aligned so is not mapped: a remark on it is
"unlocated", never placed on a likely-looking twin.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")
SHINGLE = 3
GAP_LIMIT = 400_000  # words × words of a gap compared exhaustively; beyond, left unmapped


@dataclass
class Words:
    """The words of a text, each with its span on it."""

    words: list[str]
    starts: list[int]
    ends: list[int]


def words_of(text: str) -> Words:
    found = [(unicodedata.normalize("NFKC", m.group()).casefold(), m.start(), m.end())
             for m in _WORD.finditer(text)]
    return Words([w for w, _, _ in found], [s for _, s, _ in found], [e for _, _, e in found])


def shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def overlap(copy: list[str], build_shingles: set) -> float:
    """How much of ``copy`` the build holds: the share of its three-word runs it has."""
    own = shingles(copy)
    return len(own & build_shingles) / len(own) if own else 0.0


def align(build: list[str], copy: list[str]) -> list[int | None]:
    """For each word of ``copy``, the index of the same word in ``build``, or None."""
    mapped: list[int | None] = [None] * len(copy)
    anchors = _anchors(build, copy)
    for i, j in anchors:
        for k in range(SHINGLE):
            mapped[j + k] = i + k
    _extend(build, copy, mapped)
    # the stretches between mapped words, aligned within their bounds
    j = 0
    while j < len(copy):
        if mapped[j] is not None:
            j += 1
            continue
        end = j
        while end < len(copy) and mapped[end] is None:
            end += 1
        lo = mapped[j - 1] + 1 if j > 0 else 0
        hi = mapped[end] if end < len(copy) else len(build)
        if lo < hi:
            _fill(build, copy, mapped, lo, hi, j, end)
        j = end
    return mapped


def _anchors(build: list[str], copy: list[str]) -> list[tuple[int, int]]:
    """Three-word runs found once in each, kept where their order agrees (the longest
    increasing sequence of their places)."""
    def once(words: list[str]) -> dict[tuple, int]:
        seen: dict[tuple, int] = {}
        for i in range(len(words) - SHINGLE + 1):
            key = tuple(words[i:i + SHINGLE])
            seen[key] = -1 if key in seen else i
        return {k: i for k, i in seen.items() if i >= 0}

    in_build, in_copy = once(build), once(copy)
    pairs = sorted((j, in_build[k]) for k, j in in_copy.items() if k in in_build)
    return [(i, j) for j, i in increasing(pairs)]


def increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of ``pairs`` (sorted by their first) whose seconds increase too
    (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for n, (_, i) in enumerate(pairs):
        pos = bisect_left(tails, i)
        if pos == len(tails):
            tails.append(i)
            tail_at.append(n)
        else:
            tails[pos], tail_at[pos] = i, n
        back[n] = tail_at[pos - 1] if pos else -1
    chain, n = [], tail_at[-1] if tail_at else -1
    while n >= 0:
        chain.append(pairs[n])
        n = back[n]
    return chain[::-1]


def _extend(build: list[str], copy: list[str], mapped: list[int | None]) -> None:
    """Runs grown word by word beyond their anchors while the words agree."""
    for j in range(1, len(copy)):  # forwards
        prev = mapped[j - 1]
        if mapped[j] is None and prev is not None and prev + 1 < len(build) and \
                build[prev + 1] == copy[j] and (j + 1 >= len(copy) or mapped[j + 1] is None
                                                or mapped[j + 1] > prev + 1):
            mapped[j] = prev + 1
    for j in range(len(copy) - 2, -1, -1):  # backwards
        nxt = mapped[j + 1]
        if mapped[j] is None and nxt is not None and nxt > 0 and build[nxt - 1] == copy[j] \
                and (j == 0 or mapped[j - 1] is None or mapped[j - 1] < nxt - 1):
            mapped[j] = nxt - 1


def _fill(build, copy, mapped, lo, hi, j, end) -> None:
    a, b = build[lo:hi], copy[j:end]
    if len(a) * len(b) > GAP_LIMIT:
        return
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        if not block.size:
            continue
        run = b[block.b:block.b + block.size]
        if _count(a, run) > 1:  # the same words twice in this stretch: which is unknown
            continue
        for k in range(block.size):
            mapped[j + block.b + k] = lo + block.a + k


def _count(words: list[str], run: list[str]) -> int:
    n, size, first = 0, len(run), run[0]
    for i in range(len(words) - size + 1):
        if words[i] == first and words[i:i + size] == run:
            n += 1
            if n > 1:
                break
    return n


@dataclass
class Mapping:
    """A copy's words aligned to a build's: a span of the copy's line to one of the build's."""

    build: Words
    copy: Words
    to_build: list[int | None]
    build_text: str
    copy_text: str

    def span(self, a: int, b: int) -> tuple[int, int, list[str]] | None:
        """[a, b] of the copy as [A, B] of the build, with the copy's words in it that the
        build does not hold (the reviewer's own); None when it cannot be placed."""
        first = bisect_right(self.copy.ends, a)
        last = bisect_left(self.copy.starts, b) if b > a else first
        inside = range(first, last)
        hits = [(k, self.to_build[k]) for k in inside if self.to_build[k] is not None]
        foreign = [self.copy.words[k] for k in inside if self.to_build[k] is None]
        if inside and hits:
            if any(y <= x for (_, x), (_, y) in zip(hits, hits[1:])):
                return None  # out of order: not one place in the build
            (k0, i0), (k1, i1) = hits[0], hits[-1]
            start = self.build.starts[i0] + max(0, min(a - self.copy.starts[k0],
                                                       self.build.ends[i0] - self.build.starts[i0]))
            end = self.build.ends[i1] - max(0, min(self.copy.ends[k1] - b,
                                                   self.build.ends[i1] - self.build.starts[i1]))
            return start, max(start, end), foreign
        if inside:  # only words the build does not hold
            return None
        return self._point(first, a, foreign)

    def _point(self, k: int, at: int, foreign: list[str]) -> tuple[int, int, list[str]] | None:
        """The point ``at``, before copy word k, in the build: just after the nearest
        mapped word before it (as many characters on as the two texts share there), or,
        when a paragraph of the copy ends between them, just before the nearest mapped
        word after it. Words between that the build does not hold are the reviewer's."""
        left = next((i for i in range(k - 1, -1, -1) if self.to_build[i] is not None), None)
        right = next((i for i in range(k, len(self.to_build)) if self.to_build[i] is not None),
                     None)
        lb = self.to_build[left] if left is not None else None
        rb = self.to_build[right] if right is not None else None
        if lb is not None and rb is not None and rb <= lb:
            return None
        between = self.copy.words[(left + 1 if left is not None else 0):
                                  (right if right is not None else len(self.copy.words))]
        gap = self.build_text[self.build.ends[lb] if lb is not None else 0:
                              self.build.starts[rb] if rb is not None else len(self.build_text)]
        if lb is not None:
            before = self.copy_text[self.copy.ends[left]:at]
            if "\n" not in before or rb is None:
                shared = _shared(before, gap.split("\n", 1)[0])
                point = self.build.ends[lb] + shared
                return point, point, foreign + between
        if rb is not None:
            after = self.copy_text[at:self.copy.starts[right]]
            shared = _shared(after[::-1], gap.rsplit("\n", 1)[-1][::-1])
            point = self.build.starts[rb] - shared
            return point, point, foreign + between
        return None


def _shared(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def mapping(build: Words, copy: Words, build_text: str, copy_text: str) -> Mapping:
    return Mapping(build, copy, align(build.words, copy.words), build_text, copy_text)
