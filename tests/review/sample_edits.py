"""Copies of the bundled sample workbooks, edited cell by cell as an editor would."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

ROOT = Path(__file__).resolve().parents[2]


def sample_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for book in (ROOT / "inputs").glob("*.xlsx"):
        shutil.copy(book, folder / book.name)
    return folder


def edit(folder: Path, workbook: str, sheet: str, cells: dict[str, Any] | None = None,
         append: list[Any] | None = None, rows: list[list[Any]] = ()) -> None:
    wb = openpyxl.load_workbook(folder / workbook)
    ws = wb[sheet]
    for ref, value in (cells or {}).items():
        ws[ref] = value
    for row in ([append] if append else []) + list(rows):
        ws.append(row)
    wb.save(folder / workbook)


def editors_changes(folder: Path) -> None:
    """A consultation held, a tally and the total changed, a message reworded, one added and
    one moved: what an editor does between the progress report and the draft."""
    edit(folder, "consultations.xlsx", "Consultations", {"K8": "Held"})
    edit(folder, "survey.xlsx", "Survey", {"B4": 116})
    edit(folder, "survey.xlsx", "Responses",  # four late answers, counted into the tallies
         rows=[[f"R{n:04d}", datetime(2024, 1, 30), "Government", "Europe"]
               for n in range(113, 117)])
    edit(folder, "survey.xlsx", "By region", {"B5": 35})
    edit(folder, "survey.xlsx", "By stakeholder group", {"B2": 42})
    edit(folder, "consultations.xlsx", "Key messages",
         {"C14": "Concerns relate to the present approach to addressing crucial public policy "
                 "issues such as artificial intelligence governance and data flows.",
          "B12": 4},
         append=["Global", 8, "Digital public goods deserve sustained international support."])
