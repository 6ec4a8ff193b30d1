"""``make-report init``: the three workbooks, blank and ready for editors.

Drop-down lists draw on a ``Lists`` sheet (one column per choice), so a long
list never hits Excel's 255-character limit on inline lists. Every column
carries an input prompt and the README sheet explains each one.
"""

from __future__ import annotations

import io
from pathlib import Path

from .output import write_atomic
from .schema import CONTRACT, Column, SheetSpec, WorkbookSpec

DATA_ROWS = 1000
FORMATS = {"date": "d mmmm yyyy", "month": "mmmm yyyy", "whole": "#,##0"}
WHAT_TO_TYPE = {
    "date": "a date, e.g. 21 October 2024 or 2024-10-21",
    "month": 'a month, e.g. "April 2024"',
    "whole": "a whole number",
    "list": "several values separated by ;",
    "country": "the United Nations short name of the country",
    "symbol": "a United Nations document symbol such as E/CN.16/2025/3",
    "text": "text",
}


def write_blank_workbooks(folder: Path | str) -> list[Path]:
    """Writes the contract's workbooks into ``folder``; refuses if any exists."""
    folder = Path(folder)
    targets = [folder / spec.filename for spec in CONTRACT]
    existing = [p.name for p in targets if p.exists()]
    if existing:
        raise FileExistsError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)} "
                              f"in {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    for spec, path in zip(CONTRACT, targets):
        _save_atomic(_workbook(spec), path)
    return targets


def _workbook(spec: WorkbookSpec):
    from openpyxl import Workbook

    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    lists = wb.create_sheet("Lists")
    for sheet in spec.sheets:
        _sheet(wb.create_sheet(sheet.name), sheet, lists)
    wb.move_sheet(lists, offset=len(wb.sheetnames))
    _readme(readme, spec)
    return wb


def _sheet(ws, spec: SheetSpec, lists) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index, column.name)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[letter].width = column.width
        area = f"{letter}2:{letter}{DATA_ROWS + 1}"
        # A column style, which Excel gives every cell typed into the column.
        ws.column_dimensions[letter].number_format = FORMATS.get(_kind(spec, column), "@")
        if column.choice is not None:
            source = _list_column(lists, column)
            rule = DataValidation(type="list", formula1=source, allow_blank=True)
            # Editors may type an accepted variant ("Asia-Pacific"); the check normalises it.
            rule.showErrorMessage = False
        else:
            rule = DataValidation(type=None, allow_blank=True)
        rule.showInputMessage = True
        rule.promptTitle = column.name[:32]
        rule.prompt = _prompt(column)[:255]
        rule.add(area)
        ws.add_data_validation(rule)
    if spec.layout == "fields":
        for row, field in enumerate(spec.fields, start=2):
            ws.cell(row, 1, field.name)
            ws.cell(row, 2).number_format = FORMATS.get(field.kind, "@")


def _kind(spec: SheetSpec, column: Column) -> str:
    return "text" if spec.layout == "fields" else column.kind


def _list_column(lists, column: Column) -> str:
    from openpyxl.utils import get_column_letter

    assert column.choice is not None
    for index in range(1, lists.max_column + 2):
        if lists.cell(1, index).value in (None, column.name):
            break
    letter = get_column_letter(index)
    if lists.cell(1, index).value is None:
        lists.cell(1, index, column.name)
        for row, value in enumerate(column.choice.allowed, start=2):
            lists.cell(row, index, value)
        lists.column_dimensions[letter].width = max(len(v) for v in column.choice.allowed) + 2
    return f"=Lists!${letter}$2:${letter}${len(column.choice.allowed) + 1}"


def _prompt(column: Column) -> str:
    text = column.help or WHAT_TO_TYPE.get(column.kind, "")
    return f"{text} Required." if column.required else text


def _readme(ws, spec: WorkbookSpec) -> None:
    from openpyxl.styles import Alignment, Font

    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 28, 10
    ws.column_dimensions["C"].width = 100
    rows: list[tuple] = [(spec.filename,), (spec.help,), ()]
    for sheet in spec.sheets:
        rows += [(f"Sheet “{sheet.name}”",), (sheet.help,), ("Column", "Required", "What to type")]
        for column in sheet.fields or sheet.columns:
            rows.append((column.name, "Yes" if column.required else "No", _what(column)))
        rows.append(())
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if c == 1 and (len(values) == 1 and str(value).startswith(("Sheet", spec.filename))
                           or values[0] == "Column"):
                cell.font = Font(bold=True)


def _what(column: Column) -> str:
    if column.choice is not None:
        return f"{column.help} One of: {', '.join(column.choice.allowed)}.".strip()
    base = WHAT_TO_TYPE[column.kind]
    return f"{base[0].upper()}{base[1:]}. {column.help}".strip()


def _save_atomic(wb, path: Path) -> None:
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(path, buffer.getvalue())
