"""``make-report check --annotate``: copies of the workbooks with every problem
cell highlighted and its message attached as a comment. The editors' own
files are only ever read."""

from __future__ import annotations

import io
import re
import warnings
from collections import defaultdict
from pathlib import Path

from ..inputs.container import inspect
from ..inputs.issues import Issue, ValidationReport
from ..documents.output import write_atomic

FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
AUTHOR = "wsis-report"
_CELL = re.compile(r"[A-Z]{1,3}[1-9]\d*")
_ROW = re.compile(r"([1-9]\d*):\d+")


def annotate_workbooks(folder: Path | str, report: ValidationReport,
                       out: Path | str) -> list[Path]:
    from openpyxl import load_workbook

    folder, out = Path(folder), Path(out)
    by_book: dict[str, list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.workbook:
            by_book[issue.workbook].append(issue)
    written = []
    for name, issues in sorted(by_book.items()):
        source = folder / name
        if not source.is_file():
            continue
        try:
            inspect(source)  # a file refused as unsafe is never handed to openpyxl
            with warnings.catch_warnings():  # openpyxl warns of features it drops from copies
                warnings.simplefilter("ignore")
                wb = load_workbook(source)
        except Exception:  # a file the check could not open has nothing to annotate
            continue
        for (sheet, ref), group in _by_cell(issues, wb.sheetnames).items():
            _mark(wb[sheet], ref, group)
        buffer = io.BytesIO()
        wb.save(buffer)
        target = out / f"{Path(name).stem}.annotated.xlsx"
        write_atomic(target, buffer.getvalue())
        written.append(target)
    return written


def not_annotated(folder: Path | str, report: ValidationReport) -> list[str]:
    """Why a workbook with problems gets no annotated copy: the copies are written with
    openpyxl, which reads and writes only .xlsx, and an .ods copy saved as .xlsx would not
    be the editor's own file."""
    names = sorted({i.workbook for i in report.issues if i.workbook})
    return [f"{name}: no annotated copy: annotated copies are written for .xlsx workbooks "
            "only, and this is an OpenDocument spreadsheet. Its problems are listed above "
            "with their cells; for a highlighted copy, save it from Calc as Excel 2007-365 "
            "(.xlsx) and run the check on that."
            for name in names if name.endswith(".ods") and (Path(folder) / name).is_file()]


def _by_cell(issues: list[Issue], sheets: list[str]) -> dict[tuple[str, str], list[Issue]]:
    """Issues by the cell that shows them: a row's on its column A, and those of the
    workbook or of a missing sheet on A1 of the first sheet."""
    cells: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        sheet = issue.sheet if issue.sheet in sheets else sheets[0]
        ref = (issue.cell or "").upper() if sheet == issue.sheet else ""
        if not _CELL.fullmatch(ref):
            row = _ROW.fullmatch(ref)
            ref = f"A{row.group(1)}" if row else "A1"
        cells[(sheet, ref)].append(issue)
    return cells


def _mark(ws, ref: str, issues: list[Issue]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    # A merged area keeps its value, style and comment in its top-left cell.
    merged = next((r for r in ws.merged_cells.ranges if ref in r), None)
    cell = ws.cell(merged.min_row, merged.min_col) if merged else ws[ref]
    worst = "error" if any(i.severity == "error" for i in issues) else "warning"
    cell.fill = PatternFill("solid", fgColor=FILLS[worst])
    texts = [_capitalized(str(i).removeprefix(f"{i.location}: ")) for i in issues]
    if cell.comment is not None and cell.comment.author != AUTHOR:
        texts.insert(0, cell.comment.text)
    text = "\n\n".join(texts)
    cell.comment = Comment(text, AUTHOR, height=max(120, 20 * (len(text) // 45 + 2)), width=300)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
