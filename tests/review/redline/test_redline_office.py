"""The redline in real office software: LibreOffice accepts every change to NEW's text and
rejects every change to OLD's, paragraph by paragraph and cell by cell; it converts the
redline to PDF with the changes visible.

One LibreOffice start serves the whole module. Skipped where LibreOffice, its Python
bridge or poppler is missing, except in CI (CI=true), where .ci/run installs them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from wsis_report.office.convert import soffice, uno_python
from wsis_report.review.redline.document import make_redline

from redline_pairs import EDITS, edited_pair, mutated, sample_pair
from office_tools import need

SCRIPT = Path(__file__).parents[1] / "lo_views.py"
# random edits whose redlines once read differently in LibreOffice than in Word (3: a
# moved paragraph just before a table), and a few more
SEEDS = [3, 11, 29, 47]
PAIRS = ["draft to final", *EDITS, *(f"random edits {seed}" for seed in SEEDS)]


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """Every pair's OLD and NEW as LibreOffice reads them, and its redline with every
    change accepted and with every change rejected; and the sample's redline as PDF."""
    need(soffice(), "LibreOffice")
    need(uno_python(), "LibreOffice's Python bridge (python3-uno)")
    need(shutil.which("pdftotext"), "poppler (pdftotext)")
    work = tmp_path_factory.mktemp("redlines")
    jobs, pairs = [], {}
    for name in PAIRS:
        folder = work / name.replace(" ", "-")
        folder.mkdir()
        if name == "draft to final":
            old, new = sample_pair(folder)
        elif name.startswith("random edits"):
            old = pairs["draft to final"][1]
            new = mutated(old, folder, int(name.split()[-1]))
        else:
            old, new = edited_pair(folder, name)
        redline = folder / "redline.docx"
        redline.write_bytes(make_redline(old, new).data)
        pairs[name] = (old, new, redline)
        jobs += [f"{old}:plain", f"{new}:plain", f"{redline}:accept", f"{redline}:reject"]
    jobs.append(f"{pairs['draft to final'][2]}:pdf")
    out = work / "views.json"
    for attempt in (1, 2):
        process = subprocess.Popen([uno_python(), str(SCRIPT), soffice(),
                                    (work / f"profile-{attempt}").as_uri(),
                                    f"wsis-report-test-{os.getpid()}-{attempt}", str(out), *jobs],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _, err = process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            pytest.fail("LibreOffice did not finish within four minutes")
        # LibreOffice 7.4 headless was seen to crash once in a full run inside its own UNO
        # bridge (a backtrace of its libraries, not a Python error of the script): that
        # office is started once more; a failure of the script itself is not retried.
        if process.returncode == 0 or attempt == 2 or b"/libreoffice/program/" not in err:
            break
    assert process.returncode == 0, err.decode("utf-8", "replace")[-2000:]
    views = json.loads(out.read_text(encoding="utf-8"))
    found = {name: {"old": views[f"{old}:plain"], "new": views[f"{new}:plain"],
                    "accept": views[f"{red}:accept"], "reject": views[f"{red}:reject"]}
             for name, (old, new, red) in pairs.items()}
    return found | {"pdf": views[jobs[-1]]}


@pytest.mark.parametrize("pair", PAIRS)
def test_accepting_every_change_gives_new_and_rejecting_every_change_gives_old(office, pair):
    views = office[pair]
    assert views["accept"]["redlines"] > 0
    assert views["accept"]["left"] == views["reject"]["left"] == 0
    assert views["accept"]["blocks"] == views["new"]["blocks"]
    assert views["reject"]["blocks"] == views["old"]["blocks"]
    assert "<row>" in views["new"]["blocks"]  # tables were compared cell by cell


def test_the_running_heads_are_tracked_in_libreoffice_too(office):
    views = office["draft to final"]
    assert views["accept"]["headers"] == views["new"]["headers"]
    assert views["reject"]["headers"] == views["old"]["headers"]
    # the running head on odd pages, on even ones, and the first page's "Draft" alone
    heads = {(h[0], h[1]): h[2] for h in views["reject"]["headers"]}
    assert heads["Standard", "HeaderText"] == "Draft\tE/CN.16/2025/3"
    assert heads["Standard", "HeaderTextLeft"] == "E/CN.16/2025/3\tDraft"
    assert heads["First Page", "HeaderText"] == "Draft"  # deleted in the redline
    assert not [h for h in views["accept"]["headers"] if "Draft" in h[2]]


def test_the_redline_converts_to_pdf_with_the_changes_visible(office):
    pdf = Path(office["pdf"]["pdf"])
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Advance" in text and "unedited" in text  # the draft's cover note, struck out
    assert "E/CN.16/2025/3" in text and "Original: English" in text  # the final's masthead
