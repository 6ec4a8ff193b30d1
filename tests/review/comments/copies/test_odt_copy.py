"""OpenDocument copies: comments and tracked changes LibreOffice saved in an .odt read as
from the same review saved as .docx; an .odt with macros, a password or damage, or read
without LibreOffice, is named and skipped."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from wsis_report.cli import main
from wsis_report.office.convert import soffice, uno_python
from wsis_report.pipeline import build
from wsis_report.review.comments.copies import odt_copy
from wsis_report.review.comments.placing.builds import Builds
from wsis_report.review.comments.copies.odt_copy import read_odt_copies

from sample_edits import ROOT
from matrix_rows import matrix_rows


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """The draft reviewed in LibreOffice by two reviewers (tracked changes), saved once as
    .docx and once as .odt."""
    program, bridge = soffice(), uno_python()
    if not (program and bridge):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice with its Python bridge is missing, but .ci/run installs it")
        pytest.skip("LibreOffice with its Python bridge is not installed")
    dist, work = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("work")
    draft = build(ROOT / "inputs", ["draft"], ROOT / "templates", dist)[0].path
    made = {}
    for suffix in ("docx", "odt"):
        made[suffix] = work / f"reviewed.{suffix}"
        subprocess.run([bridge, str(Path(__file__).parents[2] / "lo_review.py"), program,
                        (work / f"profile-{suffix}").as_uri(), f"wsis-odt-{os.getpid()}-{suffix}",
                        str(draft), str(made[suffix]), "The present report"], check=True,
                       capture_output=True, timeout=180)
    return dist, made


def test_an_odt_reads_as_the_same_review_saved_as_docx(reviewed, tmp_path):
    dist, made = reviewed
    found = {}
    for suffix, copy in made.items():
        matrix = tmp_path / f"{suffix}.xlsx"
        assert main(["comments", str(copy), "--matrix", str(matrix), "--out", str(dist)]) == 0
        found[suffix] = {(r["Paragraph"], r["Type"], r["Reviewer"],
                          r["Comment or change"].strip(), r["Source"])
                         for r in matrix_rows(matrix)}
    assert found["odt"] == {
        ("2", "deletion", "Wei Li", "The present report", "template: draft.docx"),
        ("section III.B", "insertion", "Ana Ruiz", "and outcomes", "template: draft.docx"),
        ("14 (c)", "insertion", "Ana Ruiz", "(as amended)",
         "consultations.xlsx › Key messages › C14"),
        # the build's label: the .docx, which kept its map, says the row as it now reads
        ('Table 4, row "Europe"', "insertion", "Ana Ruiz", "(provisional)",
         "survey.xlsx › By region › B5"),
    }
    assert {r[1:] for r in found["odt"]} == {r[1:] for r in found["docx"]}


def _odt(source: Path, target: Path, add: dict[str, bytes] | None = None,
         manifest: bytes | None = None) -> Path:
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "META-INF/manifest.xml" and manifest is not None:
                data = manifest
            out.writestr(info, data)
        for name, data in (add or {}).items():
            out.writestr(name, data)
    return target


def test_hostile_or_unreadable_odts_are_named_and_skipped(reviewed, tmp_path, monkeypatch):
    dist, made = reviewed
    odt = made["odt"]
    macros = _odt(odt, tmp_path / "macros.odt", {"Basic/Standard/Module1.xml": b"<x/>"})
    locked = _odt(odt, tmp_path / "locked.odt", manifest=zipfile.ZipFile(odt).read(
        "META-INF/manifest.xml").replace(b"</manifest:manifest>",
                                         b"<manifest:encryption-data/></manifest:manifest>"))
    cut = tmp_path / "cut.odt"
    cut.write_bytes(odt.read_bytes()[:3000])
    copies = read_odt_copies([macros, locked, cut, odt], Builds(dist))
    problems = [c.problem for c in copies]
    assert "carries macros (Basic)" in problems[0]
    assert "password" in problems[1] and "damaged" in problems[2]
    assert not problems[3] and copies[3].rows
    monkeypatch.setattr(odt_copy, "soffice", lambda: None)
    [alone] = read_odt_copies([odt], Builds(dist))
    assert "needs LibreOffice" in alone.problem and "Save As" in alone.problem
