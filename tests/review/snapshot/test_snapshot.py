"""Every built document carries the facts it was built from and a map of its paragraphs,
and both survive the programs a reviewer saves it with."""

from __future__ import annotations

import io
import os
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from wsis_report.office.convert import soffice, uno_python
from wsis_report.pipeline import build
from wsis_report.review.snapshot.paragraph_map import live_labels
from wsis_report.review.snapshot.part import VERSION, SnapshotProblem, embed, read_snapshot

from sample_edits import ROOT

EUROPE_3 = "Concerns relate to the current approach to addressing crucial public policy"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    docs = build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates", out)
    return {d.stage.name.value: d.path for d in docs}


def custom_properties(path: Path) -> dict[str, str]:
    xml = zipfile.ZipFile(path).read("docProps/custom.xml").decode()
    return dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)</vt:lpwstr>', xml))


def entry_for(snapshot: dict, text: str) -> dict:
    return next(p for p in snapshot["paragraphs"] if p["excerpt"].find(text[:40]) >= 0)


def test_the_snapshot_names_the_stage_and_the_same_hashes_as_the_properties(built):
    for stage, path in built.items():
        snapshot = read_snapshot(path)
        assert snapshot["stage"] == stage and snapshot["version"] == VERSION
        props = custom_properties(path)
        assert snapshot["toolkit"] == props["toolkit"]
        hashes = {k.removeprefix("sha256:"): v for k, v in props.items()
                  if k.startswith("sha256:")}
        assert snapshot["sources"] == hashes and "consultations.xlsx" in hashes
    assert read_snapshot(built["draft"])["as_of"] == "2025-02-03"


def test_every_record_carries_its_cells(built):
    records = {r["key"]: r for r in read_snapshot(built["draft"])["records"]}
    europe = records["key-message:Europe:3"]
    assert (europe["workbook"], europe["sheet"], europe["cells"]["text"]) == \
        ("consultations.xlsx", "Key messages", "C14")
    assert europe["values"]["text"].startswith(EUROPE_3)
    assert records["consultation:R-LAC"]["cells"]["status"] == "K8"
    assert records["by-region:Europe"]["values"]["responses"] == 31
    assert records["by-region:Europe"]["cells"] == {"responses": "B5"}
    assert records["survey"]["cells"]["total"] == "B4"
    # what the stage shows, as of its date: the Santiago consultation was still to come
    progress = {r["key"]: r for r in read_snapshot(built["progress"])["records"]}
    assert progress["consultation:R-LAC"]["shown"]["status"] == "Planned"
    assert records["consultation:R-LAC"]["shown"]["status"] == "Held"


def test_the_map_leads_from_a_paragraph_number_to_the_cell(built):
    snapshot = read_snapshot(built["draft"])
    europe = entry_for(snapshot, "(c) " + EUROPE_3)
    assert europe["label"] == "14 (c)" and europe["section"] == "5. Europe"
    assert europe["sources"] == [{"key": "key-message:Europe:3", "cells": ["C14"]}]
    row = next(p for p in snapshot["paragraphs"] if p["label"] == 'Table 4, row "Europe"')
    # the count, and the share worked out from it and the total
    assert row["sources"] == [{"key": "by-region:Europe", "cells": ["B5"]},
                              {"key": "survey", "cells": ["B4"]}]
    prose = entry_for(snapshot, "The present report responds to that request")
    assert prose["label"] == "2" and "sources" not in prose
    assert prose["template"] == "draft.docx"
    assert any(p["label"] == "chapter III" for p in snapshot["paragraphs"])


def test_every_mapped_block_carries_its_bookmark(built):
    data = built["ecosoc"].read_bytes()
    snapshot = read_snapshot(built["ecosoc"])
    live = live_labels(data)
    assert set(live) == {p["id"] for p in snapshot["paragraphs"]}
    assert all(live[p["id"]].label == p["label"] for p in snapshot["paragraphs"])


def test_python_docx_open_and_save_keeps_snapshot_and_map(built, tmp_path):
    saved = tmp_path / "saved.docx"
    document = docx.Document(built["draft"])
    para = next(p for p in document.paragraphs if p.text.startswith("The present report"))
    para.insert_paragraph_before("A paragraph a reviewer added.", style=para.style)
    document.add_comment(para.runs, text="Please check.", author="Reviewer", initials="R")
    document.save(saved)
    snapshot = read_snapshot(saved)
    assert snapshot == read_snapshot(built["draft"])
    live = live_labels(saved.read_bytes())
    europe = entry_for(snapshot, "(c) " + EUROPE_3)
    assert live[europe["id"]].label == "15 (c)"  # one numbered paragraph was inserted above


def test_a_byte_identical_rebuild_with_the_snapshot_in(built, tmp_path):
    again = build(ROOT / "inputs", ["draft"], ROOT / "templates", tmp_path, force=True)[0]
    assert again.path.read_bytes() == built["draft"].read_bytes()


@pytest.fixture(scope="module")
def office():
    if not (soffice() and uno_python()):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice with its Python bridge is missing, but .ci/run installs it")
        pytest.skip("LibreOffice with its Python bridge is not installed")
    return soffice(), uno_python()


def test_a_copy_libreoffice_edited_keeps_snapshot_and_map(built, office, tmp_path):
    program, bridge = office
    edited = tmp_path / "edited.docx"
    subprocess.run([bridge, str(Path(__file__).parents[1] / "lo_edit.py"), program,
                    (tmp_path / "profile").as_uri(), f"wsis-test-{os.getpid()}",
                    str(built["draft"]), str(edited)], check=True, capture_output=True,
                   timeout=180)
    document = docx.Document(edited)  # a comment on top, as Word writes it
    para = next(p for p in document.paragraphs if p.text.startswith("(c)\tSome responses"))
    document.add_comment(para.runs, text="Source?", author="Reviewer", initials="R")
    document.save(edited)

    snapshot = read_snapshot(edited)
    assert snapshot == read_snapshot(built["draft"])
    live = live_labels(edited.read_bytes())
    assert set(live) == {p["id"] for p in snapshot["paragraphs"]}
    shifted = {p["label"]: live[p["id"]].label for p in snapshot["paragraphs"]}
    assert shifted["1"] == "2" and shifted["8"] == "10"  # two paragraphs inserted, numbered
    assert shifted["7 (b)"] == "8 (b)"
    assert live[entry_for(snapshot, "(c) " + EUROPE_3)["id"]].label == "16 (c)"


def tampered(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("customXml/item") and b"wsis-report" in data:
                data = change(data)
            zout.writestr(info, data)
    return target


def test_a_hand_edited_snapshot_is_refused_and_located(built, tmp_path):
    edited = tampered(built["draft"], tmp_path / "a.docx", lambda d: d.replace(b"C14", b"C15"))
    with pytest.raises(SnapshotProblem, match=r"customXml/item\d+\.xml: the snapshot does not "
                       "match its own checksum"):
        read_snapshot(edited)
    newer = tampered(built["draft"], tmp_path / "b.docx",
                     lambda d: d.replace(f'version="{VERSION}"'.encode(), b'version="7"'))
    with pytest.raises(SnapshotProblem, match="version 7, newer than this toolkit"):
        read_snapshot(newer)


def test_a_document_without_a_snapshot_says_what_to_do(tmp_path):
    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)
    with pytest.raises(SnapshotProblem, match="carries no snapshot.*Build it again"):
        read_snapshot(plain)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"), (b"just text", "not a Word document"),
    (b"PK\x03\x04garbage", "damaged"),
    (OLE + "EncryptedPackage".encode("utf-16-le"), "protected with a password"),
    (OLE + b"\0" * 600, "old Word 97"),
    ((ROOT / "inputs" / "survey.xlsx").read_bytes(), "a spreadsheet, not a Word document"),
])
def test_a_file_that_is_not_a_document_is_refused_before_parsing(tmp_path, content, message):
    bad = tmp_path / "report.docx"
    bad.write_bytes(content)
    with pytest.raises(SnapshotProblem, match=message):
        read_snapshot(bad)


def test_an_entity_bomb_is_refused(built, tmp_path):
    bomb = tampered(built["draft"], tmp_path / "bomb.docx", lambda d: d.replace(
        b"<wsis:snapshot", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><wsis:snapshot', 1))
    with pytest.raises(SnapshotProblem, match="declares XML entities"):
        read_snapshot(bomb)


def test_embedding_is_deterministic_and_adds_one_custom_part(built):
    base = docx.Document()
    buffer = io.BytesIO()
    base.save(buffer)
    snapshot = {"format": "wsis-report snapshot", "version": 1, "records": [], "paragraphs": []}
    one, two = embed(buffer.getvalue(), snapshot), embed(buffer.getvalue(), snapshot)
    assert one == two
    before = set(zipfile.ZipFile(buffer).namelist())
    n = 1 + sum(1 for name in before if re.fullmatch(r"customXml/item\d+\.xml", name))
    added = set(zipfile.ZipFile(io.BytesIO(one)).namelist()) - before
    assert added == {f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml",
                     f"customXml/_rels/item{n}.xml.rels"}


def test_a_document_that_lost_its_snapshot_is_not_up_to_date(built, tmp_path):
    out = tmp_path / "dist"
    first = build(ROOT / "inputs", ["draft"], ROOT / "templates", out)[0]
    assert build(ROOT / "inputs", ["draft"], ROOT / "templates", out)[0].up_to_date
    stripped = tampered(first.path, tmp_path / "x.docx", lambda d: d.replace(
        b"urn:wsis-report:snapshot", b"urn:somebody-else"))
    stripped.replace(first.path)
    again = build(ROOT / "inputs", ["draft"], ROOT / "templates", out)[0]
    assert not again.up_to_date and read_snapshot(again.path)["stage"] == "draft"


def test_a_zip_bomb_is_refused_on_its_declared_size(built, tmp_path):
    data = bytearray(built["draft"].read_bytes())
    # the central directory's "uncompressed size" of word/document.xml, claimed to be 3 GB
    entry = data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))
    data[entry + 24:entry + 28] = (3 * 2**30).to_bytes(4, "little")
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(bytes(data))
    with pytest.raises(SnapshotProblem, match=r"word/document\.xml: 3,072 MB"):
        read_snapshot(bomb)
