"""What changed in the facts between two snapshots, record by record and field by field.

Records are matched by their identity: a consultation by its ID, a document by its stage,
a tally by its label. Key messages, findings, recommendations and timetable rows have no
ID, only a place: they are matched by their text (``pairing.py``), so a message found
again under another number or group is moved, and one moved and a little edited is moved
and edited, not one removed and another added. A consultation shown as held only because
the newer stage's date is later says so.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from ...inputs.contract.stages import STAGES
from ...inputs.contract.workbooks import CONTRACT
from ..snapshot.facts import KINDS
from .pairing import pair

# Workbooks and sheets in the order of the contract, as editors know them.
SHEET_ORDER = {(book.filename, sheet.name): (i, j) for i, book in enumerate(CONTRACT)
               for j, sheet in enumerate(book.sheets)}

TEXT_KINDS = ("key-message", "finding", "recommendation", "milestone", "deliberation")


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
    moved_from: str | None = None  # an edited record that also moved: where it was

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
    if kind == "deliberation":
        return f"deliberations, point {v.get('number')}"
    if kind == "session-outcome":
        return "session outcome"
    if kind == "milestone":
        return f"timetable: {_short(v.get('text', ''))}"
    if kind == "document":
        return f"{v.get('stage')} document"
    if kind in ("by-group", "by-region"):
        return v.get("label", "")
    if kind == "survey":
        return "survey"
    return f"{KINDS.get(kind, kind)} {record['key']}"


def _short(text: str, words: int = 6) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _make(kind: str, record: dict, field: str | None = None, before: Any = None,
          after: Any = None, moved_from: str | None = None) -> Change:
    cells = record.get("cells") or {}
    cell = cells.get(field) if field else None
    if cell is None and field is None and cells:
        cell = cells.get("text") or next(iter(cells.values()))
    if cell is None and record.get("row"):
        cell = f"row {record['row']}"
    return Change(kind, record["kind"], record["key"], name_of(record),
                  record.get("workbook", ""), record.get("sheet", ""), cell, field,
                  before, after, moved_from)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from snapshot ``old`` to snapshot ``new``, in workbook order."""
    olds = {r["key"]: r for r in old["records"]}
    news = {r["key"]: r for r in new["records"]}
    changes: list[Change] = []
    paired: list[tuple[dict, dict]] = []
    for kind in TEXT_KINDS:
        o = [r for r in olds.values() if r["kind"] == kind]
        n = [r for r in news.values() if r["kind"] == kind]
        pairs, gone, come = pair(o, n)
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


def _field_changes(before: dict, after: dict) -> list[Change]:
    out = []
    if before["key"] != after["key"]:
        out.append(_make("moved", after, None, name_of(before), name_of(after)))
    old, new = before["values"], after["values"]
    moved = name_of(before) if before["key"] != after["key"] else None
    for field in sorted(old.keys() | new.keys()):
        if field in ("number", "group") and moved:
            continue  # said by "moved"
        if old.get(field) != new.get(field):
            kind = "edited" if field == "text" else "changed"
            if field == "status" and old.get(field) == "Planned" and new.get(field) == "Held":
                kind = "held"
            out.append(_make(kind, after, field, old.get(field), new.get(field),
                             moved if kind == "edited" else None))
    shown_old, shown_new = (before.get("shown") or {}).get("status"), \
        (after.get("shown") or {}).get("status")
    if shown_old != shown_new and old.get("status") == new.get("status"):
        out.append(_make("as-of", after, "status", shown_old, shown_new))
    return out


def different_reports(old: dict[str, Any], new: dict[str, Any], old_name: str,
                      new_name: str) -> list[str]:
    """Why OLD may not be an earlier version of NEW's report: NEW's workbooks give OLD's
    stage another title (or none), or OLD is of a later stage. Named as the redline names
    them: both titles, and their stages."""
    stage, title = old.get("stage"), old.get("title")
    known = next((r for r in new.get("records", ()) if r.get("key") == f"document:{stage}"),
                 None)
    same = known is not None and (known.get("values") or {}).get("title") == title
    order = list(STAGES)
    later = stage in order and new.get("stage") in order and \
        order.index(stage) > order.index(new.get("stage"))
    if same and not later and (old.get("stage") != new.get("stage") or
                               title == new.get("title")):
        return []
    stages = f" ({stage} and {new.get('stage')} stages)" if stage and new.get("stage") else ""
    return [f"{old_name} is “{title}” and {new_name} is “{new.get('title')}”{stages}: check "
            "that OLD is the earlier version of the same report."]


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
