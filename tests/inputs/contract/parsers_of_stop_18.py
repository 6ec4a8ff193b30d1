"""The cell parser as it stood at stop 18, before pydantic validated the cells: kept here,
unchanged but for its imports, as the oracle the contract's pydantic types are held to
(test_cells.py). Not used by the toolkit."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Callable

from wsis_report.inputs.contract import countries
from wsis_report.inputs.contract.sessions import session_name
from wsis_report.inputs.contract.workbooks import Column, match_key
from wsis_report.inputs.reading.workbook import CellError, Unsaved

PLACEHOLDERS = frozenset({"n/a", "na", "#n/a", "-", "–", "—", "?"})
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))

MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([A-Za-z]+)\.?,?\s+(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_NUMERIC_DATE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}")
_SYMBOL = re.compile(
    r"(?:A|E|S)(?:/CN\.\d+)?/\d{2,4}/(?:CRP\.|L\.|INF\.)?\d+(?:/(?:Add|Rev|Corr)\.\d+)*"
)
_REVISION = re.compile(r"\b(?:ADD|REV|CORR)\.")
_DASHES = re.compile(r"\s*[-‐‑‒–—−]\s*")
_EXCEL_EPOCH = date(1899, 12, 30)
MAX_CELL_TEXT = 32_767  # the most a cell holds in Excel, LibreOffice and Google Sheets
_LINE_BREAKS = re.compile(r"\r\n?|\u2028|\u2029")
# What XML 1.0 cannot carry, plus the non-characters: such text would be dropped
# or garbled in the document, so the cell is refused rather than altered.
_RAW_ESCAPE = re.compile(r"_x(?:[dD][89a-fA-F][0-9a-fA-F]{2}|[fF]{3}[eEfF])_")
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class ValueProblem(Exception):
    """A cell value that cannot be used, with what is wrong and what to do."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.hint = code, message, hint


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        text = raw.strip()
        return not text or text.casefold() in PLACEHOLDERS
    return False


def parse(raw: Any, column: Column) -> Any:
    """The typed value of a non-blank cell for ``column``."""
    if isinstance(raw, CellError):
        raise ValueProblem("error-cell", f"{column.name} holds the spreadsheet error {raw.code}",
                           "Correct the formula, or type the value itself.")
    if isinstance(raw, Unsaved):
        raise ValueProblem(
            "formula-without-value",
            f"{column.name} holds a formula (={raw.formula}) whose result was not saved in "
            "the file", "Open the workbook in Excel or LibreOffice so that it calculates, save "
            "it, and run again; or type the value itself.")
    return PARSERS[column.kind](raw, column)


def parse_many(raws: set[Any], column: Column) -> dict[Any, Any]:
    """The values of the cells that need no closer look, decided in bulk for
    the large survey export; the rest go through ``parse`` one by one."""
    if column.kind == "date":
        return {r: r.date() if type(r) is datetime else r for r in raws
                if type(r) is datetime or type(r) is date}
    if column.kind == "text":
        # Loops in C where they can: an export's id column holds a distinct value per row.
        texts = raws if set(map(type, raws)) == {str} else [r for r in raws if type(r) is str]
        joined = "".join(texts)
        # Text that NFC would change (parse_text normalises it) goes the slow way too.
        if "\r" in joined or "_x" in joined or _NOT_IN_XML.search(joined) \
                or not unicodedata.is_normalized("NFC", joined) \
                or max(map(len, texts), default=0) > MAX_CELL_TEXT:
            return {}
        stripped = dict(zip(texts, map(str.strip, texts)))
        longest = _LONGEST_PLACEHOLDER
        if min(map(len, stripped.values()), default=longest + 1) <= longest:
            for r in [r for r, t in stripped.items() if len(t) <= longest]:
                if not stripped[r] or stripped[r].casefold() in PLACEHOLDERS:
                    del stripped[r]  # blanks and placeholders go the slow way, to be reported
        return stripped
    return {}


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


def parse_text(raw: Any, column: Column) -> str:
    if isinstance(raw, str):
        if len(raw) > MAX_CELL_TEXT:
            raise ValueProblem(
                "text-too-long", f"{column.name} holds {len(raw):,} characters, more than the "
                f"{MAX_CELL_TEXT:,} a spreadsheet cell can hold; the file was not written by "
                "a spreadsheet program", "Shorten the text, or save the workbook again from Excel.")
        # One spelling per text: "Türkiye" typed with a combining diaeresis (as some
        # keyboards and PDFs give it) is the same word, and must match the country list.
        text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", raw).strip())
        bad = _NOT_IN_XML.search(text) or _RAW_ESCAPE.search(text)
        if bad and len(bad.group()) > 1:
            char = chr(int(bad.group()[2:6], 16))
            raise ValueProblem(
                "invalid-character",
                f"{column.name} holds the escape {bad.group()} at position {bad.start() + 1}, "
                f"which stands for a character (U+{ord(char):04X}) that a Word document "
                "cannot hold", "Retype the text, or paste it as plain text (Paste Special › Text).")
        if bad:
            char = bad.group()
            raise ValueProblem(
                "invalid-character",
                f"{column.name} holds an invisible character (U+{ord(char):04X}) at position "
                f"{bad.start() + 1} that a Word document cannot hold",
                "Retype the text, or paste it as plain text (Paste Special › Text).")
        return text
    if isinstance(raw, bool):
        raise ValueProblem("not-text", "holds TRUE/FALSE, not text", "Type the text itself.")
    if isinstance(raw, (int, float)):
        if abs(raw) >= 1e15:
            raise ValueProblem(
                "long-number", f"{column.name} holds the number {describe(raw)}, longer than "
                "the 15 digits a spreadsheet keeps, so its last digits may have been lost",
                "Format the cell as Text and type the value again.")
        return describe(raw)
    if isinstance(raw, (date, datetime, timedelta)):
        raise ValueProblem(
            "date-in-text-column",
            f"holds a date ({describe(raw)}) but {column.name} takes text; the spreadsheet "
            "probably turned what was typed into a date",
            "Format the cell as Text and type the words again.",
        )
    raise ValueProblem("not-text", f"holds {describe(raw)!r}, not text")


def parse_list(raw: Any, column: Column) -> tuple[str, ...]:
    text = parse_text(raw, column)
    return tuple(p.strip() for p in re.split(r"[;\n]", text) if p.strip())


def parse_whole(raw: Any, column: Column) -> int:
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
        raise ValueProblem(
            "not-a-whole-number",
            f"{column.name} must be a whole number; the cell holds {describe(raw)!r}",
            "Type a whole number such as 12.",
        )
    if value < 0:
        raise ValueProblem(
            "negative-number",
            f"{column.name} cannot be negative; the cell holds {describe(raw)}",
            "Type zero or a positive whole number.",
        )
    return int(value)


def parse_date(raw: Any, column: Column) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise ValueProblem(
            "number-in-date-column",
            f"{column.name} holds the number {describe(raw)}, not a date"
            + _serial_guess(raw),
            "Format the cell as a date, or type the date as 21 October 2024 or 2024-10-21.",
        )
    text = str(raw).strip()
    if m := _ISO_DATE.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), raw, column)
    if m := _DAY_MONTH_YEAR.fullmatch(text):
        return _make_date(int(m[3]), _month(m[2], raw, column), int(m[1]), raw, column)
    if m := _MONTH_DAY_YEAR.fullmatch(text):
        return _make_date(int(m[3]), _month(m[1], raw, column), int(m[2]), raw, column)
    if _NUMERIC_DATE.fullmatch(text):
        raise ValueProblem(
            "ambiguous-date",
            f"{column.name} holds {text!r}, which reads differently in different countries "
            "(day/month or month/day)",
            "Type the date with the month in words, e.g. 21 October 2024, or as 2024-10-21.",
        )
    raise ValueProblem(
        "not-a-date",
        f"{column.name} holds {describe(raw)!r}, which is not a date",
        "Type the date as 21 October 2024 or 2024-10-21, or use a date cell.",
    )


def parse_month(raw: Any, column: Column) -> date:
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
        except ValueProblem:
            pass
    raise ValueProblem(
        "not-a-month",
        f"{column.name} holds {describe(raw)!r}, which is not a month",
        'Type a month and year, e.g. "April 2024".',
    )


def parse_choice(raw: Any, column: Column) -> StrEnum:
    assert column.choice is not None
    text = parse_text(raw, column)
    found = column.choice.spellings.get(match_key(text))
    if found is None:
        raise ValueProblem(
            "unknown-choice",
            f"{text!r} is not a known {column.name.lower()}",
            "Use one of: " + ", ".join(column.choice.allowed) + ".",
        )
    return found


def parse_country(raw: Any, column: Column) -> str:
    text = parse_text(raw, column)
    name, suggestion = countries.resolve(text)
    if name:
        return name
    hint = (f'Write "{suggestion}", the United Nations short name.' if suggestion
            else "Use the United Nations short name of the country, e.g. "
                 "United Republic of Tanzania.")
    raise ValueProblem("unknown-country",
                       f"{text!r} is not a United Nations short name of a country", hint)


def parse_symbol(raw: Any, column: Column) -> str:
    # A symbol is written in capitals, its revisions and addenda as words ("Add.1"), whatever
    # case an editor typed it in.
    text = _REVISION.sub(lambda m: m.group().capitalize(), parse_text(raw, column).upper())
    parts = _DASHES.split(text) if not _SYMBOL.fullmatch(text) else [text]
    if all(_SYMBOL.fullmatch(p) for p in parts) and len(parts) <= 3:
        return "–".join(parts)
    raise ValueProblem(
        "invalid-symbol",
        f"{text!r} is not a United Nations document symbol",
        "Use a symbol such as E/CN.16/2025/3, E/2025/31 or A/80/64–E/2025/12.",
    )


def parse_session(raw: Any, column: Column) -> str:
    """A session number (28, "28th session") or name ("2025 session"), as the masthead
    prints it: numbers spelled out ("Twenty-eighth session"), other text as typed."""
    if isinstance(raw, (int, float)) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))
    text = parse_text(raw, column)
    name = session_name(text)
    if name is None:
        raise ValueProblem(
            "not-a-session", f"{column.name} holds {describe(raw)!r}, which is not a session "
            "number", 'Type the session as it is named, e.g. "Twenty-eighth session", 28, '
            '"2025 session" or "Inter-sessional panel 2024–2025".')
    return name


def _month(name: str, raw: Any, column: Column) -> int:
    number = MONTHS.get(name.casefold())
    if number is None:
        raise ValueProblem("not-a-date", f"{column.name} holds {describe(raw)!r}: "
                           f"{name!r} is not a month name",
                           "Write the month in English, e.g. 21 October 2024.")
    return number


def _make_date(year: int, month: int, day: int, raw: Any, column: Column) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem("not-a-date", f"{column.name} holds {describe(raw)!r}, "
                           "which is not a real calendar date",
                           "Check the day and month.") from None


def _serial_guess(raw: float) -> str:
    if 1 <= raw < 2958466:
        guess = _EXCEL_EPOCH + timedelta(days=int(raw))
        return f" (as a spreadsheet date it would be {guess.day} {MONTH_NAMES[guess.month - 1]} {guess.year})"
    return ""


PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": parse_text,
    "list": parse_list,
    "whole": parse_whole,
    "date": parse_date,
    "month": parse_month,
    "choice": parse_choice,
    "country": parse_country,
    "symbol": parse_symbol,
    "session": parse_session,
}
