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


def _message_to_the_top(folder: Path) -> None:
    """Europe's last key message becomes its first: the letters of all three change."""
    book = openpyxl.load_workbook(folder / "consultations.xlsx")
    for row in book["Key messages"].iter_rows(min_row=2):
        if row[0].value == "Europe":
            row[1].value = 1 if row[1].value == 3 else row[1].value + 1
    book.save(folder / "consultations.xlsx")


EDITS = {"message reworded": _reword, "consultation added": _add_consultation,
         "table row removed": _remove_timetable_row,
         "recommendation moved": _move_recommendation,
         "message moved to the top": _message_to_the_top}


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


def mutated(old: Path, folder: Path, seed: int) -> Path:
    """A copy of ``old`` with a few random edits of the kinds a drafter makes in Word:
    words changed (in paragraphs and cells), paragraphs deleted, added or moved, table rows
    deleted or added. The same seed gives the same edits. The first paragraph stays: a
    document that begins with a table has no paragraph mark before it that a change
    could remove, in Word as in LibreOffice. A paragraph holding a footnote's reference is
    not deleted or moved: LibreOffice 7.4 leaves an empty paragraph where it accepts such a
    deletion (a numbered note or one with a mark of its own, however the redline writes it),
    which the views would take for the redline's fault."""
    import random
    import zipfile

    from lxml import etree

    from wsis_report.review.redline.tracked import w

    rng = random.Random(seed)
    with zipfile.ZipFile(old) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(w("body"))
    for _ in range(rng.randint(1, 6)):
        paragraphs = [p for p in root.iter(w("p")) if p.find(f".//{w('t')}") is not None]
        blocks = [b for b in body if b.tag == w("p")
                  and b.find(f".//{w('footnoteReference')}") is None]
        rows = list(root.iter(w("tr")))
        edit = rng.choice(["words", "words", "delete", "add", "move", "row-", "row+"])
        if edit == "words":
            t = rng.choice([t for p in paragraphs for t in p.iter(w("t")) if t.text])
            words = t.text.split(" ")
            i = rng.randrange(len(words))
            words[i:i + rng.randint(0, 2)] = rng.sample(["new", "revised", "text", "and"],
                                                        rng.randint(0, 2))
            t.text = " ".join(words)
        elif edit == "delete" and len(blocks) > 2:
            body.remove(rng.choice(blocks[1:-1]))
        elif edit == "add":
            added = etree.fromstring(etree.tostring(rng.choice(paragraphs)))
            # Word gives a copied footnote a note of its own; a copy of the reference alone
            # would refer twice to one note, which no office writes
            for ref in list(added.iter(w("footnoteReference"))):
                run = ref.getparent()
                run.getparent().remove(run)
            rng.choice(blocks[:-1]).addnext(added)
        elif edit == "move" and len(blocks) > 3:
            moved = rng.choice(blocks[1:-1])
            body.remove(moved)
            rng.choice([b for b in body if b.tag == w("p")][:-1]).addnext(moved)
        elif edit == "row-" and rows:
            row = rng.choice(rows)
            if len(row.getparent().findall(w("tr"))) > 1:
                row.getparent().remove(row)
        elif edit == "row+" and rows:
            row = rng.choice(rows)
            row.addnext(etree.fromstring(etree.tostring(row)))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    new = folder / f"mutated-{seed}.docx"
    with zipfile.ZipFile(new, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return new


def inserted_pair(folder: Path) -> tuple[Path, Path]:
    """The final report (OLD), and a copy (NEW) into which a drafter inserted a numbered
    paragraph that cites a chapter and a paragraph: every later number moves by one."""
    import docx

    old = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", folder / "old")[0].path
    document = docx.Document(old)
    before = next(p for p in document.paragraphs if p.text.startswith("The present report"))
    before.insert_paragraph_before("The findings are set out in chapter III and the "
                                   "recommendations in paragraph 11.", style=before.style)
    new = folder / "new.docx"
    document.save(new)
    return old, new
