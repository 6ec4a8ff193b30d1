"""Work done for a request, in a process of its own: bounded in time, memory and number.

A hostile or huge workbook can make a reader work for minutes or take gigabytes; a thread
could not be stopped, a process can. Each job is forked from a server process that has
already imported the toolkit (multiprocessing's forkserver, preloaded), so it starts in a few
milliseconds instead of the tenths of a second of a fresh interpreter. At most ``slots`` jobs
run at once (the machine's cores); a request waits for a slot a bounded time, then is told
the server is busy. A job still running when its time is up is killed; LibreOffice, when it
ran one, ends with it (``office/lifetime.py``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import traceback
from typing import Any, Callable

# What the jobs import, done once in the fork server instead of in every job (a job is a
# fresh fork of it): the check, the house style's rendering, the snapshots, the annotation.
PRELOAD = ["wsis_report", "wsis_report.inputs.validate", "wsis_report.inputs.load",
           "wsis_report.inputs.rules", "pydantic.type_adapter", "wsis_report.server.work",
           "python_calamine", "wsis_report.documents.rendering.render",
           "wsis_report.documents.context", "wsis_report.documents.charts.pictures",
           "PIL.ImageDraw", "PIL.ImageFont", "subprocess",
           "wsis_report.review.changes.compare", "wsis_report.review.changes.report",
           "wsis_report.review.snapshot.part", "wsis_report.review.snapshot.facts",
           "wsis_report.editors.annotate", "openpyxl"]


class Busy(Exception):
    """Every slot stayed taken for as long as the request may wait."""


class TimedOut(Exception):
    """The job ran past its time and was stopped."""


class Failed(Exception):
    """The job ended without an answer (it crashed, ran out of memory, or raised)."""


def _context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # Windows: no fork server


def _child(pipe, memory: int | None, work: Callable[..., Any], args: tuple) -> None:
    if memory:
        try:
            import resource

            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
        except (ImportError, ValueError, OSError):
            pass  # no such limit on this system: the time limit still holds
    try:
        answer = ("ok", work(*args))
    except MemoryError:
        answer = ("failed", "it needed more memory than a job may have")
    except BaseException as exc:  # told to the server's console, never to the page
        answer = ("failed", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}")
    pipe.send(answer)
    pipe.close()


class Jobs:
    """Runs jobs in processes of their own, ``slots`` at a time."""

    def __init__(self, slots: int, wait: float) -> None:
        self._context = _context()
        self._slots = threading.BoundedSemaphore(slots)
        self._wait = wait
        self._running: set[Any] = set()
        self._lock = threading.Lock()
        self._closed = False

    def start(self) -> None:
        """Starts the fork server now, so that the first editor does not wait for it."""
        self.run(os.getpid, (), timeout=60)

    def run(self, work: Callable[..., Any], args: tuple, timeout: float,
            memory: int | None = None, wait: float | None = None) -> Any:
        """``work(*args)`` in a process of its own; its answer, or ``Busy``, ``TimedOut``
        or ``Failed``. ``work`` is a module-level function; args and answer are pickled."""
        if not self._slots.acquire(timeout=self._wait if wait is None else wait):
            raise Busy()
        try:
            return self._run(work, args, timeout, memory)
        finally:
            self._slots.release()

    def _run(self, work, args, timeout, memory):
        answer, pipe = self._context.Pipe(duplex=False)
        process = self._context.Process(target=_child, args=(pipe, memory, work, args),
                                        daemon=True)
        with self._lock:
            if self._closed:
                raise Failed("the server is stopping")
            process.start()
            self._running.add(process)
        pipe.close()
        try:
            if not answer.poll(timeout):
                raise TimedOut()
            try:
                kind, value = answer.recv()
            except (EOFError, OSError):
                raise Failed(f"the job's process ended ({_ending(process)})") from None
        finally:
            answer.close()
            process.kill()  # already leaving, unless its time was up
            process.join()
            with self._lock:
                self._running.discard(process)
        if kind != "ok":
            raise Failed(value)
        return value

    def close(self) -> None:
        """Stops every job still running; no new one starts."""
        with self._lock:
            self._closed = True
            running = list(self._running)
        for process in running:
            process.kill()
            process.join()


def _ending(process) -> str:
    process.join(1)
    code = process.exitcode
    return f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
