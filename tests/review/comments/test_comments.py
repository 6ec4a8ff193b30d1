"""`make-report comments`: reviewers' copies gathered into one comments matrix, each row
located to its paragraph and led back to its source cells; the secretariat's work kept."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from wsis_report.cli import main
from wsis_report.office.convert import soffice, uno_python
from wsis_report.pipeline import build

from sample_edits import ROOT
from word_review import add_word_review
from matrix_rows import matrix_rows

WORD_ROWS = [  # (paragraph, type, reviewer, comment or change, source)
    ("2", "comment", "Maria Santos", "Cite the resolution in full.", "template: draft.docx"),
    ("2", "reply", "Li Wei", "Agreed; see E/RES/2023/3.", "template: draft.docx"),
    ("section III.B", "comment", "Maria Santos", "Heading too long.", "template: draft.docx"),
    ("11 (b)", "moved from", "Li Wei", "civil society", "consultations.xlsx › Key messages › C19"),
    ("11 (b)", "moved to", "Li Wei", "civil society", "consultations.xlsx › Key messages › C19"),
    ("14 (c)", "insertion", "Maria Santos", " and data flows",
     "consultations.xlsx › Key messages › C14"),
    ("14 (c)", "deletion", "Maria Santos", "crucial", "consultations.xlsx › Key messages › C14"),
    # the figures' numbers are in the annex, after the body
    ('Table 4, row "Europe"', "comment", "Li Wei", "Is this figure final?",
     "survey.xlsx › By region › B5"),
    ("header", "comment", "Li Wei", "Symbol to be confirmed.",
     "report.xlsx › Documents › E3; template: draft.docx"),
    ("anchor deleted", "comment", "Maria Santos", "A comment on text that was deleted.", ""),
]


# Where each stage puts what the reviews touch: (the paragraph a reviewer comments on and
# shortens, its number, the lead-ins of Africa's and Europe's key messages, the heading over
# the regions, the source of the first paragraph of the header: the symbol's cell, or the
# template where the header shows no value)
STAGES = {"progress": ("The review draws on", "3", ("9", "12"), "section VI.B",
                       "template: progress.docx"),
          # the draft's running head: its "Draft" mark, the template's, and the symbol
          "draft": ("The present report", "2", ("11", "14"), "section III.B",
                    "report.xlsx › Documents › E3; template: draft.docx"),
          # the final report's paragraph on the session comes before them
          "ecosoc": ("The present report", "2", ("12", "15"), "section III.B",
                     "report.xlsx › Documents › E4")}

# The table of the responses by region: the report's annex I table of consultations comes
# before it in the draft and the final report
REGION_TABLE = {"progress": "Table 3", "draft": "Table 4", "ecosoc": "Table 4"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    docs = build(ROOT / "inputs", list(STAGES), ROOT / "templates", out)
    return {d.stage.name.value: d.path for d in docs}


def summary(rows):
    return [(r["Paragraph"], r["Type"], r["Reviewer"], r["Comment or change"], r["Source"] or "")
            for r in rows]


@pytest.mark.parametrize("stage", list(STAGES))
def test_word_comments_replies_and_changes_are_located_to_their_cells(built, tmp_path, stage):
    first, para, messages, heading, header = STAGES[stage]
    copy = add_word_review(built[stage], tmp_path / "reviewed.docx", first)
    matrix = tmp_path / "comments.xlsx"
    assert main(["comments", str(copy), "--matrix", str(matrix)]) == 0
    rows = matrix_rows(matrix)
    africa, europe = messages
    expected = [(para if p == "2" else p.replace("11 ", f"{africa} ").replace(
        "14 ", f"{europe} ").replace("section III.B", heading).replace(
        "Table 4", REGION_TABLE[stage]), kind, who, text,
        header if p == "header" else source.replace("draft.docx", f"{stage}.docx"))
        for p, kind, who, text, source in WORD_ROWS]
    assert summary(rows) == expected
    assert [r["No."] for r in rows] == list(range(1, len(WORD_ROWS) + 1))
    if stage != "draft":
        return
    first_row = rows[0]
    assert first_row["Document"] == "E/CN.16/2025/3" and first_row["Date"] == "2025-04-20"
    assert first_row["Quoted text"].startswith("The present report responds to that request")
    assert first_row["Section"] == "I. Introduction"
    ws = openpyxl.load_workbook(matrix)["Comments"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:Q")
    decision = ws.data_validations.dataValidation[0]
    assert decision.formula1 == '"accepted,partly accepted,not accepted,noted"'
    assert ws.column_dimensions["R"].hidden  # the row's identity, out of the way


def test_the_final_report_is_named_by_its_symbol(built, tmp_path):
    copy = add_word_review(built["ecosoc"], tmp_path / "ecosoc-reviewed.docx")
    matrix = tmp_path / "comments.xlsx"
    assert main(["comments", str(copy), "--matrix", str(matrix)]) == 0
    rows = matrix_rows(matrix)
    assert {r["Document"] for r in rows} == {"E/2025/61"}
    assert ("15 (c)", "insertion") in {(r["Paragraph"], r["Type"]) for r in rows}


def test_a_rerun_keeps_the_secretariats_work(built, tmp_path):
    first = add_word_review(built["draft"], tmp_path / "first.docx")
    matrix = tmp_path / "comments.xlsx"
    main(["comments", str(first), "--matrix", str(matrix)])
    wb = openpyxl.load_workbook(matrix)
    ws = wb["Comments"]
    headers = [c.value for c in ws[1]]
    ws.cell(1, len(headers) + 1, "Follow-up")  # a column of the secretariat's own
    for row in ws.iter_rows(min_row=2):
        row[headers.index("Secretariat response")].value = f"Answer to {row[0].value}"
        row[headers.index("Decision")].value = "noted"
        row[len(headers)].value = "done"
    wb["Reviewers"].append(["Maria Santos", "Brazil", "Government"])
    for line in wb["Reviewers"].iter_rows(min_row=2):
        if line[0].value == "Maria Santos" and line[1].value is None:
            line[1].value, line[2].value = "Brazil", "Government"
    wb.save(matrix)
    typed = {r["Key"]: r["Secretariat response"] for r in matrix_rows(matrix)}

    # The same copy again adds nothing; a resent copy with one comment reworded updates it;
    # a new reviewer's copy adds exactly its rows.
    assert main(["comments", str(first), "--matrix", str(matrix)]) == 0
    assert len(matrix_rows(matrix)) == len(WORD_ROWS)
    resent = tmp_path / "resent.docx"
    with zipfile.ZipFile(first) as zin, zipfile.ZipFile(resent, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info).replace(
                b"Is this figure final?", b"Is this figure final, or provisional?"))
    new = tmp_path / "new.docx"
    document = docx.Document(built["draft"])
    para = next(p for p in document.paragraphs if p.text.startswith("Twenty years after"))
    document.add_comment(para.runs, text="Add a sentence on AI.", author="Olga Ivanova",
                         initials="OI")
    document.save(new)
    assert main(["comments", str(resent), str(new), "--matrix", str(matrix)]) == 0
    rows = matrix_rows(matrix)
    assert len(rows) == len(WORD_ROWS) + 1
    kept = [r for r in rows if r["Reviewer"] != "Olga Ivanova"]
    assert all(r["Secretariat response"] and r["Decision"] == "noted"
               and r["Follow-up"] == "done" for r in kept)
    assert {r["Key"]: r["Secretariat response"] for r in kept if r["Key"] in typed} == \
        {k: v for k, v in typed.items() if k in {r["Key"] for r in kept}}
    updated = next(r for r in rows if r["Comment or change"].endswith("or provisional?"))
    # the secretariat's Note stays its own; the earlier wording is kept beside it
    assert updated["Secretariat response"] and updated["Note"] is None
    assert updated["Earlier wording"] == "Is this figure final?"
    added = next(r for r in rows if r["Reviewer"] == "Olga Ivanova")
    assert added["Paragraph"] == "16" and added["Secretariat response"] is None
    maria = [r for r in rows if r["Reviewer"] == "Maria Santos"]
    assert all((r["Entity"], r["Stakeholder group"]) == ("Brazil", "Government") for r in maria)


def test_a_copy_without_a_snapshot_is_read_with_a_warning(tmp_path, capsys):
    plain = tmp_path / "plain.docx"
    document = docx.Document()
    document.add_paragraph("A text from elsewhere.")
    document.add_comment(document.paragraphs[0].runs, text="Why?", author="A", initials="A")
    document.save(plain)
    assert main(["comments", str(plain), "--matrix", str(tmp_path / "m.xlsx")]) == 0
    assert "not built by wsis-report" in capsys.readouterr().err
    [row] = matrix_rows(tmp_path / "m.xlsx")
    assert (row["Document"], row["Comment or change"], row["Source"]) == ("plain.docx", "Why?",
                                                                         None)


def test_a_damaged_copy_is_skipped_and_named(built, tmp_path, capsys):
    bad = tmp_path / "damaged.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    good = add_word_review(built["draft"], tmp_path / "good.docx")
    matrix = tmp_path / "m.xlsx"
    assert main(["comments", str(bad), str(good), "--matrix", str(matrix)]) == 3
    out, err = capsys.readouterr()
    assert "damaged.docx: skipped: is damaged" in out
    assert "1 of 2 copies skipped (damaged.docx); the others are in the matrix" in err
    assert len(matrix_rows(matrix)) == len(WORD_ROWS)
    assert main(["comments", str(bad), "--matrix", str(tmp_path / "none.xlsx")]) == 1
    assert not (tmp_path / "none.xlsx").exists()


def test_a_matrix_open_in_excel_or_not_ours_is_left_alone(built, tmp_path, capsys):
    copy = add_word_review(built["draft"], tmp_path / "c.docx")
    matrix = tmp_path / "comments.xlsx"
    main(["comments", str(copy), "--matrix", str(matrix)])
    before = matrix.read_bytes()
    (tmp_path / "~$comments.xlsx").write_bytes(b"lock")
    assert main(["comments", str(copy), "--matrix", str(matrix)]) == 1
    assert "is open in Excel" in capsys.readouterr().err and matrix.read_bytes() == before
    other = tmp_path / "budget.xlsx"
    openpyxl.Workbook().save(other)
    foreign = other.read_bytes()
    assert main(["comments", str(copy), "--matrix", str(other)]) == 1
    assert "not a comments matrix this command wrote" in capsys.readouterr().err
    assert other.read_bytes() == foreign


def test_json_prints_the_rows(built, tmp_path, capsys):
    copy = add_word_review(built["draft"], tmp_path / "c.docx")
    assert main(["comments", str(copy), "--matrix", str(tmp_path / "m.xlsx"), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert summary(rows) == WORD_ROWS and {r["Status"] for r in rows} == {"added"}


@pytest.mark.parametrize("stage", list(STAGES))
def test_tracked_changes_made_in_libreoffice_by_two_reviewers(built, tmp_path, stage):
    program, bridge = soffice(), uno_python()
    if not (program and bridge):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice with its Python bridge is missing, but .ci/run installs it")
        pytest.skip("LibreOffice with its Python bridge is not installed")
    first, para, messages, heading, _ = STAGES[stage]
    reviewed = tmp_path / "reviewed.docx"
    subprocess.run([bridge, str(Path(__file__).parents[1] / "lo_review.py"), program,
                    (tmp_path / "profile").as_uri(), f"wsis-review-{os.getpid()}",
                    str(built[stage]), str(reviewed), first], check=True,
                   capture_output=True, timeout=180)
    matrix = tmp_path / "m.xlsx"
    assert main(["comments", str(reviewed), "--matrix", str(matrix)]) == 0
    got = {(r["Paragraph"], r["Type"], r["Reviewer"], r["Comment or change"].strip(),
            r["Source"]) for r in matrix_rows(matrix)}
    assert got == {
        (para, "deletion", "Wei Li", first, f"template: {stage}.docx"),
        (heading, "insertion", "Ana Ruiz", "and outcomes", f"template: {stage}.docx"),
        (f"{messages[1]} (c)", "insertion", "Ana Ruiz", "(as amended)",
         "consultations.xlsx › Key messages › C14"),
        (f'{REGION_TABLE[stage]}, row "Europe (provisional)"', "insertion", "Ana Ruiz",
         "(provisional)", "survey.xlsx › By region › B5"),
    }


def test_a_comment_on_a_footnote_is_led_back_to_the_cell_it_cites(built, tmp_path):
    from lxml import etree

    from word_review import NS, TYPES, W, _anchor, _paragraph

    with zipfile.ZipFile(built["ecosoc"]) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    notes = etree.fromstring(parts["word/footnotes.xml"])
    _anchor(_paragraph(notes, "\tSee https://www.intgovforum.org"), 0)
    _anchor(_paragraph(notes, "\tEconomic and Social Council resolution"), 1)
    parts["word/footnotes.xml"] = etree.tostring(notes)
    parts["word/comments.xml"] = (f"<w:comments {NS}>" + "".join(
        f'<w:comment w:id="{i}" w:author="Li Wei" w:date="2025-04-20T10:00:00Z">'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"
        for i, text in enumerate(("Link broken.", "Cite the paragraph."))) +
        "</w:comments>").encode()
    name, rel, ctype = TYPES["comments"]
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", f'<Relationship Id="rIdC" Type="{rel}" Target="{name}"/>'
        "</Relationships>".encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/word/{name}" ContentType="{ctype}"/></Types>'.encode())
    copy = tmp_path / "reviewed.docx"
    with zipfile.ZipFile(copy, "w") as z:
        for part_name, data in parts.items():
            z.writestr(part_name, data)
    matrix = tmp_path / "comments.xlsx"
    assert main(["comments", str(copy), "--matrix", str(matrix)]) == 0
    assert summary(matrix_rows(matrix)) == [
        # numbered as the reader sees them, in their order: the mandate's is footnote 1,
        # the IGF's web page's footnote 3
        ("footnote 1", "comment", "Li Wei", "Cite the paragraph.",
         "report.xlsx › Documents › R4"),
        # the whole note: its web page, and the template's "See"
        ("footnote 3", "comment", "Li Wei", "Link broken.",
         "consultations.xlsx › Consultations › O2; template: ecosoc.docx"),
    ]
    assert W  # the namespace the anchors were written in
