"""What changed in the facts between two snapshots, record by record and field by field.

Records are matched by their key (ID, group and number, stage, label). A message, finding
or recommendation whose text is found again under another number or group is reported as
moved, not as one removed and one added; so is one whose text is only a little edited. A
consultation shown as held only because the newer stage's date is later says so.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from ...inputs.contract.workbooks import CONTRACT
from ..snapshot.facts import KINDS

# Workbooks and sheets in the order of the contract, as editors know them.
SHEET_ORDER = {(book.filename, sheet.name): (i, j) for i, book in enumerate(CONTRACT)
               for j, sheet in enumerate(book.sheets)}

TEXT_KINDS = ("key-message", "finding", "recommendation", "milestone")
SIMILAR = 0.6  # a text this close to a removed one is the same item, edited and moved


@dataclass(frozen=True)
class Change:
    """One difference, located to the cell on the newer side (the older, if removed)."""

    kind: str  # added, removed, edited, moved, held, as-of, changed
    record_kind: str
    key: str
    record: str  # as a reader names it: "Europe, message 3"
    workbook: str
    sheet: str
    cell: str | None
    field: str | None = None
    before: Any = None
    after: Any = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def name_of(record: dict[str, Any]) -> str:
    v, kind = record["values"], record["kind"]
    if kind == "consultation":
        return f"{v.get('title')} ({v.get('id')})"
    if kind == "key-message":
        return f"{v.get('group')}, message {v.get('number')}"
    if kind in ("finding", "recommendation"):
        return f"{kind} {v.get('number')}"
    if kind == "milestone":
        return f"timetable: {_short(v.get('text', ''))}"
    if kind == "document":
        return f"{v.get('stage')} document"
    if kind in ("by-group", "by-region"):
        return v.get("label", "")
    return "survey"


def _short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _make(kind: str, record: dict, field: str | None = None, before: Any = None,
          after: Any = None) -> Change:
    cells = record.get("cells") or {}
    cell = cells.get(field) if field else None
    if cell is None and field is None and cells:
        cell = cells.get("text") or next(iter(cells.values()))
    if cell is None and record.get("row"):
        cell = f"row {record['row']}"
    return Change(kind, record["kind"], record["key"], name_of(record),
                  record.get("workbook", ""), record.get("sheet", ""), cell, field,
                  before, after)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from snapshot ``old`` to snapshot ``new``, in workbook order."""
    olds = {r["key"]: r for r in old["records"]}
    news = {r["key"]: r for r in new["records"]}
    changes: list[Change] = []
    paired: list[tuple[dict, dict]] = []
    for kind in TEXT_KINDS:
        o = [r for r in olds.values() if r["kind"] == kind]
        n = [r for r in news.values() if r["kind"] == kind]
        pairs, gone, come = _pair_texts(o, n)
        paired += pairs
        changes += [_make("removed", r, None, r["values"].get("text")) for r in gone]
        changes += [_make("added", r, None, None, r["values"].get("text")) for r in come]
    for key in olds.keys() & news.keys():
        if olds[key]["kind"] not in TEXT_KINDS:
            paired.append((olds[key], news[key]))
    for key in olds.keys() - news.keys():
        if olds[key]["kind"] not in TEXT_KINDS:
            changes.append(_make("removed", olds[key]))
    for key in news.keys() - olds.keys():
        if news[key]["kind"] not in TEXT_KINDS:
            changes.append(_make("added", news[key]))
    for before, after in paired:
        changes += _field_changes(before, after)
    order = {r["key"]: i for i, r in enumerate(new["records"])}
    order.update({k: len(order) + i for i, k in enumerate(olds) if k not in order})
    return sorted(changes, key=lambda c: (SHEET_ORDER.get((c.workbook, c.sheet), (9, 9)),
                                          c.workbook, c.sheet, order.get(c.key, 0),
                                          c.field or ""))


def _pair_texts(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]],
                                                           list[dict], list[dict]]:
    """Same text first (wherever it now stands), then same key, then similar text."""
    pairs, old, new = [], list(old), list(new)
    for match in (lambda a, b: a["values"].get("text") == b["values"].get("text"),
                  lambda a, b: a["key"] == b["key"],
                  lambda a, b: difflib.SequenceMatcher(
                      None, a["values"].get("text", ""), b["values"].get("text", "")
                  ).ratio() >= SIMILAR):
        for a in list(old):
            b = next((b for b in new if match(a, b)), None)
            if b is not None:
                pairs.append((a, b))
                old.remove(a)
                new.remove(b)
    return pairs, old, new


def _field_changes(before: dict, after: dict) -> list[Change]:
    out = []
    if before["key"] != after["key"]:
        out.append(_make("moved", after, None, name_of(before), name_of(after)))
    old, new = before["values"], after["values"]
    for field in sorted(old.keys() | new.keys()):
        if field in ("number", "group") and before["key"] != after["key"]:
            continue  # said by "moved"
        if old.get(field) != new.get(field):
            kind = "edited" if field == "text" else "changed"
            if field == "status" and old.get(field) == "Planned" and new.get(field) == "Held":
                kind = "held"
            out.append(_make(kind, after, field, old.get(field), new.get(field)))
    shown_old, shown_new = (before.get("shown") or {}).get("status"), \
        (after.get("shown") or {}).get("status")
    if shown_old != shown_new and old.get("status") == new.get("status"):
        out.append(_make("as-of", after, "status", shown_old, shown_new))
    return out


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``before`` -> ``after`` as (op, text) runs, word by word: op is "=", "-" or "+"."""
    a, b = before.split(" "), after.split(" ")
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            runs.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            runs.append(("+", " ".join(b[j1:j2])))
    return runs


def marked(before: str, after: str) -> str:
    """The word diff in text: ``[-old words-]{+new words+}``."""
    out, last = "", ""
    for op, text in word_diff(before, after):
        piece = text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}"
        out += ("" if not out or (last, op) == ("-", "+") else " ") + piece
        last = op
    return out


def kind_label(record_kind: str) -> str:
    return KINDS.get(record_kind, record_kind)
