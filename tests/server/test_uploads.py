"""Each upload in a private folder, named by the server; removed when done, stale or too many."""

from __future__ import annotations

import io
import shutil
import stat
import time
import zipfile
from pathlib import Path

import pytest

from wsis_report.server.uploads import Preview, TooLarge, Uploads

ROOT = Path(__file__).resolve().parents[2]


def ods() -> bytes:
    """A minimal OpenDocument spreadsheet, as the container checks see one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                   'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
    return buffer.getvalue()


@pytest.fixture
def uploads():
    held = Uploads(keep=60, held=3, max_bytes=2**20)
    yield held
    held.close()
    assert not held.root.exists()


def given(**files: bytes) -> dict:
    return {role: (f"../{role}-copy.xlsx", io.BytesIO(data)) for role, data in files.items()}


def test_a_file_is_saved_as_the_workbook_it_was_given_as(uploads):
    data = (ROOT / "inputs" / "survey.xlsx").read_bytes()
    upload, refused = uploads.receive(given(survey=data, consultations=ods()), ROOT / "inputs")
    assert refused == []
    assert stat.S_IMODE(uploads.root.stat().st_mode) == 0o700  # this user's alone
    assert upload.folder.parent == uploads.root and len(upload.id) >= 22
    assert sorted(p.name for p in upload.inputs.iterdir()) == \
        ["consultations.ods", "report.xlsx", "survey.xlsx"]
    assert upload.given == {"consultations.ods": "../consultations-copy.xlsx",
                            "survey.xlsx": "../survey-copy.xlsx"}
    assert upload.kept == ["report.xlsx"]
    assert (upload.inputs / "survey.xlsx").read_bytes() == data
    assert uploads.get(upload.id) is upload and uploads.get("../" + upload.id) is None


def test_a_refused_file_leaves_nothing(uploads):
    upload, refused = uploads.receive(given(report=b"Stage,Title\nprogress,x\n"), ROOT / "inputs")
    assert upload is None
    ((role, name, issue),) = refused
    assert (role, name, issue.code) == ("report", "../report-copy.xlsx", "not-a-workbook")
    assert "a text or CSV file" in issue.message
    assert list(uploads.root.iterdir()) == []


def test_a_file_over_the_limit_is_refused_as_it_arrives(uploads):
    with pytest.raises(TooLarge, match="survey"):
        uploads.receive(given(survey=b"PK\x03\x04" + b"\0" * 2**20), ROOT / "inputs")
    assert list(uploads.root.iterdir()) == []


def test_the_server_copies_both_forms_of_a_workbook_so_the_check_refuses_to_guess(
        uploads, tmp_path):
    for path in (ROOT / "inputs").glob("*.xlsx"):
        shutil.copyfile(path, tmp_path / path.name)
    (tmp_path / "report.ods").write_bytes(ods())
    upload, _ = uploads.receive(given(survey=(tmp_path / "survey.xlsx").read_bytes()), tmp_path)
    assert sorted(upload.kept) == ["consultations.xlsx", "report.ods", "report.xlsx"]


def test_stale_and_surplus_uploads_are_removed_but_not_one_being_previewed(uploads):
    data = (ROOT / "inputs" / "survey.xlsx").read_bytes()
    first, second, third, fourth = (uploads.receive(given(survey=data), ROOT / "inputs")[0]
                                    for _ in range(4))
    # held=3: the least recently used goes when a fourth comes
    assert uploads.get(first.id) is None and not first.folder.exists()
    second.previews["draft"] = Preview(time.monotonic())  # being built
    uploads.keep = 0
    time.sleep(0.01)
    uploads.sweep()
    assert uploads.get(second.id) is second and second.folder.exists()
    assert uploads.get(third.id) is None and not fourth.folder.exists()
    uploads.remove(second.id)  # asked while the preview runs: its folder goes when it ends
    assert second.removed and second.folder.exists() and uploads.get(second.id) is None
    uploads.discard(second)
    assert not second.folder.exists()
