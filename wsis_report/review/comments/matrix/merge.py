"""The comments matrix's rows: its columns, and new rows merged into those it holds.

The secretariat types into the matrix between runs (responses, decisions, notes, entities,
columns of its own), so a run never rewrites a row from scratch: a row is found again by
its identity (``rows.identity``: document, reviewer, anchor, type, text and occurrence),
and only the columns read from the copies are refreshed. A row is updated with another
text only when it is the *same* remark reworded: the same document, reviewer, anchor and
type, the same moment of writing (its date and time, to the second) and the same
paragraph id that Word gives a comment (or, where a copy has none, the same id in the
copy), with no other candidate on either side. Then the secretariat's Note is
kept and the earlier wording is kept beside it. Anything less certain is a new row: a
wrong match would put the secretariat's answer under another remark.
"""

from __future__ import annotations

from typing import Any

from ....inputs.contract.vocab import StakeholderGroup

COLUMNS = ("No.", "Document", "Paragraph", "Section", "Quoted text", "Type", "Reviewer",
           "Entity", "Stakeholder group", "Date", "Comment or change", "Source",
           "Matched to", "Secretariat response", "Decision", "Note", "Earlier wording")
HIDDEN = ("Key", "Anchor", "Order", "Thread", "File", "Ref", "Stamp", "Seq")
# a matrix written before these columns existed gets them; any other missing column is
# one the secretariat deleted, and the run stops rather than lose what it held
ADDED_LATER = ("Earlier wording", "Ref", "Stamp", "Seq", "Matched to")
READ = ("Document", "Paragraph", "Section", "Quoted text", "Type", "Reviewer", "Date",
        "Comment or change", "Source", "Matched to", "Order", "Thread", "File", "Ref",
        "Stamp", "Seq")  # refreshed from the copies
DECISIONS = ("accepted", "partly accepted", "not accepted", "noted")
GROUPS = tuple(g.value for g in StakeholderGroup)
WIDTHS = {"No.": 6, "Document": 16, "Paragraph": 22, "Section": 22, "Quoted text": 36,
          "Type": 11, "Reviewer": 16, "Entity": 18, "Stakeholder group": 18, "Date": 11,
          "Comment or change": 48, "Source": 30, "Matched to": 22, "Secretariat response": 40,
          "Decision": 14, "Note": 28, "Earlier wording": 36}
TYPE_ORDER = {"comment": 0, "reply": 1}
WRAP = {"Paragraph", "Section", "Quoted text", "Comment or change", "Source",
        "Secretariat response", "Note", "Earlier wording"}


def headers_for(held: list[str]) -> list[str]:
    """The matrix's columns: ours in our order, the secretariat's after them, the hidden
    ones last."""
    return list(COLUMNS) + [h for h in held if h not in COLUMNS + HIDDEN] + list(HIDDEN)


def _number(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):  # typed over by hand
        return 0


def sort_key(row: dict[str, Any]) -> tuple:
    """Document order; a reply under the comment it answers, replies by date."""
    return (str(row.get("Document") or ""), _number(row.get("Order")), _number(row.get("Seq")),
            TYPE_ORDER.get(str(row.get("Type")), 2), str(row.get("Stamp") or ""),
            str(row.get("Reviewer") or ""))


def _same_remark(row: dict[str, Any]) -> tuple | None:
    """What a reworded remark keeps: where, who, what kind, when it was written, and
    Word's paragraph id for it (or, where the copy has none, its id in the copy). None
    when the moment is not known to the second: then no rewording is ever assumed."""
    moment, _, para_id = str(row.get("Stamp") or "").partition("|")
    if len(moment) < 19 or moment[11:19] == "00:00:00":  # a date alone is not a moment
        return None
    return (row.get("Document"), row.get("Reviewer"), row.get("Type"), row.get("Anchor"),
            moment[:19], para_id or row.get("Ref"))


def merge(rows: list[dict[str, Any]], incoming: list[dict[str, Any]]
          ) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """``rows`` with ``incoming`` added; returns the rows and, per incoming key, what
    happened: "kept", "added" or "updated" (the reviewer reworded it)."""
    rows = [dict(r) for r in rows]
    by_key = {r.get("Key"): r for r in rows if r.get("Key")}
    incoming_keys = {r["Key"] for r in incoming}
    # rows and incoming remarks that might be one remark reworded, by what such keeps
    olds: dict[tuple, list[dict[str, Any]]] = {}
    for r in rows:
        if r.get("Key") not in incoming_keys and _same_remark(r) is not None:
            olds.setdefault(_same_remark(r), []).append(r)
    news: dict[tuple, list[str]] = {}
    for r in incoming:
        if r["Key"] not in by_key and _same_remark(r) is not None:
            news.setdefault(_same_remark(r), []).append(r["Key"])
    status: dict[str, str] = {}
    for new in incoming:
        old = by_key.get(new["Key"])
        if old is not None:
            old.update({k: new[k] for k in READ})
            status.setdefault(new["Key"], "kept")
            continue
        group = _same_remark(new)
        candidates = olds.get(group, []) if group is not None else []
        if len(candidates) == 1 and len(set(news.get(group, []))) == 1:
            reworded = candidates.pop()
            was = str(reworded.get("Comment or change") or "")
            earlier = str(reworded.get("Earlier wording") or "")
            reworded.update({k: new[k] for k in READ}, Key=new["Key"])
            reworded["Earlier wording"] = f"{earlier}\n\n{was}" if earlier else was
            by_key[new["Key"]] = reworded
            status[new["Key"]] = "updated"
            continue
        rows.append(dict(new))
        by_key[new["Key"]] = rows[-1]
        status[new["Key"]] = "added"
    rows.sort(key=sort_key)
    for n, row in enumerate(rows, 1):
        row["No."] = n
    return rows, status


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
