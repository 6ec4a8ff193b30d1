"""The word alignment: what is unique is placed, what repeats in a stretch is not."""

from wsis_report.review.comments.placing.align import align, increasing, mapping, words_of


def test_words_keep_their_place_through_edits():
    build = "the review covers access and use of digital technologies in all regions".split()
    copy = "the review now covers access and wide use of digital tools in all regions".split()
    got = align(build, copy)
    assert [build[i] if i is not None else None for i in got] == [
        "the", "review", None, "covers", "access", "and", None, "use", "of", "digital",
        None, "in", "all", "regions"]


def test_words_that_repeat_in_a_stretch_of_the_build_are_left_unplaced():
    # between two sure places, "no plan" is twice in the build: which the copy kept is unknown
    build = "p q r no plan k no plan x y z".split()
    copy = "p q r new no plan newer x y z".split()
    got = align(build, copy)
    assert got[:3] == [0, 1, 2] and got[-3:] == [8, 9, 10]
    assert got[3:7] == [None, None, None, None]


def test_a_span_of_the_copy_in_the_build():
    build_text, copy_text = "Held in Kyoto, Japan.\nNext.", "Held in Kyoto , Japan!\nNext."
    m = mapping(words_of(build_text), words_of(copy_text), build_text, copy_text)
    start = copy_text.index("Kyoto")
    assert m.span(start, start + 5)[:2] == (8, 13)
    assert m.span(len("Held in Kyoto , Japan!"), len("Held in Kyoto , Japan!"))[:2] == (20, 20)  # after the word: the copy's '!' is not the build's '.'
    assert increasing([(0, 5), (1, 1), (2, 2), (3, 9), (4, 3)]) == [(1, 1), (2, 2), (4, 3)]
