"""Pairs of documents for the redline tests: the sample's draft and final report, and the
final report before and after each kind of edit an editor makes to the workbooks."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import openpyxl

from wsis_report import build

ROOT = Path(__file__).resolve().parents[1]
REWORDED = ("Support to vulnerable groups should be increased.",
            "Support to vulnerable and marginalized groups should be increased substantially.")
ADDED = ["G3", "Global", None, "Third global consultation", datetime(2024, 5, 28), None, None,
         "Geneva", "Switzerland", "Hybrid", "Held", "WSIS+20 Forum High-Level Event", None, None]


def _reword(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / "consultations.xlsx")
    for row in book["Key messages"].iter_rows():
        if row[2].value == REWORDED[0]:
            row[2].value = REWORDED[1]
    book.save(folder / "consultations.xlsx")


def _add_consultation(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / "consultations.xlsx")
    sheet = book["Consultations"]
    sheet.insert_rows(4)  # after the two global consultations, as an editor would
    for column, value in enumerate(ADDED, start=1):
        sheet.cell(4, column, value)
    book.save(folder / "consultations.xlsx")


def _remove_timetable_row(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / "report.xlsx")
    book["Timetable"].delete_rows(3)
    book.save(folder / "report.xlsx")


def _move_recommendation(folder: Path) -> None:
    """The last recommendation becomes the first; the others move down one."""
    book = openpyxl.load_workbook(folder / "report.xlsx")
    sheet = book["Recommendations"]
    texts = [row[1].value for row in sheet.iter_rows(min_row=2) if row[1].value]
    for number, text in enumerate([texts[-1], *texts[:-1]], start=1):
        sheet.cell(number + 1, 1, number)
        sheet.cell(number + 1, 2, text)
    book.save(folder / "report.xlsx")


EDITS = {"message reworded": _reword, "consultation added": _add_consultation,
         "table row removed": _remove_timetable_row,
         "recommendation moved": _move_recommendation}


def sample_pair(folder: Path) -> tuple[Path, Path]:
    """The sample's draft (OLD) and final report (NEW)."""
    built = build(ROOT / "inputs", ["draft", "ecosoc"], ROOT / "templates", folder)
    return built[0].path, built[1].path


def edited_pair(folder: Path, edit: str) -> tuple[Path, Path]:
    """The final report from the sample inputs (OLD) and from copies edited by ``edit``."""
    old = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", folder / "old")[0].path
    inputs = folder / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    EDITS[edit](inputs)
    new = build(inputs, ["ecosoc"], ROOT / "templates", folder / "new")[0].path
    return old, new
