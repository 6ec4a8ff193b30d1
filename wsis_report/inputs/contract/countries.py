"""United Nations short names of countries, their capitals and common other forms."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", text.casefold()).strip()


@cache
def _data() -> dict:
    return json.loads((Path(__file__).parent / "data" / "countries.json").read_text("utf-8"))


@cache
def _names() -> dict[str, str]:
    return {_key(s["name"]): s["name"] for s in _data()["states"]}


@cache
def _aliases() -> dict[str, str]:
    return {_key(k): v for k, v in _data()["aliases"].items()}


@cache
def _capitals() -> dict[str, frozenset[str]]:
    return {s["name"]: frozenset(_key(c) for c in s["capitals"]) for s in _data()["states"]}


def names() -> list[str]:
    return list(_names().values())


def other_forms() -> dict[str, str]:
    """Other forms as typed ("Tanzania", "UAE") -> the United Nations short name."""
    return dict(_data()["aliases"])


def resolve(text: str) -> tuple[str | None, str | None]:
    """``(short name, None)`` when ``text`` is one; else ``(None, suggestion or None)``."""
    key = _key(text)
    if key in _names():
        return _names()[key], None
    if key in _aliases():
        return None, _aliases()[key]
    pool = {**_aliases(), **{k: v for k, v in _names().items()}}
    import difflib

    close = difflib.get_close_matches(key, list(pool), n=1, cutoff=0.8)
    return None, (pool[close[0]] if close else None)


def place(city: str | None, country: str | None) -> str:
    """A place as United Nations documents write it: the city, then the country
    unless the city is the capital or one of the cities written alone."""
    if not city:
        return country or ""
    if not country or _key(city) in {_key(c) for c in _data()["unqualified_cities"]}:
        return city
    if _key(city) in _capitals().get(country, frozenset()):
        return city
    return f"{city}, {country}"
