"""Measuring text against a placeholder, and splitting lists across slides.

PowerPoint does not tell a program where its lines break, so the text is measured
the way it will be set: each paragraph wrapped at spaces with the placeholder's
font and size (Pillow's FreeType metrics; the Liberation fonts have the metrics of
Times New Roman, Arial and Courier New), its lines stacked at the line height, its
space before added. A list that does not fit continues on the next slide, split
between items, never inside one; a group heading is never left alone at the foot.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Sequence

SCALE = 8  # fonts are loaded at eight times the size, for sub-point precision
LINE = 1.2  # PowerPoint's single line spacing, as a multiple of the font size
SAFETY = 0.97  # a little room for the differences between renderers
# Metric-compatible faces: the measure of a Microsoft font is the measure of its twin.
TWINS = {"times new roman": "LiberationSerif", "liberation serif": "LiberationSerif",
         "tinos": "LiberationSerif", "arial": "LiberationSans", "liberation sans":
         "LiberationSans", "helvetica": "LiberationSans", "arimo": "LiberationSans",
         "courier new": "LiberationMono", "liberation mono": "LiberationMono",
         "calibri": "Carlito", "cambria": "Caladea"}
# Any other face is measured as Liberation Sans, wider than most text faces: the split
# then errs towards an extra "(continued)" slide, never towards text outside its box.
FALLBACK = "LiberationSans"


@dataclass(frozen=True)
class Frame:
    """The room for text in a placeholder, in points, and how its text is set."""

    width: float  # inside the insets
    height: float
    typeface: str
    size: float
    bold: bool = False
    space_before: float = 0.0
    indent: float = 0.0  # where an item's text starts, right of its bullet or number


@dataclass(frozen=True)
class Item:
    """One paragraph of a list: an item, or the heading of the items that follow."""

    text: str
    heading: bool = False
    number: int | None = None  # "1." before the text
    group: str | None = None  # the heading an item stands under


@dataclass(frozen=True)
class Placed:
    item: Item
    size: float  # the frame's size, or smaller for one over-long item


class TooLong(ValueError):
    """An item that does not fit a whole placeholder even at the floor size."""

    def __init__(self, item: Item, floor: float) -> None:
        super().__init__(f"does not fit one slide even at {floor:g} pt")
        self.item, self.floor = item, floor


@lru_cache(maxsize=32)
def font(typeface: str, size: float, bold: bool = False):
    """The FreeType font that measures ``typeface`` (its metric twin), at ``size`` points."""
    from PIL import ImageFont

    family = TWINS.get(typeface.strip().lower(), FALLBACK)
    name = f"{family}-{'Bold' if bold else 'Regular'}.ttf"
    for candidate in (name, f"{FALLBACK}-{'Bold' if bold else 'Regular'}.ttf"):
        try:
            return ImageFont.truetype(candidate, round(size * SCALE))
        except OSError:
            continue
    # No Liberation fonts: Pillow's own font is wider than Times, so the split stays safe.
    return ImageFont.load_default(size=round(size * SCALE * 1.1))


def text_width(text: str, typeface: str, size: float, bold: bool = False) -> float:
    return font(typeface, size, bold).getlength(text) / SCALE


def line_count(text: str, width: float, typeface: str, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes wrapped at spaces in ``width`` points; a word longer than
    the line is broken where it overflows, as PowerPoint does. A line's width is the sum
    of its words' and spaces' widths (kerning across a space is negligible)."""
    measure = font(typeface, size, bold).getlength
    limit = width * SCALE
    space = _width(measure, " ")
    count = 0
    for paragraph in text.split("\n"):
        used = -1.0  # nothing on the line yet
        count += 1
        for word in paragraph.split(" "):
            wide = _width(measure, word)
            if used >= 0 and used + space + wide <= limit:
                used += space + wide
                continue
            if used >= 0:
                count += 1
            while wide > limit and len(word) > 1:  # break a word longer than the line
                cut = max(1, next((i for i in range(len(word) - 1, 0, -1)
                                   if measure(word[:i]) <= limit), 1))
                word = word[cut:]
                wide = _width(measure, word)
                count += 1
            used = wide
    return count


_WIDTHS: dict[tuple, float] = {}


def _width(measure, word: str) -> float:
    key = (measure, word)
    if key not in _WIDTHS:
        _WIDTHS[key] = measure(word)
    return _WIDTHS[key]


def line_height(typeface: str, size: float, bold: bool = False) -> float:
    ascent, descent = font(typeface, size, bold).getmetrics()
    return max(LINE * size, (ascent + descent) / SCALE)


def paragraph_height(item: Item, frame: Frame, size: float) -> float:
    bold = frame.bold or item.heading
    width = frame.width - (0 if item.heading else frame.indent)
    lines = line_count(item.text, width, frame.typeface, size, bold)
    ratio = size / frame.size
    return frame.space_before * ratio + lines * line_height(frame.typeface, size, bold)


def height(placed: Sequence[Placed], frame: Frame) -> float:
    """How tall the paragraphs are when set in ``frame``."""
    return sum(paragraph_height(p.item, frame, p.size) for p in placed)


def fits(placed: Sequence[Placed], frame: Frame) -> bool:
    return height(placed, frame) <= frame.height * SAFETY


def shrink_to_fit(text: str, frame: Frame, floor: float) -> float:
    """The largest size, down to ``floor`` in steps of a point, at which ``text`` fits."""
    size = frame.size
    while size > floor and not fits([Placed(Item(text), size)], frame):
        size = max(floor, size - 1)
    if not fits([Placed(Item(text), size)], frame):
        raise TooLong(Item(text), floor)
    return size


def paginate(items: Sequence[Item], frame: Frame, floor: float) -> list[list[Placed]]:
    """Items in pages that each fit ``frame``, split between items. A page that starts
    inside a group repeats its heading, "… (continued)"; an item too long for a page of
    its own is set smaller, down to ``floor`` (``TooLong`` below that)."""
    pages: list[list[Placed]] = []
    page: list[Placed] = []
    heading: Item | None = None
    for index, item in enumerate(items):
        if item.heading:
            heading = item
            follower = items[index + 1] if index + 1 < len(items) else None
            # Keep a heading with its first item: both must fit, or both move on.
            trial = [Placed(item, frame.size)] + (
                [Placed(follower, frame.size)] if follower and not follower.heading else [])
            if page and not fits(page + trial, frame):
                pages.append(page)
                page = []
            page.append(Placed(item, frame.size))
            continue
        placed = Placed(item, frame.size)
        if fits(page + [placed], frame):
            page.append(placed)
            continue
        if page and any(not p.item.heading for p in page):
            pages.append(page)
            page = [_continued(heading, frame.size)] if heading and item.group == heading.text else []
        if fits(page + [placed], frame):
            page.append(placed)
            continue
        page.append(replace(placed, size=_largest(page, item, frame, floor)))
        pages.append(page)
        page = []
        if index + 1 < len(items) and not items[index + 1].heading and heading \
                and items[index + 1].group == heading.text:
            page = [_continued(heading, frame.size)]
    if page and any(not p.item.heading for p in page):
        pages.append(page)
    return pages or [[]]


def _continued(heading: Item, size: float) -> Placed:
    return Placed(Item(f"{heading.text} (continued)", heading=True), size)


def _largest(page: list[Placed], item: Item, frame: Frame, floor: float) -> float:
    size = frame.size
    while size > floor:
        size = max(floor, size - 1)
        if fits(page + [Placed(item, size)], frame):
            return size
    raise TooLong(item, floor)
