"""For the tests that prove documents in real office software."""

from __future__ import annotations

import os

import pytest


def need(program: str | None, name: str) -> None:
    """Skip without ``program`` locally; fail in CI, where .ci/run installs it."""
    if program:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing, but .ci/run installs it for CI")
    pytest.skip(f"{name} is not installed")
