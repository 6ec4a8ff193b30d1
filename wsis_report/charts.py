"""Horizontal bar charts of survey responses, drawn with Pillow.

Pillow imports in a few milliseconds where matplotlib takes half a second,
more than the rest of a build. Its bundled scalable font is the same on
every machine, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

BAR = (31, 78, 121)  # a dark UN blue that stays distinct in greyscale print
INK = (0, 0, 0)
RULE = (140, 140, 140)
WHITE = (255, 255, 255)
MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


def _share(count: int, total: int) -> float:
    return 100 * count / total if total else 0.0


def bar_chart_png(bars: Sequence[Bar], *, width_mm: float = 150, dpi: int = 300) -> bytes:
    """A PNG of one bar per entry, top to bottom, each labelled with its count and share."""
    from PIL import Image, ImageDraw

    if not bars:
        raise ValueError("a chart needs at least one bar")
    px = dpi / MM_PER_INCH
    point = dpi / 72
    font = _font(round(9 * point))
    line = round(11 * point)
    row = round(9 * px)
    margin = round(3 * px)
    width = round(width_mm * px)
    label_width = round(width * 0.34)
    value_width = round(width * 0.17)
    plot_left = margin + label_width + round(2 * px)
    plot_width = width - plot_left - value_width - margin
    height = 2 * margin + row * len(bars)
    total = sum(b.count for b in bars)
    longest = max((b.count for b in bars), default=0) or 1

    image = Image.new("P", (width, height), 0)
    image.putpalette([*WHITE, *INK, *BAR, *RULE] + [0] * (256 - 4) * 3)
    draw = ImageDraw.Draw(image)
    chars = max(8, int(label_width / (0.5 * font.size)))
    for i, bar in enumerate(bars):
        top = margin + i * row
        middle = top + row // 2
        lines = textwrap.wrap(bar.label, chars)[:2] or [""]
        y = middle - line * len(lines) // 2
        for text in lines:
            draw.text((plot_left - round(2 * px), y), text, fill=1, font=font, anchor="ra")
            y += line
        length = round(plot_width * bar.count / longest)
        if length:
            draw.rectangle((plot_left, middle - row * 0.3, plot_left + length, middle + row * 0.3),
                           fill=2)
        value = f"{bar.count:,} ({_share(bar.count, total):.1f}%)"
        draw.text((plot_left + length + round(1.5 * px), middle), value, fill=1, font=font,
                  anchor="lm")
    draw.line((plot_left, margin, plot_left, height - margin), fill=3, width=max(1, round(px / 4)))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, dpi=(dpi, dpi))
    return out.getvalue()


@lru_cache(maxsize=4)
def _font(size: int):
    from PIL import ImageFont, features

    if not features.check("freetype2"):
        raise RuntimeError("Pillow was built without FreeType; reinstall Pillow from PyPI")
    return ImageFont.load_default(size=size)


def alt_text(title: str, bars: Sequence[Bar], total: int) -> str:
    """The chart's data in words, for readers who cannot see the image."""
    parts = "; ".join(f"{b.label} {b.count:,} ({_share(b.count, total):.1f} per cent)"
                      for b in bars)
    return f"{title} ({total:,} responses): {parts}."
