"""The comments matrix's rows as dicts by header, read back with openpyxl."""

from pathlib import Path

import openpyxl


def matrix_rows(path: Path) -> list[dict]:
    ws = openpyxl.load_workbook(path)["Comments"]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
