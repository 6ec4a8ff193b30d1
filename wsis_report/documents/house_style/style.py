"""United Nations house style as Jinja filters: dates, places, numbers, labels.

docs/templates.md lists them for template authors.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from ...inputs.contract import countries
from ...inputs.contract.sessions import spelled_ordinal
from ...inputs.contract.vocab import MONTH_NAMES

EN_DASH = "–"
NBSP = "\u00a0"  # no line break inside a date or between a number and its unit
_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


# The review's acronyms and what they stand for: spelled out at their first use in each
# document, then used alone.
ACRONYMS = {
    "WSIS": "World Summit on the Information Society",
    "CSTD": "Commission on Science and Technology for Development",
    "IGF": "Internet Governance Forum",
    "ICT": "information and communications technology",
    "UNCTAD": "United Nations Conference on Trade and Development",
    "ECA": "Economic Commission for Africa",
    "ESCWA": "Economic and Social Commission for Western Asia",
    "ESCAP": "Economic and Social Commission for Asia and the Pacific",
    "ECE": "Economic Commission for Europe",
    "ECLAC": "Economic Commission for Latin America and the Caribbean",
}


def introduced(text: str) -> str:
    """``text`` with each of ACRONYMS whose full form it holds given after that form:
    "Commission on Science and Technology for Development (CSTD)"."""
    for acronym, full in ACRONYMS.items():
        at = text.find(full)
        if at >= 0 and not text.startswith(f" ({acronym})", at + len(full)):
            text = f"{text[:at + len(full)]} ({acronym}){text[at + len(full):]}"
    return text


class FirstUse:
    """Spells out each of ACRONYMS at its first use in texts given in reading order: the
    deck, whose text is all typed by editors ("the IGF" becomes "the Internet Governance Forum
    (IGF)"). A form the spelling would garble ("WSIS+20", "ICT-enabled", "ICTs") is left."""

    def __init__(self) -> None:
        self.done: set[str] = set()

    def __call__(self, text: str) -> str:
        for acronym, full in ACRONYMS.items():
            if acronym in self.done:
                continue
            if f"{full} ({acronym})" in text:
                self.done.add(acronym)
                continue
            m = re.search(rf"(?<![\w/.+-]){acronym}(?![\w+-])", text)
            if m:
                self.done.add(acronym)
                before = text[:m.start()]
                # a name takes "the" spelled out ("through WSIS": "through the World Summit…")
                if acronym != "ICT" and not re.search(r"\b(?:the|a|an|its|their|this)\s+$",
                                                      before, re.I):
                    full = f"the {full}"
                opening = not before.strip() or before.rstrip()[-1] in ".:!?"
                spelled = capitalize_first(full) if opening else full
                text = f"{before}{spelled} ({acronym}){text[m.end():]}"
        return text


def tenths(value: float) -> Decimal:
    """``value`` to one decimal, a half rounded up (6.25 -> 6.3), as Excel rounds it and as a
    reader checking a share does; Python's own formatting rounds a half to even (6.2). A share
    of whole counts that ends in a half is a short decimal, which ``repr`` gives exactly."""
    return Decimal(repr(float(value))).quantize(_TENTH, ROUND_HALF_UP)


_TENTH = Decimal("0.1")


def un_date(day: date | None) -> str:
    """21 October 2024: day month year, no comma, no ordinal, never broken across lines."""
    if day is None:
        return ""
    return f"{day.day}{NBSP}{MONTH_NAMES[day.month - 1]}{NBSP}{day.year}"


def date_range(start: date | None, end: date | None = None) -> str:
    """21–23 May 2024; 28 November–2 December 2024; 30 December 2024–2 January 2025."""
    if start is None:
        return un_date(end)
    if end is None or end == start:
        return un_date(start)
    if start.year != end.year:
        return f"{un_date(start)}{EN_DASH}{un_date(end)}"
    if start.month != end.month:
        return f"{start.day}{NBSP}{MONTH_NAMES[start.month - 1]}{EN_DASH}{un_date(end)}"
    return f"{start.day}{EN_DASH}{un_date(end)}"


def month(day: date | None) -> str:
    """April 2024."""
    return f"{MONTH_NAMES[day.month - 1]}{NBSP}{day.year}" if day else ""


def month_range(start: date | None, end: date | None = None) -> str:
    """May 2024 to January 2025; September to November 2025 (as the timetable writes it)."""
    if start is None:
        return month(end)
    if end is None or (end.year, end.month) == (start.year, start.month):
        return month(start)
    if start.year == end.year:
        return f"{MONTH_NAMES[start.month - 1]} to {month(end)}"
    return f"{month(start)} to {month(end)}"


def when(consultation: Any) -> str:
    """A consultation's dates, or its date note while it has no date yet."""
    note = unbreakable_dates(getattr(consultation, "date_note", None) or "")
    if getattr(consultation, "status", None) == "Planned" and note:
        return note
    start = getattr(consultation, "start", None)
    return date_range(start, getattr(consultation, "end", None)) if start else note


_MONTHS = "|".join(MONTH_NAMES)
_DAY_MONTH = re.compile(rf"(\d) (?=(?:{_MONTHS})\b)")
_MONTH_YEAR = re.compile(rf"\b({_MONTHS}) (?=\d{{4}}\b)")


def unbreakable_dates(text: str) -> str:
    """A date typed in a note ("mid-November 2024") kept on one line: the spaces inside it
    become non-breaking, which changes how it is set, not what it says."""
    return _MONTH_YEAR.sub(rf"\1{NBSP}", _DAY_MONTH.sub(rf"\1{NBSP}", text))


def place(consultation: Any) -> str:
    """Dar es Salaam, United Republic of Tanzania; Vilnius; Geneva; online."""
    city, country = getattr(consultation, "city", None), getattr(consultation, "country", None)
    return countries.place(city, country) or "online"


def number(value: int | float | None) -> str:
    """Whole numbers under 10 in words, others in figures with thousands separators."""
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{tenths(value):,}"
    value = int(value)
    return _UNITS[value] if 0 <= value < 10 else f"{value:,}"


def grouped(value: int | None) -> str:
    """1250 -> 1,250 (figures in tables)."""
    return "" if value is None else f"{value:,}"


def per_cent(share: float | None) -> str:
    """33.9 per cent (running text)."""
    return "" if share is None else f"{tenths(share)}{NBSP}per cent"


def pct(share: float | None) -> str:
    """33.9% (figures; a table's "Per cent" column takes ``share``)."""
    return "" if share is None else f"{tenths(share)}%"


def share(value: float | None) -> str:
    """33.9: a bare figure, for a column whose heading names the unit ("Per cent")."""
    return "" if value is None else f"{tenths(value)}"


def ordinal(value: int | str | None) -> str:
    """28 -> Twenty-eighth (session numbers are spelled out, capitalised). ``doc.session`` is
    already text as printed ("Twenty-eighth session"), which is given back unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        return spelled_ordinal(int(value)) if value.strip().isdigit() else value
    return spelled_ordinal(value)


def roman(value: int) -> str:
    """2 -> II (figure numbers)."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        out += numeral * count
    return out


def letter(index: int) -> str:
    """1 -> (a), 27 -> (aa): subparagraph labels."""
    return "(" + chr(96 + (index - 1) % 26 + 1) * ((index - 1) // 26 + 1) + ")"


def capitalize_first(text: str | None) -> str:
    return text[:1].upper() + text[1:] if text else ""


def join_present(parts: Any, separator: str = ", ") -> str:
    """The parts that are not blank, joined: a blank venue or date leaves no stray comma."""
    return separator.join(str(p).strip() for p in parts if p is not None and str(p).strip())


def agree(count: int, one: str, many: str) -> str:
    """The wording that agrees with ``count``: "consultation was" or "consultations were"."""
    return one if count == 1 else many


def sub_label(loop: Any) -> str:
    """(a), (b)… for a list of two or more; nothing for a single item, which is no list."""
    return "" if getattr(loop, "length", 2) == 1 else letter(loop.index)


FILTERS: dict[str, Callable[..., str]] = {
    f.__name__: f for f in (un_date, date_range, month, month_range, when, place, number, grouped,
                            per_cent, pct, share, ordinal, roman, letter, capitalize_first,
                            join_present, agree, sub_label)
}


class Counter:
    """Labels numbered in order of appearance, from 1 in each document."""

    def __init__(self, prefix: str, style: Callable[[int], str] = str) -> None:
        self.prefix, self.style, self.count = prefix, style, 0

    def __call__(self) -> str:
        self.count += 1
        return f"{self.prefix} {self.style(self.count)}"

    def ahead(self, n: int = 1, after: int = 0) -> str:
        """The next ``n`` labels as running text names them, before they are given:
        "figures I and II", "table 1", so that a paragraph names what follows it; ``after``
        skips that many labels first ("tables 3 and 4" when table 2 comes between)."""
        labels = [self.style(self.count + after + i) for i in range(1, n + 1)]
        last = f"and{NBSP}{labels[-1]}"  # "and 3" never left alone at a line's start
        names = labels[0] if n == 1 else f"{', '.join(labels[:-1])} {last}"
        return f"{self.prefix.lower()}{'s' * (n > 1)}{NBSP}{names}"


def label_globals() -> dict[str, Counter]:
    """Fresh figure and table counters for one rendering."""
    return {"figure": Counter("Figure", roman), "table": Counter("Table")}
