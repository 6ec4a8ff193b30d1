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


# Cells as every spreadsheet program writes them: the reference first, one column letter,
# a row below 300,000. The reader places such a cell by its reference alone (a row's number
# matters only to cells without one), so a sheet of only such cells reaches at most 26
# columns by 299,999 rows, under MAX_CELLS, whatever order they come in. Any other sheet
# is measured.
_ORDINARY_ROWS = 299_999
_UNUSUAL_CELL = re.compile(rb'<c(?:[>/]|\s(?!r="[A-Z](?:[12]\d{5}|\d{1,5})"))')
_PREFIXED = re.compile(rb':(?:c|row)[\s>/]')  # <x:c>, as a few writers give it
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="(\d+)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]+)(\d+)"[^>]*?(/?)>')
_ANY_ROW = re.compile(rb'<(?:\w+:)?row[\s>/]')
_ANY_CELL = re.compile(rb'<(?:\w+:)?c[\s>/]')


def extent(data: bytes) -> tuple[int, int]:
    """An upper bound on the rows and columns the reader will lay out for a sheet.

    The reader places a cell by its reference wherever its tag stands, so every tag counts,
    not the last one: a stray cell may come first. An empty cell (``<c r="XFD9" s="1"/>``,
    formatting only) is not laid out."""
    if not (_UNUSUAL_CELL.search(data) or _PREFIXED.search(data)):
        return _ORDINARY_ROWS, 26
    refs = _CELL_REF.findall(data)
    rows = columns = 0
    for letters, number, empty in set(refs):
        if not empty:
            rows = max(rows, int(number))
            columns = max(columns, column_index(letters.decode()) + 1)
    unreferenced = len(_ANY_CELL.findall(data)) - len(refs)
    if unreferenced > 0:  # each one stands after the cell before it, in the row before's next
        numbered = [int(n) for n in _ROW_NUMBER.findall(data)]
        rows = max([rows, *numbered, *(int(n) for _, n, _ in refs)])
        rows += len(_ANY_ROW.findall(data)) - len(numbered)
        columns += unreferenced
    return rows, columns


class Background:
    """Runs ``function(*args)`` in a thread, or at once when ``beside`` is false (a thread
    costs more than a small job); ``result()`` waits and re-raises."""

    def __init__(self, function, *args, beside: bool = True) -> None:
        self._value: Any = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

        def run() -> None:
            try:
                self._value = function(*args)
            except BaseException as exc:  # handed to the caller in result()
                self._error = exc

        if not beside:
            run()
            return
        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def result(self) -> Any:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value
