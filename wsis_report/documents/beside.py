"""A job run beside the main one, in a forked process, where the system can fork.

The deck is rendered while the document is: python-pptx's import and the deck's
rendering (about 0.3 s) then cost a second core instead of the drafter's wait. The
result comes back pickled through a pipe; nothing is written by the job itself, so
the build still writes every file, or none, once all are rendered. Without fork
(Windows), or when ``WSIS_REPORT_NO_FORK`` is set, the job simply runs when its
result is asked for.
"""

from __future__ import annotations

import os
import pickle
from typing import Callable, Generic, TypeVar

from .errors import TemplateProblem

T = TypeVar("T")


class Beside(Generic[T]):
    """``make()`` started now, in another process; ``result()`` waits for it."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._pid: int | None = None
        if not hasattr(os, "fork") or os.environ.get("WSIS_REPORT_NO_FORK"):
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: make, send, and leave without running the parent's exit code
            os.close(read)
            try:
                try:
                    payload = ("ok", make())
                except TemplateProblem as exc:
                    payload = ("problem", (exc.template, exc.message, exc.around))
                except BaseException:  # shown when the parent makes it again, in the open
                    payload = ("failed", None)
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            finally:
                os._exit(0)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> T:
        if self._pid is None:
            return self._make()
        try:
            with os.fdopen(self._read, "rb") as pipe:
                kind, value = pickle.load(pipe)
        except (EOFError, pickle.UnpicklingError):  # the child died before it answered
            kind, value = "failed", None
        finally:
            os.waitpid(self._pid, 0)
            self._pid = None
        if kind == "ok":
            return value
        if kind == "problem":
            raise TemplateProblem(*value)
        return self._make()

    def close(self) -> None:
        """Stops waiting for a result that is no longer wanted (the build failed)."""
        if self._pid is not None:
            os.close(self._read)  # a child still writing gets a broken pipe, and leaves
            os.waitpid(self._pid, 0)
            self._pid = None

    def __del__(self) -> None:
        # Let go without its result (an error in the build): no child is left behind.
        try:
            self.close()
        except OSError:
            pass
