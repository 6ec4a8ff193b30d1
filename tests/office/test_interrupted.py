"""An interrupted `--stage all --pdf` leaves nothing behind: SIGINT, SIGTERM or SIGKILL,
while documents are built or while LibreOffice converts them. Within 5 s no office
process, lock file or temporary folder is left; every file in --out is its previous
version or a complete new one; and the message names exactly what was written.

Skipped where LibreOffice is missing, except in CI (as test_office.py)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from wsis_report.office.convert import soffice

from office_tools import need

ROOT = Path(__file__).resolve().parents[2]
STAGES = ("progress", "draft", "ecosoc")


def start(out: Path, temp: Path) -> subprocess.Popen:
    temp.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "wsis_report.cli", "--stage", "all", "--pdf", "--force",
         "--inputs", str(ROOT / "inputs"), "--templates", str(ROOT / "templates"),
         "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temp)},
        # a shell starts background jobs with Ctrl+C ignored, and Python keeps that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def processes_mentioning(text: str) -> list[int]:
    """Processes whose command line mentions ``text`` (the run's own temporary folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A complete set of documents and PDFs, as the last good run left them."""
    need(soffice(), "LibreOffice")
    folder = tmp_path_factory.mktemp("previous")
    run = start(folder / "out", folder / "tmp")
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    return folder / "out"


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def complete(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        return data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
    return bool(docx.Document(path).paragraphs)


@pytest.mark.parametrize("signum, when", [
    (signal.SIGINT, "building"), (signal.SIGTERM, "building"),
    (signal.SIGINT, "converting"), (signal.SIGTERM, "converting"),
    (signal.SIGKILL, "converting"),
])
def test_an_interrupted_pdf_run_leaves_nothing_behind(previous, tmp_path, signum, when):
    out, temp = tmp_path / "out", tmp_path / "tmp"
    shutil.copytree(previous, out)
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in out.iterdir()}
    run = start(out, temp)
    if when == "building":
        time.sleep(0.6)
    else:
        assert wait_for(lambda: any(b"soffice" in Path(f"/proc/{pid}/cmdline").read_bytes()
                                    for pid in processes_mentioning(str(temp))), 60)
        time.sleep(0.3)
    run.send_signal(signum)
    _, err = run.communicate(timeout=30)

    assert wait_for(lambda: not processes_mentioning(str(temp)), 5), "an office is left running"
    assert wait_for(lambda: not any(temp.iterdir()), 5), sorted(map(str, temp.rglob("*")))
    assert sorted(before) == sorted(p.name for p in out.iterdir())  # no lock or stray file
    replaced = []
    for name, (inode, data) in before.items():
        path = out / name
        if path.stat().st_ino != inode:
            assert complete(path), name
            replaced.append(name)
        else:
            assert path.read_bytes() == data
    if signum == signal.SIGKILL:
        return
    assert run.returncode == (130 if signum == signal.SIGINT else 143), err
    assert "Traceback" not in err and "internal error" not in err
    if replaced:
        assert all(str(out / name) in err for name in replaced), err
        assert "every other file is as it was" in err
    else:
        assert "interrupted; nothing was written." in err
    if when == "converting":  # the documents were written before the office started
        assert sorted(replaced) == sorted(f"wsis20-{s}.docx" for s in STAGES)
