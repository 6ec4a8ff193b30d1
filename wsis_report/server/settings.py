"""What a running page is given (folders, address, token) and the limits it keeps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MB = 2**20


@dataclass(frozen=True)
class Settings:
    inputs: Path  # the server's workbooks, checked with each upload; only ever read
    templates: Path
    out: Path  # the last builds, that `changes` compares an upload with; only ever read
    host: str
    port: int
    token: str | None  # None on the local computer
    pdf: bool  # whether LibreOffice is there to make the preview's PDF
    max_file: int = 25 * MB  # one workbook
    workbooks: int = 3  # files in one upload: one of each
    keep_seconds: float = 30 * 60  # an upload unused this long is removed
    held: int = 24  # uploads kept at most (the least recently used go first)
    slots: int = 2  # jobs at once (the cores of the machine)
    wait_seconds: float = 20  # how long a request waits for a slot before "busy"
    check_seconds: float = 60
    annotate_seconds: float = 150  # an .ods copy goes through LibreOffice twice
    preview_seconds: float = 300  # a build and its PDF, LibreOffice started for it
    check_memory: int = 2048 * MB  # address space of a check's process

    @property
    def max_request(self) -> int:
        """A request carries at most one file of each workbook, and the form's fields."""
        return self.workbooks * self.max_file + MB
