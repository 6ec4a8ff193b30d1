"""Reading the workbooks ahead, on a second thread, while the contract's models are built.

A check opens the three workbooks and reads their sheets (the container checks, then
python-calamine's parse), and it builds the contract's pydantic models (pydantic's import
and the models' schemas, about a tenth of a second). Neither needs the other until a
sheet's rows are validated, and python-calamine parses with the GIL released: started
first, on a thread, the reading runs beside the building on a second core, and on one core
it costs nothing more. Only the sheets the contract names are read ahead, in its order; a
book or sheet the check does not ask for is dropped when it closes, and one the thread has
not begun is read by the check itself.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from .workbook import Book, open_book


class Ahead:
    """One thing read ahead: its value, or the exception reading it raised."""

    def __init__(self) -> None:
        self._lock, self._done = threading.Lock(), threading.Event()
        self._state = "pending"  # -> "running" -> "done", or "pending" -> "taken"
        self._value: Any = None
        self._error: BaseException | None = None

    def run(self, read: Callable[[], Any]) -> None:
        """Reads it on the thread, unless the check has already taken it over."""
        with self._lock:
            if self._state != "pending":
                return
            self._state = "running"
        try:
            self._value = read()
        except BaseException as exc:  # handed to the check in take()
            self._error = exc
        self._state = "done"
        self._done.set()

    def done_value(self) -> Any:
        """What the thread read, or None while not done or when reading it failed."""
        return self._value if self._state == "done" and self._error is None else None

    def take(self) -> tuple[bool, Any]:
        """``(True, value)`` once read (re-raising its exception), or ``(False, None)``
        when the thread had not begun: the caller then reads it itself."""
        with self._lock:
            if self._state == "pending":
                self._state = "taken"
                return False, None
        self._done.wait()
        if self._error is not None:
            raise self._error
        return True, self._value


class Prefetch:
    """Opens each of ``wanted``'s workbooks and reads the named sheets on a thread."""

    def __init__(self, wanted: list[tuple[Path, list[str]]]) -> None:
        self._books = {path: Ahead() for path, _ in wanted}
        self._closed = False
        self._thread = threading.Thread(target=self._run, args=(wanted,), daemon=True,
                                        name="wsis-report read-ahead")
        self._thread.start()

    def _run(self, wanted: list[tuple[Path, list[str]]]) -> None:
        for path, names in wanted:
            if self._closed:
                return
            self._books[path].run(lambda: self._open(path, names))
            book = self._books[path].done_value()
            for name, sheet in (list(book.ahead.items()) if book is not None else ()):
                if self._closed:
                    return
                sheet.run(lambda: book.read(name))

    @staticmethod
    def _open(path: Path, names: list[str]) -> Book:
        book = open_book(path)
        book.ahead = {n: Ahead() for n in names if n in book.sheet_names}
        return book

    def open(self, path: Path) -> Book:
        """The workbook at ``path``, as ``open_book`` gives it (or raises)."""
        ahead = self._books.get(path)
        if ahead is not None:
            ready, book = ahead.take()
            if ready:
                return book
        return open_book(path)

    def close(self) -> None:
        """Stops reading ahead: what was not asked for is dropped."""
        self._closed = True
        self._thread.join()
