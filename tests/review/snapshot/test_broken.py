"""Snapshots that match their own checksum but were not written by the toolkit as they
stand (made by hand, or by a script that recomputed the hash): `facts`, `changes` and
`comments` name the file and what is out of place, never an internal error, and
`comments` reads the other copies."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from html import escape
from pathlib import Path

import docx
import pytest

from wsis_report.cli import main
from wsis_report.review.snapshot.part import FORMAT, embed

GOOD = {"format": FORMAT, "version": 1, "stage": "draft", "as_of": "2025-02-03",
        "title": "T", "toolkit": "wsis-report", "sources": {}, "records": [],
        "paragraphs": []}
BROKEN = {
    "lacks records": ({k: v for k, v in GOOD.items() if k != "records"},
                      "its snapshot lacks 'records'"),
    "records not a list": ({**GOOD, "records": "all of them"},
                           "its snapshot has 'records' that is not a list"),
    "record without key": ({**GOOD, "records": [{"kind": "survey", "values": {}}]},
                           "its snapshot records[0] lacks 'key'"),
    "total as text": ({**GOOD, "records": [{"key": "survey", "kind": "survey",
                                            "values": {"total": "many"}}]},
                      "its snapshot records[0].values.total is not a whole number"),
    "date that is not": ({**GOOD, "as_of": "soon"}, "its snapshot has an 'as_of' that is "
                                                    "not a date"),
    "paragraph sources": ({**GOOD, "paragraphs": [{"id": "_wsis_p0001", "sources": [3]}]},
                          "its snapshot paragraphs[0].sources[0] is not a record's key"),
    "nested 100,000 deep": ("DEEP", "the snapshot is not valid JSON"),
}


def with_snapshot(path: Path, snapshot) -> Path:
    """A small .docx carrying ``snapshot`` with a checksum that matches it."""
    document = docx.Document()
    document.add_paragraph("A paragraph.")
    document.add_comment(document.paragraphs[0].runs, text="Why?", author="A", initials="A")
    buffer = io.BytesIO()
    document.save(buffer)
    data = embed(buffer.getvalue(), {"format": FORMAT, "placeholder": True})
    text = ('{"format":"%s","records":' % FORMAT + "[" * 100_000 + "]" * 100_000 + "}") \
        if snapshot == "DEEP" else json.dumps(snapshot)
    digest = hashlib.sha256(text.encode()).hexdigest()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            part = zin.read(info)
            if b"urn:wsis-report:snapshot" in part and info.filename.startswith(
                    "customXml/item") and b"datastoreItem" not in part:
                part = re.sub(rb'sha256="[0-9a-f]+">.*</wsis:snapshot>',
                              f'sha256="{digest}">{escape(text, quote=False)}'
                              f"</wsis:snapshot>".encode(), part, flags=re.S)
            zout.writestr(info, part)
    return path


@pytest.mark.parametrize("case", list(BROKEN))
def test_facts_and_changes_name_the_file_and_what_is_wrong(tmp_path, capsys, case):
    snapshot, said = BROKEN[case]
    broken = with_snapshot(tmp_path / "x.docx", snapshot)
    good = with_snapshot(tmp_path / "good.docx", GOOD)
    assert main(["facts", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}" in err and said in err and "internal error" not in err
    assert main(["changes", str(broken), str(good)]) == 1
    assert said in capsys.readouterr().err
    assert main(["changes", str(good), str(broken)]) == 1
    assert said in capsys.readouterr().err


def test_comments_reads_every_copy_and_names_the_broken_snapshot(tmp_path, capsys):
    copies = [with_snapshot(tmp_path / f"{n}.docx", snapshot)
              for n, (snapshot, _) in enumerate(BROKEN.values())]
    matrix = tmp_path / "m.xlsx"
    assert main(["comments", *map(str, copies), "--matrix", str(matrix)]) == 0
    err = capsys.readouterr().err
    for copy, (_, said) in zip(copies, BROKEN.values()):
        assert f"{copy}" in err and said in err
    assert "internal error" not in err


def test_the_toolkits_own_snapshots_have_the_shape(tmp_path):
    good = with_snapshot(tmp_path / "good.docx", GOOD)
    assert main(["facts", str(good)]) == 0
