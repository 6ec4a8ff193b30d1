"""The server the page's tests share: started once, with copies of the sample workbooks and a
draft built from them to compare with."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from serving import ROOT, Server, started


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    """The server's own workbooks: copies of the sample inputs."""
    folder = tmp_path_factory.mktemp("server-inputs")
    for path in (ROOT / "inputs").glob("*.xlsx"):
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def builds(sample, tmp_path_factory) -> Path:
    """The last build an upload's changes are compared with: the draft, from the sample."""
    from wsis_report import build

    out = tmp_path_factory.mktemp("server-dist")
    build(sample, ["draft"], ROOT / "templates", out)
    return out


@pytest.fixture(scope="session")
def server(sample, builds, tmp_path_factory) -> Iterator[Server]:
    with started(sample, builds, tmp_path_factory.mktemp("server-temp")) as running:
        yield running
