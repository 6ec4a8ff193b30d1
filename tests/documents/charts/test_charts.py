"""Charts: legible at print size, proportional, identical on every run."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image

from wsis_report.documents.charts.pictures import (BAR, INK, RULE, Bar, alt_text,
                                                   bar_chart_png)

# The zero sits between bars so that its empty row can be seen between them.
BARS = [Bar("Government", 38), Bar("Other", 0), Bar("Private sector", 12),
        Bar("Civil society", 27), Bar("International or regional organization", 8),
        Bar("Latin America and the Caribbean", 19)]


def rgb(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def bars_drawn(png: bytes) -> list[tuple[int, int]]:
    """(middle row, length in pixels) of each bar drawn, top to bottom."""
    image = rgb(png)
    width, height = image.size
    pixels = image.load()
    left = min(x for x in range(width) for y in range(0, height, 4) if pixels[x, y] == BAR)
    runs, start = [], None
    for y in range(height + 1):
        inside = y < height and pixels[left, y] == BAR
        if inside and start is None:
            start = y
        elif not inside and start is not None:
            runs.append((start + y) // 2)
            start = None
    lengths = []
    for y in runs:
        x = left
        while x < width and pixels[x, y] == BAR:
            x += 1
        lengths.append(x - left)
    return list(zip(runs, lengths))


def test_size_follows_print_width_and_number_of_bars():
    image = Image.open(io.BytesIO(bar_chart_png(BARS, width_mm=150, dpi=300)))
    assert image.size[0] == round(150 * 300 / 25.4)
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    assert image.mode == "P"
    taller = Image.open(io.BytesIO(bar_chart_png(BARS + BARS)))
    assert taller.size[1] - image.size[1] == pytest.approx(len(BARS) * 9 * 300 / 25.4, abs=len(BARS))
    narrow = Image.open(io.BytesIO(bar_chart_png(BARS, width_mm=80, dpi=150)))
    assert narrow.size[0] == round(80 * 150 / 25.4)
    assert tuple(round(v) for v in narrow.info["dpi"]) == (150, 150)


def test_same_data_same_bytes_and_no_metadata():
    png = bar_chart_png(BARS)
    assert png == bar_chart_png(list(BARS))
    assert set(Image.open(io.BytesIO(png)).info) == {"dpi"}
    assert b"tIME" not in png and b"tEXt" not in png


def test_bars_are_proportional_and_zero_has_none():
    drawn = bars_drawn(bar_chart_png(BARS))
    counted = [b for b in BARS if b.count]
    assert len(drawn) == len(counted)
    for bar, (_, length) in zip(counted, drawn):
        assert length / drawn[0][1] == pytest.approx(bar.count / 38, rel=0.02)
    # Evenly spaced rows, except that the zero's row between the first two is empty.
    pitch = drawn[2][0] - drawn[1][0]
    assert drawn[1][0] - drawn[0][0] == pytest.approx(2 * pitch, abs=2)


def test_text_is_at_least_8_pt_when_printed():
    for dpi in (150, 300):
        image = rgb(bar_chart_png([Bar("H", 1)], dpi=dpi))
        pixels = image.load()
        axis = min(x for x in range(image.size[0]) if pixels[x, image.size[1] // 2] == RULE)
        rows = [y for y in range(image.size[1]) if any(pixels[x, y] == INK for x in range(axis))]
        cap_height = max(rows) - min(rows) + 1
        # A capital is about 0.7 em tall: 8 pt type has capitals of at least 5.5 pt.
        assert cap_height >= 5.5 / 72 * dpi


def test_long_labels_stay_inside_the_image():
    image = rgb(bar_chart_png([Bar("International or regional organization", 8),
                               Bar("Latin America and the Caribbean", 19),
                               Bar("Telecommunication/ICT ministries and regulators of all kinds", 3)]))
    pixels = image.load()
    ink_x = [x for x in range(image.size[0]) for y in range(image.size[1]) if pixels[x, y] == INK]
    assert min(ink_x) > 0 and max(ink_x) < image.size[0] - 1


def test_all_zero_empty_and_negative():
    png = bar_chart_png([Bar("A", 0), Bar("B", 0)])
    assert BAR not in {colour for _, colour in rgb(png).getcolors()}
    with pytest.raises(ValueError):
        bar_chart_png([])
    with pytest.raises(ValueError):
        bar_chart_png([Bar("A", -1)])


def test_alt_text_states_the_data():
    bars = [Bar("Government", 38), Bar("Private sector", 12), Bar("Civil society", 27),
            Bar("Technical community", 9), Bar("Academic community", 14),
            Bar("International or regional organization", 8), Bar("Other", 4)]
    text = alt_text("Figure: Responses by stakeholder group", bars, 112)
    assert text.startswith("Figure: Responses by stakeholder group (112 responses): "
                           "Government 38 (33.9 per cent); Private sector 12 (10.7 per cent);")
    for bar, share in zip(bars, ["33.9", "10.7", "24.1", "8.0", "12.5", "7.1", "3.6"]):
        assert f"{bar.label} {bar.count} ({share} per cent)" in text
    assert text.endswith("Other 4 (3.6 per cent).")
    assert "0 (0.0 per cent)" in alt_text("Nobody", [Bar("A", 0)], 0)


def test_import_is_cheap():
    code = ("import sys, wsis_report.documents.charts.pictures; "
            "print('matplotlib' in sys.modules, 'PIL' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
