"""make-report --slides and --charts on the command line: what it prints, what it writes."""

from __future__ import annotations

import re
from pathlib import Path

from wsis_report.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_slides_are_printed_beside_their_document_and_then_up_to_date(tmp_path, capsys):
    args = ["--stage", "progress", "--slides", "--inputs", str(ROOT / "inputs"),
            "--templates", str(ROOT / "templates"), "--out", str(tmp_path)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.match(rf"{re.escape(str(tmp_path / 'wsis20-progress.docx'))}  [\d,]+ words, "
                    "2 figures", lines[0])
    assert lines[1] == "  house style: no warnings"
    assert lines[2].startswith(f"{tmp_path / 'wsis20-progress.pptx'}  10 slides, 2 charts, "
                               "1 tables, ")
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[2].endswith("1 tables, up to date")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wsis20-progress.docx",
                                                          "wsis20-progress.pptx"]


def test_without_slides_no_deck_is_written(tmp_path, capsys):
    assert main(["--stage", "progress", "--charts", "native", "--inputs", str(ROOT / "inputs"),
                 "--templates", str(ROOT / "templates"), "--out", str(tmp_path)]) == 0
    assert ".pptx" not in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["wsis20-progress.docx"]
