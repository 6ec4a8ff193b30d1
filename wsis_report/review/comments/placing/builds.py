"""The documents the toolkit built, as a copy that lost its map is matched to one of them.

A build carries its snapshot and its hidden bookmarks: its blocks' labels and map
entries, and where each value's range lies on its text (``text_line.py``). A copy is
matched to the build named with ``--against``, or to the build in ``--out`` whose title
it shares and whose text holds most of its own (three-word runs in common). Two builds
that hold it equally well (a draft and its final revision can) are not chosen between:
the copy's remarks are then "unlocated" and the message names both.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ....inputs.reading.container import DocumentProblem, inspect_docx
from ...snapshot.numbering import PARSER, W, Numbering, blocks
from ...snapshot.paragraph_map import BLOCK_PREFIXES
from ...snapshot.part import SnapshotProblem, read_snapshot
from . import align
from ..copies.story import open_copy
from .text_line import Line, read_line

_w = "{%s}" % W
_TITLE = "{http://purl.org/dc/elements/1.1/}title"
MIN_SHARE = 0.5  # of a copy's three-word runs a build must hold to be its source
TIE = 0.005  # two builds this close are a tie


@dataclass
class BuiltBlock:
    id: str  # the map's bookmark, "_wsis_p0012"
    label: str
    section: str
    order: int = 0  # its place among the blocks


@dataclass
class Build:
    """A built document, read once per run for every copy matched to it."""

    path: Path
    snapshot: dict[str, Any]
    title: str
    line: Line
    words: align.Words
    blocks: dict[str, BuiltBlock] = field(default_factory=dict)
    reviewed: bool = False  # it holds comments or tracked changes: a copy, not a build
    _shingles: set | None = None

    @property
    def shingles(self) -> set:
        if self._shingles is None:
            self._shingles = align.shingles(self.words.words)
        return self._shingles


def read_build(path: Path) -> Build:
    """Raises ``SnapshotProblem`` when ``path`` is not a document the toolkit built."""
    snapshot = read_snapshot(path)
    data = path.read_bytes()
    copy = open_copy(data)
    body = copy.root(copy.main).find(f"{_w}body")
    found: dict[Any, str] = {}
    built: dict[str, BuiltBlock] = {}
    for block in blocks(body, Numbering(copy.styles, copy.numbering)):
        name = next((b.get(f"{_w}name") for b in block.element.iter(f"{_w}bookmarkStart")
                     if (b.get(f"{_w}name") or "").startswith(BLOCK_PREFIXES)), None)
        if name:
            found[block.element] = name
            built[name] = BuiltBlock(name, block.label, block.section, len(built) + 1)
    parts = [(copy.main, body)] + [(n, copy.root(n)) for n, _ in copy.stories]
    line = read_line(parts, found)
    reviewed = copy.comments is not None or any(
        True for _ in body.iter(f"{_w}ins", f"{_w}del", f"{_w}moveFrom", f"{_w}moveTo"))
    return Build(path, snapshot, core_title(data), line, align.words_of(line.text), built,
                 reviewed)


def core_title(data: bytes) -> str:
    """The title in a .docx's core properties (Google Docs writes none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "docProps/core.xml" not in z.namelist():
                return ""
            found = etree.fromstring(z.read("docProps/core.xml"), PARSER).find(f".//{_TITLE}")
    except (zipfile.BadZipFile, etree.LxmlError, KeyError):
        return ""
    return " ".join((found.text or "").split()) if found is not None else ""


class Builds:
    """The builds a run may match copies to: one named, or those in a folder."""

    def __init__(self, folder: Path | None = None, against: Path | None = None) -> None:
        self.folder, self.against = folder, against
        self._read: list[Build] | None = None
        self.problem = ""  # why none can be used, said once

    def candidates(self) -> list[Build]:
        if self._read is None:
            self._read = []
            paths = [self.against] if self.against else \
                sorted(self.folder.glob("*.docx")) if self.folder and self.folder.is_dir() else []
            for path in paths:
                try:
                    inspect_docx(path)
                    build = read_build(path)
                    if not build.reviewed or self.against:
                        self._read.append(build)
                except (DocumentProblem, SnapshotProblem, OSError) as exc:
                    if self.against:
                        self.problem = f"--against {path}: {exc}"
            if not self._read and not self.problem:
                self.problem = (f"no document built by wsis-report is in {self.folder}; name "
                                "the build the copy came from with --against FILE.docx")
        return self._read

    def match(self, title: str, words: list[str]) -> tuple[Build | None, str, str]:
        """The build a copy of ``title`` with ``words`` came from, or None and why, and
        what its remarks' Source is then: blank (no build holds it), or "unlocated" (two
        do, equally well)."""
        found = self.candidates()
        if not found:
            return None, self.problem, ""
        if self.against:
            return found[0], "", ""
        titled = [b for b in found if title and b.title == " ".join(title.split())]
        scored = sorted(((align.overlap(words, b.shingles), b) for b in titled or found),
                        key=lambda s: -s[0])
        best, build = scored[0]
        if best < MIN_SHARE:
            return None, (f"its text matches none of the builds in {self.folder} (at best "
                          f"{best:.0%} of it, in {build.path.name}); name the build it came "
                          "from with --against FILE.docx"), ""
        if len(scored) > 1 and best - scored[1][0] < TIE:
            return None, (f"its text matches {build.path.name} and {scored[1][1].path.name} "
                          "equally well; name the one it came from with --against FILE.docx"
                          ), "unlocated"
        return build, "", ""
