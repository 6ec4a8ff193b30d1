"""House style: the Jinja filters template authors use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import example, given, settings, strategies as st

from wsis_report.documents.house_style import style


@pytest.mark.parametrize("start, end, text", [
    (date(2024, 10, 21), None, "21 October 2024"),
    (date(2024, 5, 21), date(2024, 5, 23), "21–23 May 2024"),
    (date(2024, 11, 28), date(2024, 12, 2), "28 November–2 December 2024"),
    (date(2024, 12, 30), date(2025, 1, 2), "30 December 2024–2 January 2025"),
    (date(2024, 5, 21), date(2024, 5, 21), "21 May 2024"),
])
def test_date_range(start, end, text):
    # a date never breaks across lines: non-breaking spaces inside it
    assert style.date_range(start, end) == text.replace(" ", "\u00a0")


@pytest.mark.parametrize("start, end, text", [
    (date(2024, 4, 1), None, "April 2024"),
    (date(2024, 5, 1), date(2025, 1, 1), "May 2024 to January 2025"),
    (date(2025, 9, 1), date(2025, 11, 1), "September to November 2025"),
])
def test_month_range(start, end, text):
    assert style.month_range(start, end).replace("\u00a0", " ") == text
    assert " 20" not in style.month_range(start, end)  # "April / 2024" never splits


@pytest.mark.parametrize("city, country, text", [
    ("Dar es Salaam", "United Republic of Tanzania", "Dar es Salaam, United Republic of Tanzania"),
    ("Dubai", "United Arab Emirates", "Dubai, United Arab Emirates"),
    ("Vilnius", "Lithuania", "Vilnius"),
    ("Astana", "Kazakhstan", "Astana"),
    ("Santiago", "Chile", "Santiago"),
    ("Geneva", "Switzerland", "Geneva"),
    ("Kyoto", "Japan", "Kyoto, Japan"),
    (None, None, "online"),
])
def test_place(city, country, text):
    assert style.place(SimpleNamespace(city=city, country=country)) == text


def test_when_uses_the_date_note_while_planned():
    planned = SimpleNamespace(status="Planned", start=date(2024, 11, 18), end=None,
                              date_note="mid-November 2024")
    held = SimpleNamespace(status="Held", start=date(2024, 11, 18), end=date(2024, 11, 19),
                           date_note="mid-November 2024")
    assert style.when(planned) == "mid-November\u00a02024"  # as typed, kept on one line
    assert style.when(held) == "18–19\u00a0November\u00a02024"


@pytest.mark.parametrize("value, text", [(0, "zero"), (7, "seven"), (9, "nine"), (10, "10"),
                                         (1250, "1,250")])
def test_number(value, text):
    assert style.number(value) == text


def test_per_cent_in_text_and_percent_sign_in_tables():
    assert style.per_cent(100 * 38 / 112) == "33.9\u00a0per cent"  # number and unit together
    assert style.pct(100 * 38 / 112) == "33.9%"
    assert style.share(100 * 38 / 112) == "33.9"  # a "Per cent" column: bare numbers
    assert style.pct(100 * 4 / 500) == "0.8%"  # a zero before the decimal point


@pytest.mark.parametrize("value, text", [(1, "First"), (19, "Nineteenth"), (20, "Twentieth"),
                                         (28, "Twenty-eighth"), (41, "Forty-first")])
def test_ordinal(value, text):
    assert style.ordinal(value) == text
    assert style.ordinal(str(value)) == text
    assert style.ordinal("2025 session") == "2025 session"  # doc.session is printed text


def test_roman_letters_and_counters():
    assert [style.roman(n) for n in (1, 2, 4, 9, 14)] == ["I", "II", "IV", "IX", "XIV"]
    assert [style.letter(n) for n in (1, 2, 26, 27)] == ["(a)", "(b)", "(z)", "(aa)"]
    labels = style.label_globals()
    assert [labels["figure"](), labels["figure"](), labels["table"]()] == [
        "Figure I", "Figure II", "Table 1"]
    assert style.label_globals()["figure"]() == "Figure I"  # from I again in each document
    # labels still to come, and those after a table that comes between ("tables 3 and 4")
    assert labels["table"].ahead(2) == "tables\u00a02 and\u00a03"
    assert labels["table"].ahead(2, after=1) == "tables\u00a03 and\u00a04"
    assert labels["figure"].ahead(1, after=1) == "figure\u00a0IV"


@pytest.mark.parametrize("parts, text", [
    (["Geneva", "7–11 April 2025"], "Geneva, 7–11 April 2025"),
    (["", "7–11 April 2025"], "7–11 April 2025"),
    (["Geneva", ""], "Geneva"),
    ([None, "  "], ""),
])
def test_join_present_leaves_no_stray_comma(parts, text):
    assert style.join_present(parts) == text


def test_agreement_and_labels_for_one_and_many():
    assert [style.agree(n, "consultation was", "consultations were") for n in (0, 1, 2, 7)] == [
        "consultations were", "consultation was", "consultations were", "consultations were"]
    assert style.sub_label(SimpleNamespace(length=1, index=1)) == ""  # one item is no list
    assert style.sub_label(SimpleNamespace(length=2, index=2)) == "(b)"


def test_a_date_typed_in_a_note_is_kept_on_one_line_and_otherwise_as_typed():
    assert style.unbreakable_dates("from 3 May to 21 June 2025, May 20") == (
        "from 3\u00a0May to 21\u00a0June\u00a02025, May 20")


def test_a_half_is_rounded_up_as_excel_and_readers_round_it():
    # 7 of 112 is 6.25 per cent: Python's formatting gives 6.2, Excel and a reader 6.3.
    assert style.share(100 * 7 / 112) == "6.3"
    assert style.pct(100 * 7 / 112) == "6.3%"
    assert style.per_cent(12.5) == "12.5\u00a0per cent"
    assert style.share(100 * 38 / 112) == "33.9" and style.share(0.05) == "0.1"
    assert style.number(1234.25) == "1,234.3"


@settings(max_examples=500, deadline=None)
@given(st.integers(1, 200_000).flatmap(lambda t: st.tuples(st.integers(0, t), st.just(t))))
@example((7, 112))
@example((47, 2000))
def test_every_share_of_whole_counts_is_rounded_exactly(pair):
    count, total = pair
    exact = Fraction(1000 * count, total)  # in tenths of a per cent
    whole = int(exact)
    up = whole + (1 if exact - whole >= Fraction(1, 2) else 0)
    assert style.tenths(100 * count / total) == Decimal(up) / 10


def test_first_use_spells_out_each_acronym_once_in_reading_order():
    first = style.FirstUse()
    assert first("Progress made through WSIS.") == (
        "Progress made through the World Summit on the Information Society (WSIS).")
    assert first("The WSIS process and the IGF.") == (
        "The WSIS process and the Internet Governance Forum (IGF).")
    assert first("ICT infrastructure matters.") == (
        "Information and communications technology (ICT) infrastructure matters.")
    assert first("The WSIS+20 review, the IGF and ICT.") == "The WSIS+20 review, the IGF and ICT."
    fresh = style.FirstUse()
    assert fresh("Commission on Science and Technology for Development (CSTD)") == (
        "Commission on Science and Technology for Development (CSTD)")
    assert fresh("The CSTD secretariat") == "The CSTD secretariat"  # already introduced
    assert style.FirstUse()("The WSIS+20 review of ICTs") == "The WSIS+20 review of ICTs"
