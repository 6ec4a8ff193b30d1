"""The matrix's own sheets, laid anew on each run: Comments (with its drop-downs, frozen
header and filter), Reviewers, and Long text for what a cell cannot hold. The same code
fills a streamed workbook and one opened whole (when the secretariat added sheets)."""

from __future__ import annotations

from typing import Any

from . import cells
from .merge import DECISIONS, GROUPS, HIDDEN, READ, WIDTHS, WRAP
from .workbook import Formula


class _Styles:
    """One style object per kind of cell, shared: openpyxl looks a style up anew each time
    it is set, which costs more than the rest of writing a cell."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font

        self.make = lambda value=None: WriteOnlyCell(ws, value)
        wrap = Alignment(wrap_text=True, vertical="top")
        self.bold = self._style(font=Font(bold=True))
        self.kinds = {(w, q): self._style(alignment=wrap if w else None, quotePrefix=q or None)
                      for w in (False, True) for q in (False, True)}

    def _style(self, **settings: Any) -> Any:
        cell = self.make("")
        for name, value in settings.items():
            if value is not None:
                setattr(cell, name, value)
        return cell

    def cell(self, value: Any, wrap: bool = False, text: bool = True) -> Any:
        """A cell for ``value``: a string as text (unless it is a formula the secretariat
        typed, and ``text`` is false), styled for wrapping and the quote prefix."""
        if isinstance(value, Formula) and not text:
            return str(value)
        if not isinstance(value, str):
            return value
        live = cells.looks_live(value)
        if not (wrap or live):  # plain text: openpyxl writes it as a string as it is
            return str(value)
        cell = self.make(str(value))
        cell.data_type = "s"  # never a formula or an error value
        cell._style = self.kinds[(wrap, live)]._style.__copy__()
        return cell


def fill_comments(ws: Any, headers: list[str], rows: list[dict[str, Any]]
                  ) -> list[tuple[str, str, str]]:
    """The Comments sheet; returns the long texts cut to fit: (key, column, text)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = _Styles(ws)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers) - len(HIDDEN))}" \
                         f"{max(2, len(rows) + 1)}"
    for i, header in enumerate(headers, 1):
        column = ws.column_dimensions[get_column_letter(i)]
        column.width = WIDTHS.get(header, 18)
        column.hidden = header in HIDDEN
    decision = get_column_letter(headers.index("Decision") + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(DECISIONS) + '"',
                             allow_blank=True)
    choices.add(f"{decision}2:{decision}{len(rows) + 1000}")
    ws.data_validations.append(choices)
    ws.append([_bold(styles, h) for h in headers])
    long: list[tuple[str, str, str]] = []
    for n, row in enumerate(rows, 2):
        line = []
        for h in headers:
            value = row.get(h)
            if isinstance(value, str) and len(value) > cells.LIMIT // 2 and \
                    cells.units(value) > cells.LIMIT:
                long.append((str(row.get("Key") or f"row {n}"), h, value))
                value = cells.shortened(value, f"key {row.get('Key') or f'row {n}'}, "
                                               f"column {h}")
            line.append(styles.cell(value, wrap=h in WRAP and bool(value), text=h in READ))
        ws.append(line)
    return long


def fill_reviewers_sheet(ws: Any, reviewers: dict[str, tuple]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = _Styles(ws)
    for letter, width in zip("ABC", (24, 30, 30)):
        ws.column_dimensions[letter].width = width
    groups = DataValidation(type="list", formula1='"' + ",".join(GROUPS) + '"',
                            allow_blank=True)
    groups.add(f"C2:C{len(reviewers) + 500}")
    ws.data_validations.append(groups)
    ws.append([_bold(styles, h) for h in ("Author", "Entity", "Stakeholder group")])
    for author in sorted(reviewers):
        entity, group = (list(reviewers[author]) + [None, None])[:2]
        ws.append([styles.cell(author), styles.cell(entity, text=False),
                   styles.cell(group, text=False)])


def fill_long(ws: Any, long: list[tuple[str, str, str]]) -> None:
    """Each long text in pieces a cell holds, in order, under its row's key and column."""
    styles = _Styles(ws)
    for letter, width in zip("ABCD", (24, 20, 8, 100)):
        ws.column_dimensions[letter].width = width
    ws.append([_bold(styles, h) for h in cells.LONG_HEADERS])
    for key, column, text in long:
        for n, piece in enumerate(cells.pieces(text), 1):
            ws.append([styles.cell(key), styles.cell(column), n, styles.cell(piece)])


def _bold(styles: _Styles, header: str) -> Any:
    cell = styles.make(header)
    cell.data_type = "s"
    cell._style = styles.bold._style.__copy__()
    return cell
