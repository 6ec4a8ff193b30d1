"""What a snapshot must look like before anything reads it: a snapshot whose checksum
matches can still be one this toolkit never wrote (made by hand, or by a script that
recomputed the hash), and ``facts``, ``changes`` and ``comments`` index into it freely.

``problem`` names the first thing out of place in plain words ("lacks 'records'",
"records[3].values.total is not a whole number"), so that the command can name the file
and go on with the others instead of stopping on a KeyError. Keys this version does not
know are allowed: a later toolkit may add them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

_DATES = ("start", "end", "circulated", "closing")
_NUMBERS = ("total", "responses")
_TEXTS = ("text", "label", "title")


def problem(snapshot: dict[str, Any]) -> str | None:
    """What is wrong with ``snapshot``, or None when it has the shape this toolkit reads."""
    for name, kind in (("records", list), ("paragraphs", list), ("sources", dict)):
        if name not in snapshot:
            return f"lacks '{name}'"
        if not isinstance(snapshot[name], kind):
            return f"has '{name}' that is not a {'list' if kind is list else 'table'}"
    for name in ("stage", "title", "toolkit"):
        if snapshot.get(name) is not None and not isinstance(snapshot[name], str):
            return f"has a '{name}' that is not text"
    if snapshot.get("as_of") is not None and not _iso(snapshot["as_of"]):
        return "has an 'as_of' that is not a date"
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in snapshot["sources"].items()):
        return "has 'sources' that are not file names and hashes"
    for i, record in enumerate(snapshot["records"]):
        found = _record(record)
        if found:
            return f"records[{i}]{found}"
    for i, entry in enumerate(snapshot["paragraphs"]):
        found = _paragraph(entry)
        if found:
            return f"paragraphs[{i}]{found}"
    ranges = snapshot.get("ranges")
    if ranges is not None and not (isinstance(ranges, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(
                isinstance(o, list) and all(isinstance(x, str) for x in o) for o in v)
            for k, v in ranges.items())):
        return "has 'ranges' that are not names of records and fields"
    return None


def _iso(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _record(record: Any) -> str | None:
    if not isinstance(record, dict):
        return " is not a record"
    for name, kind, words in (("key", str, "text"), ("kind", str, "text"),
                              ("values", dict, "a table")):
        if name not in record:
            return f" lacks '{name}'"
        if not isinstance(record[name], kind):
            return f".{name} is not {words}"
    for name in ("workbook", "sheet", "note"):
        if record.get(name) is not None and not isinstance(record[name], str):
            return f".{name} is not text"
    if record.get("row") is not None and (not isinstance(record["row"], int)
                                          or isinstance(record["row"], bool)):
        return ".row is not a row number"
    for name in ("cells", "shown"):
        table = record.get(name)
        if table is not None and not (isinstance(table, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in table.items())):
            return f".{name} is not a table of cells"
    for name, value in record["values"].items():
        if value is None:
            continue
        if name in _TEXTS and not isinstance(value, str):
            return f".values.{name} is not text"
        if name in _NUMBERS and (not isinstance(value, int) or isinstance(value, bool)):
            return f".values.{name} is not a whole number"
        if name in _DATES and not _iso(value):
            return f".values.{name} is not a date"
        if not _plain(value):
            return f".values.{name} is not a value a workbook holds"
    return None


def _plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(v, (str, int, float, bool)) or v is None for v in value)
    return isinstance(value, (str, int, float, bool))


def _paragraph(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return " is not a paragraph entry"
    if not isinstance(entry.get("id"), str):
        return " lacks its 'id'"
    for name in ("label", "template", "section", "excerpt", "kind"):
        if entry.get(name) is not None and not isinstance(entry[name], str):
            return f".{name} is not text"
    sources = entry.get("sources")
    if sources is None:
        return None
    if not isinstance(sources, list):
        return ".sources is not a list"
    for j, source in enumerate(sources):
        if not (isinstance(source, dict) and isinstance(source.get("key"), str)
                and isinstance(source.get("cells", []), list)
                and all(isinstance(c, str) for c in source.get("cells", []))):
            return f".sources[{j}] is not a record's key and cells"
    return None
