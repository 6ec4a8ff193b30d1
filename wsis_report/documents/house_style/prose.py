"""Facts as running text, as a United Nations editor would write them: a consultation as a
sentence ("The launch of …, held at the IGF 2023 in Kyoto, Japan, on 10 October 2023, in a
hybrid format"), a title with its article, a name in short once it is spelled out, a list's
fragments punctuated as one sentence.

Each filter keeps the origin of every value it writes (``provenance.py``): the city, the
country, the date and the host event of a consultation are each a part of the sentence that
knows its cell, so that a reviewer's comment on "Kyoto" is led back to the City cell.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ..provenance import composed, origins_of, sourced
from .style import ACRONYMS, place, when

# Words a consultation's title may start with that are no name, so take "the" and a small
# letter in running text ("the launch of…", "the second global consultation"). Any other
# first word (a place, an organization, "UNCTAD") keeps its capital: a name is never lowered.
_COMMON_OPENINGS = frozenset("""
    annual closing consultation consultations dialogue expert final first fourth global
    high-level joint launch meeting multistakeholder national online open opening panel
    regional round second session special subregional third webinar workshop""".split())
_FORMATS = {"hybrid": "in a hybrid format", "in person": "in person", "online": "online"}


def _keep(value: Any, text: str) -> Any:
    """``text``, carrying ``value``'s origins."""
    return sourced(text, origins_of(value)) if text else text


def with_article(text: Any) -> Any:
    """"Launch of the series" -> "the launch of the series"; "UNCTAD eWeek 2023" -> "the
    UNCTAD eWeek 2023": a title or an event as running text names it. Text that already
    opens with an article keeps it (in a small letter)."""
    if not text:
        return ""
    plain = str(text)
    first, _, rest = plain.partition(" ")
    if first.casefold() in ("the", "a", "an"):
        return _keep(text, first.lower() + plain[len(first):])
    if first.casefold() in _COMMON_OPENINGS and first[:1].isupper() and first[1:].islower():
        return _keep(text, f"the {first.lower()} {rest}".rstrip())
    return _keep(text, f"the {plain}")


def abbreviated(text: Any) -> Any:
    """An editor's text with each of ACRONYMS that the templates spell out before it written
    as its acronym ("Internet Governance Forum 2023" -> "IGF 2023"): a name is spelled out
    once, then used in short. "…Forum (IGF)" as typed keeps its full form."""
    plain = str(text or "")
    for acronym, full in ACRONYMS.items():
        plain = re.sub(rf"\b(?:the )?{re.escape(full)}\b(?! \({acronym}\))", acronym, plain)
    return _keep(text, plain)


def as_format(value: Any) -> Any:
    """A consultation's format as running text: "in a hybrid format", "in person", "online"."""
    plain = str(value or "")
    return _keep(value, _FORMATS.get(plain.casefold(), plain))


def occasion(consultation: Any) -> Any:
    """Where and when a consultation was held, as running text, each value a part that keeps
    its cell: "held at the IGF 2023 in Kyoto, Japan, on 10 October 2023"; "to be held in
    Santiago in mid-November 2024"; "held on 9 October 2024" online."""
    status = str(getattr(consultation, "status", "Held"))
    verb = {"Planned": "to be held", "Cancelled": "planned"}.get(status, "held")
    host = getattr(consultation, "host_event", None)
    pieces: list[Any] = [verb]
    if host:
        pieces += [" at ", with_article(abbreviated(host))]
    city, country = getattr(consultation, "city", None), getattr(consultation, "country", None)
    where = place(consultation)
    if where != "online":
        pieces.append(" in ")
        if city and country and where == f"{city}, {country}":
            pieces += [city, ", ", country, ","]  # "in Kyoto, Japan, on …"
        else:
            pieces.append(city if city and where == str(city) else
                          _keep(country, where) if country and where == str(country) else where)
    day = when(consultation)
    if day:
        note = getattr(consultation, "date_note", None)
        noted = status == "Planned" and note
        start, end = getattr(consultation, "start", None), getattr(consultation, "end", None)
        shown = sourced(day, origins_of(note) if noted or not start else
                        tuple(o for v in (start, end) for o in origins_of(v)))
        pieces += [" in " if noted or not day[:1].isdigit() else " on ", shown]
    elif pieces[-1] == ",":
        pieces.pop()
    if status == "Cancelled":
        pieces.append(", but was cancelled")
    return composed(pieces)


def occasions(consultations: Any) -> Any:
    """Several consultations' occasions joined: "held in Kyoto, Japan, on 10 October 2023 and
    in Geneva on 4 December 2023" (the verb and host event said once, for the first)."""
    found = [occasion(c) for c in consultations or ()]
    pieces: list[Any] = []
    for n, text in enumerate(found):
        if n:
            pieces.append(" and " if n == len(found) - 1 else ", ")
            cut = re.match(r"(?:held|to be held|planned)(?: at .*?(?= in | on |$))?\s*",
                           str(text))
            text = _drop(text, cut.end() if cut else 0)
        pieces.append(text)
    return composed(pieces)


def _drop(text: Any, n: int) -> Any:
    """``text`` without its first ``n`` characters, its parts kept where they remain."""
    parts = getattr(text, "_parts", ())
    rest = str(text)[n:]
    if not parts or not rest:
        return rest
    out = sourced(rest, origins_of(text))
    kept = tuple((start - n, end - n, o) for start, end, o in parts if start >= n)
    if kept:
        out._parts = kept  # type: ignore[union-attr]
    return out


def as_item(text: Any, loop: Any = None) -> Any:
    """A subparagraph that completes its lead-in: its final full stop becomes a semicolon,
    the last item's stays a full stop, so that a list of fragments is punctuated as one."""
    plain = str(text or "").rstrip()
    last = getattr(loop, "last", True)
    if plain.endswith((";", ".")):
        plain = plain[:-1]
    if plain.endswith(("?", "!")):
        return composed([_keep(text, plain)])
    return composed([_keep(text, plain), "." if last else ";"])


FILTERS: dict[str, Callable[..., Any]] = {
    f.__name__: f for f in (with_article, abbreviated, as_format, occasion, occasions, as_item)}
