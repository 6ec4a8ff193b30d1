"""The make-report command: exit codes, printed report, JSON equal to the API's."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from wsis_report import check
from wsis_report.cli import main

from builders import CONSULTATIONS, with_row, write_inputs


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_valid_inputs_exits_0(tmp_path, capsys):
    code, out, _ = run(capsys, "check", "--inputs", str(write_inputs(tmp_path)))
    assert code == 0
    assert out.strip().endswith("No errors, 0 warnings.")


def test_check_prints_every_problem_grouped_and_exits_1(tmp_path, capsys):
    rows = with_row(CONSULTATIONS, 0, Scope="Planet", Country="UAE")
    code, out, _ = run(capsys, "check", "--inputs", str(write_inputs(tmp_path, Consultations=rows)))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == "consultations.xlsx › Consultations"
    assert lines[1].startswith("  error   consultations.xlsx › Consultations › B2: 'Planet' is "
                               "not a known scope. Use one of: Global, Regional.")
    assert "consultations.xlsx › Consultations › I2:" in lines[2]
    assert lines[-1] == "2 errors, 0 warnings."


def test_check_json_is_the_reports_own_dict(tmp_path, capsys):
    folder = write_inputs(tmp_path, Consultations=with_row(CONSULTATIONS, 1, Region="Mars"))
    code, out, _ = run(capsys, "check", "--json", "--stage", "progress", "--inputs", str(folder))
    assert code == 1
    assert json.loads(out) == check(folder, "progress").to_dict()
    assert json.loads(out)["issues"][0]["location"] == "consultations.xlsx › Consultations › C3"


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "check", "--stage", "final")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "--frobnicate")[0] == 2


def test_missing_folder_is_a_clear_error_not_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "wsis_report.cli", "check", "--inputs",
                             str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "consultations.xlsx: is not in" in result.stdout


def test_init_then_fill_then_check_round_trips(tmp_path, capsys):
    import openpyxl

    from builders import DOCUMENTS, KEY_MESSAGES, RECOMMENDATIONS, SESSION_OUTCOME, TIMETABLE

    folder = tmp_path / "new"
    assert run(capsys, "init", str(folder))[0] == 0
    assert run(capsys, "check", "--inputs", str(folder))[0] == 1  # blank: required facts missing

    def fill(workbook, sheet, rows):
        wb = openpyxl.load_workbook(folder / workbook)
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for r, row in enumerate(rows, start=2):
            for key, value in row.items():
                ws.cell(r, header.index(key) + 1, value)
        wb.save(folder / workbook)

    fill("consultations.xlsx", "Consultations", CONSULTATIONS)
    fill("consultations.xlsx", "Key messages", KEY_MESSAGES)
    wb = openpyxl.load_workbook(folder / "survey.xlsx")
    ws = wb["Survey"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "Questionnaire circulated":
            row[1].value = "16 September 2023"
    wb.save(folder / "survey.xlsx")
    fill("survey.xlsx", "By stakeholder group", [{"Stakeholder group": "Government",
                                                  "Responses": 5}])
    fill("survey.xlsx", "By region", [{"Region": "Africa", "Responses": 5}])
    fill("survey.xlsx", "Findings", [{"No.": 1, "Finding": "Infrastructure first."}])
    fill("report.xlsx", "Timetable", TIMETABLE)
    fill("report.xlsx", "Documents", DOCUMENTS)
    fill("report.xlsx", "Recommendations", RECOMMENDATIONS)
    code, out, _ = run(capsys, "check", "--inputs", str(folder))
    assert code == 1 and "the final report needs the outcome of the session" in out
    wb = openpyxl.load_workbook(folder / "report.xlsx")  # its fields, beside their names
    for row in wb["Session outcome"].iter_rows(min_row=2):
        row[1].value = SESSION_OUTCOME.get(row[0].value)
    wb.save(folder / "report.xlsx")
    code, out, _ = run(capsys, "check", "--inputs", str(folder))
    assert code == 0, out
    assert "error" not in out.replace("No errors", "")


def test_init_refuses_to_overwrite(tmp_path, capsys):
    folder = write_inputs(tmp_path)
    before = (folder / "survey.xlsx").read_bytes()
    code, _, err = run(capsys, "init", str(folder))
    assert code == 1
    assert "already exist" in err or "exists" in err
    assert (folder / "survey.xlsx").read_bytes() == before


def test_annotate_writes_highlighted_copies_and_leaves_inputs_alone(tmp_path, capsys):
    import openpyxl

    folder = write_inputs(tmp_path / "in", Consultations=with_row(CONSULTATIONS, 0, Scope="x"))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, out, _ = run(capsys, "check", "--annotate", "--inputs", str(folder),
                       "--out", str(tmp_path / "dist"))
    assert code == 1
    copy = tmp_path / "dist" / "consultations.annotated.xlsx"
    assert f"Annotated copy: {copy}" in out
    cell = openpyxl.load_workbook(copy)["Consultations"]["B2"]
    assert "'x' is not a known scope" in cell.comment.text
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_build_prints_each_document_and_refuses_bad_inputs_before_writing(tmp_path, capsys):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "dist"
    code, text, _ = run(capsys, "--stage", "all", "--inputs", str(root / "inputs"),
                        "--templates", str(root / "templates"), "--out", str(out))
    assert code == 0
    lines = [line for line in text.splitlines() if not line.startswith("  house style:")]
    assert [line.split()[0] for line in lines] == [
        str(out / f"wsis20-{s}.docx") for s in ("progress", "draft", "ecosoc")]
    assert "words (limit 8,500), 2 figures, 4 tables," in lines[2]
    assert text.count("  house style: no warnings") == 3  # a line for each document
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = write_inputs(tmp_path / "bad", Consultations=with_row(CONSULTATIONS, 0, Scope="?!"))
    code, text, err = run(capsys, "--stage", "ecosoc", "--inputs", str(bad), "--templates",
                          str(root / "templates"), "--out", str(out))
    assert code == 1
    assert "consultations.xlsx › Consultations › B2" in text
    assert "Nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_refuses_to_write_over_an_input(tmp_path, capsys):
    from pathlib import Path
    import shutil

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "both"
    shutil.copytree(root / "inputs", folder)
    (folder / "wsis20-ecosoc.docx").write_bytes(b"a drafter's file")
    code, _, err = run(capsys, "--stage", "ecosoc", "--inputs", str(folder), "--templates",
                       str(root / "templates"), "--out", str(folder))
    assert code == 1 and "would be overwritten" in err
    assert (folder / "wsis20-ecosoc.docx").read_bytes() == b"a drafter's file"


def test_the_public_api_matches_the_command(tmp_path):
    import wsis_report

    folder = tmp_path / "blank"
    assert [p.name for p in wsis_report.init_workbooks(folder)] == [
        "consultations.xlsx", "survey.xlsx", "report.xlsx"]
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    (doc,) = wsis_report.build(root / "inputs", ["progress"], root / "templates", tmp_path / "d")
    assert doc.path == tmp_path / "d" / "wsis20-progress.docx" and doc.words > 500


def test_init_into_a_folder_it_cannot_write_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run(capsys, "init", str(blocker / "sub"))
    assert code == 1 and "cannot write in" in err and "Traceback" not in err


def test_build_shows_the_warnings_of_the_check(tmp_path, capsys):
    import shutil
    from pathlib import Path

    import openpyxl

    root = Path(__file__).resolve().parent.parent
    inputs = tmp_path / "inputs"
    shutil.copytree(root / "inputs", inputs)
    wb = openpyxl.load_workbook(inputs / "report.xlsx")
    wb["Timetable"].row_dimensions[3].hidden = True
    wb.save(inputs / "report.xlsx")
    code, text, _ = run(capsys, "--stage", "progress", "--inputs", str(inputs), "--templates",
                        str(root / "templates"), "--out", str(tmp_path / "out"))
    assert code == 0
    assert "warning report.xlsx › Timetable › 3:3: row 3 is hidden" in text
    assert text.strip().endswith("No errors, 1 warning.")


def test_output_cut_short_by_its_reader_is_no_internal_error():
    # `make-report check --schema | head -1`: the reader is gone before the output ends.
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.Popen([sys.executable, "-m", "wsis_report.cli", "check", "--schema"],
                            stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    stderr = proc.stderr.read().decode()
    assert proc.wait() == 141 and stderr == ""
