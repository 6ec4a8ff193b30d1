"""A job run beside the build in a forked process: its result, its errors, its cleanup."""

from __future__ import annotations

import os
import time

import pytest

from wsis_report.documents.beside import Beside
from wsis_report.documents.errors import TemplateProblem

forking = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")


@forking
def test_the_result_comes_from_another_process():
    parent = os.getpid()
    job = Beside(lambda: (os.getpid(), b"x" * 300_000))  # larger than a pipe's buffer
    pid, data = job.result()
    assert pid != parent and data == b"x" * 300_000


@forking
def test_a_template_problem_in_the_job_is_raised_here_whole():
    def fail():
        raise TemplateProblem("progress.pptx", "no layout named 'Chart'", "near here")

    with pytest.raises(TemplateProblem) as caught:
        Beside(fail).result()
    assert (caught.value.template, caught.value.message, caught.value.around) == (
        "progress.pptx", "no layout named 'Chart'", "near here")


@forking
def test_an_unexpected_error_is_made_again_here_so_that_it_shows():
    parent = os.getpid()

    def fail():
        raise ValueError(f"failed in {os.getpid()}")

    with pytest.raises(ValueError, match=f"failed in {parent}$"):
        Beside(fail).result()


@forking
def test_a_result_no_longer_wanted_leaves_no_process_behind():
    job = Beside(lambda: b"y" * 1_000_000)  # blocks writing until someone reads
    pid = job._pid
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 10
    with pytest.raises(ChildProcessError):  # already reaped: no zombie, no blocked writer
        os.waitpid(pid, 0)


def test_without_fork_the_job_runs_when_asked(monkeypatch):
    monkeypatch.setenv("WSIS_REPORT_NO_FORK", "1")
    calls = []
    job = Beside(lambda: calls.append(os.getpid()) or "done")
    assert calls == []
    assert job.result() == "done" and calls == [os.getpid()]
