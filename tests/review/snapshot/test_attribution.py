"""A remark is led back to the cell of the value it is on, through the hidden ranges the
build put around every value: after the reviewer edits that broke the text search (merged,
split, moved paragraphs, text copied between them, hidden bookmarks deleted), each comment
gets its own record's cell, or "unlocated": never another record's."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from wsis_report.office.convert import soffice, uno_python
from wsis_report.pipeline import build
from wsis_report.review.comments.rows import read_copy

from reviewer_edits import Copy
from sample_edits import ROOT

MESSAGES = "consultations.xlsx › Key messages"
CONSULTATIONS = "consultations.xlsx › Consultations"
TEMPLATE = "template: draft.docx"
GLOBAL_1 = "Significant achievements have been made through WSIS."
GLOBAL_2 = ("The inclusivity of WSIS process (multistakeholder model) should be maintained and "
            "extended to digital governance.")


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    return build(ROOT / "inputs", ["draft"], ROOT / "templates",
                 tmp_path_factory.mktemp("dist"))[0].path


def sources(path: Path) -> dict[str, str]:
    copy = read_copy(path)
    assert not copy.problem and not copy.warning
    return {row["Comment or change"]: row["Source"] for row in copy.rows}


def test_each_value_of_a_paragraph_gets_its_own_cell(draft, tmp_path):
    copy = Copy(draft)
    kyoto = copy.paragraph("(a)\tThe launch of the CSTD series")
    copy.comment(kyoto, "Kyoto", "city")
    copy.comment(kyoto, "Japan", "country")
    copy.comment(kyoto, "10 October 2023", "date")
    copy.comment(kyoto, "Kyoto, Japan", "place")
    copy.comment(kyoto, "in a hybrid format", "format")
    copy.comment(kyoto, "held at the IGF 2023", "host event and a word of the template")
    copy.comment(copy.paragraph("A questionnaire was circulated"), "112 responses",
                 "total and the template's word")
    copy.comment(copy.paragraph("The secretariat held"), "seven", "a count")
    assert sources(copy.save(tmp_path / "c.docx")) == {
        "city": f"{CONSULTATIONS} › H2",
        "country": f"{CONSULTATIONS} › I2",
        "date": f"{CONSULTATIONS} › E2",
        "place": f"{CONSULTATIONS} › H2, I2",
        "format": f"{CONSULTATIONS} › J2",
        "host event and a word of the template": f"{CONSULTATIONS} › L2; {TEMPLATE}",
        "total and the template's word": f"survey.xlsx › Survey › B4; {TEMPLATE}",
        "a count": f"{CONSULTATIONS} › K2:K8",  # the status of every consultation counted
    }


def test_merged_subparagraphs_keep_each_value_its_cell(draft, tmp_path):
    copy = Copy(draft)
    first, second = copy.paragraph(f"(a)\t{GLOBAL_1}"), copy.paragraph("(b)\tThe inclusivity")
    copy.merge(first, second)  # key messages 10 (a) + (b)
    copy.comment(first, "maintained and extended", "on the second message")
    copy.comment(first, "made through WSIS", "on the first message")
    copy.comment(first, "WSIS.(b)\tThe inclusivity", "on both")
    g1 = copy.paragraph("(a)\tThe launch of the CSTD")
    g2 = copy.paragraph("(b)\tThe second global")
    copy.merge(g1, g2)  # consultations 4 (a) + (b)
    copy.comment(g1, "Geneva", "the second consultation's city")
    copy.comment(g1, "UNCTAD eWeek 2023", "the second consultation's host")
    assert sources(copy.save(tmp_path / "merged.docx")) == {
        "on the second message": f"{MESSAGES} › C3",
        "on the first message": f"{MESSAGES} › C2",
        "on both": f"{MESSAGES} › C2, C3",
        "the second consultation's city": f"{CONSULTATIONS} › H3",
        "the second consultation's host": f"{CONSULTATIONS} › L3",
    }


def test_a_split_a_move_and_copied_text(draft, tmp_path):
    copy = Copy(draft)
    second = copy.split(copy.paragraph("(b)\tThe inclusivity"), "should be maintained")
    copy.comment(second, "should be maintained", "after the split")
    moved = copy.paragraph("(g)\tInternational cooperation")
    copy.move(moved, copy.paragraph("(c)\tAfrican countries need"))  # into Africa's list
    copy.comment(moved, "frameworks should evolve", "moved")
    target = copy.paragraph("(d)\tUniversal connectivity")
    copy.copy_text(copy.paragraph(f"(a)\t{GLOBAL_1}"), target)
    copy.comment(target, GLOBAL_1, "on the copied text")
    copy.comment(target, "Universal connectivity", "on its own text")
    copy.comment(target, f"remain a challenge for poor developing countries.{GLOBAL_1[:11]}",
                 "on its own text and the copied one")
    assert sources(copy.save(tmp_path / "edited.docx")) == {
        "after the split": f"{MESSAGES} › C3",
        "moved": f"{MESSAGES} › C8",
        "on the copied text": "unlocated",
        "on its own text": f"{MESSAGES} › C5",
        "on its own text and the copied one": f"{MESSAGES} › C5; unlocated",
    }


def test_without_the_hidden_bookmarks_nothing_is_guessed(draft, tmp_path):
    copy = Copy(draft)
    copy.delete_bookmarks()
    copy.comment(copy.paragraph(f"(a)\t{GLOBAL_1}"), "made through WSIS", "on a message")
    copy.comment(copy.paragraph("(a)\tThe launch of the CSTD"), "Kyoto", "on a city")
    copy.comment(copy.paragraph("The present report responds"), "responds to that request",
                 "on the template's words")
    assert sources(copy.save(tmp_path / "bare.docx")) == {
        "on a message": "unlocated", "on a city": "unlocated",
        "on the template's words": TEMPLATE}


def test_a_tracked_change_touching_a_value_is_that_values(draft, tmp_path):
    from lxml import etree

    from reviewer_edits import _w

    copy = Copy(draft)
    p = copy.paragraph(f"(a)\t{GLOBAL_1}")
    ins = etree.SubElement(p, f"{_w}ins", {f"{_w}id": "901", f"{_w}author": "R",
                                           f"{_w}date": "2025-04-20T10:00:00Z"})
    etree.SubElement(etree.SubElement(ins, f"{_w}r"), f"{_w}t").text = " and more"
    lead = copy.paragraph("The key messages of the consultations are summarized")
    ins = etree.SubElement(lead, f"{_w}ins", {f"{_w}id": "902", f"{_w}author": "R",
                                              f"{_w}date": "2025-04-20T10:00:00Z"})
    etree.SubElement(etree.SubElement(ins, f"{_w}r"), f"{_w}t").text = " in brief"
    assert sources(copy.save(tmp_path / "tracked.docx")) == {
        " and more": f"{MESSAGES} › C2", " in brief": TEMPLATE}


@pytest.fixture(scope="module")
def office():
    if not (soffice() and uno_python()):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice with its Python bridge is missing, but .ci/run installs it")
        pytest.skip("LibreOffice with its Python bridge is not installed")
    return soffice(), uno_python()


def test_paragraphs_merged_in_libreoffice_keep_each_value_its_cell(draft, office, tmp_path):
    program, bridge = office
    merged = tmp_path / "merged.docx"
    subprocess.run([bridge, str(Path(__file__).parents[1] / "lo_merge.py"), program,
                    (tmp_path / "profile").as_uri(), f"wsis-merge-{os.getpid()}", str(draft),
                    str(merged), GLOBAL_1], check=True, capture_output=True, timeout=180)
    copy = Copy(merged)
    p = copy.paragraph(f"(a)\t{GLOBAL_1}")
    assert "The inclusivity" in "".join(t.text or "" for t in p.iter(f"{{{copy.body.nsmap['w']}}}t"))
    copy.comment(p, "maintained and extended", "on the second message")
    copy.comment(p, "made through WSIS", "on the first message")
    assert sources(copy.save(tmp_path / "commented.docx")) == {
        "on the second message": f"{MESSAGES} › C3", "on the first message": f"{MESSAGES} › C2"}


def test_a_copy_of_the_first_snapshot_version_is_still_led_back_by_paragraph(draft, tmp_path):
    """A document built before values had ranges (snapshot version 1: a map by paragraph,
    no ranges, no prose) still gets its remarks' sources, from their paragraphs."""
    import zipfile

    from wsis_report.review.snapshot.part import embed, read_snapshot
    from word_review import add_word_review

    snapshot = read_snapshot(draft)
    snapshot["version"] = 1
    del snapshot["ranges"]
    for entry in snapshot["paragraphs"]:
        entry.pop("ranges", None)
        entry.pop("prose", None)
    bare = tmp_path / "bare.docx"  # the document without its snapshot's three parts
    with zipfile.ZipFile(draft) as zin, zipfile.ZipFile(bare, "w") as zout:
        [item] = [n for n in zin.namelist() if n.startswith("customXml/item")
                  and b"<wsis:snapshot" in zin.read(n)]
        number = item.removeprefix("customXml/item").removesuffix(".xml")
        for info in zin.infolist():
            if info.filename not in (item, f"customXml/itemProps{number}.xml",
                                     f"customXml/_rels/item{number}.xml.rels"):
                zout.writestr(info, zin.read(info))
    old = tmp_path / "old.docx"
    old.write_bytes(embed(bare.read_bytes(), snapshot))
    assert read_snapshot(old)["version"] == 1
    rows = {r["Comment or change"]: r["Source"]
            for r in read_copy(add_word_review(old, tmp_path / "reviewed.docx")).rows}
    assert rows["Is this figure final?"] == "survey.xlsx › By region › B5; survey.xlsx › Survey › B4"
    assert rows[" and data flows"] == f"{MESSAGES} › C14"
    assert rows["Cite the resolution in full."] == TEMPLATE
    assert rows["Symbol to be confirmed."] == TEMPLATE  # by paragraph: the header is the template's
