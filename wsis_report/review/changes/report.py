"""The change log as a reader gets it: a short report on the console, the same entries as
JSON, or a table a reviewer can filter (.xlsx, with edits shown word by word)."""

from __future__ import annotations

import io
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from ...documents.house_style import style
from ...documents.output import write_atomic
from ...documents.sheet_order import office_order
from ..comments.matrix.cells import LIMIT, as_text, cut, quote_style, units
from .compare import Change, kind_label, marked, word_diff

STAGE_NAMES = {"progress": "progress report", "draft": "draft report", "ecosoc": "final report"}
COLUMNS = ("Workbook", "Sheet", "Cell", "Record", "Field", "Before", "After", "Kind")


def _day(iso: str) -> str:
    """A date as the house style writes it, with plain spaces: this is console text, not
    typesetting."""
    return style.un_date(date.fromisoformat(iso)).replace("\u00a0", " ")


def describe(snapshot: dict[str, Any]) -> str:
    """"the progress report of 21 October 2024"."""
    name = STAGE_NAMES.get(snapshot.get("stage", ""), "report")
    day = snapshot.get("as_of")
    return f"the {name} of {_day(day)}" if day else f"the {name}"


def totals(snapshot: dict[str, Any]) -> int | None:
    survey = next((r for r in snapshot["records"] if r["kind"] == "survey"), None)
    return survey["values"].get("total") if survey else None


def shown(value: Any) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or "(blank)"
    if isinstance(value, str):
        try:
            return _day(value)
        except ValueError:
            return value
    if isinstance(value, int):
        return style.grouped(value)
    return str(value)


def _count(n: int, what: str, plural: str | None = None) -> str:
    return f"{style.number(n)} {what if n == 1 else plural or what + 's'}"


def summary(changes: list[Change], old: dict, new: dict) -> str:
    """One sentence: "Since the progress report of 21 October 2024: one consultation held
    (…); 4 key messages added; total responses 112 → 131."."""
    since = f"Since {describe(old)}"
    if not changes:
        return f"No changes {since[0].lower()}{since[1:]}."
    parts = []
    held = [c for c in changes if c.kind == "held"]
    if held:
        news = {r["key"]: r for r in new["records"]}
        places = "; ".join(_where(news[c.key]) for c in held if c.key in news)
        parts.append(f"{_count(len(held), 'consultation')} held ({places})")
    as_of = [c for c in changes if c.kind == "as-of"]
    if as_of:
        parts.append(f"{_count(len(as_of), 'consultation')} shown as "
                     f"{as_of[0].after.lower()} because of the later date alone")
    for kind in ("added", "removed", "moved", "edited"):
        by_record = sorted(c.record_kind for c in changes if c.kind == kind)
        for record_kind, group in groupby(by_record):
            parts.append(f"{_count(len(list(group)), kind_label(record_kind))} {kind}")
    others = [c for c in changes if c.kind == "changed" and c.record_kind not in
              ("survey", "by-group", "by-region")]
    if others:
        parts.append(f"{_count(len(others), 'other value')} changed")
    total = next((c for c in changes if c.key == "survey" and c.field == "total"), None)
    if total:
        parts.append(f"total responses {shown(total.before)} → {shown(total.after)}")
    tallies = [c for c in changes if c.record_kind in ("by-group", "by-region")]
    if tallies:
        parts.append(f"{_count(len(tallies), 'tally', 'tallies')} changed")
    return f"{since}, {describe(new)} shows: " + "; ".join(parts) + "."


def _where(record: dict[str, Any]) -> str:
    v = record["values"]
    start = v.get("start")
    bits = [v.get("region") or v.get("title"), v.get("city"),
            _day(start) if start else v.get("date_note")]
    return ", ".join(b for b in bits if b)


def change_line(c: Change, old_total: int | None, new_total: int | None) -> str:
    if c.kind == "added":
        return f"added: {c.record}" + (f': "{c.after}"' if c.after else "")
    if c.kind == "removed":
        return f"removed: {c.record} (was at {c.cell})"
    if c.kind == "moved":
        return f"moved: {c.before} → {c.after}"
    if c.kind == "edited":
        moved = f" (moved from {c.moved_from})" if c.moved_from else ""
        return f"edited: {c.record}{moved}: {marked(c.before or '', c.after or '')}"
    if c.kind == "as-of":
        return (f"{c.record}: shown as {c.after.lower()} (was {c.before.lower()}) because of "
                "the stage's later date; the workbook is unchanged")
    line = f"{c.kind}: {c.record}: {c.field} {shown(c.before)} → {shown(c.after)}"
    if c.record_kind in ("by-group", "by-region") and old_total and new_total:
        line += (f" ({style.tenths(100 * (c.before or 0) / old_total)} → "
                 f"{style.tenths(100 * (c.after or 0) / new_total)} per cent)")
    return line


def format_text(changes: list[Change], old: dict, new: dict,
                warnings: list[str] = ()) -> str:
    lines = [f"warning: {w}" for w in warnings] + [summary(changes, old, new)]
    o, n = totals(old), totals(new)
    for (book, sheet), group in groupby(changes, key=lambda c: (c.workbook, c.sheet)):
        lines += ["", f"{book} › {sheet}"]
        lines += [f"  {c.cell or '':<7} {change_line(c, o, n)}" for c in group]
    return "\n".join(lines)


def to_json(changes: list[Change], old: dict, new: dict,
            warnings: list[str] = ()) -> dict[str, Any]:
    return {"old": {k: old.get(k) for k in ("stage", "as_of", "title")},
            "new": {k: new.get(k) for k in ("stage", "as_of", "title")},
            "summary": summary(changes, old, new), "warnings": list(warnings),
            "changes": [c.to_dict() for c in changes]}


def write_xlsx(changes: list[Change], path: Path) -> None:
    """The changes as a table a reviewer can filter, written whole or not at all. Every
    value is text: a cell value "=1+1" or "#N/A" in a workbook stays text here too."""
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment, Font

    gone = InlineFont(strike=True, color="C00000")
    came = InlineFont(u="single", color="1F4E79")
    wb = Workbook()
    ws = wb.active
    ws.title = "Changes"
    ws.append(COLUMNS)
    for c in changes:
        before, after = shown(c.before) if c.before is not None else "", \
            shown(c.after) if c.after is not None else ""
        if c.kind == "edited":
            runs = word_diff(c.before or "", c.after or "")
            before = CellRichText(*_blocks(runs, "-", gone, TextBlock))
            after = CellRichText(*_blocks(runs, "+", came, TextBlock))
        ws.append([c.workbook, c.sheet, c.cell or "", c.record, c.field or "", before, after,
                   c.kind])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for letter, width in zip("ABCDEFGH", (18, 22, 8, 34, 14, 50, 50, 10)):
        ws.column_dimensions[letter].width = width
    quoted = quote_style(Cell(ws))  # a style to copy, not a cell of the sheet
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and units(cell.value) > LIMIT:
                cell.value = cut(cell.value, LIMIT - 40)[0] + " … [longer than a cell holds]"
            as_text(cell, quoted)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    with office_order():
        wb.save(buffer)
    write_atomic(path, buffer.getvalue())


def _blocks(runs, keep: str, font, TextBlock) -> list:
    out: list = []
    for op, text in runs:
        if op == "=":
            out.append(text + " ")
        elif op == keep:
            out.append(TextBlock(font, text))
            out.append(" ")
    return out or [""]


def facts_text(path: Path, snapshot: dict[str, Any]) -> str:
    """What a document was built from, in a few lines."""
    records = snapshot["records"]
    kinds = [r["kind"] for r in records]
    consultations = [r for r in records if r["kind"] == "consultation"]
    held = sum(1 for r in consultations if (r.get("shown") or {}).get("status") == "Held")
    mapped = sum(1 for p in snapshot["paragraphs"] if p.get("sources"))
    lines = [f"{path.name}: {describe(snapshot)}, \"{snapshot.get('title')}\"",
             f"Built by {snapshot.get('toolkit')} from:"]
    lines += [f"  {name:<32} sha256 {digest[:16]}…"
              for name, digest in sorted(snapshot["sources"].items())]
    total = totals(snapshot)
    lines.append(
        f"Facts: {_count(len(consultations), 'consultation')} ({style.number(held)} held as of "
        f"its date), {_count(kinds.count('key-message'), 'key message')}, "
        f"{_count(kinds.count('finding'), 'finding')}, "
        f"{_count(kinds.count('recommendation'), 'recommendation')}, "
        f"{_count(kinds.count('milestone'), 'timetable row')}"
        + (f", {style.grouped(total)} survey responses." if total is not None else "."))
    values = (f", {len(snapshot['ranges']):,} values each in a hidden range of its own"
              if snapshot.get("ranges") else "")
    lines.append(f"Paragraph map: {len(snapshot['paragraphs']):,} paragraphs and table rows, "
                 f"{mapped:,} of them showing facts from the workbooks{values}.")
    return "\n".join(lines)
