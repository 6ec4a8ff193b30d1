"""``make-report check --annotate``: copies of the workbooks with every problem
cell highlighted and its message attached as a comment, in the editor's own format.
The editors' own files are only ever read.

openpyxl reads and writes only .xlsx: an OpenDocument spreadsheet is converted to .xlsx by
LibreOffice, annotated, and converted back to .ods, as LibreOffice Calc would save it.
"""

from __future__ import annotations

import io
import re
import tempfile
import warnings
from collections import defaultdict
from pathlib import Path

from ..inputs.reading.container import inspect
from ..inputs.issues import Issue, ValidationReport
from ..documents.output import write_atomic
from ..documents.sheet_order import office_order

FILLS = {"error": "FFC7CE", "warning": "FFEB9C"}
AUTHOR = "wsis-report"
_CELL = re.compile(r"[A-Z]{1,3}[1-9]\d*")
_ROW = re.compile(r"([1-9]\d*):\d+")


def annotate_workbooks(folder: Path | str, report: ValidationReport,
                       out: Path | str) -> tuple[list[Path], list[str]]:
    """The annotated copies written in ``out``, and why each other workbook with problems
    got none."""
    folder, out = Path(folder), Path(out)
    by_book: dict[str, list[Issue]] = defaultdict(list)
    for issue in report.issues:
        if issue.workbook and (folder / issue.workbook).is_file():
            by_book[issue.workbook].append(issue)
    written = [target for name, issues in sorted(by_book.items()) if not _is_ods(name)
               and (target := _annotated(folder / name, issues, out / _copy_name(name)))]
    opendocument = {name: issues for name, issues in by_book.items() if _is_ods(name)}
    if not opendocument:
        return written, []
    copies, reasons = _annotated_opendocument(folder, opendocument, out)
    return written + copies, reasons


def _is_ods(name: str) -> bool:
    return name.lower().endswith(".ods")


def _copy_name(name: str, suffix: str = ".xlsx") -> str:
    return f"{Path(name).stem}.annotated{suffix}"


def _annotated(source: Path, issues: list[Issue], target: Path) -> Path | None:
    """``source`` annotated with ``issues`` and written to ``target``; None for a file
    the check could not open, which has nothing to annotate."""
    from openpyxl import load_workbook

    try:
        inspect(source)  # a file refused as unsafe is never handed to openpyxl
        with warnings.catch_warnings():  # openpyxl warns of features it drops from copies
            warnings.simplefilter("ignore")
            wb = load_workbook(source)
    except Exception:
        return None
    for (sheet, ref), group in _by_cell(issues, wb.sheetnames).items():
        _mark(wb[sheet], ref, group)
    buffer = io.BytesIO()
    with office_order():
        wb.save(buffer)
    write_atomic(target, buffer.getvalue())
    return target


def _annotated_opendocument(folder: Path, books: dict[str, list[Issue]],
                            out: Path) -> tuple[list[Path], list[str]]:
    from ..office.convert import INSTALL_HINT, OfficeProblem, convert_each, soffice

    names = sorted(books)
    if soffice() is None:
        return [], [f"{name}: no annotated copy: the copy of an OpenDocument spreadsheet is made "
                    "with LibreOffice, which is not installed here. Its problems are listed "
                    f"above with their cells. {INSTALL_HINT}" for name in names]
    with tempfile.TemporaryDirectory(prefix="wsis-report-annotate-") as tmp:
        work = Path(tmp)
        try:
            as_xlsx = convert_each([(folder / n, work / f"{Path(n).stem}.xlsx",
                                     "xlsx:Calc MS Excel 2007 XML") for n in names])
            marked = [(n, _annotated(x, books[n], work / "marked" / _copy_name(n)))
                      for n, x in zip(names, as_xlsx)]
            jobs = [(m, out / _copy_name(n, ".ods"), "ods:calc8") for n, m in marked if m]
            copies = convert_each(jobs) if jobs else []
        except OfficeProblem as exc:
            return [], [f"{name}: no annotated copy: {exc}" for name in names]
    return copies, [f"{n}: no annotated copy: it could not be read once converted."
                    for n, m in marked if m is None]


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
