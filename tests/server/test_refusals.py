"""What the page refuses, over HTTP: hostile and oversized files, names that are paths,
requests without the token or from another site; and what it withstands (editors at once,
connections that stall)."""

from __future__ import annotations

import hashlib
import io
import os
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from serving import FAULTS, ROOT, edited, started, stop
from web_client import Client


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture
def unchanged(server):
    """The server's workbooks and its uploads, the same after the test as before."""
    before, held = _hashes(server.inputs), server.uploads()
    yield
    assert _hashes(server.inputs) == before
    assert server.uploads() == held


def zip_bomb() -> bytes:
    """The sample survey with a part that unpacks to 260 MB from a file of under 1 MB."""
    buffer = io.BytesIO((ROOT / "inputs" / "survey.xlsx").read_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/filler.bin", "w", force_zip64=True) as f:
            for _ in range(260):
                f.write(b"\0" * 2**20)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_anything_opens_it(server, unchanged):
    bomb = zip_bomb()
    assert len(bomb) < 2**20
    started_at = time.perf_counter()
    answer = server.client().upload({"survey": ("survey.xlsx", bomb)})
    assert time.perf_counter() - started_at < 5
    assert answer.status == 422
    words = answer.words()
    assert "Nothing was checked" in words
    assert ("“survey.xlsx”, given as the survey workbook, has a part (xl/media/filler.bin) "
            "that unpacks to 260 MB, over the limit of 200 MB.") in words


def test_a_renamed_word_document_is_refused_by_its_content(server, unchanged):
    document = next((ROOT / "tests" / "fixtures" / "realdocs").rglob("*.docx")).read_bytes()
    answer = server.client().upload({"report": ("report.xlsx", document)})
    assert answer.status == 422
    assert "“report.xlsx”, given as the report workbook, is a Word document, not a " \
           "workbook. Open it in Excel and save it as Excel Workbook (.xlsx)" in answer.words()


def test_an_oversized_workbook_is_refused_with_the_limit(server, unchanged):
    big = b"PK\x03\x04" + b"\0" * (25 * 2**20 + 1)
    answer = server.client().upload({"consultations": ("consultations.xlsx", big)})
    assert answer.status == 413
    assert "The consultations workbook is larger than 25 MB, the most the page takes." in \
        answer.words()


def test_a_request_over_the_limit_is_refused_from_its_length_alone(server):
    client = server.client()
    token = client.csrf()
    host, port = client.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        started_at = time.perf_counter()
        s.sendall(f"POST /check HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: multipart/"
                  f"form-data; boundary=x\r\nContent-Length: {10**10}\r\nCookie: "
                  f"{'; '.join(f'{k}={v}' for k, v in client.cookies.items())}\r\n\r\n"
                  f"--x\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}"
                  .encode())
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413") and time.perf_counter() - started_at < 5


def test_a_path_in_the_file_name_never_reaches_a_path(server, unchanged):
    client = server.client()
    data = (server.inputs / "survey.xlsx").read_bytes()
    for name in ("../../inputs/survey.xlsx", "/etc/passwd", "..\\..\\survey.xlsx",
                 "<b>survey</b>.xlsx"):
        before = set(server.uploads())
        answer = client.upload({"survey": (name, data)})
        assert answer.status == 303
        (folder,) = set(server.uploads()) - before
        assert sorted(p.name for p in (folder / "inputs").iterdir()) == \
            ["consultations.xlsx", "report.xlsx", "survey.xlsx"]
        page = client.get(answer.location)
        if "\\" not in name:  # a backslash is an escape in the header: shown as sent
            assert f"You uploaded survey.xlsx (“{name}”)" in page.words()
        assert "<b>survey</b>" not in page.text  # shown as text, never as markup
        client.post(f"{answer.location}/remove", csrf=client.csrf(answer.location))
    assert not any(p.name == "passwd" for p in server.temp.rglob("*"))


def test_a_form_from_another_site_is_refused(server, unchanged):
    data = (server.inputs / "survey.xlsx").read_bytes()
    stranger = server.client()
    answer = stranger.post("/check", files={"survey": ("survey.xlsx", data)}, csrf=None)
    assert answer.status == 400
    assert "This form was not sent from this page" in answer.words()
    # a token taken from another browser's page is no good without that browser's cookie
    other = server.client().csrf()
    answer = server.client().post("/check", files={"survey": ("survey.xlsx", data)}, csrf=other)
    assert answer.status == 400


def test_a_name_that_is_not_this_computer_is_refused(server):
    answer = server.client().get("/", headers={"Host": "attacker.example:80"})
    assert answer.status == 400
    assert "answers only to the address it printed" in answer.words()
    assert server.client().get("/", headers={"Host": "localhost:" + server.url.split(":")[2]
                                             .rstrip("/")}).status == 200


def test_two_editors_at_once_each_get_their_own_problems(server, unchanged):
    consultations = edited(server.inputs / "consultations.xlsx", "Consultations", FAULTS)
    report = edited(server.inputs / "report.xlsx", "Timetable", {"A3": "someday"})
    pages: dict[str, str] = {}

    def editor(role: str, data: bytes) -> None:
        client = server.client()
        token = client.csrf()
        go.wait()
        answer = client.post("/check", files={role: (f"{role}.xlsx", data)}, csrf=token)
        pages[role] = client.get(answer.location).words()
        client.post(f"{answer.location}/remove", csrf=token)

    go = threading.Event()
    editors = [threading.Thread(target=editor, args=a) for a in
               (("consultations", consultations), ("report", report))]
    for t in editors:
        t.start()
    go.set()
    for t in editors:
        t.join(60)
    assert "I7 error 'Tanzania'" in pages["consultations"]
    assert "report.xlsx › Timetable" not in pages["consultations"]
    assert "report.xlsx › Timetable Cell Kind" in pages["report"] and "A3 error" in pages["report"]
    assert "Tanzania" not in pages["report"]


def test_connections_that_stall_do_not_hold_up_an_editor(server):
    host, port = server.url.removeprefix("http://").rstrip("/").split(":")
    stalled = [socket.create_connection((host, int(port))) for _ in range(12)]
    try:
        for s in stalled:  # half a request each, then nothing
            s.sendall(b"POST /check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab")
        started_at = time.perf_counter()
        assert server.client().get("/").status == 200
        assert time.perf_counter() - started_at < 2
    finally:
        for s in stalled:
            s.close()


@pytest.fixture(scope="module")
def guarded(sample, builds, tmp_path_factory):
    """A server on another address than 127.0.0.1 (still this computer's: 127.0.0.2), which
    asks for its token."""
    with started(sample, builds, tmp_path_factory.mktemp("guarded"), host="127.0.0.2") as s:
        yield s


def test_another_host_needs_the_token_printed_at_start(guarded):
    assert guarded.url.startswith("http://127.0.0.2:") and len(guarded.token) >= 16
    client = Client(guarded.url.rstrip("/"))
    missing = client.get("/")
    assert missing.status == 401 and "needs the address with its token" in missing.words()
    wrong = client.get("/?token=" + "x" * len(guarded.token))
    assert wrong.status == 403 and "The token is wrong" in wrong.words()
    assert client.get("/blank/survey.xlsx").status == 401
    entered = client.get(f"/?token={guarded.token}")
    assert entered.status == 303 and entered.location == "/"  # taken out of the address
    assert client.get("/").status == 200  # kept in a cookie
    assert client.get(f"//elsewhere.example/?token={guarded.token}").location == \
        "/elsewhere.example/"  # never sent to another site
    header = Client(guarded.url.rstrip("/"), headers={"Authorization": f"Bearer {guarded.token}"})
    assert header.get("/").status == 200
    answer = header.upload({"survey": ("survey.xlsx",
                                       (guarded.inputs / "survey.xlsx").read_bytes())})
    assert answer.status == 303 and header.get(answer.location).status == 200


def test_a_short_token_is_refused_at_start(sample, tmp_path):
    refused = subprocess.run(
        [sys.executable, "-m", "wsis_report.cli", "serve", "--host", "127.0.0.2", "--port", "0",
         "--inputs", str(sample)], capture_output=True, text=True, timeout=60,
        env={**os.environ, "WSIS_REPORT_TOKEN": "secret", "TMPDIR": str(tmp_path)})
    assert refused.returncode == 2 and refused.stdout == ""
    assert "WSIS_REPORT_TOKEN is 6 characters long; a token that guards a server on " \
           "127.0.0.2 needs at least 16" in refused.stderr
    assert list(tmp_path.iterdir()) == []


def test_stopping_the_server_removes_every_upload_and_process(sample, builds, tmp_path):
    with started(sample, builds, tmp_path) as server:
        client = server.client()
        location = client.upload({"survey": ("survey.xlsx",
                                             (sample / "survey.xlsx").read_bytes())}).location
        assert client.get(location).status == 200 and server.uploads()
        children = _descendants(server.process.pid)
        assert children  # the fork server
        out, err = stop(server)
    assert server.process.returncode == 0
    assert "Stopped; every upload was removed." in out and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []
    deadline = time.monotonic() + 10  # the fork server leaves when it sees the server gone
    while [pid for pid in children if Path(f"/proc/{pid}").exists()] and \
            time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        for status in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = status.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                child = int(status.parent.name)
                found.append(child)
                queue.append(child)
    return found
