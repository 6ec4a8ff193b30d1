"""A real ``make-report serve`` for the page's tests, as a process of its own on a free port,
with its temporary files in a folder the tests can look into; and workbooks with faults."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import openpyxl

from web_client import Client

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Server:
    url: str
    token: str | None
    process: subprocess.Popen
    temp: Path  # the server's TMPDIR: its private folder of uploads is made in it
    inputs: Path
    out: Path

    def client(self) -> Client:
        return Client(self.url.rstrip("/"))

    def uploads(self) -> list[Path]:
        """The folders of the uploads the server holds now."""
        return sorted(p for root in self.temp.glob("wsis-report-serve-*") for p in root.iterdir()
                      if not p.name.startswith("blank"))


@contextmanager
def started(inputs: Path, out: Path, temp: Path, host: str = "127.0.0.1",
            env: dict[str, str] | None = None) -> Iterator[Server]:
    temp.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "wsis_report.cli", "serve", "--host", host, "--port", "0",
         "--inputs", str(inputs), "--templates", str(ROOT / "templates"), "--out", str(out)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temp), **(env or {})})
    first = process.stdout.readline().strip()
    found = re.search(r"on (http://\S+?/)(?:\?token=(\S+))?$", first)
    if not found:
        process.kill()
        raise AssertionError(f"the server did not start: {first} {process.communicate()}")
    server = Server(found.group(1), found.group(2), process, temp, inputs, out)
    try:
        yield server
    finally:
        stop(server)


def stop(server: Server) -> tuple[str, str]:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise


def edited(path: Path, sheet: str, cells: dict[str, Any]) -> bytes:
    """The workbook at ``path`` with ``cells`` of ``sheet`` changed, as an editor saves it."""
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb[sheet][ref] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


FAULTS = {"I7": "Tanzania", "E3": "01/03/2024"}  # a country not in UN form, an ambiguous date
