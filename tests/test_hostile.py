"""Hostile and odd inputs: every value rendered exactly, or refused with its cell.

Fixtures are built the way Excel writes files: text in shared strings, and
control characters as Excel's _xHHHH_ escapes.
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from wsis_report import check, load_inputs
from wsis_report.pipeline import build
from wsis_report.documents.output import write_atomic

from builders import CONSULTATIONS, KEY_MESSAGES, with_row, write_inputs
from excel_like import with_shared_strings
from zip_parts import rezip

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ESCAPABLE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def excel_escape(text: str) -> str:
    """Text as Excel stores it in a cell: literal _xHHHH_ guarded, others escaped."""
    text = _ESCAPABLE.sub("_x005F_", text)
    return _NOT_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def rendered_text(path: Path) -> str:
    """The document's body text with line breaks and tabs as typed."""
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    lines = []
    for p in root.iter(f"{W}p"):
        parts = []
        for el in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
            parts.append(el.text or "" if el.tag == f"{W}t" else "\n" if el.tag == f"{W}br"
                         else "\t")
        lines.append("".join(parts))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def templates():
    return ROOT / "templates"


def sample_copy(tmp: Path) -> Path:
    folder = tmp / "inputs"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "inputs", folder)
    return folder


def set_cell(path: Path, sheet: str, ref: str, value) -> None:
    """Sets one cell, then stores the text as Excel does, in shared strings."""
    wb = openpyxl.load_workbook(path)
    wb[sheet][ref] = value
    wb.save(path)
    with_shared_strings(path)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec=None, categories=None), min_size=1, max_size=40))
@example(text="\uf900")  # a compatibility ideograph: NFC gives U+8C48
def test_any_cell_text_is_rendered_exactly_or_refused_with_its_cell(tmp_path_factory, text):
    tmp = tmp_path_factory.mktemp("prop")
    folder = sample_copy(tmp)
    set_cell(folder / "consultations.xlsx", "Key messages", "C2", "Msg " + excel_escape(text))
    assert b"Msg " in zipfile.ZipFile(folder / "consultations.xlsx").read("xl/sharedStrings.xml")
    report = check(folder, "progress")
    if not report.valid:
        assert [(i.sheet, i.cell) for i in report.errors] == [("Key messages", "C2")]
        assert report.errors[0].code in {"invalid-character", "value-missing"}
        return
    (doc,) = build(folder, ["progress"], ROOT / "templates", tmp / "out")
    # As the reader keeps text: one spelling per text (NFC), as documented in parsers.py.
    expected = unicodedata.normalize(
        "NFC", ("Msg " + text).replace("\r\n", "\n").replace("\r", "\n").strip())
    assert expected in rendered_text(doc.path)


def test_a_cell_of_32767_characters_is_rendered_whole(tmp_path):
    folder = sample_copy(tmp_path)
    long = ("WSIS " * 6554)[:32767]
    set_cell(folder / "consultations.xlsx", "Key messages", "C2", long)
    (doc,) = build(folder, ["progress"], ROOT / "templates", tmp_path / "out")
    assert long.strip() in rendered_text(doc.path)


def test_right_to_left_and_astral_text_come_out_exactly(tmp_path):
    folder = sample_copy(tmp_path)
    text = "مشاورة إقليمية — 𝔘𝔑 😀 ✓"
    set_cell(folder / "consultations.xlsx", "Consultations", "D2", text)
    (doc,) = build(folder, ["ecosoc"], ROOT / "templates", tmp_path / "out")
    assert text in rendered_text(doc.path)


def test_dates_in_the_1904_date_system_read_as_the_same_dates(tmp_path):
    folder = write_inputs(tmp_path)
    wb = openpyxl.load_workbook(folder / "consultations.xlsx")
    wb.epoch = CALENDAR_MAC_1904
    wb["Consultations"]["E2"] = date(2023, 10, 10)
    wb.save(folder / "consultations.xlsx")
    assert b'date1904="1"' in zipfile.ZipFile(folder / "consultations.xlsx").read("xl/workbook.xml")
    assert load_inputs(folder).consultations[0].start == date(2023, 10, 10)


def test_ids_longer_than_fifteen_digits_are_refused(tmp_path):
    rows = with_row(CONSULTATIONS, 0, ID=1234567890123456789)
    (issue,) = check(write_inputs(tmp_path, Consultations=rows)).errors
    assert (issue.code, issue.cell) == ("long-number", "A2")


def test_merged_cells_spanning_records_are_named(tmp_path):
    messages = KEY_MESSAGES + [{"Group": None, "No.": 2, "Message": "Second."}]
    folder = write_inputs(tmp_path, Key_messages=messages)
    wb = openpyxl.load_workbook(folder / "consultations.xlsx")
    ws = wb["Key messages"]
    ws["A3"] = "Africa"
    ws.merge_cells("A3:A4")
    wb.save(folder / "consultations.xlsx")
    report = check(folder)
    assert ("merged-cells", "Key messages", "A3") in [(i.code, i.sheet, i.cell)
                                                     for i in report.errors]


def test_duplicate_and_blank_headers(tmp_path):
    folder = write_inputs(tmp_path)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    ws = wb["Recommendations"]
    ws["C1"], ws["C2"] = "Recommendation", "Again"
    ws["E2"] = "data under no header"
    wb.save(folder / "report.xlsx")
    report = check(folder)
    found = [(i.code, i.sheet, i.cell, i.severity) for i in report.issues]
    assert ("column-duplicate", "Recommendations", "C1", "error") in found
    assert ("column-unnamed", "Recommendations", "E1", "warning") in found


def test_formatted_empty_rows_to_the_last_row_are_read_fast(tmp_path):
    folder = write_inputs(tmp_path)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    ws = wb["Timetable"]
    ws["A1048576"].number_format = "d mmmm yyyy"
    ws["C1048576"].fill = openpyxl.styles.PatternFill("solid", fgColor="FFFF00")
    wb.save(folder / "report.xlsx")
    assert check(folder).valid
    assert len(load_inputs(folder).timetable) == 2


def assert_timetable_refused_as_too_large(folder: Path) -> None:
    # In a process of its own: a sheet that slipped through would abort it.
    result = subprocess.run([sys.executable, "-m", "wsis_report.cli", "check", "--json",
                             "--inputs", str(folder)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr[-500:]
    issues = json.loads(result.stdout)["issues"]
    assert [(i["code"], i["sheet"]) for i in issues if i["severity"] == "error"] == [
        ("sheet-too-large", "Timetable")]


@pytest.mark.parametrize("stray", ["XFD1048576", "ZZ1048576"])
def test_one_stray_value_far_away_is_refused_before_the_reader_lays_out_the_sheet(
        tmp_path, stray):
    # The reader would lay out every cell from A1 to the stray one: 17 billion for
    # XFD1048576, which aborts the whole process from inside its Rust code.
    folder = write_inputs(tmp_path)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    wb["Timetable"][stray] = "stray"
    wb.save(folder / "report.xlsx")
    assert_timetable_refused_as_too_large(folder)


@pytest.mark.parametrize("stray", [
    b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row>',
    b'<row r="1"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row>',
    b'<row r="1048576">' + b'<c t="inlineStr"><is><t>no reference</t></is></c>' * 10
    + b'</row>',
])
def test_a_stray_cell_written_first_is_refused_as_well(tmp_path, stray):
    # Spreadsheet programs write rows in order, a hostile file need not: the reader
    # places a cell by its reference wherever its tag stands in the sheet.
    folder = write_inputs(tmp_path)
    sheet = "xl/worksheets/sheet1.xml"  # Timetable, the first sheet
    rezip(folder / "report.xlsx", lambda name, data: data.replace(
        b"<sheetData>", b"<sheetData>" + stray, 1) if name == sheet else data)
    assert_timetable_refused_as_too_large(folder)


def test_an_output_held_open_elsewhere_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    (first,) = build(ROOT / "inputs", ["progress"], ROOT / "templates", out)
    before = first.path.read_bytes()

    def locked(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    from wsis_report.cli import main

    code = main(["--stage", "progress", "--force", "--inputs", str(ROOT / "inputs"),
                 "--templates", str(ROOT / "templates"), "--out", str(out)])
    assert code == 1
    assert first.path.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["wsis20-progress.docx"]


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "doc.docx", b"data")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seed", range(20))
def test_a_mutated_workbook_gives_a_clean_answer_in_bounded_time_and_memory(tmp_path, seed):
    rng = random.Random(seed)
    folder = sample_copy(tmp_path)
    name = rng.choice(["consultations.xlsx", "survey.xlsx", "report.xlsx"])
    data = bytearray((folder / name).read_bytes())
    for _ in range(rng.choice([1, 4, 32])):
        data[rng.randrange(len(data))] = rng.randrange(256)
    (folder / name).write_bytes(bytes(data))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    result = subprocess.run([sys.executable, "-m", "wsis_report.cli", "check", "--json",
                             "--inputs", str(folder)], capture_output=True, text=True,
                            timeout=60, preexec_fn=limit_memory)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    report = json.loads(result.stdout)
    assert all(issue["workbook"] for issue in report["issues"])
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_text_longer_than_a_cell_can_hold_is_refused(tmp_path):
    folder = sample_copy(tmp_path)
    set_cell(folder / "consultations.xlsx", "Key messages", "C2", "x" * 32_767)
    assert check(folder).valid
    # openpyxl cuts text at 32,767 characters; a script writing the XML need not.
    set_cell(folder / "consultations.xlsx", "Key messages", "C2", "LONG-TEXT")
    path = folder / "consultations.xlsx"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"LONG-TEXT", b"x" * 40_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    (issue,) = check(folder).errors
    assert (issue.code, issue.sheet, issue.cell) == ("text-too-long", "Key messages", "C2")
