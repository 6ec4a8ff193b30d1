"""Jobs run in processes of their own: bounded in time, memory and number, and stopped."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from wsis_report.server.jobs import Busy, Failed, Jobs, TimedOut


def _sleep_noting_pid(seconds: float, note: str) -> int:
    Path(note).write_text(str(os.getpid()))
    time.sleep(seconds)
    return os.getpid()


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def _raise() -> None:
    raise ValueError("a fault in the job")


def _gone(pid: int, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not Path(f"/proc/{pid}").exists()


@pytest.fixture(scope="module")
def jobs():
    running = Jobs(slots=1, wait=0.2)
    running.start()
    yield running
    running.close()


def test_a_job_answers_from_another_process(jobs, tmp_path):
    note = tmp_path / "pid"
    assert jobs.run(_sleep_noting_pid, (0, str(note)), timeout=30) != os.getpid()


def test_a_job_past_its_time_is_stopped(jobs, tmp_path):
    note = tmp_path / "pid"
    started = time.perf_counter()
    with pytest.raises(TimedOut):
        jobs.run(_sleep_noting_pid, (60, str(note)), timeout=0.5)
    assert time.perf_counter() - started < 5
    assert _gone(int(note.read_text()))


def test_a_request_waits_a_bounded_time_for_a_slot(jobs, tmp_path):
    note = tmp_path / "pid"
    first = threading.Thread(target=jobs.run, args=(_sleep_noting_pid, (1.5, str(note))),
                             kwargs={"timeout": 30})
    first.start()
    while not note.exists():
        time.sleep(0.02)
    started = time.perf_counter()
    with pytest.raises(Busy):
        jobs.run(_sleep_noting_pid, (0, str(tmp_path / "other")), timeout=30)
    assert time.perf_counter() - started < 1
    first.join()
    assert jobs.run(_sleep_noting_pid, (0, str(tmp_path / "other")), timeout=30)  # free again


def test_a_job_over_its_memory_fails_and_the_server_goes_on(jobs):
    with pytest.raises(Failed, match="more memory"):
        jobs.run(_allocate, (1024,), timeout=30, memory=512 * 2**20)
    assert jobs.run(_allocate, (64,), timeout=30, memory=512 * 2**20) == 64 * 2**20


def test_a_fault_in_a_job_is_told_not_raised_in_the_server(jobs):
    with pytest.raises(Failed, match="ValueError: a fault in the job"):
        jobs.run(_raise, (), timeout=30)


def test_closing_stops_the_jobs_still_running(tmp_path):
    closing = Jobs(slots=2, wait=1)
    note = tmp_path / "pid"
    failures = []

    def run():
        try:
            closing.run(_sleep_noting_pid, (60, str(note)), timeout=120)
        except Failed as exc:
            failures.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    while not note.exists():
        time.sleep(0.02)
    closing.close()
    worker.join(10)
    assert not worker.is_alive() and failures
    assert _gone(int(note.read_text()))
    with pytest.raises(Failed, match="stopping"):
        closing.run(_sleep_noting_pid, (0, str(note)), timeout=30)
