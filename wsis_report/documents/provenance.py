"""Values that know which record and field they came from, through the house-style filters.

A template sees the facts as these values: a message's text is a ``str`` that also carries
``(("key-message:Europe:3", "text"),)``, a date a ``date`` that carries its record and
field, a count of consultations an ``int`` that carries the status of each one counted.
The filters keep that origin (``21 October 2024`` still knows it is the Documents row's
date), and ``join_present`` keeps each part's. When a tag writes such a value, rendering
marks it (``ranges.py``), so the map says which record and cell each piece of text shows,
with no search of the text afterwards.

Operators the sandbox does not let us see (``~``, ``+`` on strings) give plain text, which
the map then counts as the template's own.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from enum import Enum
from typing import Any, Callable, Iterable

from markupsafe import Markup

Origin = tuple[str, str]  # (record key, field), as in the document's snapshot
Origins = tuple[Origin, ...]


# The keys of the records (``review/snapshot/facts.py`` writes the records under them).
def consultation_key(c: Any) -> str:
    return f"consultation:{c.id}"


def message_key(m: Any) -> str:
    return f"key-message:{getattr(m.group, 'value', m.group)}:{m.number}"


def finding_key(f: Any) -> str:
    return f"finding:{f.number}"


def recommendation_key(r: Any) -> str:
    return f"recommendation:{r.number}"


def milestone_key(index: int) -> str:
    """Timetable rows have no identifier: by position, from 1."""
    return f"milestone:{index}"


def document_key(stage: Any) -> str:
    return f"document:{getattr(stage, 'value', stage)}"


def tally_key(kind: str, label: Any) -> str:
    """``kind``: "by-group" or "by-region"."""
    return f"{kind}:{getattr(label, 'value', label)}"


SURVEY_KEY = "survey"
SESSION_OUTCOME_KEY = "session-outcome"


def deliberation_key(d: Any) -> str:
    return f"deliberation:{d.number}"


class SourcedStr(str):
    """Text with its origins; ``_parts`` (start, end, origins) when pieces of it come from
    different places ("Geneva, 21–23 May 2024")."""

    _origins: Origins
    _parts: tuple[tuple[int, int, Origins], ...] = ()


class SourcedInt(int):
    _origins: Origins


class SourcedFloat(float):
    _origins: Origins


class SourcedDate(date):
    _origins: Origins


class SourcedList(list):
    """A list whose length is a fact: the consultations held, counted from their status."""

    _origins: Origins


_TYPES: tuple[tuple[type, type], ...] = ((str, SourcedStr), (bool, bool), (int, SourcedInt),
                                         (float, SourcedFloat), (date, SourcedDate))


def origins_of(value: Any) -> Origins:
    return getattr(value, "_origins", ())


def sourced(value: Any, origins: Origins | Origin) -> Any:
    """``value`` carrying ``origins``; None, markup and other kinds are given back as they
    are (and a Markup keeps its own marks)."""
    if not origins or value is None or isinstance(value, Markup):
        return value
    if isinstance(origins[0], str):
        origins = (origins,)  # type: ignore[assignment]
    if isinstance(value, (tuple, list)):
        return type(value)(sourced(v, origins) for v in value)
    for base, kind in _TYPES:
        if isinstance(value, base):
            if kind is bool:
                return value
            if isinstance(value, datetime):
                return value  # no template is given one
            out = SourcedDate(value.year, value.month, value.day) if kind is SourcedDate \
                else kind(value)
            out._origins = origins  # type: ignore[union-attr]
            return out
    return value


def field_of(record: Any, key: str, name: str) -> Any:
    """``record.name``, carrying ``(key, name)``; an enum as its value (as typed)."""
    value = getattr(record, name)
    return sourced(value.value if isinstance(value, Enum) else value, (key, name))


class Shown:
    """A record as a template sees it: every field read carries the record's key and the
    field's name (``doc.title``, ``m.start``). Read through attributes only."""

    __slots__ = ("_record", "_key")

    def __new__(cls, record: Any, key: str) -> "Shown":
        # named as the record's own class, so that a template's mistake reads as before:
        # "'...records.Document object' has no attribute 'titel'"
        kind = _SHOWN.get(type(record))
        if kind is None:
            kind = _SHOWN[type(record)] = type(type(record).__name__, (Shown,), {
                "__slots__": (), "__module__": type(record).__module__})
        return object.__new__(kind)

    def __init__(self, record: Any, key: str) -> None:
        self._record, self._key = record, key

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return field_of(self._record, self._key, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and (self._record, self._key) == (other._record,
                                                                         other._key)

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"Shown({self._key})"


_SHOWN: dict[type, type] = {}


def counted(items: Iterable[Any], origins: Iterable[Origin]) -> SourcedList:
    out = SourcedList(items)
    out._origins = tuple(origins)
    return out


def composed(pieces: Iterable[Any], separator: str = "") -> Any:
    """The pieces joined, each keeping its own origins as a part of the whole."""
    texts, parts, at = [], [], 0
    for piece in pieces:
        text = str(piece)
        if texts:
            at += len(separator)
        inner = getattr(piece, "_parts", ())
        if inner:  # a piece that is itself composed keeps its parts
            parts += [(at + start, at + end, origins) for start, end, origins in inner]
        elif origins_of(piece) and text:
            parts.append((at, at + len(text), origins_of(piece)))
        texts.append(text)
        at += len(text)
    whole = separator.join(texts)
    if not parts:
        return whole
    out = SourcedStr(whole)
    out._origins = tuple(dict.fromkeys(o for _, _, os in parts for o in os))
    out._parts = tuple(parts)
    return out


def _gathered(values: Iterable[Any]) -> Origins:
    found: dict[Origin, None] = {}
    for value in values:
        if isinstance(value, (list, tuple)) and not origins_of(value):
            for item in value:
                found.update(dict.fromkeys(origins_of(item)))
        else:
            found.update(dict.fromkeys(origins_of(value)))
    return tuple(found)


def keeping(f: Callable[..., Any]) -> Callable[..., Any]:
    """Filter ``f``, whose text (or number) carries the origins of the values given to it:
    ``un_date``, ``number``, ``upper``, ``length``… A value it gives back as it was (``first``)
    keeps its own."""
    @functools.wraps(f)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        out = f(*args, **kwargs)
        if out is None or origins_of(out) or isinstance(out, (bool, Markup)) or \
                not isinstance(out, (str, int, float, date)):
            return out
        return sourced(out, _gathered([*args, *kwargs.values()]))
    return filtered


def _place(style_place: Callable[[Any], str]) -> Callable[[Any], Any]:
    def place(consultation: Any) -> Any:
        text = style_place(consultation)
        city, country = getattr(consultation, "city", None), getattr(consultation, "country", None)
        if city and country and text == f"{city}, {country}":
            return composed([city, country], ", ")
        for value in (city, country):
            if value and text == value:
                return sourced(text, origins_of(value))
        return text
    return place


def _when(style_when: Callable[[Any], str]) -> Callable[[Any], Any]:
    def when(consultation: Any) -> Any:
        text = style_when(consultation)
        note = getattr(consultation, "date_note", None)
        start = getattr(consultation, "start", None)
        planned_note = getattr(consultation, "status", None) == "Planned" and note
        shown = [note] if planned_note or not start else \
            [start, getattr(consultation, "end", None)]
        return sourced(text, _gathered(shown)) if text else text
    return when


def _join_present(parts: Any, separator: str = ", ") -> Any:
    present = [p for p in parts if p is not None and str(p).strip()]
    stripped = [sourced(str(p).strip(), origins_of(p)) if str(p) != str(p).strip() else p
                for p in present]
    return composed(stripped, separator)


# Filters whose result is wording, not a fact: which word agrees, a list label.
NOT_FACTS = {"agree", "sub_label", "letter", "roman"}


def sourced_filters(filters: dict[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
    """``filters`` (Jinja's and the house style's) keeping origins."""
    out = {}
    for name, f in filters.items():
        if name in NOT_FACTS:
            out[name] = f
        elif name == "place":
            out[name] = _place(f)
        elif name == "when":
            out[name] = _when(f)
        elif name == "join_present":
            out[name] = _join_present
        else:
            out[name] = keeping(f)
    return out
