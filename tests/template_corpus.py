"""Runs the hostile-template corpus of tests/test_hostile_templates.py in one process,
so that the test can hold the whole run under an address-space limit:

    python tests/template_corpus.py CASES.json RESULTS.json

Each case adds one paragraph to a copy of templates/progress.docx and builds the
progress report through the command; the result records the exit code, the
message, the time, what was written and, when a document was, its text."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sys
import time
from pathlib import Path

import docx
import openpyxl

from wsis_report.cli import main
from wsis_report.documents.house_style.words import document_text

ROOT = Path(__file__).resolve().parent.parent
TITLE = "R&D <consultations> {{ x }} AT&amp;T ]]>"


def inputs(folder: Path) -> Path:
    """The sample inputs, with a progress title that is all markup."""
    shutil.copytree(ROOT / "inputs", folder)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    wb["Documents"]["B2"] = TITLE
    wb.save(folder / "report.xlsx")
    return folder


def run_case(work: Path, source: Path, paragraph: str) -> dict:
    templates = work / "templates"
    shutil.copytree(ROOT / "templates", templates)
    document = docx.Document(templates / "progress.docx")
    paragraph, _, cell = paragraph.partition("\t")  # after a tab: a table cell's text
    document.add_paragraph(paragraph)
    if cell:
        document.add_table(rows=1, cols=1).cell(0, 0).text = cell
    document.save(templates / "progress.docx")
    out, err = work / "out", io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--stage", "progress", "--inputs", str(source), "--templates",
                     str(templates), "--out", str(out)])
    result = {"code": code, "message": err.getvalue(), "seconds": time.perf_counter() - started,
              "written": sorted(p.name for p in out.iterdir()) if out.exists() else []}
    if code == 0:
        path = out / "wsis20-progress.docx"
        result["last"] = docx.Document(path).paragraphs[-1].text
        result["titles"] = document_text(path.read_bytes()).count(TITLE)
    return result


if __name__ == "__main__":
    cases, results = json.loads(Path(sys.argv[1]).read_text()), {}
    base = Path(sys.argv[2]).parent
    source = inputs(base / "inputs")
    for number, (name, paragraph) in enumerate(cases.items()):
        results[name] = run_case(base / f"case{number}", source, paragraph)
    Path(sys.argv[2]).write_text(json.dumps(results))
