"""make-report redline and --redline-against: what is written, printed and refused."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from wsis_report.cli import main
from wsis_report.review.redline.tracked import document_blocks

from wsis_report.review.redline.document import make_redline
from redline_pairs import ROOT, edited_pair, inserted_pair, sample_pair


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    return sample_pair(tmp_path_factory.mktemp("pair"))


def test_redline_writes_beside_new_and_prints_its_changes(pair, tmp_path, capsys):
    old, new = (shutil.copyfile(p, tmp_path / p.name) for p in pair)
    code, out, err = run(capsys, "redline", old, new)
    target = tmp_path / "wsis20-ecosoc.redline.docx"
    assert (code, err) == (0, "")
    counts = make_redline(old, new).counts
    lines = out.splitlines()
    assert lines[0] == (f"{target}  against wsis20-draft.docx: {counts['inserted words']} words "
                        f"inserted, {counts['deleted words']} deleted, 0 paragraphs moved")
    # the final report's paragraph on the session comes third: those after it are renumbered
    assert lines[1] == "  paragraph 3 is now 4: The review follows the timetable set out in …"
    # the final report's first page has a header of its own, empty: the draft's "Draft"
    # there is a tracked deletion, not a warning
    assert not [line for line in lines if line.startswith("warning")]
    data = target.read_bytes()
    assert document_blocks(data, "accept") == document_blocks(new.read_bytes())
    assert document_blocks(data, "reject") == document_blocks(old.read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "wsis20-draft.docx", "wsis20-ecosoc.docx", "wsis20-ecosoc.redline.docx"]


def test_renumbered_paragraphs_and_cross_references_are_listed_and_in_json(tmp_path, capsys):
    old, new = inserted_pair(tmp_path)
    target = tmp_path / "out" / "changes.docx"
    code, out, _ = run(capsys, "redline", old, new, "-o", target)
    lines = out.splitlines()
    assert code == 0 and lines[0].endswith("14 words inserted, 0 deleted, 0 paragraphs moved")
    assert lines[1].startswith("  paragraph 2 is now 3: The present report responds")
    assert lines[10].startswith("  paragraph 11 is now 12: The key messages of the "
                                "consultations held at")
    assert any(line.startswith("  paragraph 18 is now 19: The Council may wish") for line in lines)
    assert "Cross-references that may need checking:" in lines
    assert any(line.startswith("  paragraph 3, “chapter III”: ") for line in lines)
    code, out, _ = run(capsys, "redline", old, new, "-o", target, "--json")
    report = json.loads(out)
    assert report["redline"] == str(target) and report["moved_paragraphs"] == 0
    assert report["author"] == "CSTD secretariat" and report["date"] == "2025-05-14"
    assert {"what": "paragraph", "old": "3", "new": "4"}.items() <= \
        report["renumbered"][1].items()
    assert {"where": "paragraph 8", "reference": "chapter III"}.items() <= \
        report["cross_references"][-1].items()


def test_identical_documents_say_so(pair, tmp_path, capsys):
    code, out, _ = run(capsys, "redline", pair[1], pair[1], "-o", tmp_path / "same.docx")
    assert code == 0
    assert "no changes: wsis20-ecosoc.docx says what wsis20-ecosoc.docx says" in out
    assert (tmp_path / "same.docx").is_file()


def test_a_bad_file_is_refused_by_name_and_nothing_is_written(pair, tmp_path, capsys):
    bad = tmp_path / "notes.docx"
    bad.write_text("minutes of the meeting")
    code, out, err = run(capsys, "redline", bad, pair[1], "-o", tmp_path / "r.docx")
    assert code == 1 and out == ""
    assert err.startswith("make-report redline: notes.docx is not a Word document")
    assert "Nothing was written." in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.docx"]


def test_the_redline_never_overwrites_old_or_new(pair, capsys):
    before = pair[1].read_bytes()
    code, _, err = run(capsys, "redline", pair[0], pair[1], "-o", pair[1])
    assert code == 1 and "would be overwritten" in err
    assert pair[1].read_bytes() == before


def test_a_build_writes_the_redline_against_an_earlier_document(pair, tmp_path, capsys):
    out = tmp_path / "dist"
    code, printed, _ = run(capsys, "--stage", "ecosoc", "--out", out, "--inputs", ROOT / "inputs",
                           "--templates", ROOT / "templates", "--redline-against", pair[0])
    assert code == 0
    lines = printed.splitlines()
    assert re.match(rf"{re.escape(str(out / 'wsis20-ecosoc.docx'))}  [\d,]+ words", lines[0])
    assert lines[1] == "  house style: no warnings"
    assert lines[2].startswith(f"{out / 'wsis20-ecosoc.redline.docx'}  against wsis20-draft.docx")
    data = (out / "wsis20-ecosoc.redline.docx").read_bytes()
    assert document_blocks(data, "accept") == document_blocks(pair[1].read_bytes())


def test_a_build_with_a_bad_or_overwritten_old_writes_nothing(pair, tmp_path, capsys):
    out = tmp_path / "dist"
    common = ["--out", out, "--inputs", ROOT / "inputs", "--templates", ROOT / "templates"]
    bad = tmp_path / "old.docx"
    bad.write_bytes(b"")
    code, _, err = run(capsys, "--stage", "ecosoc", *common, "--redline-against", bad)
    assert code == 1 and "old.docx is an empty file" in err and not out.exists()
    shutil.copytree(pair[0].parent, out)
    before = (out / "wsis20-draft.docx").read_bytes()
    code, _, err = run(capsys, "--stage", "draft", *common, "--redline-against",
                       out / "wsis20-draft.docx")
    assert code == 1 and "is the document this build writes" in err
    assert (out / "wsis20-draft.docx").read_bytes() == before
    code, _, err = run(capsys, "--stage", "all", *common, "--redline-against", pair[0])
    assert code == 2 and "choose its --stage" in err


def test_another_report_is_compared_with_a_warning(tmp_path, capsys):
    old, new = edited_pair(tmp_path, "message reworded")
    other = Path(tmp_path / "other")
    other.mkdir()
    code, out, _ = run(capsys, "redline", new, sample_pair(other)[0], "-o", tmp_path / "r.docx")
    assert code == 0
    (warning,) = [line for line in out.splitlines() if line.startswith("warning  ")]
    assert "wsis20-ecosoc.docx is “" in warning and "(ecosoc and draft stages)" in warning
