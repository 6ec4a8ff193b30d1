"""A session as editors type it, as a masthead prints it.

Commission sessions are numbered and spelled out ("Twenty-eighth session"); the Council's are
named by year ("2025 session"); an inter-sessional panel has no number. Editors type the
number alone ("28"), as a figure ordinal ("28th session") or in words: a number becomes the
spelled-out capitalised ordinal, any other text is kept as typed.
"""

from __future__ import annotations

import re

_ORDINALS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TENS_ORDINAL = ("", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
                 "seventieth", "eightieth", "ninetieth")
# "28", "28th", "28th session", "28 th Session", "28.": a session number in figures.
_NUMBERED = re.compile(r"(\d{1,2})\s*(?:st|nd|rd|th)?\.?(?:\s+session)?", re.IGNORECASE)


def spelled_ordinal(value: int) -> str:
    """28 -> Twenty-eighth (1 to 99)."""
    if not 0 < value < 100:
        raise ValueError(f"cannot spell the ordinal of {value}")
    if value < 20:
        word = _ORDINALS[value]
    else:
        tens, unit = divmod(value, 10)
        word = _TENS_ORDINAL[tens] if unit == 0 else f"{_TENS[tens]}-{_ORDINALS[unit]}"
    return word[0].upper() + word[1:]


def session_name(text: str) -> str | None:
    """ "28", "28th session" -> "Twenty-eighth session"; other text as typed; None for a
    number that cannot be a session (0 or over 99)."""
    text = " ".join(text.split())
    if m := _NUMBERED.fullmatch(text):
        number = int(m[1])
        return f"{spelled_ordinal(number)} session" if 0 < number < 100 else None
    return text
