"""`make-report changes`: what an editor changed between two stages, found from the data
each document carries, located to the cell."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import openpyxl
import pytest

from wsis_report.cli import main
from wsis_report.office.convert import soffice
from wsis_report.pipeline import build
from wsis_report.review.changes.compare import compare, marked
from wsis_report.review.snapshot.part import read_snapshot

from sample_edits import ROOT, edit, editors_changes, sample_copy

EXPECTED = {
    ("held", "consultation:R-LAC", "status", "K8"),
    ("changed", "survey", "total", "B4"),
    ("changed", "by-region:Europe", "responses", "B5"),
    ("changed", "by-group:Government", "responses", "B2"),
    ("edited", "key-message:Europe:3", "text", "C14"),
    ("added", "key-message:Global:8", None, "C24"),
    ("moved", "key-message:Europe:4", None, "C12"),
}


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The progress report built before an editor's changes, the draft after them."""
    base = tmp_path_factory.mktemp("inputs")
    sample_copy(base)
    edit(base, "consultations.xlsx", "Consultations", {"K8": "Planned"})
    out = tmp_path_factory.mktemp("dist")
    old = build(base, ["progress"], ROOT / "templates", out)[0].path
    editors_changes(base)
    new = build(base, ["draft"], ROOT / "templates", out)[0].path
    return old, new, base


def located(changes):
    return {(c.kind, c.key, c.field, c.cell) for c in changes}


def test_exactly_the_editors_changes_are_listed_and_located(versions):
    old, new, _ = versions
    changes = compare(read_snapshot(old), read_snapshot(new))
    assert located(changes) == EXPECTED
    moved = next(c for c in changes if c.kind == "moved")
    assert (moved.before, moved.after) == ("Europe, message 1", "Europe, message 4")


def test_the_text_report_reads_as_a_short_report(versions, capsys):
    old, new, _ = versions
    assert main(["changes", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    first = out.splitlines()[0]
    assert first.startswith("Since the progress report of 21 October 2024, the draft report "
                            "of 3 February 2025 shows: one consultation held (Latin America and "
                            "the Caribbean, Santiago, 18 November 2024)")
    assert "one key message added" in first and "one key message moved" in first
    assert "total responses 112 → 116" in first
    assert "survey.xlsx › By region\n  B5      changed: Europe: responses 31 → 35 " \
           "(27.7 → 30.2 per cent)" in out
    assert "[-current-]{+present+}" in out and "[-flow.-]{+flows.+}" in out


def test_json_is_the_same_entries_and_stable(versions, capsys):
    old, new, _ = versions
    main(["changes", str(old), str(new), "--json"])
    first = capsys.readouterr().out
    main(["changes", str(old), str(new), "--json"])
    assert capsys.readouterr().out == first
    data = json.loads(first)
    assert {(c["kind"], c["key"], c.get("field"), c.get("cell")) for c in data["changes"]} \
        == EXPECTED
    assert data["old"]["stage"] == "progress" and data["new"]["as_of"] == "2025-02-03"


def test_the_xlsx_is_a_table_a_reviewer_can_filter(versions, tmp_path):
    old, new, _ = versions
    target = tmp_path / "changes.xlsx"
    assert main(["changes", str(old), str(new), "--xlsx", str(target)]) == 0
    wb = openpyxl.load_workbook(target, rich_text=True)
    ws = wb["Changes"]
    assert [c.value for c in ws[1]] == ["Workbook", "Sheet", "Cell", "Record", "Field",
                                        "Before", "After", "Kind"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    rows = {(r[2].value, r[7].value): r for r in ws.iter_rows(min_row=2)}
    edited = rows[("C14", "edited")]
    struck = [b for b in edited[5].value if hasattr(b, "font") and b.font.strike]
    assert [b.text for b in struck] == ["current", "flow."]
    assert ("K8", "held") in rows and len(rows) == len(EXPECTED)


def test_values_shaped_like_formulas_stay_text_in_the_xlsx(tmp_path):
    """A workbook's text "=1+1" or "#N/A" is shown, not run, by the change table."""
    from wsis_report.review.changes.compare import Change
    from wsis_report.review.changes.report import write_xlsx

    changes = [Change("changed", "consultation", "consultation:X", "=cmd|' /C calc'!A0 (X)",
                      "consultations.xlsx", "Consultations", "D4", "title", "=1+1", "#N/A"),
               Change("added", "key-message", "key-message:Global:9", "Global, message 9",
                      "consultations.xlsx", "Key messages", "C30", None, None, "@SUM(1)")]
    write_xlsx(changes, tmp_path / "c.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx")["Changes"]
    cells = {c.value: c for r in ws.iter_rows(min_row=2) for c in r if c.value}
    live = ["=1+1", "#N/A", "@SUM(1)", "=cmd|' /C calc'!A0 (X)"]
    assert all(cells[v].data_type == "s" and cells[v].quotePrefix for v in live)
    assert ws.max_column == 8


def test_against_the_current_workbooks(versions, capsys):
    old, _, base = versions
    assert main(["changes", str(old), "--inputs", str(base), "--stage", "draft",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {(c["kind"], c["key"], c.get("field"), c.get("cell")) for c in data["changes"]} \
        == EXPECTED


def test_the_date_alone_is_said_as_such(tmp_path, capsys):
    out = tmp_path / "dist"
    built = build(ROOT / "inputs", ["progress", "ecosoc"], ROOT / "templates", out)
    changes = compare(*(read_snapshot(d.path) for d in built))
    assert located(changes) == {("as-of", "consultation:R-LAC", "status", "K8")}
    main(["changes", str(built[0].path), str(built[1].path)])
    assert "shown as held (was planned) because of the stage's later date; the workbook " \
           "is unchanged" in capsys.readouterr().out


def test_identical_documents_have_no_changes(versions, capsys):
    _, new, _ = versions
    assert main(["changes", str(new), str(new)]) == 0
    assert capsys.readouterr().out.startswith("No changes since the draft report of "
                                              "3 February 2025.")


def test_a_document_without_a_snapshot_exits_1_with_what_to_do(tmp_path, capsys):
    import docx

    plain = tmp_path / "old.docx"
    docx.Document().save(plain)
    assert main(["changes", str(plain)]) == 1
    err = capsys.readouterr().err
    assert "carries no snapshot" in err and "Traceback" not in err


def test_bad_workbooks_are_reported_not_compared(versions, tmp_path, capsys):
    old, _, base = versions
    broken = sample_copy(tmp_path / "inputs")
    edit(broken, "consultations.xlsx", "Consultations", {"I7": "Tanzania"})
    assert main(["changes", str(old), "--inputs", str(broken)]) == 1
    assert "consultations.xlsx › Consultations › I7" in capsys.readouterr().out


def test_facts_prints_what_a_document_was_built_from(versions, capsys):
    _, new, _ = versions
    assert main(["facts", str(new)]) == 0
    out = capsys.readouterr().out
    assert "the draft report of 3 February 2025" in out
    assert "seven consultations (seven held as of its date), 23 key messages" in out
    assert "116 survey responses" in out and "consultations.xlsx" in out
    assert main(["facts", str(new), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == read_snapshot(new)


def test_word_diff_marks_words():
    assert marked("a b c d", "a x c d e") == "a [-b-]{+x+} c d {+e+}"


def test_workbooks_saved_by_libreoffice_give_no_changes(tmp_path, capsys):
    program = soffice()
    if not program:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing, but .ci/run installs it")
        pytest.skip("LibreOffice is not installed")
    built = build(ROOT / "inputs", ["draft"], ROOT / "templates", tmp_path / "dist")[0]
    resaved = tmp_path / "calc"
    subprocess.run([program, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                    "--outdir", str(resaved), *map(str, (ROOT / "inputs").glob("*.xlsx"))],
                   check=True, capture_output=True, timeout=180)
    assert main(["changes", str(built.path), "--inputs", str(resaved), "--stage", "draft"]) == 0
    assert capsys.readouterr().out.startswith("No changes since the draft report")
    shutil.rmtree(resaved)


def test_documents_of_different_reports_are_compared_with_a_warning(versions, tmp_path, capsys):
    old, new, base = versions
    other = sample_copy(tmp_path / "other")
    edit(other, "report.xlsx", "Documents", {"B3": "Digital cooperation: a report"})
    renamed = build(other, ["draft"], ROOT / "templates", tmp_path / "dist")[0].path
    assert main(["changes", str(new), str(renamed)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first == ("warning: wsis20-draft.docx is “Implementing the outcomes of the World "
                     "Summit on the Information Society: a twenty-year review” and "
                     "wsis20-draft.docx is “Digital cooperation: a report” (draft and draft "
                     "stages): check that OLD is the earlier version of the same report.")
    assert main(["changes", str(new), str(old), "--json"]) == 0  # a later stage first
    [warning] = json.loads(capsys.readouterr().out)["warnings"]
    assert "(draft and progress stages)" in warning
    assert main(["changes", str(old), str(new), "--json"]) == 0  # the usual order: none
    assert json.loads(capsys.readouterr().out)["warnings"] == []


def test_a_snapshot_of_a_newer_toolkit_is_refused_by_its_version(versions, tmp_path, capsys):
    import zipfile

    from wsis_report.review.snapshot.part import VERSION, canonical, embed

    old, new, _ = versions
    snapshot = {**read_snapshot(new), "version": VERSION + 1}
    with zipfile.ZipFile(new) as z:  # the document without its snapshot part
        parts = {n: z.read(n) for n in z.namelist()}
    stripped = tmp_path / "stripped.docx"
    with zipfile.ZipFile(stripped, "w") as z:
        for name, data in parts.items():
            if not (name.startswith("customXml/") and (b"urn:wsis-report" in data or
                                                       name.endswith(".rels"))):
                z.writestr(name, data)
    newer = tmp_path / "newer.docx"
    newer.write_bytes(embed(stripped.read_bytes(), snapshot))
    assert main(["changes", str(old), str(newer)]) == 1
    assert f"version {VERSION + 1}, newer than this toolkit" in capsys.readouterr().err
    # marked as this version outside, newer inside: still refused, not read as this one
    data = newer.read_bytes()
    relabelled = tmp_path / "relabelled.docx"
    with zipfile.ZipFile(newer) as zin, zipfile.ZipFile(relabelled, "w") as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if b"urn:wsis-report:snapshot" in part and b"sha256=" in part:
                part = part.replace(f'version="{VERSION + 1}"'.encode(),
                                    f'version="{VERSION}"'.encode())
            zout.writestr(info, part)
    assert data != relabelled.read_bytes() and canonical(snapshot)
    assert main(["changes", str(old), str(relabelled)]) == 1
    assert f"version {VERSION + 1}, newer than this toolkit" in capsys.readouterr().err
