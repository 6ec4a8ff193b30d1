"""Horizontal bar charts of survey responses, drawn with Pillow.

Pillow imports in a few milliseconds where matplotlib takes half a second,
more than the rest of a build. Its bundled scalable font is the same on
every machine, so the same data always gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Sequence

from ..house_style.style import pct, tenths

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

# A dark UN blue: #009EDB turns pale grey in greyscale print, this stays dark.
BAR = (31, 78, 121)
INK = (0, 0, 0)
RULE = (128, 128, 128)
WHITE = (255, 255, 255)
MM_PER_INCH = 25.4
FONT_PT = 9  # the printed minimum is 8 pt; 9 pt matches the report's table text


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


def _share(count: int, total: int) -> float:
    return 100 * count / total if total else 0.0


def bar_chart_png(bars: Sequence[Bar], *, width_mm: float = 150, dpi: int = 300) -> bytes:
    """A PNG of one bar per entry, top to bottom, each labelled with its count and share."""
    if not bars:
        raise ValueError("a chart needs at least one bar")
    if any(b.count < 0 for b in bars):
        raise ValueError("bar counts cannot be negative")
    from PIL import Image, ImageDraw

    mm = dpi / MM_PER_INCH
    font = _font(round(FONT_PT * dpi / 72))
    line = round(font.size * 1.15)
    row, margin, gap = round(9 * mm), round(3 * mm), round(2 * mm)
    width = round(width_mm * mm)
    total = sum(b.count for b in bars)
    longest = max(b.count for b in bars) or 1  # all zero: no bars, no division by zero
    values = [f"{b.count:,} ({pct(_share(b.count, total))})" for b in bars]
    value_width = max(font.getlength(v) for v in values) + gap
    label_width = round(width * 0.34)
    plot_left = margin + label_width + gap
    plot_width = width - plot_left - margin - value_width
    height = 2 * margin + row * len(bars)

    # Four palette entries make a 2-bit PNG: a few kilobytes in the .docx.
    image = Image.new("P", (width, height), 0)
    image.putpalette([*WHITE, *INK, *BAR, *RULE])
    draw = ImageDraw.Draw(image)
    for i, (bar, value) in enumerate(zip(bars, values)):
        middle = margin + i * row + row // 2
        lines = _wrap(bar.label, font, label_width)
        for j, text in enumerate(lines):
            y = middle + round((j - (len(lines) - 1) / 2) * line)
            draw.text((plot_left - gap, y), text, fill=1, font=font, anchor="rm")
        length = round(plot_width * bar.count / longest)
        if length:
            draw.rectangle((plot_left, middle - round(row * 0.3),
                            plot_left + length - 1, middle + round(row * 0.3)), fill=2)
        draw.text((plot_left + length + gap * 0.75, middle), value, fill=1, font=font,
                  anchor="lm")
    draw.line((plot_left - 1, margin, plot_left - 1, height - margin), fill=3,
              width=max(1, round(mm / 4)))
    out = io.BytesIO()
    # No pnginfo and no timestamp: only pixels and dpi, so the bytes never change.
    image.save(out, format="PNG", optimize=False, dpi=(dpi, dpi))
    return out.getvalue()


def _wrap(label: str, font: FreeTypeFont, width: float) -> list[str]:
    """At most two lines that fit ``width``; what still does not fit ends in an ellipsis."""
    lines: list[str] = []
    for word in label.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > 2:
        lines[1:] = [" ".join(lines[1:])]
    return [_fit(text, font, width) for text in lines] or [""]


def _fit(text: str, font: FreeTypeFont, width: float) -> str:
    if font.getlength(text) <= width:
        return text
    while text and font.getlength(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


@lru_cache(maxsize=4)
def _font(size: int) -> FreeTypeFont:
    from PIL import ImageFont, features

    # Without FreeType, load_default ignores the size and returns a tiny bitmap font.
    if not features.check("freetype2"):
        raise RuntimeError("Pillow was built without FreeType, so charts cannot be drawn; "
                           "install Pillow from PyPI")
    return ImageFont.load_default(size=size)  # type: ignore[return-value]


def alt_text(title: str, bars: Sequence[Bar], total: int) -> str:
    """The chart's data in words, for readers who cannot see the image."""
    parts = "; ".join(f"{b.label} {b.count:,} ({tenths(_share(b.count, total))} per cent)"
                      for b in bars)
    noun = "response" if total == 1 else "responses"
    return f"{title} ({total:,} {noun}): {parts}."
