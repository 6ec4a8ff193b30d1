"""The bundled sample workbooks (tools/make_sample_inputs.py), read back."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent


def notes(name: str) -> list[str]:
    ws = openpyxl.load_workbook(ROOT / "inputs" / name, read_only=True)["Notes"]
    return [str(row[0]) for row in ws.iter_rows(values_only=True) if row and row[0]]


def test_the_notes_name_no_file_that_is_not_in_the_project():
    for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx"):
        for line in notes(name):
            # a file name: a folder, a name and a lower-case extension (not E/CN.16/2025/3)
            for path in re.findall(r"(?:[\w.-]+/)+[\w-]+\.(?:txt|xlsx|docx|md|py|csv|json)\b",
                                   line):
                assert (ROOT / path).exists(), (name, path)


def test_the_documents_rows_are_said_to_be_illustrative():
    text = " ".join(notes("report.xlsx"))
    assert "Illustrative: the Documents rows" in text
    ws = openpyxl.load_workbook(ROOT / "inputs" / "report.xlsx", read_only=True)["Documents"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert rows["ecosoc"][5] == "Economic and Social Council" and rows["ecosoc"][6] == "2025 session"
    assert rows["draft"][6] == "Twenty-eighth session"
    assert rows["progress"][6] == "Inter-sessional panel 2024–2025"


def test_the_bundled_sample_is_what_the_tool_writes_byte_for_byte(tmp_path):
    # A sample edited by hand, or a tool changed without rerunning it, would drift apart;
    # a rerun that changed bytes would change every document's source hashes.
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_sample_inputs.py"), str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx"):
        assert (tmp_path / name).read_bytes() == (ROOT / "inputs" / name).read_bytes(), name
