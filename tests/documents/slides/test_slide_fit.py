"""Measuring and splitting lists: the pure functions, on the bundled template's List room."""

from __future__ import annotations

import pytest

from wsis_report.documents.slides.fit import (Frame, Item, TooLong, fits, line_count,
                                             paginate, text_width)

ROOM = Frame(width=860, height=380, typeface="Times New Roman", size=20, space_before=9,
             indent=21.6)


def test_lines_break_at_spaces_and_inside_a_word_longer_than_the_line():
    word = "x" * 20
    width = text_width(word, "Times New Roman", 20)
    assert line_count(word, width + 1, "Times New Roman", 20) == 1
    assert line_count(f"{word} {word}", width + 1, "Times New Roman", 20) == 2
    assert line_count(word * 3, width + 1, "Times New Roman", 20) == 3
    assert line_count("one\ntwo", 500, "Times New Roman", 20) == 2


def test_a_bold_or_larger_text_is_wider():
    text = "Key messages from regional consultations"
    plain = text_width(text, "Times New Roman", 20)
    assert text_width(text, "Times New Roman", 20, bold=True) > plain
    assert text_width(text, "Times New Roman", 40) == pytest.approx(2 * plain, rel=0.02)
    assert text_width(text, "Arial", 20) > plain  # measured as Liberation Sans, wider


def regional(groups: int, each: int, words: int = 18) -> list[Item]:
    items = []
    for g in range(groups):
        name = f"Region {g}"
        items.append(Item(name, heading=True))
        items += [Item(" ".join(["word"] * words), number=n + 1, group=name)
                  for n in range(each)]
    return items


def test_a_group_split_across_slides_repeats_its_heading_as_continued():
    pages = paginate(regional(1, 14), ROOM, 12)
    assert len(pages) >= 2
    assert pages[0][0].item.text == "Region 0"
    assert all(page[0].item.text == "Region 0 (continued)" for page in pages[1:])
    assert [p.item.number for page in pages for p in page if not p.item.heading] == \
        list(range(1, 15))
    assert all(fits(page, ROOM) for page in pages)


def test_a_heading_is_never_left_at_the_foot_of_a_slide():
    for groups in range(1, 7):
        for page in paginate(regional(groups, 3, words=30), ROOM, 12):
            assert not page[-1].item.heading
            assert fits(page, ROOM)


def test_one_over_long_item_is_set_smaller_alone_and_the_rest_stay_at_size():
    items = [Item("short"), Item(" ".join(["long"] * 700)), Item("after")]
    pages = paginate(items, ROOM, 12)
    sizes = [(p.item.text[:5], p.size) for page in pages for p in page]
    assert sizes[0] == ("short", 20) and sizes[-1] == ("after", 20)
    assert 12 <= sizes[1][1] < 20
    with pytest.raises(TooLong):
        paginate([Item(" ".join(["long"] * 5000))], ROOM, 12)
