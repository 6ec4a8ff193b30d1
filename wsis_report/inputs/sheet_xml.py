"""Helpers for the XML of an .xlsx sheet: how far it reaches, and a background scan.

The reader lays a sheet out as a full grid from A1 to its last cell, so its extent is bounded
from the XML before the reader sees it; the scan for error cells runs beside the reader.
"""

from __future__ import annotations

import re
import threading
from typing import Any

MAX_CELLS = 8_000_000  # about 300 MB once read; 100,000 responses of 4 columns are 400,000

def column_index(letters: str) -> int:
    """``'A' -> 0``, ``'AB' -> 27``."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


_WIDE_OR_UNUSUAL = re.compile(rb'<c(?: r="[A-Z]{2}| (?!r=)|>)')
_COLUMN_REF = re.compile(rb'<c [^>]*?\br="([A-Z]+)\d')
_UNREFERENCED = re.compile(rb"<c(?:>|\s(?![^>]*\br=)[^>]*>)")


def extent(data: bytes) -> tuple[int, int]:
    """An upper bound on the rows and columns the reader will lay out for a sheet."""
    last_value = max(data.rfind(b"<v>"), data.rfind(b"<is>"), data.rfind(b"<v "))
    if last_value < 0:
        return 0, 0
    row = data.rfind(b"<row ", 0, last_value)
    numbered = re.match(rb'<row [^>]*?\br="(\d+)"', data[row:]) if row >= 0 else None
    rows = max(int(numbered.group(1)) if numbered else 0, data.count(b"<row", 0, last_value))
    if rows * 16_384 <= MAX_CELLS:
        return rows, 16_384  # small enough whatever its width
    if not _WIDE_OR_UNUSUAL.search(data):
        return rows, 26  # no cell beyond column Z, each named first thing in its tag
    columns = max([column_index(m.decode()) + 1 for m in set(_COLUMN_REF.findall(data))] or [26])
    return rows, max(columns, len(_UNREFERENCED.findall(data)))


class Background:
    """Runs ``function(*args)`` in a thread; ``result()`` waits and re-raises."""

    def __init__(self, function, *args) -> None:
        self._value: Any = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = function(*args)
            except BaseException as exc:  # handed to the caller in result()
                self._error = exc

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


