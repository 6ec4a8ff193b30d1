"""Writing a set of documents: all of them or none, and the message names the file;
inputs checked before they are hashed, and hashed in chunks."""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

import pytest

import wsis_report.documents.output as output
from wsis_report import InputError
from wsis_report.cli import main
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["progress", "draft", "ecosoc"]


@pytest.fixture
def previous(tmp_path):
    """--out holding a set from an earlier build, with marks to tell them apart."""
    out = tmp_path / "out"
    build(ROOT / "inputs", STAGES, ROOT / "templates", out)
    for path in out.iterdir():
        path.write_bytes(path.read_bytes() + b"previous")
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_full_disk_on_the_second_document_replaces_none(previous, monkeypatch, capsys):
    before = snapshot(previous)
    real, calls = output._temporary, []

    def filling(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(output, "_temporary", filling)
    code = main(["--stage", "all", "--force", "--inputs", str(ROOT / "inputs"),
                 "--templates", str(ROOT / "templates"), "--out", str(previous)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"cannot write {previous / 'wsis20-draft.docx'}: No space left on device" in err
    assert "the previous documents are unchanged" in err
    assert snapshot(previous) == before  # no document replaced, no temporary file left


def test_a_failed_rename_puts_back_the_documents_already_renamed(previous, monkeypatch):
    before = snapshot(previous)
    real = os.replace

    def locked(src, dst):
        if str(dst).endswith("wsis20-ecosoc.docx"):
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(PermissionError):
        build(ROOT / "inputs", STAGES, ROOT / "templates", previous, force=True)
    assert snapshot(previous) == before


def test_a_huge_file_named_like_a_workbook_is_refused_before_it_is_read(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    with (inputs / "consultations.xlsx").open("wb") as f:
        f.truncate(3 * 2**30)  # 3 GB, sparse: reading it whole would take seconds and memory
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        build(inputs, ["progress"], ROOT / "templates", tmp_path / "out")
    assert time.perf_counter() - started < 5
    assert any(i.workbook == "consultations.xlsx" for i in caught.value.report.errors)


def test_hashing_reads_in_chunks(tmp_path, monkeypatch):
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * (3 << 20))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    import hashlib

    assert output.sha256(path) == hashlib.sha256(b"x" * (3 << 20)).hexdigest()


def test_temporary_files_of_a_killed_run_are_removed_by_the_next(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    orphan = out / ".wsis20-progress.docx.999999999.k2j4.tmp"  # no such process
    running = out / f".wsis20-progress.docx.{os.getppid()}.a8c1.tmp"  # a live process's
    drafter = out / ".notes.tmp"  # not the toolkit's
    for path in (orphan, running, drafter):
        path.write_bytes(b"half a document")
    build(ROOT / "inputs", ["progress"], ROOT / "templates", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".notes.tmp", running.name, "wsis20-progress.docx"])
