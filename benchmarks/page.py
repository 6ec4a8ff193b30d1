"""The editors' page in the benchmarks: a running ``make-report serve``, and a client that
checks workbooks through it as a browser does (the page, then the form with its CSRF token,
then the result it is sent to) and says how long that took."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PY = sys.executable

# A browser's three requests, with the standard library only; prints the seconds from the
# first request to the last answer, and exits 1 unless the result page shows the summary.
CLIENT = r"""
import http.client, re, sys, time, uuid
base, files = sys.argv[1], sys.argv[2:]
host, port = base.split("//")[1].strip("/").split(":")
cookies = {}
def ask(method, path, body=None, headers={}):
    c = http.client.HTTPConnection(host, int(port), timeout=120)
    h = dict(headers)
    if cookies:
        h["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    c.request(method, path, body, h)
    r = c.getresponse()
    data = r.read()
    for header in r.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";")[0].split("=", 1)
        cookies[name] = value
    return r, data
started = time.perf_counter()
_, page = ask("GET", "/")
token = re.search(rb'name="csrf_token" value="([^"]+)"', page).group(1)
b = uuid.uuid4().hex.encode()
body = b"--" + b + b'\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + token + b"\r\n"
for path in files:
    role = path.rsplit("/", 1)[-1].split(".")[0]
    body += (b"--" + b + b'\r\nContent-Disposition: form-data; name="' + role.encode()
             + b'"; filename="' + role.encode() + b'.xlsx"\r\n\r\n' + open(path, "rb").read()
             + b"\r\n")
body += b"--" + b + b"--\r\n"
r, _ = ask("POST", "/check", body, {"Content-Type": "multipart/form-data; boundary=" + b.decode()})
_, result = ask("GET", r.headers["Location"])
print(time.perf_counter() - started)
sys.exit(0 if re.search(rb"(No errors|\d+ errors?), \d+ warnings?\.", result) else 1)
"""


@contextmanager
def serving(inputs: Path, root: Path) -> Iterator[str]:
    """``make-report serve`` on a free port, checking with ``inputs``; its address. No builds
    to compare with: the page then does the work of ``check --style``, and no more."""
    out = Path(tempfile.mkdtemp(prefix="page-out-"))
    process = subprocess.Popen([PY, "-m", "wsis_report.cli", "serve", "--port", "0", "--inputs",
                                str(inputs), "--out", str(out)], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        found = re.search(r"on (http://\S+?/)", process.stdout.readline())
        if not found:
            raise SystemExit("make-report serve did not start")
        yield found.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        out.rmdir()


def client(url: str, workbooks: list[Path]) -> list[str]:
    return [PY, "-c", CLIENT, url, *(str(p) for p in workbooks)]
