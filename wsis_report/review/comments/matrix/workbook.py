"""The comments matrix as a file (.xlsx): read whole, written whole or not at all, by one
run at a time.

- **One run at a time.** A run holds a lock beside the matrix (``.comments.xlsx.lock``)
  from reading it to replacing it; a second run waits for it (two minutes, or
  ``WSIS_REPORT_MATRIX_WAIT`` seconds), then stops naming the matrix. ``filelock`` does
  this on Windows, macOS and Linux alike (the operating system's own lock, released if
  the process dies), which a hand-written ``fcntl`` lock would not.
- **Nothing of the secretariat's lost.** Columns it added are kept (one typed without a
  header is kept under its letter, and said); sheets it added are kept as they are; its
  formulas, numbers and dates stay formulas, numbers and dates. What this command cannot
  write back (charts, pictures, pivot tables, notes on the matrix's own cells) stops the
  run, naming the sheet, before anything is written. A file is never replaced by one that
  holds fewer rows.
- **Reviewers' text is text.** Every cell read from a copy is written as a string
  (``cells.py``): nothing a reviewer wrote becomes a formula or an error value; a text
  longer than a cell holds is kept whole in the ``Long text`` sheet and read back whole.
"""

from __future__ import annotations

import io
import os
import posixpath
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from ....documents.output import write_atomic
from ....documents.sheet_order import office_order
from ....inputs.reading.container import WorkbookProblem, inspect
from . import cells
from .merge import ADDED_LATER, COLUMNS, HIDDEN, READ

OURS = ("Comments", "Reviewers", cells.LONG_SHEET)
WAIT = 120.0  # seconds a run waits for another to finish with the same matrix
_UNKEPT = {"drawing": "a chart, picture or shape", "pivotTable": "a pivot table",
           "threadedComment": "threaded comments", "slicer": "a slicer",
           "timeline": "a timeline", "ctrlProp": "a form control",
           "oleObject": "an embedded object", "package": "an embedded object"}
_OURS_UNKEPT = {"comments": "notes in its cells", "table": "an Excel table (Format as Table)"}


class MatrixProblem(Exception):
    """A matrix that cannot be read or replaced; the message says what to do."""


class Formula(str):
    """A formula the secretariat typed in a column of its own: written back as one."""


@dataclass
class Held:
    """What the matrix file holds now."""

    headers: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)
    reviewers: dict[str, tuple] = field(default_factory=dict)
    sheets: list[str] = field(default_factory=list)  # the secretariat's own sheets
    warnings: list[str] = field(default_factory=list)


def check_target(path: Path) -> None:
    """Only an .xlsx can be the matrix: an .ods (or anything else) is refused by name."""
    if path.suffix.lower() != ".xlsx":
        raise MatrixProblem(
            f"{path}: the comments matrix is an Excel workbook (.xlsx), and this name ends "
            f"in '{path.suffix or '(nothing)'}'. Give --matrix a name ending in .xlsx; "
            "LibreOffice Calc opens and saves an .xlsx as it is (keep the format when it "
            "asks). Nothing was written.")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds the matrix's lock, waiting a bounded time for another run to release it."""
    from filelock import FileLock, Timeout

    wait = float(os.environ.get("WSIS_REPORT_MATRIX_WAIT", WAIT))
    lock = FileLock(path.with_name(f".{path.name}.lock"))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise MatrixProblem(f"{path} is being written by another make-report comments run "
                            f"(waited {wait:.0f} s for its lock, .{path.name}.lock). Run "
                            "again when it has finished; nothing was written.") from None
    except OSError as exc:
        raise MatrixProblem(f"{path}: cannot lock it ({exc.strerror}); check that its "
                            "folder may be written to. Nothing was written.") from None
    try:
        yield
    finally:
        lock.release()


def read(path: Path) -> Held:
    """The matrix at ``path`` (a missing file is an empty matrix). Raises
    ``MatrixProblem`` for a file that is not a matrix this command wrote, is open in
    Excel, or holds what a rewrite would lose."""
    if not path.exists():
        return Held(list(COLUMNS + HIDDEN))
    if (path.parent / f"~${path.name}").exists():
        raise MatrixProblem(f"{path} is open in Excel (its lock file ~${path.name} is beside "
                            "it). Close it, then run again; nothing was written.")
    try:
        kind = inspect(path)
    except WorkbookProblem as exc:
        raise MatrixProblem(f"{path} {exc.issue.message}; it is not a comments matrix this "
                            "command wrote. Choose another --matrix file.") from None
    del kind  # a warning about macros: an .xlsm name is refused by check_target
    with zipfile.ZipFile(path) as z:
        if "xl/workbook.xml" not in z.namelist():  # an OpenDocument file named .xlsx
            check_target(path.with_suffix(".ods"))
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        if "Comments" not in wb.sheetnames:
            raise MatrixProblem(f"{path} has no sheet named 'Comments': it is not a comments "
                                "matrix this command wrote. Choose another --matrix file.")
        held = _comments(path, wb["Comments"])
        long = _long_texts(wb[cells.LONG_SHEET]) if cells.LONG_SHEET in wb.sheetnames else {}
        for row in held.rows:
            for column in list(row):
                whole = long.get((str(row.get("Key") or ""), column))
                if whole is not None:
                    row[column] = whole
        if "Reviewers" in wb.sheetnames:
            held.reviewers = _reviewers(wb["Reviewers"])
        held.sheets = [s for s in wb.sheetnames if s not in OURS]
    finally:
        wb.close()
    _refuse_unkept(path)
    return held


def _comments(path: Path, ws: Any) -> Held:
    lines = ws.iter_rows()
    first = next(lines, ())
    headers = [str(c.value).strip() if c.value is not None else "" for c in first]
    missing = [h for h in COLUMNS + HIDDEN if h not in headers and h not in ADDED_LATER]
    if missing:
        raise MatrixProblem(f"{path} › Comments lacks the column(s) {', '.join(missing)}: it "
                            "is not a comments matrix this command wrote, or a column was "
                            "deleted. Restore it or choose another --matrix file.")
    held = Held(headers)
    seen: dict[str, int] = {}
    named: list[str] = []
    for i, header in enumerate(headers):
        if header and header in seen:
            held.warnings.append(f"{path} › Comments: two columns are headed '{header}'; the "
                                 f"second is kept as '{header} (2)'.")
            header = f"{header} (2)"
        seen[header] = i
        named.append(header)
    extra: dict[int, str] = {}
    for values in lines:
        cells_ = list(values)
        if not any(c.value not in (None, "") for c in cells_):
            continue
        row: dict[str, Any] = {}
        for i, cell in enumerate(cells_):
            value = cell.value
            if value in (None, ""):
                continue
            name = named[i] if i < len(named) else ""
            if not name:  # a column typed without a header: kept under its letter
                name = extra.setdefault(i, f"(column {_letter(i)})")
            if isinstance(value, str) and cell.data_type == "f" and name not in READ:
                value = Formula(value)
            row[name] = value
        held.rows.append(row)
    for i, name in extra.items():
        held.warnings.append(f"{path} › Comments: column {_letter(i)} has values but no "
                             f"header; they are kept under the header '{name}'.")
    held.headers = [h for h in named if h] + list(extra.values())
    return held


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _long_texts(ws: Any) -> dict[tuple[str, str], str]:
    pieces: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for key, column, piece, text in ws.iter_rows(min_row=2, max_col=4, values_only=True):
        if key and column:
            pieces.setdefault((str(key), str(column)), []).append((int(piece or 0), text or ""))
    return {k: "".join(t for _, t in sorted(v)) for k, v in pieces.items()}


def _reviewers(ws: Any) -> dict[str, tuple]:
    found = {}
    for author, *rest in ws.iter_rows(min_row=2, max_col=3, values_only=True):
        if author:
            found[str(author)] = tuple(list(rest) + [None] * (2 - len(rest)))
    return found


def _refuse_unkept(path: Path) -> None:
    """Stops before anything is written when the matrix holds what rewriting it would
    drop: in any sheet, what openpyxl does not keep; in the matrix's own sheets, which
    are laid anew, notes and tables too."""
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        rel = lambda part: posixpath.join(posixpath.dirname(part), "_rels",  # noqa: E731
                                          posixpath.basename(part) + ".rels")
        targets = _rel_targets(z.read(rel("xl/workbook.xml"))) \
            if rel("xl/workbook.xml") in names else {}
        for name, rid in _sheets(z.read("xl/workbook.xml")):
            part = posixpath.normpath(posixpath.join("xl", targets.get(rid, "")))
            if rel(part) not in names:
                continue
            kinds = set()
            for kind, target in _rel_types(z.read(rel(part))):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(part), target))
                if kind == "drawing" and target in names and _empty(z.read(target)):
                    continue  # LibreOffice Calc writes an empty drawing with every sheet
                kinds.add(kind)
            mine = name in OURS
            for kind, what in list(_UNKEPT.items()) + (list(_OURS_UNKEPT.items()) if mine
                                                        else []):
                if kind in kinds:
                    todo = ("copy them into the Note column" if kind == "comments"
                            else "move it to a workbook of its own")
                    raise MatrixProblem(
                        f"{path} › {name} holds {what}, which this command cannot keep when "
                        f"it writes the matrix again: {todo}, then run again. Nothing was "
                        "written.")


def _sheets(data: bytes) -> list[tuple[str, str]]:
    """(name, relationship id) of each sheet of a workbook part."""
    from lxml import etree

    found = []
    for el in etree.fromstring(data).iter("{*}sheet"):
        rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), "")
        found.append((el.get("name", ""), rid))
    return found


def _rel_targets(data: bytes) -> dict[str, str]:
    from lxml import etree

    return {r.get("Id"): r.get("Target", "").lstrip("/").removeprefix("xl/")
            for r in etree.fromstring(data) if r.get("TargetMode") != "External"}


def _rel_types(data: bytes) -> list[tuple[str, str]]:
    """(type's last word, target) of each relationship."""
    from lxml import etree

    return [(r.get("Type", "").rsplit("/", 1)[-1], r.get("Target", ""))
            for r in etree.fromstring(data)]


def _empty(data: bytes) -> bool:
    from lxml import etree

    return not len(etree.fromstring(data))


def write(path: Path, held: Held, rows: list[dict[str, Any]], reviewers: dict[str, tuple],
          headers: list[str]) -> None:
    """The matrix with ``rows`` and ``reviewers``, written whole or not at all; the
    secretariat's own sheets kept."""
    if len(rows) < len(held.rows):  # a bug must never cost the secretariat its answers
        raise MatrixProblem(f"{path} would hold {len(rows)} rows, fewer than the "
                            f"{len(held.rows)} it holds; nothing was written.")
    from openpyxl import Workbook, load_workbook

    if held.sheets:  # theirs are kept as openpyxl reads them; ours are laid anew
        wb = load_workbook(path)
        for name in OURS:
            if name in wb.sheetnames:
                wb.remove(wb[name])
        at = 0
    else:  # streamed: a 20,000-row matrix in bounded memory
        wb = Workbook(write_only=True)
        at = None
    from .sheets import fill_comments, fill_long, fill_reviewers_sheet

    long = fill_comments(wb.create_sheet("Comments", at), headers, rows)
    fill_reviewers_sheet(wb.create_sheet("Reviewers", None if at is None else 1), reviewers)
    if long:
        fill_long(wb.create_sheet(cells.LONG_SHEET, None if at is None else 2), long)
    if at is not None:
        wb.active = 0
    buffer = io.BytesIO()
    with office_order():  # fonts in the order Microsoft Office's validator requires
        wb.save(buffer)
    write_atomic(path, buffer.getvalue())

