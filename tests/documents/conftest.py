"""What the documents' tests share."""

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def templates(tmp_path):
    """A copy of the bundled templates that a test may change."""
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder
