"""Where an internal error used to be, a plain message naming what is at fault, exit 1,
and with --json always a JSON document. (Template faults of the same list, such as a
.docm renamed .docx, an entity bomb, an include of an absolute path, an include of
itself and a macro calling itself, are in tests/documents/test_template_files.py.)"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import openpyxl

from wsis_report.cli import main

ROOT = Path(__file__).resolve().parent
SAMPLE = ROOT.parent / "inputs"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def too_long(tmp_path: Path) -> Path:
    return tmp_path / ("a" * 300)


def test_check_json_with_a_path_the_system_refuses_prints_json(tmp_path, capsys):
    code, out, err = run(capsys, "check", "--json", "--inputs", str(too_long(tmp_path)))
    assert code == 1
    document = json.loads(out)
    assert document["valid"] is False and "File name too long" in document["error"]
    assert "cannot use --inputs" in err and "internal error" not in err


def test_a_build_with_a_path_the_system_refuses_names_the_option(tmp_path, capsys):
    code, _, err = run(capsys, "--stage", "progress", "--inputs", str(SAMPLE),
                       "--templates", str(ROOT.parent / "templates"),
                       "--out", str(too_long(tmp_path)))
    assert code == 1
    assert "cannot use --out" in err and "File name too long" in err
    assert "internal error" not in err


def test_annotate_into_a_folder_it_cannot_write_says_so(tmp_path, capsys):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx"):
        (inputs / name).write_bytes((SAMPLE / name).read_bytes())
    wb = openpyxl.load_workbook(inputs / "consultations.xlsx")
    wb["Consultations"]["I2"] = "Tanzania"
    wb.save(inputs / "consultations.xlsx")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # works as root too, unlike a read-only folder
    code, out, err = run(capsys, "check", "--json", "--annotate", "--inputs", str(inputs),
                         "--out", str(blocker / "dist"))
    assert code == 1
    assert json.loads(out)["errors"] == 1
    assert f"cannot write the annotated copies in {blocker / 'dist'}" in err
    assert "internal error" not in err


def _blank_pdf(folder: Path) -> Path:
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(folder / "blank.pdf")
    return folder / "blank.pdf"


def _stand_in_office(folder: Path, pdf: Path | None) -> Path:
    """A stand-in office that "converts" by copying ``pdf`` (or the .docx itself), so no
    LibreOffice is needed."""
    office = folder / "soffice"
    office.write_text('#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\nout="$2"; '
                      'shift 2\nfor f in "$@"; do b=$(basename "$f" .docx); '
                      f'cp "{pdf or "$f"}" "$out/$b.pdf"; done\n')
    office.chmod(0o755)
    return office


def test_a_damaged_pdf_from_the_office_is_named_and_not_written(tmp_path, capsys, monkeypatch):
    office = _stand_in_office(tmp_path, None)  # "PDFs" that are .docx files
    monkeypatch.setenv("WSIS_REPORT_SOFFICE", str(office))
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "none"))
    out = tmp_path / "out"
    code, _, err = run(capsys, "--stage", "progress", "--pdf", "--inputs", str(SAMPLE),
                       "--templates", str(ROOT.parent / "templates"), "--out", str(out))
    assert code == 1 and "internal error" not in err
    assert "LibreOffice wrote a PDF of wsis20-progress.docx that cannot be read" in err
    assert sorted(p.name for p in out.iterdir()) == ["wsis20-progress.docx"]


def test_a_disk_filling_during_the_pdf_export_is_a_plain_message(tmp_path, capsys, monkeypatch):
    import wsis_report.office.convert as convert

    office = _stand_in_office(tmp_path, _blank_pdf(tmp_path))
    monkeypatch.setenv("WSIS_REPORT_SOFFICE", str(office))
    monkeypatch.setenv("WSIS_REPORT_UNO_PYTHON", str(tmp_path / "none"))

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(convert, "write_atomic", full)
    out = tmp_path / "out"
    code, _, err = run(capsys, "--stage", "progress", "--pdf", "--inputs", str(SAMPLE),
                       "--templates", str(ROOT.parent / "templates"), "--out", str(out))
    assert code == 1
    assert f"cannot write {out / 'wsis20-progress.pdf'} (No space left on device)" in err
    assert "The .docx files were written." in err and "internal error" not in err
    assert sorted(p.name for p in out.iterdir()) == ["wsis20-progress.docx"]


def test_out_the_templates_folder_is_refused_every_time(tmp_path, capsys):
    templates = tmp_path / "templates"
    templates.mkdir()
    for path in (ROOT.parent / "templates").glob("*.docx"):
        (templates / path.name).write_bytes(path.read_bytes())
    before = sorted(p.name for p in templates.iterdir())
    for _ in range(2):  # it used to write on the first run and refuse on the second
        code, _, err = run(capsys, "--stage", "progress", "--inputs", str(SAMPLE),
                           "--templates", str(templates), "--out", str(templates))
        assert code == 1 and "is the folder of the templates" in err
    assert sorted(p.name for p in templates.iterdir()) == before


def test_stage_given_twice_is_a_usage_error(tmp_path, capsys):
    code, _, err = run(capsys, "--stage", "draft", "--stage", "ecosoc", "--out", str(tmp_path))
    assert code == 2 and "--stage is given twice" in err
    assert list(tmp_path.iterdir()) == []


def test_check_stage_given_twice_is_a_usage_error(capsys):
    code, _, err = run(capsys, "check", "--stage", "draft", "--stage", "ecosoc",
                       "--inputs", str(SAMPLE))
    assert code == 2 and "--stage is given twice" in err
    assert run(capsys, "check", "--stage", "progress", "--inputs", str(SAMPLE))[0] == 0


def test_check_json_with_a_usage_error_still_prints_json(capsys):
    code, out, err = run(capsys, "check", "--json", "--stage", "final")
    assert code == 2 and "invalid choice" in err
    assert json.loads(out)["valid"] is False
