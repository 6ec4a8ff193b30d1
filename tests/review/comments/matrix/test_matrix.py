"""The comments matrix over weeks of returned copies: nothing the secretariat typed is lost
or moved to another remark, no two remarks merge, reviewers' text stays text and whole,
and two runs at once lose no row. Copies are small documents made here (python-docx),
with the dates Word would write."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from wsis_report.cli import main

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPHS = ["The Commission reviewed the outcomes.", "Member States called for more data.",
              "The secretariat will report again."]


def make_copy(path: Path, comments=(), deletions=()) -> Path:
    """A reviewed copy: ``comments`` as (paragraph index, text, author, ISO date) and
    tracked ``deletions`` as (paragraph index, text, author, ISO date), each appended to
    its paragraph."""
    document = docx.Document()
    for text in PARAGRAPHS:
        document.add_paragraph(text)
    for n, (index, text, author, _) in enumerate(comments):
        paragraph = document.paragraphs[index]
        document.add_comment(paragraph.runs, text=text, author=author, initials=author[:2])
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/comments.xml"].decode() if comments else ""
    for n, (*_, day) in enumerate(comments):  # Word's dates, not the clock's
        xml = re.sub(rf'(<w:comment w:id="{n}"[^>]*w:date=")[^"]*', rf"\g<1>{day}", xml)
    if comments:
        parts["word/comments.xml"] = xml.encode()
    body = parts["word/document.xml"].decode()
    for n, (index, text, author, day) in enumerate(deletions):
        marker = PARAGRAPHS[index]
        deleted = (f'<w:del w:id="{900 + n}" w:author="{author}" w:date="{day}"><w:r>'
                   f'<w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')
        body = body.replace(f"{marker}</w:t></w:r>", f"{marker}</w:t></w:r>{deleted}", 1)
    parts["word/document.xml"] = body.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def rows_of(matrix: Path, sheet: str = "Comments") -> list[dict]:
    ws = openpyxl.load_workbook(matrix)[sheet]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, r)) for r in ws.iter_rows(min_row=2, values_only=True)]


def type_in(matrix: Path, row: int, column: str, **edits) -> None:
    """The secretariat typing into the matrix in Excel (here, openpyxl)."""
    wb = openpyxl.load_workbook(matrix)
    ws = wb["Comments"]
    headers = [c.value for c in ws[1]]
    ws.cell(row, headers.index(column) + 1).value = edits["value"]
    wb.save(matrix)


def run(*args) -> int:
    return main(["comments", *map(str, args)])


LIVE = ["=1+1", '=HYPERLINK("http://example.org","click")', "=cmd|' /C calc'!A0", "#N/A",
        "+SUM(A1:A3)", "@attack", "-2+3", "#REF!"]


def test_reviewers_text_is_written_as_text(tmp_path):
    copy = make_copy(tmp_path / "c.docx", [(0, text, "=Evil()", "2025-04-20T10:00:00Z")
                                           for text in LIVE])
    matrix = tmp_path / "m.xlsx"
    assert run(copy, "--matrix", matrix) == 0
    ws = openpyxl.load_workbook(matrix)["Comments"]
    headers = [c.value for c in ws[1]]
    found = [row for row in ws.iter_rows(min_row=2)]
    texts = [r[headers.index("Comment or change")] for r in found]
    assert sorted(c.value for c in texts) == sorted(LIVE)
    assert {c.data_type for c in texts} == {"s"} and all(c.quotePrefix for c in texts)
    authors = [r[headers.index("Reviewer")] for r in found]
    assert {(c.value, c.data_type) for c in authors} == {("=Evil()", "s")}
    [author] = list(openpyxl.load_workbook(matrix)["Reviewers"].iter_rows(min_row=2))
    assert (author[0].value, author[0].data_type) == ("=Evil()", "s")
    with zipfile.ZipFile(matrix) as z:  # no formula anywhere, no error cell
        sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets and b't="e"' not in sheets


def test_a_text_longer_than_a_cell_is_kept_whole(tmp_path, capsys):
    long = ("A long remark 😀 " * 2600).strip()  # 42,000 UTF-16 units
    copy = make_copy(tmp_path / "c.docx", [(1, long, "Ana Ruiz", "2025-04-20T10:00:00Z")])
    matrix = tmp_path / "m.xlsx"
    assert run(copy, "--matrix", matrix) == 0
    [row] = rows_of(matrix)
    shown = row["Comment or change"]
    assert len(shown.encode("utf-16-le")) // 2 <= 32_767 and "sheet 'Long text'" in shown
    pieces = rows_of(matrix, "Long text")
    assert "".join(p["Text"] for p in pieces if p["Key"] == row["Key"]) == long
    capsys.readouterr()
    assert run(copy, "--matrix", matrix, "--json") == 0  # read back whole: the same remark
    [again] = json.loads(capsys.readouterr().out)
    assert again["Status"] == "kept" and again["Comment or change"] == long
    assert len(rows_of(matrix)) == 1 and rows_of(matrix)[0]["Earlier wording"] is None


def test_identical_remarks_stay_distinct_rows(tmp_path):
    day = "2025-04-20T10:00:00Z"
    copy = make_copy(tmp_path / "c.docx",
                     [(0, "Agreed.", "Li Wei", day), (0, "Agreed.", "Li Wei", day),
                      (2, "", "Li Wei", day), (2, "", "Li Wei", day)],
                     [(1, " the", "Li Wei", day), (1, " the", "Li Wei", day)])
    matrix = tmp_path / "m.xlsx"
    assert run(copy, "--matrix", matrix) == 0
    rows = rows_of(matrix)
    assert sorted((r["Type"], r["Comment or change"] or "") for r in rows) == [
        ("comment", ""), ("comment", ""), ("comment", "Agreed."), ("comment", "Agreed."),
        ("deletion", " the"), ("deletion", " the")]
    assert len({r["Key"] for r in rows}) == 6
    assert run(copy, "--matrix", matrix) == 0  # the same copy again: nothing added
    assert sorted(r["Key"] for r in rows_of(matrix)) == sorted(r["Key"] for r in rows)


def test_answers_stay_with_their_remark_through_resent_reworded_and_new_copies(tmp_path):
    """A copy not built by the toolkit is known by its file name: each version of the
    reviewer's copy comes back as li-wei.docx."""
    matrix = tmp_path / "m.xlsx"
    for version in ("v1", "v2", "v1b"):
        (tmp_path / version).mkdir()
    first = make_copy(tmp_path / "v1" / "li-wei.docx", [(1, "Cite the source.", "Li Wei",
                                              "2025-04-20T10:00:00Z")])
    assert run(first, "--matrix", matrix) == 0
    type_in(matrix, 2, "Secretariat response", value="Source added.")
    type_in(matrix, 2, "Note", value="checked by MS")
    # a fresh copy from the same reviewer with a different comment on the same paragraph
    other = make_copy(tmp_path / "v2" / "li-wei.docx", [(1, "Shorten this.", "Li Wei",
                                              "2025-04-22T09:30:00Z")])
    assert run(other, "--matrix", matrix) == 0
    rows = {r["Comment or change"]: r for r in rows_of(matrix)}
    assert rows["Cite the source."]["Secretariat response"] == "Source added."
    assert rows["Shorten this."]["Secretariat response"] is None
    # the first copy resent with its comment reworded: the same remark, updated
    reworded = make_copy(tmp_path / "v1b" / "li-wei.docx", [(1, "Cite the source in full.", "Li Wei",
                                                  "2025-04-20T10:00:00Z")])
    assert run(reworded, "--matrix", matrix) == 0
    rows = {r["Comment or change"]: r for r in rows_of(matrix)}
    assert set(rows) == {"Cite the source in full.", "Shorten this."}
    updated = rows["Cite the source in full."]
    assert (updated["Secretariat response"], updated["Note"], updated["Earlier wording"]) == (
        "Source added.", "checked by MS", "Cite the source.")


def test_the_secretariats_columns_and_sheets_are_kept(tmp_path, capsys):
    matrix = tmp_path / "m.xlsx"
    run(make_copy(tmp_path / "a.docx", [(0, "One.", "A", "2025-04-20T10:00:00Z")]),
        "--matrix", matrix)
    wb = openpyxl.load_workbook(matrix)
    ws = wb["Comments"]
    width = ws.max_column
    ws.cell(1, width + 1, "Follow-up")
    ws.cell(2, width + 1, "=1+1")  # the secretariat's own formula
    ws.cell(2, width + 2, "typed under no header")
    plan = wb.create_sheet("Plan")
    plan.append(["Step", "Owner"])
    plan.append(["Reply to Member States", "=UPPER(\"ms\")"])
    wb.save(matrix)
    capsys.readouterr()
    assert run(make_copy(tmp_path / "b.docx", [(2, "Two.", "B", "2025-04-21T10:00:00Z")]),
               "--matrix", matrix) == 0
    assert "has values but no header; they are kept under the header '(column" in \
        capsys.readouterr().err
    wb = openpyxl.load_workbook(matrix)
    rows = rows_of(matrix)
    one = next(r for r in rows if r["Comment or change"] == "One.")
    assert one["Follow-up"] == "=1+1" and next(
        v for k, v in one.items() if k and k.startswith("(column")) == "typed under no header"
    follow = [c for c in wb["Comments"][1] if c.value == "Follow-up"][0].column
    assert wb["Comments"].cell(2, follow).data_type == "f"  # still a formula
    assert [[c.value for c in r] for r in wb["Plan"].iter_rows()] == [
        ["Step", "Owner"], ["Reply to Member States", '=UPPER("ms")']]
    assert wb.sheetnames[:2] == ["Comments", "Reviewers"] and "Plan" in wb.sheetnames


def test_what_cannot_be_kept_is_refused_by_sheet(tmp_path, capsys):
    from openpyxl.drawing.image import Image
    from PIL import Image as Picture

    matrix = tmp_path / "m.xlsx"
    run(make_copy(tmp_path / "a.docx", [(0, "One.", "A", "2025-04-20T10:00:00Z")]),
        "--matrix", matrix)
    Picture.new("RGB", (4, 4)).save(tmp_path / "logo.png")
    wb = openpyxl.load_workbook(matrix)
    wb.create_sheet("Chart").add_image(Image(tmp_path / "logo.png"), "B2")
    wb.save(matrix)
    before = matrix.read_bytes()
    assert run(make_copy(tmp_path / "b.docx", [(1, "Two.", "B", "2025-04-21T10:00:00Z")]),
               "--matrix", matrix) == 1
    assert "m.xlsx › Chart holds a chart, picture or shape" in capsys.readouterr().err
    assert matrix.read_bytes() == before


def test_an_ods_matrix_is_refused_with_what_to_do(tmp_path, capsys):
    copy = make_copy(tmp_path / "a.docx", [(0, "One.", "A", "2025-04-20T10:00:00Z")])
    assert run(copy, "--matrix", tmp_path / "m.ods") == 1
    assert "Give --matrix a name ending in .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "m.ods").exists()


def test_a_run_waits_for_another_then_stops_naming_the_matrix(tmp_path, capsys, monkeypatch):
    from filelock import FileLock

    matrix = tmp_path / "m.xlsx"
    copy = make_copy(tmp_path / "a.docx", [(0, "One.", "A", "2025-04-20T10:00:00Z")])
    monkeypatch.setenv("WSIS_REPORT_MATRIX_WAIT", "0.5")
    with FileLock(tmp_path / ".m.xlsx.lock"):
        assert run(copy, "--matrix", matrix) == 1
    assert "is being written by another make-report comments run" in capsys.readouterr().err
    assert not matrix.exists()


def test_two_runs_at_once_lose_no_row(tmp_path):
    matrix = tmp_path / "m.xlsx"
    batches = []
    for who in ("A", "B"):
        copies = [make_copy(tmp_path / f"{who}{n}.docx",
                            [(i % 3, f"{who} remark {n}.{i}", who, f"2025-04-2{n}T10:0{i}:00Z")
                             for i in range(8)]) for n in range(6)]
        batches.append(copies)
    runs = [subprocess.Popen([sys.executable, "-m", "wsis_report.cli", "comments",
                              *map(str, copies), "--matrix", str(matrix)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for copies in batches]
    results = [(r.wait(timeout=120), r.stdout.read().decode()) for r in runs]
    assert [code for code, _ in results] == [0, 0]
    assert len(rows_of(matrix)) == 2 * 6 * 8
    assert not (tmp_path / "~$m.xlsx").exists()


@pytest.mark.skipif(not os.environ.get("CI") and not Path("/usr/bin/soffice").exists(),
                    reason="LibreOffice is not installed")
def test_answers_survive_a_calc_resave_and_sorting(tmp_path):
    from wsis_report.office.convert import soffice

    matrix = tmp_path / "m.xlsx"
    run(make_copy(tmp_path / "a.docx", [(i, f"Remark {i}.", "A", f"2025-04-20T10:0{i}:00Z")
                                        for i in range(3)]), "--matrix", matrix)
    wb = openpyxl.load_workbook(matrix)
    ws = wb["Comments"]
    headers = [c.value for c in ws[1]]
    lines = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    for line in lines:
        line[headers.index("Secretariat response")] = f"Answer to {line[headers.index('Comment or change')]}"
    lines.reverse()  # sorted by the secretariat, last first
    for r, line in enumerate(lines, 2):
        for c, value in enumerate(line, 1):
            ws.cell(r, c).value = value
    wb.save(matrix)
    resaved = tmp_path / "calc"
    subprocess.run([soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(resaved), str(matrix)], check=True, capture_output=True, timeout=180)
    (resaved / "m.xlsx").replace(matrix)
    assert run(make_copy(tmp_path / "b.docx", [(1, "New.", "B", "2025-04-22T10:00:00Z")]),
               "--matrix", matrix) == 0
    rows = rows_of(matrix)
    assert len(rows) == 4
    for row in rows:
        if row["Reviewer"] == "A":
            assert row["Secretariat response"] == f"Answer to {row['Comment or change']}"


def test_a_matrix_with_quoted_and_long_text_is_valid_for_office(tmp_path):
    """Microsoft's Open XML SDK validator finds nothing wrong with the quote prefix, the
    Long text sheet or a sheet of the secretariat's."""
    from ooxml_validation import sdk_available, sdk_findings
    from office_tools import need

    need(sdk_available() or None, "the Open XML SDK validator (npm @ooxml-tools/validate)")
    matrix = tmp_path / "m.xlsx"
    copy = make_copy(tmp_path / "c.docx", [(0, "=1+1", "@A", "2025-04-20T10:00:00Z"),
                                           (1, "x" * 40_000, "B", "2025-04-20T10:01:00Z")])
    assert run(copy, "--matrix", matrix) == 0
    wb = openpyxl.load_workbook(matrix)
    wb.create_sheet("Plan").append(["Step", "=1+1"])
    wb.save(matrix)
    assert run(copy, "--matrix", matrix) == 0
    assert sdk_findings([matrix]) == {matrix: []}
