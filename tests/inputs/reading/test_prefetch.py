"""Reading ahead gives what reading on demand gives, and never uses a workbook twice at once."""

from __future__ import annotations

import threading
import time

import openpyxl
import pytest

from wsis_report.inputs.reading.prefetch import Ahead, Prefetch
from wsis_report.inputs.reading.workbook import WorkbookProblem, open_book


def test_a_thing_taken_before_the_thread_begins_it_is_left_to_the_taker():
    ahead = Ahead()
    assert ahead.take() == (False, None)
    ahead.run(lambda: pytest.fail("read again by the thread"))
    assert ahead.done_value() is None


def test_a_thing_read_ahead_is_handed_over_with_its_exception():
    done, failed = Ahead(), Ahead()
    done.run(lambda: 42)
    failed.run(lambda: 1 / 0)
    assert done.take() == (True, 42)
    with pytest.raises(ZeroDivisionError):
        failed.take()


def test_take_waits_for_a_thing_being_read():
    ahead, started, release = Ahead(), threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait()
        return "rows"

    thread = threading.Thread(target=ahead.run, args=(slow,))
    thread.start()
    started.wait()
    threading.Timer(0.05, release.set).start()
    assert ahead.take() == (True, "rows")
    thread.join()


@pytest.fixture(scope="module")
def big_book(tmp_path_factory):
    """A workbook whose first sheet takes a while to read, and two small ones after it."""
    path = tmp_path_factory.mktemp("ahead") / "survey.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    big = wb.create_sheet("Responses")
    big.append(["Response ID", "Region"])
    for i in range(60_000):
        big.append([f"R{i:06d}", "Europe"])
    for name in ("Findings", "By region"):
        ws = wb.create_sheet(name)
        ws.append(["No.", "Finding"])
        ws.append([1, f"{name} text"])
    wb.save(path)
    return path


def test_sheets_read_ahead_are_those_read_on_demand(big_book):
    names = ["Responses", "Findings", "By region"]
    expected = {name: open_book(big_book).values(name) for name in names}
    prefetch = Prefetch([(big_book, names)])
    try:
        book = prefetch.open(big_book)
        while book.ahead["Responses"]._state == "pending":
            time.sleep(0.001)
        time.sleep(0.1)  # the thread is now in python-calamine's parse, the GIL released
        # Asked out of order: the check reads what the thread has not begun, the thread
        # the rest, one at a time on python-calamine's workbook (which refuses two at once).
        assert book.values("By region") == expected["By region"]
        assert book.values("Findings") == expected["Findings"]
        assert book.values("Responses") == expected["Responses"]
    finally:
        prefetch.close()


def test_what_the_check_never_asks_for_is_dropped(big_book):
    prefetch = Prefetch([(big_book, ["Responses", "Findings"])])
    prefetch.close()  # returns once the sheet under way is read: no thread is left
    assert not prefetch._thread.is_alive()


def test_a_refused_workbook_is_refused_when_the_check_opens_it(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_bytes(b"not a workbook")
    prefetch = Prefetch([(bad, ["Timetable"])])
    try:
        with pytest.raises(WorkbookProblem) as caught:
            prefetch.open(bad)
        assert caught.value.issue.workbook == "report.xlsx"
    finally:
        prefetch.close()
