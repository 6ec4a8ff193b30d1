"""Charts: legible at print size, proportional, identical on every run."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from wsis_report.charts import BAR, Bar, alt_text, bar_chart_png

BARS = [Bar("Government", 38), Bar("Private sector", 12), Bar("Civil society", 27),
        Bar("International or regional organization", 8), Bar("Other", 0)]


def bar_lengths(png: bytes, n: int) -> list[int]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    row = (height - 2 * round(3 * 300 / 25.4)) / n
    lengths = []
    for i in range(n):
        y = round(3 * 300 / 25.4 + row * (i + 0.5))
        lengths.append(sum(1 for x in range(width) if image.getpixel((x, y)) == BAR))
    return lengths


def test_size_follows_print_width_and_number_of_bars():
    png = bar_chart_png(BARS, width_mm=150, dpi=300)
    image = Image.open(io.BytesIO(png))
    assert image.size[0] == round(150 * 300 / 25.4)
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    taller = Image.open(io.BytesIO(bar_chart_png(BARS + BARS)))
    assert taller.size[1] > image.size[1]


def test_same_data_same_bytes():
    assert bar_chart_png(BARS) == bar_chart_png(list(BARS))


def test_bars_are_proportional_and_zero_has_none():
    lengths = bar_lengths(bar_chart_png(BARS), len(BARS))
    assert lengths[-1] == 0
    for bar, length in zip(BARS[1:4], lengths[1:4]):
        assert length / lengths[0] == pytest.approx(bar.count / 38, rel=0.03)


def test_all_zero_and_empty():
    assert bar_chart_png([Bar("A", 0), Bar("B", 0)])
    with pytest.raises(ValueError):
        bar_chart_png([])


def test_alt_text_states_the_data():
    text = alt_text("Responses by stakeholder group", BARS, 85)
    assert text.startswith("Responses by stakeholder group (85 responses): Government 38 "
                           "(44.7 per cent); Private sector 12 (14.1 per cent);")
    assert "Other 0 (0.0 per cent)." in text
