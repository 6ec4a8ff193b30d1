"""No undefined name, unused import or dead assignment anywhere in the project: pyflakes'
rules, through ruff. A merge once left benchmarks/run.py calling a name it had lost."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_pyflakes_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "F",
                           "--quiet", "wsis_report", "tests", "tools", "benchmarks"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
