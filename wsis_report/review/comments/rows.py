"""The rows of the comments matrix, gathered from reviewed copies and led back to the cells.

A copy built by the toolkit carries its paragraph map (see ``paragraph_map``): a remark's
paragraph holds one of our bookmarks, whose map entry names the records it shows and so
the workbook cells, or the template when it is fixed prose. A copy without a snapshot is
still read, numbered from its own numbering, with the source left blank.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ...inputs.reading.container import DocumentProblem, inspect_docx
from ..snapshot.attribution import source_of
from .copies.reviewed import Remark, read_remarks
from ..snapshot.part import SnapshotProblem, read_snapshot

CHANGE_TYPES = ("insertion", "deletion", "moved from", "moved to", "formatting")
# remarks about the text, not edits of it (a PDF's highlights, underlines and notes too)
REMARK_TYPES = ("comment", "reply", "note", "highlight", "underline")


@dataclass
class Copy:
    """What one reviewed copy gave: its rows, or why it was skipped."""

    path: Path
    rows: list[dict[str, Any]] = field(default_factory=list)
    problem: str = ""
    warning: str = ""


def document_name(path: Path, snapshot: dict[str, Any] | None) -> str:
    """"E/CN.16/2025/3" when the document has a symbol, else "draft report", else the file."""
    if not snapshot:
        return path.name
    stage = snapshot.get("stage", "")
    record = next((r for r in snapshot["records"] if r["key"] == f"document:{stage}"), None)
    symbol = (record or {}).get("values", {}).get("symbol")
    return symbol or f"{stage} report"


def sources_for(remark: Remark, snapshot: dict[str, Any] | None) -> str:
    """The cells (or the template) the remark is about, from the hidden ranges its anchor
    touches (``snapshot/attribution.py``); "unlocated" where nothing places it."""
    return source_of(snapshot, remark)


def identity(document: str, reviewer: str, anchor: str, kind: str, text: str,
             occurrence: int = 0) -> str:
    """A row's identity: who said what where, and which of identical remarks it is (two
    "Agreed." by one reviewer on one paragraph are two rows), never its position in the
    matrix. The first of identical remarks has the identity rows had before occurrences
    were counted, so that a matrix written then still finds its rows."""
    fields = (document, reviewer, anchor, kind, text) + ((str(occurrence),) if occurrence
                                                         else ())
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:20]


def read_copy(path: Path, builds: Any = None) -> Copy:
    """The rows of the .docx at ``path``. A copy without its snapshot is matched to one of
    ``builds`` (``builds.Builds``) and its remarks placed through it (``relocate.py``)."""
    copy = Copy(path)
    try:
        inspect_docx(path, strict=True)
    except DocumentProblem as exc:
        copy.problem = f"{exc.message}. {exc.hint}"
        return copy
    unmapped = False
    try:
        snapshot = read_snapshot(path)
    except SnapshotProblem as exc:
        snapshot = None
        unmapped = "carries no snapshot" in str(exc)
        copy.warning = (f"{path.name} was not built by wsis-report: paragraph numbers are "
                        "read from its own numbering and the Source column is left blank.")
        if not unmapped:  # damaged, edited, newer: said as such
            copy.warning = f"{exc} Its remarks are read; the Source column is left blank."
    try:
        data = path.read_bytes()
        remarks = read_remarks(data)
    except (etree.LxmlError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        # XML that does not parse: this copy is skipped and named, the others are read
        copy.problem = f"its content is damaged ({type(exc).__name__}); open it in Word, " \
                       "save it again and run again"
        return copy
    if unmapped and builds is not None:
        from .placing.unmapped import read_unmapped

        return read_unmapped(copy, data, remarks, builds)
    add_rows(copy, document_name(path, snapshot), remarks,
             [sources_for(remark, snapshot) for remark in remarks])
    return copy


def add_rows(copy: Copy, document: str, remarks: list[Remark], sources: list[str],
             matched: str = "") -> None:
    """The rows of ``remarks`` of ``copy`` in ``document``, each with its Source; ``matched``
    names the build a copy without its map was led back through."""
    seen: dict[tuple, int] = {}
    for remark, source in zip(remarks, sources, strict=True):
        anchor = remark.bookmarks[0] if remark.bookmarks else remark.label
        same = (remark.author, anchor, remark.type, remark.text)
        seen[same] = occurrence = seen.get(same, -1) + 1
        copy.rows.append({
            "Document": document, "Paragraph": remark.label, "Section": remark.section,
            "Quoted text": remark.quoted, "Type": remark.type, "Reviewer": remark.author,
            "Date": remark.date[:10], "Comment or change": remark.text,
            "Source": source, "Matched to": matched,
            "Key": identity(document, remark.author, anchor, remark.type, remark.text,
                            occurrence),
            "Anchor": f"{anchor}|{remark.type}|{remark.quoted}",
            "Order": remark.order, "Thread": remark.thread or remark.author,
            "File": copy.path.name,
            "Ref": f"{remark.part}|{remark.ref}", "Stamp": f"{remark.date}|{remark.para_id}",
            "Seq": remark.seq,
        })


def summary_lines(copies: list[Copy], status: dict[str, str]) -> list[str]:
    """Per document and reviewer: comments, changes, and what became of their rows."""
    lines = []
    for copy in copies:
        if copy.problem:
            lines.append(f"{copy.path.name}: skipped: {copy.problem}")
            continue
        reviewers = sorted({r["Reviewer"] for r in copy.rows}) or ["(no comments or changes)"]
        lines.append(f"{copy.path.name} ({copy.rows[0]['Document'] if copy.rows else 'no rows'})")
        for reviewer in reviewers:
            mine = [r for r in copy.rows if r["Reviewer"] == reviewer]
            comments = sum(r["Type"] in REMARK_TYPES for r in mine)
            counts = {s: sum(status.get(r["Key"]) == s for r in mine)
                      for s in ("added", "kept", "updated")}
            lines.append(f"  {reviewer}: {_n(comments, 'comment')}, "
                         f"{_n(len(mine) - comments, 'change')}; "
                         f"rows added {counts['added']}, kept {counts['kept']}"
                         + (f", updated {counts['updated']}" if counts["updated"] else ""))
    return lines


def _n(count: int, what: str) -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"
