import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def office_files(tmp_path_factory) -> dict[str, Path]:
    """Every kind of Office file the toolkit writes, each made once for the whole session
    through the command a user runs: the three reports with picture charts and the deck,
    the report with native charts, the redline, the blank workbooks, annotated workbooks,
    `changes --xlsx` and the comments matrix of a copy reviewed in Word."""
    import openpyxl

    from review.word_review import add_word_review
    from wsis_report.cli import main

    work = tmp_path_factory.mktemp("office-files")
    common = ["--inputs", str(ROOT / "inputs"), "--templates", str(ROOT / "templates")]
    assert main(["--stage", "all", *common, "--out", str(work / "pictures")]) == 0
    assert main(["--stage", "progress", "--slides", "--force", *common,
                 "--out", str(work / "pictures")]) == 0
    assert main(["--stage", "ecosoc", "--charts", "native", *common,
                 "--out", str(work / "native")]) == 0
    reports = {s: work / "pictures" / f"wsis20-{s}.docx" for s in ("progress", "draft", "ecosoc")}
    files = {**reports, "deck": work / "pictures" / "wsis20-progress.pptx",
             "native charts": work / "native" / "wsis20-ecosoc.docx",
             "redline": work / "redline.docx", "changes": work / "changes.xlsx",
             "matrix": work / "comments.xlsx"}
    assert main(["redline", str(reports["draft"]), str(reports["ecosoc"]),
                 "-o", str(files["redline"])]) == 0
    assert main(["init", str(work / "blank")]) == 0
    files.update({f"blank {p.name}": p for p in sorted((work / "blank").glob("*.xlsx"))})
    # workbooks with problems: a country that is not a UN short name, a total that is text
    broken = work / "broken"
    shutil.copytree(ROOT / "inputs", broken)
    wb = openpyxl.load_workbook(broken / "consultations.xlsx")
    wb["Consultations"]["I2"] = "Tanzania"
    wb.save(broken / "consultations.xlsx")
    wb = openpyxl.load_workbook(broken / "survey.xlsx")
    wb["Survey"]["B4"] = "many"
    wb.save(broken / "survey.xlsx")
    assert main(["check", "--inputs", str(broken), "--annotate", "--out",
                 str(work / "annotated")]) == 1
    files.update({f"annotated {p.name}": p
                  for p in sorted((work / "annotated").glob("*.annotated.xlsx"))})
    assert len([k for k in files if k.startswith("annotated")]) == 2
    # a key message reworded since the draft: the changes table shows the words struck out
    # and inserted, in rich text
    edited = work / "edited"
    shutil.copytree(ROOT / "inputs", edited)
    wb = openpyxl.load_workbook(edited / "consultations.xlsx")
    wb["Key messages"]["C2"] = "Significant progress has been made through WSIS."
    wb.save(edited / "consultations.xlsx")
    assert main(["changes", str(reports["draft"]), "--inputs", str(edited),
                 "--xlsx", str(files["changes"])]) == 0
    reviewed = add_word_review(reports["draft"], work / "reviewed.docx")
    assert main(["comments", str(reviewed), "--matrix", str(files["matrix"])]) == 0
    return files
