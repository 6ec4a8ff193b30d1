"""Real reviewed documents (tests/fixtures/realdocs: Word, Google Docs, LibreOffice and
others wrote them) through `make-report comments`: every comment, reply and tracked
change of every copy is one row, with its exact text, as an independent reader
(realdoc_census.py, lxml alone) counts them by part and id; damaged files are named and
skipped while the others are read."""

from __future__ import annotations

from collections import Counter

import openpyxl
import pytest

from fixtures import realdocs
from realdoc_census import census
from wsis_report.cli import main

TYPES = {"ins": "insertion", "del": "deletion", "moveFrom": "moved from",
         "moveTo": "moved to", "cellIns": "insertion", "cellDel": "deletion",
         "customXmlInsRangeStart": "insertion", "customXmlDelRangeStart": "deletion",
         "customXmlMoveFromRangeStart": "moved from",
         "customXmlMoveToRangeStart": "moved to"}
COPIES = realdocs("C") + realdocs("P") + realdocs("D")


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    """One run over every copy, as a secretariat would run it over a folder."""
    path = tmp_path_factory.mktemp("realdocs") / "comments.xlsx"
    status = main(["comments", *map(str, COPIES), "--matrix", str(path)])
    wb = openpyxl.load_workbook(path)
    ws = wb["Comments"]
    headers = [c.value for c in ws[1]]
    rows = []
    for line in ws.iter_rows(min_row=2):
        rows.append({h: c for h, c in zip(headers, line)})
    return status, rows


def test_damaged_files_are_named_and_skipped_while_the_others_are_read(matrix):
    status, rows = matrix
    assert status == 3  # written, some copies skipped
    files = {r["File"].value for r in rows}
    assert not files & {p.name for p in realdocs("D")}
    assert {p.name for p in realdocs("C")} <= files


@pytest.mark.parametrize("path", realdocs("C") + realdocs("P"), ids=lambda p: p.stem)
def test_every_remark_is_one_row_with_its_exact_text(matrix, path):
    _, rows = matrix
    mine = [r for r in rows if r["File"].value == path.name]
    marks = {m.ref: m for m in census(path)}
    by_ref = Counter(r["Ref"].value for r in mine)
    assert set(by_ref) == set(marks) and set(by_ref.values()) <= {1}
    for row in mine:
        mark = marks[row["Ref"].value]
        value = lambda column: row[column].value or ""  # noqa: E731
        assert value("Reviewer") == mark.author
        if mark.kind in ("comment", "reply"):
            assert (value("Type"), value("Comment or change")) == (mark.kind, mark.text)
        elif mark.where == "run":
            assert (value("Type"), value("Comment or change")) == (TYPES[mark.kind], mark.text)
        elif mark.where == "paragraph":  # a paragraph mark: the paragraph's whole text
            assert value("Type") == TYPES[mark.kind]
            assert value("Comment or change").startswith("paragraph ")
            assert value("Quoted text") == mark.text
        elif mark.where == "row":
            assert value("Type") == TYPES[mark.kind]
            assert value("Comment or change").startswith("table row ")
            assert value("Quoted text") == mark.text
        else:  # what changed, said plainly
            assert value("Type") == TYPES.get(mark.kind, "formatting")
            assert value("Comment or change").split(" (")[0].endswith(
                ("changed", "inserted", "deleted", "merged", "moved"))
        for column in ("Comment or change", "Quoted text", "Reviewer", "Paragraph"):
            assert row[column].value is None or row[column].data_type == "s"


def test_what_was_wrong_before_is_right(matrix):
    """The faults found on these files, one by one."""
    _, rows = matrix

    def of(name):
        return [{k: c.value for k, c in r.items()} for r in rows
                if r["File"].value == name]

    # Word 2013's earlier namespace threads replies
    assert Counter(r["Type"] for r in of("oxsdk-Comment002.docx")) == {"comment": 15,
                                                                       "reply": 11}
    # w:sym kept: Wingdings' smiley
    assert any("☺" in (r["Comment or change"] or "") for r in of("oxsdk-Comment025.docx"))
    # a whole paragraph deleted reaches the matrix, its text quoted
    deleted = [r for r in of("oxpt-RP040-Deleted-Paras-at-End.docx")
               if r["Comment or change"] == "paragraph deleted"]
    assert deleted and deleted[0]["Quoted text"].startswith("When you click Online Video")
    # a paragraph split and two joined, as Word records them
    assert {r["Comment or change"] for r in of("pandoc-paragraph_insertion_deletion.docx")} == {
        "paragraph break inserted (the paragraph was split)",
        "paragraph break deleted (joined with the next paragraph)"}
    # a comment on an empty paragraph is located to it, not "anchor deleted"
    [lo] = of("poi-comment-libreoffice.docx")
    assert lo["Paragraph"] != "anchor deleted"
    # property changes have rows: numbering, table, row and cell properties
    assert {r["Comment or change"].split(" (")[0] for r in of("oxpt-017-NumberingChange.docx")} \
        == {"paragraph formatting changed"}
    assert any("numbering" in r["Comment or change"] for r in of("oxpt-017-NumberingChange.docx"))
    assert {r["Comment or change"].split(" (")[0]
            for r in of("oxpt-RP033-Table-Prop-Ex-Change.docx")} >= {
        "table cell formatting changed", "table row formatting changed",
        "table column widths changed"}
    # a replacement's deletion and insertion sharing one id (Google Docs) are two rows
    assert Counter(r["Type"] for r in of("superdoc-gdocs-tracked-changes.docx")) == {
        "insertion": 2, "deletion": 2}
