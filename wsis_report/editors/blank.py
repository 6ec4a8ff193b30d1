"""``make-report init``: the three workbooks, blank and ready for editors.

Everything here is read from the contract's models: the sheets and their order, the
headers, whether a column is required, the help (a field's description), what to type and
the number format (its kind of cell), the drop-down values (a choice's enum) and the width.
Drop-down lists draw on a ``Lists`` sheet (one column per choice), so a long list never
hits Excel's 255-character limit on inline lists. Every column carries an input prompt and
the README sheet explains each one.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..documents.output import write_atomic
from ..documents.sheet_order import office_order
from ..inputs.contract.workbooks import CONTRACT, Column, SheetSpec, WorkbookSpec

LAST_ROW = 1000
TEXT = "@"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)


def write_blank_workbooks(folder: Path | str) -> list[Path]:
    """Writes the contract's workbooks into ``folder``; refuses if any exists."""
    folder = Path(folder)
    targets = [folder / spec.filename for spec in CONTRACT]
    existing = [str(p) for p in targets if p.exists()]
    if existing:
        raise FileExistsError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}")
    folder.mkdir(parents=True, exist_ok=True)
    for spec, path in zip(CONTRACT, targets):
        buffer = io.BytesIO()
        with office_order():
            _workbook(spec).save(buffer)
        write_atomic(path, buffer.getvalue())
    return targets


def _workbook(spec: WorkbookSpec) -> Workbook:
    wb = Workbook()
    _readme(wb.active, spec)
    lists = _Lists(wb.create_sheet("Lists"))
    for sheet in spec.sheets:
        _sheet(wb.create_sheet(sheet.name, index=len(wb.sheetnames) - 1), sheet, lists)
    return wb


class _Lists:
    """The ``Lists`` sheet: one column per distinct choice list of the workbook."""

    def __init__(self, ws) -> None:
        self.ws, self.refs = ws, {}

    def ref(self, column: Column) -> str:
        assert column.choice is not None
        values = column.choice.allowed
        key = (column.name, tuple(values))
        if key not in self.refs:
            index = len(self.refs) + 1
            letter = get_column_letter(index)
            self.ws.cell(1, index, column.name).font = BOLD
            for row, value in enumerate(values, start=2):
                self.ws.cell(row, index, value)
            self.ws.column_dimensions[letter].width = max(map(len, values + [column.name])) + 2
            # Stored without the leading "=", as Excel itself writes it.
            self.refs[key] = f"Lists!${letter}$2:${letter}${len(values) + 1}"
        return self.refs[key]


def _sheet(ws, spec: SheetSpec, lists: _Lists) -> None:
    ws.freeze_panes = "A2"
    # On a fields sheet the value cells take their own prompt and format, one per field.
    first = len(spec.fields) + 2 if spec.layout == "fields" else 2
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(1, index, column.name)
        cell.font, cell.fill = BOLD, HEADER_FILL
        ws.column_dimensions[letter].width = column.width
        # A column style: Excel gives it to every cell an editor types into the column.
        fmt = TEXT if spec.layout == "fields" else column.cell.number_format
        ws.column_dimensions[letter].number_format = fmt
        start = 2 if index == 1 else first
        _validate(ws, column, f"{letter}{start}:{letter}{LAST_ROW}",
                  lists.ref(column) if column.choice else None)
    for row, field in enumerate(spec.fields, start=2):
        ws.cell(row, 1, field.name)
        ws.cell(row, 2).number_format = field.cell.number_format
        _validate(ws, field, f"B{row}", lists.ref(field) if field.choice else None)


def _validate(ws, column: Column, area: str, source: str | None) -> None:
    rule = DataValidation(type="list" if source else None, formula1=source, allow_blank=True,
                          showInputMessage=True, promptTitle=column.name[:32],
                          prompt=_prompt(column)[:255],
                          # Editors may type an accepted variant ("Asia-Pacific"); the check
                          # normalises it, so Excel must not reject it.
                          showErrorMessage=False, errorTitle=column.name[:32],
                          error="Not in the list; the check will say if it is not accepted.")
    rule.add(area)
    ws.add_data_validation(rule)


def _prompt(column: Column) -> str:
    text = column.help or _sentence(column.cell.what)
    return f"{text} Required." if column.required else text


def _what(column: Column) -> str:
    """What to type, each thing said once: the help, then what the kind of column takes
    unless the help already says it."""
    if column.choice is not None:
        allowed = column.choice.allowed
        if column.help and all(v.casefold() in column.help.casefold() for v in allowed):
            return column.help
        return f"{column.help} One of: {', '.join(allowed)}.".strip()
    if column.kind == "text":
        return column.help or _sentence(column.cell.what)
    kind = _sentence(column.cell.what)
    if column.help.casefold().startswith(kind.rstrip(".").casefold()):
        return column.help
    return f"{kind} {column.help}".strip()


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


# The README's columns (widths in characters) and how its rows are measured: a line of
# Calibri 11 pt is 15 pt high; a line holds fewer characters than the column's width (a
# width counts the digit 0, and a wider stand-in font may print it), so the row heights
# are set for the wrapped text, as neither LibreOffice nor Excel fits them when printing.
README_WIDTHS = (28, 10, 64)
LINE_PT = 15
CHARS_PER_WIDTH = 0.8


def _readme(ws, spec: WorkbookSpec) -> None:
    ws.title = "README"
    for letter, width in zip("ABC", README_WIDTHS):
        ws.column_dimensions[letter].width = width
    rows: list[tuple[tuple, bool]] = [
        ((spec.filename,), True), ((spec.help,), False),
        (("Type in the sheets that follow; do not rename sheets or headers. The Lists sheet "
          "holds the drop-down choices: leave it as it is.",), False)]
    for sheet in spec.sheets:
        rows += [((), False), ((f"Sheet “{sheet.name}”",), True), ((sheet.help,), False)]
        if sheet.layout == "fields":
            rows.append((("Type each value in column B, beside its field.",), False))
        rows.append((("Field" if sheet.fields else "Column", "Required", "What to type"), True))
        rows += [((c.name, "Yes" if c.required else "No", _what(c)), False)
                 for c in sheet.fields or sheet.columns]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, (values, bold) in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c, value)
            cell.alignment = wrap
            if bold:
                cell.font = BOLD
        # a sentence alone on its row spans the three columns, as it reads
        widths = [sum(README_WIDTHS)] if len(values) == 1 else README_WIDTHS
        if len(values) == 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        ws.row_dimensions[r].height = LINE_PT * max(
            [_lines(str(v), w) for v, w in zip(values, widths)] or [1])
    # printed one page wide, in portrait
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _lines(text: str, width: float) -> int:
    """How many lines ``text`` takes, wrapped at word boundaries in a column ``width`` wide."""
    chars = max(1, int(width * CHARS_PER_WIDTH))
    return sum(max(1, len(textwrap.wrap(line, chars))) for line in text.split("\n"))
