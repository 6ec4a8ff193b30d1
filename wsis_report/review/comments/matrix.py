"""The comments matrix (.xlsx): read, merged with new rows, written whole or not at all.

The secretariat types into it between runs (responses, decisions, entities, columns of
its own), so a run never rewrites a row from scratch: a row is found again by its
identity (document, reviewer, anchor, type and a hash of its text), only the columns read
from the copies are refreshed, and a file is never replaced by one that holds less.
"""

from __future__ import annotations

import io
from copy import copy
from pathlib import Path
from typing import Any

from ...documents.output import write_atomic
from ...inputs.reading.container import WorkbookProblem, inspect
from ...inputs.contract.vocab import StakeholderGroup

COLUMNS = ("No.", "Document", "Paragraph", "Section", "Quoted text", "Type", "Reviewer",
           "Entity", "Stakeholder group", "Date", "Comment or change", "Source",
           "Secretariat response", "Decision", "Note")
HIDDEN = ("Key", "Anchor", "Order", "Thread", "File")
READ = ("Document", "Paragraph", "Section", "Quoted text", "Type", "Reviewer", "Date",
        "Comment or change", "Source", "Order", "Thread", "File")  # refreshed from the copies
DECISIONS = ("accepted", "partly accepted", "not accepted", "noted")
WIDTHS = {"No.": 6, "Document": 16, "Paragraph": 22, "Section": 22, "Quoted text": 36,
          "Type": 11, "Reviewer": 16, "Entity": 18, "Stakeholder group": 18, "Date": 11,
          "Comment or change": 48, "Source": 30, "Secretariat response": 40,
          "Decision": 14, "Note": 28}
TYPE_ORDER = {"comment": 0, "reply": 1}
WRAP = {"Paragraph", "Section", "Quoted text", "Comment or change", "Source", "Secretariat response", "Note"}


class MatrixProblem(Exception):
    """A matrix that cannot be read or replaced; the message says what to do."""


def read_matrix(path: Path) -> tuple[list[str], list[dict[str, Any]], dict[str, tuple]]:
    """Headers (ours and any the secretariat added), rows, and Reviewers: author -> (entity,
    stakeholder group). A missing file is an empty matrix."""
    if not path.exists():
        return list(COLUMNS + HIDDEN), [], {}
    if (path.parent / f"~${path.name}").exists():
        raise MatrixProblem(f"{path} is open in Excel (its lock file ~${path.name} is beside "
                            "it). Close it, then run again; nothing was written.")
    try:
        inspect(path)
    except WorkbookProblem as exc:
        raise MatrixProblem(f"{path} {exc.issue.message}; it is not a comments matrix this "
                            "command wrote. Choose another --matrix file.") from None
    from openpyxl import load_workbook

    wb = load_workbook(path)
    if "Comments" not in wb.sheetnames:
        raise MatrixProblem(f"{path} has no sheet named 'Comments': it is not a comments "
                            "matrix this command wrote. Choose another --matrix file.")
    ws = wb["Comments"]
    headers = [str(c.value) if c.value is not None else "" for c in ws[1]]
    missing = [h for h in COLUMNS + HIDDEN if h not in headers]
    if missing:
        raise MatrixProblem(f"{path} › Comments lacks the column(s) {', '.join(missing)}: it "
                            "is not a comments matrix this command wrote, or a column was "
                            "deleted. Restore it or choose another --matrix file.")
    rows = []
    for values in ws.iter_rows(min_row=2, values_only=True):
        if any(v not in (None, "") for v in values):
            rows.append({h: v for h, v in zip(headers, values) if h})
    reviewers = {}
    if "Reviewers" in wb.sheetnames:
        for author, *rest in wb["Reviewers"].iter_rows(min_row=2, max_col=3, values_only=True):
            if author:
                reviewers[str(author)] = tuple(rest + [None] * (2 - len(rest)))
    return [h for h in headers if h], rows, reviewers


def merge(rows: list[dict[str, Any]], incoming: list[dict[str, Any]]
          ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """``rows`` with ``incoming`` added; returns the rows and, per incoming key, what
    happened: "kept", "added" or "updated" (the reviewer changed the text)."""
    rows = [dict(r) for r in rows]
    by_key = {r.get("Key"): r for r in rows}
    incoming_keys = {r["Key"] for r in incoming}
    by_anchor: dict[tuple, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("Key") not in incoming_keys:
            by_anchor.setdefault(_where(r), []).append(r)
    status: dict[str, str] = {}
    for new in incoming:
        old = by_key.get(new["Key"])
        if old is not None:
            old.update({k: new[k] for k in READ})
            status[new["Key"]] = "kept"
            continue
        candidates = by_anchor.get(_where(new)) or []
        resent = candidates.pop(0) if candidates else None
        if resent is not None:
            was = resent.get("Comment or change") or ""
            resent.update({k: new[k] for k in READ}, Key=new["Key"])
            resent["Note"] = f"changed by the reviewer in a later copy; was: {was}"
            by_key[new["Key"]] = resent
            status[new["Key"]] = "updated"
            continue
        rows.append(dict(new))
        by_key[new["Key"]] = rows[-1]
        status[new["Key"]] = "added"
    # document order, then reviewer; a reply stays under the comment it answers
    rows.sort(key=lambda r: (str(r.get("Document") or ""), int(r.get("Order") or 0),
                             str(r.get("Thread") or r.get("Reviewer") or ""),
                             TYPE_ORDER.get(str(r.get("Type")), 2),
                             str(r.get("Reviewer") or "")))
    for n, row in enumerate(rows, 1):
        row["No."] = n
    return rows, status


def _styled(ws, cell_type, value, **style):
    cell = cell_type(ws, value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _where(row: dict[str, Any]) -> tuple:
    """Where a remark stands and who made it: a reworded comment keeps this."""
    return row.get("Anchor"), row.get("Reviewer"), row.get("Document")


def fill_reviewers(rows: list[dict[str, Any]], reviewers: dict[str, tuple]) -> dict[str, tuple]:
    """Entity and stakeholder group from the Reviewers sheet where a row has none; every
    reviewer gets a line in that sheet for the secretariat to fill once."""
    reviewers = dict(reviewers)
    for row in rows:
        author = str(row.get("Reviewer") or "")
        if author and author not in reviewers:
            reviewers[author] = (None, None)
        entity, group = reviewers.get(author, (None, None))
        row["Entity"] = row.get("Entity") or entity
        row["Stakeholder group"] = row.get("Stakeholder group") or group
    return reviewers


def write_matrix(path: Path, headers: list[str], rows: list[dict[str, Any]],
                 reviewers: dict[str, tuple], held_before: int) -> None:
    if len(rows) < held_before:  # a bug must never cost the secretariat its typed answers
        raise MatrixProblem(f"{path} would hold {len(rows)} rows, fewer than the "
                            f"{held_before} it holds; nothing was written.")
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = list(COLUMNS) + [h for h in headers if h not in COLUMNS + HIDDEN] + list(HIDDEN)
    wb = Workbook(write_only=True)  # streamed: a 1,500-row matrix in a fraction of the time
    ws = wb.create_sheet("Comments")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(2, len(rows) + 1)}"
    for i, header in enumerate(headers, 1):
        column = ws.column_dimensions[get_column_letter(i)]
        column.width = WIDTHS.get(header, 18)
        column.hidden = header in HIDDEN
    decision = get_column_letter(headers.index("Decision") + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"',
                             allow_blank=True)
    choices.add(f"{decision}2:{decision}{len(rows) + 1000}")
    ws.data_validations.append(choices)
    ws.append([_styled(ws, WriteOnlyCell, h, font=Font(bold=True)) for h in headers])
    # one style object shared by the long-text cells: openpyxl's per-cell style setter
    # looks the style up anew each time
    wrap = _styled(ws, WriteOnlyCell, "", alignment=Alignment(wrap_text=True, vertical="top"))
    for row in rows:
        line = []
        for h in headers:
            value = row.get(h)
            if h in WRAP and value:
                cell = WriteOnlyCell(ws, value)
                cell._style = copy(wrap._style)
                value = cell
            line.append(value)
        ws.append(line)

    people = wb.create_sheet("Reviewers")
    for letter, width in zip("ABC", (24, 30, 30)):
        people.column_dimensions[letter].width = width
    groups = DataValidation(type="list", formula1='"' + ",".join(g.value for g in
                                                                 StakeholderGroup) + '"',
                            allow_blank=True)
    groups.add(f"C2:C{len(reviewers) + 500}")
    people.data_validations.append(groups)
    people.append([_styled(people, WriteOnlyCell, h, font=Font(bold=True))
                   for h in ("Author", "Entity", "Stakeholder group")])
    for author in sorted(reviewers):
        people.append([author, *reviewers[author]])
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue())
