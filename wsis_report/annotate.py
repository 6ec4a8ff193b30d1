"""``make-report check --annotate``: copies of the workbooks with every problem
cell highlighted and its message attached as a comment. The editors' own
files are only ever read."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from pathlib import Path

from .issues import Issue, ValidationReport
from .output import write_atomic

FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
_CELL = re.compile(r"[A-Z]{1,3}\d+")
_ROW = re.compile(r"(\d+):\d+")


def annotate_workbooks(folder: Path | str, report: ValidationReport,
                       out: Path | str) -> list[Path]:
    from openpyxl import load_workbook

    folder, out = Path(folder), Path(out)
    by_book: dict[str, list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.workbook and issue.sheet:
            by_book[issue.workbook].append(issue)
    written = []
    for name, issues in sorted(by_book.items()):
        source = folder / name
        if not source.is_file():
            continue
        try:
            wb = load_workbook(source)
        except Exception:  # a file the check could not open has nothing to annotate
            continue
        for (sheet, cell), group in _by_cell(issues).items():
            if sheet in wb.sheetnames:
                _mark(wb[sheet][cell], group)
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{Path(name).stem}.annotated.xlsx"
        _save_atomic(wb, target)
        written.append(target)
    return written


def _by_cell(issues: list[Issue]) -> dict[tuple[str, str], list[Issue]]:
    cells: dict[tuple[str, str], list[Issue]] = defaultdict(list)
    for issue in issues:
        ref = issue.cell or ""
        if not _CELL.fullmatch(ref):
            row = _ROW.fullmatch(ref)
            ref = f"A{row.group(1)}" if row else "A1"
        cells[(issue.sheet, ref)].append(issue)
    return cells


def _mark(cell, issues: list[Issue]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    worst = "error" if any(i.severity == "error" for i in issues) else "warning"
    cell.fill = PatternFill("solid", fgColor=FILLS[worst])
    text = "\n\n".join(str(i).removeprefix(i.location + ": ") for i in issues)
    cell.comment = Comment(text, "wsis-report", width=320, height=40 + 15 * len(text) // 40)


def _save_atomic(wb, path: Path) -> None:
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue())
