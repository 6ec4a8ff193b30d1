"""What editors type in a cell -> a typed value, or a problem in their words.

One function per kind of cell, ``parse_<kind>(raw, header)``: it takes what the
spreadsheet stored (text, a number, a date or date-time for cells with a date format, a
boolean) and returns the value, or raises ``problem(code, message, hint)``, a
``PydanticCustomError`` that the loader turns into a located ``Issue``. ``cells.py`` makes
these the validators of the contract's pydantic types.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from pydantic_core import PydanticCustomError

from . import countries
from .sessions import session_name
from .vocab import MONTH_NAMES, MONTHS

PLACEHOLDERS = frozenset({"n/a", "na", "#n/a", "-", "–", "—", "?"})
LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))
MAX_CELL_TEXT = 32_767  # the most a cell holds in Excel, LibreOffice and Google Sheets

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")
_SYMBOL = re.compile(
    r"(?:A|E|S)(?:/CN\.\d+)?/\d{2,4}/(?:CRP\.|L\.|INF\.)?\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
)
# A web address as a footnote cites it: a scheme, a host with a dot, then anything but spaces.
_URL = re.compile(r"https?://[^\s/?#.]+(?:\.[^\s/?#.]+)+\.?(?::\d+)?(?:[/?#]\S*)?", re.I)
_BARE_HOST = re.compile(r"(?:www\.)?[^\s/:@]+\.[a-z]{2,}(?:/\S*)?", re.I)
_REVISION = re.compile(r"\b(?:ADD|REV|CORR)\.")
_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_EXCEL_EPOCH = date(1899, 12, 30)
_LINE_BREAKS = re.compile(r"\r\n?|\u2028|\u2029")
# What XML 1.0 cannot carry, plus the non-characters: such text would be dropped
# or garbled in the document, so the cell is refused rather than altered.
_RAW_ESCAPE = re.compile(r"_x(?:[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF])_")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

def problem(code: str, message: str, hint: str = "") -> PydanticCustomError:
    """A cell refused in plain words: ``code`` is the error's type. The hint comes first in
    the context, so a message quoting "{hint}" from a cell is not filled in by pydantic."""
    return PydanticCustomError(code, "{message}", {"hint": hint, "message": message})


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if type(raw) is str or isinstance(raw, str):
        text = raw.strip()
        return not text or (len(text) <= LONGEST_PLACEHOLDER
                            and text.casefold() in PLACEHOLDERS)
    return False


def describe(raw: Any) -> str:
    """A raw value as an editor would recognise it in a message."""
    if isinstance(raw, datetime):
        return raw.isoformat(sep=" ", timespec="minutes")
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "…"


def plain_text(raw: Any) -> str | None:
    """Text with nothing to normalise or refuse, longer than any placeholder (an export's
    ids are mostly so): itself; otherwise None."""
    if type(raw) is str and LONGEST_PLACEHOLDER < len(raw) <= MAX_CELL_TEXT \
            and raw.isascii() and raw.isprintable() and "_x" not in raw \
            and raw[0] != " " and raw[-1] != " ":
        return raw
    return None


def parse_text(raw: Any, column: str) -> str:
    if (text := plain_text(raw)) is not None:
        return text
    if isinstance(raw, str):
        if len(raw) > MAX_CELL_TEXT:
            raise problem(
                "text-too-long", f"{column} holds {len(raw):,} characters, more than the "
                f"{MAX_CELL_TEXT:,} a spreadsheet cell can hold; the file was not written by "
                "a spreadsheet program", "Shorten the text, or save the workbook again from Excel.")
        # One spelling per text: "Türkiye" typed with a combining diaeresis (as some
        # keyboards and PDFs give it) is the same word, and must match the country list.
        text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", raw).strip())
        bad = _NOT_IN_XML.search(text) or _RAW_ESCAPE.search(text)
        if bad and len(bad.group()) > 1:
            char = chr(int(bad.group()[2:6], 16))
            raise problem(
                "invalid-character",
                f"{column} holds the escape {bad.group()} at position {bad.start() + 1}, "
                f"which stands for a character (U+{ord(char):04X}) that a Word document "
                "cannot hold", "Retype the text, or paste it as plain text (Paste Special › Text).")
        if bad:
            char = bad.group()
            raise problem(
                "invalid-character",
                f"{column} holds an invisible character (U+{ord(char):04X}) at position "
                f"{bad.start() + 1} that a Word document cannot hold",
                "Retype the text, or paste it as plain text (Paste Special › Text).")
        return text
    if isinstance(raw, bool):
        raise problem("not-text", "holds TRUE/FALSE, not text", "Type the text itself.")
    if isinstance(raw, (int, float)):
        if abs(raw) >= 1e15:
            raise problem(
                "long-number", f"{column} holds the number {describe(raw)}, longer than "
                "the 15 digits a spreadsheet keeps, so its last digits may have been lost",
                "Format the cell as Text and type the value again.")
        return describe(raw)
    if isinstance(raw, (date, datetime, timedelta)):
        raise problem(
            "date-in-text-column",
            f"holds a date ({describe(raw)}) but {column} takes text; the spreadsheet "
            "probably turned what was typed into a date",
            "Format the cell as Text and type the words again.")
    raise problem("not-text", f"holds {describe(raw)!r}, not text")


def parse_list(raw: Any, column: str) -> tuple[str, ...]:
    text = parse_text(raw, column)
    return tuple(p.strip() for p in re.split(r"[;\n]", text) if p.strip())


def parse_whole(raw: Any, column: str) -> int:
    value: Any = raw
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, str):
        text = re.sub(r"[\s,\u00a0\u202f']", "", raw)
        try:
            value = float(text) if re.fullmatch(r"[+-]?\d+(\.\d+)?", text) else None
        except ValueError:
            value = None
    elif not isinstance(raw, (int, float)):
        value = None
    if value is None or (isinstance(value, float) and not value.is_integer()):
        raise problem("not-a-whole-number",
                      f"{column} must be a whole number; the cell holds {describe(raw)!r}",
                      "Type a whole number such as 12.")
    if value < 0:
        raise problem("negative-number",
                      f"{column} cannot be negative; the cell holds {describe(raw)}",
                      "Type zero or a positive whole number.")
    return int(value)


def parse_date(raw: Any, column: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise problem(
            "number-in-date-column",
            f"{column} holds the number {describe(raw)}, not a date" + _serial_guess(raw),
            "Format the cell as a date, or type the date as 21 October 2024 or 2024-10-21.")
    text = str(raw).strip()
    if m := _ISO_DATE.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw, column)
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        return _make_date(int(m[3]), _month(m[2], raw, column), int(m[1]), raw, column)
    if m := _MONTH_DAY_YEAR.fullmatch(text):
        return _make_date(int(m[3]), _month(m[1], raw, column), int(m[2]), raw, column)
    if _NUMERIC_DATE.fullmatch(text):
        raise problem(
            "ambiguous-date",
            f"{column} holds {text!r}, which reads differently in different countries "
            "(day/month or month/day)",
            "Type the date with the month in words, e.g. 21 October 2024, or as 2024-10-21.")
    raise problem("not-a-date", f"{column} holds {describe(raw)!r}, which is not a date",
                  "Type the date as 21 October 2024 or 2024-10-21, or use a date cell.")


def parse_month(raw: Any, column: str) -> date:
    if isinstance(raw, (date, datetime)) and not isinstance(raw, bool):
        day = raw.date() if isinstance(raw, datetime) else raw
        return day.replace(day=1)
    text = str(raw).strip() if isinstance(raw, str) else None
    if text is not None:
        if m := _MONTH_YEAR.fullmatch(text):
            return _make_date(int(m[2]), _month(m[1], raw, column), 1, raw, column)
        if m := _ISO_MONTH.fullmatch(text):
            return _make_date(int(m[1]), int(m[2]), 1, raw, column)
        try:
            return parse_date(text, column).replace(day=1)
        except PydanticCustomError:
            pass
    raise problem("not-a-month", f"{column} holds {describe(raw)!r}, which is not a month",
                  'Type a month and year, e.g. "April 2024".')


def parse_country(raw: Any, column: str) -> str:
    text = parse_text(raw, column)
    name, suggestion = countries.resolve(text)
    if name:
        return name
    hint = (f'Write "{suggestion}", the United Nations short name.' if suggestion
            else "Use the United Nations short name of the country, e.g. "
                 "United Republic of Tanzania.")
    raise problem("unknown-country",
                  f"{text!r} is not a United Nations short name of a country", hint)


def parse_symbol(raw: Any, column: str) -> str:
    # A symbol is written in capitals, its revisions and addenda as words ("Add.1"), whatever
    # case an editor typed it in.
    text = _REVISION.sub(lambda m: m.group().capitalize(), parse_text(raw, column).upper())
    parts = _DASHES.split(text) if not _SYMBOL.fullmatch(text) else [text]
    if all(_SYMBOL.fullmatch(p) for p in parts) and len(parts) <= 3:
        return "–".join(parts)
    raise problem("invalid-symbol", f"{text!r} is not a United Nations document symbol",
                  "Use a symbol such as E/CN.16/2025/3, E/2025/31 or A/80/64–E/2025/12.")


def parse_url(raw: Any, column: str) -> str:
    """A web address, kept as typed; one without its scheme is refused, not completed: the
    toolkit cannot know whether the site answers on https."""
    text = parse_text(raw, column)
    if _URL.fullmatch(text):
        return text
    if _BARE_HOST.fullmatch(text):
        hint = f'Type the whole address as the browser shows it, e.g. "https://{text}".'
    else:
        hint = "Type one web address, beginning with https:// (or http://), and nothing else."
    raise problem("not-a-web-address", f"{column} holds {describe(text)!r}, which is not a "
                  "web address", hint)


def parse_session(raw: Any, column: str) -> str:
    """A session number (28, "28th session") or name ("2025 session"), as the masthead
    prints it: numbers spelled out ("Twenty-eighth session"), other text as typed."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))
    text = parse_text(raw, column)
    name = session_name(text)
    if name is None:
        raise problem(
            "not-a-session", f"{column} holds {describe(raw)!r}, which is not a session "
            "number", 'Type the session as it is named, e.g. "Twenty-eighth session", 28, '
            '"2025 session" or "Inter-sessional panel 2024–2025".')
    return name


def _month(name: str, raw: Any, column: str) -> int:
    number = MONTHS.get(name.casefold())
    if number is None:
        raise problem("not-a-date", f"{column} holds {describe(raw)!r}: {name!r} is not a "
                      "month name", "Write the month in English, e.g. 21 October 2024.")
    return number


def _make_date(year: int, month: int, day: int, raw: Any, column: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise problem("not-a-date", f"{column} holds {describe(raw)!r}, which is not a real "
                      "calendar date", "Check the day and month.") from None


def _serial_guess(raw: float) -> str:
    if 1 <= raw < 2958466:
        guess = _EXCEL_EPOCH + timedelta(days=int(raw))
        return (f" (as a spreadsheet date it would be {guess.day} "
                f"{MONTH_NAMES[guess.month - 1]} {guess.year})")
    return ""
