"""Reviewed copies in every form they come back in, each read by its own reader into the
same rows: Word (.docx, with its map or without: Google Docs), OpenDocument (.odt, through
LibreOffice) and PDF (annotations). Copies are told apart by their bytes' kind, as the
file name says; one that cannot be read is skipped and named, the others are read."""

from __future__ import annotations

from pathlib import Path

from ..placing.builds import Builds
from ..rows import Copy, read_copy


def kind_of(path: Path) -> str:
    """"pdf", "odt" or "docx", from the file's first bytes where they say (a PDF), else
    from its name."""
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        head = b""
    if b"%PDF-" in head:
        return "pdf"
    suffix = path.suffix.lower()
    return {".pdf": "pdf", ".odt": "odt", ".fodt": "odt"}.get(suffix, "docx")


def read_copies(paths: list[Path], out: Path | None, against: Path | None) -> list[Copy]:
    """The copies at ``paths`` read in that order; those without their map are matched to
    the build ``against`` or to the best of the builds in ``out``."""
    builds = Builds(out, against)
    kinds = [kind_of(p) for p in paths]
    read: dict[int, Copy] = {}
    odt = [i for i, k in enumerate(kinds) if k == "odt"]
    if odt:
        from .odt_copy import read_odt_copies

        read.update(zip(odt, read_odt_copies([paths[i] for i in odt], builds)))
    pdf = [i for i, k in enumerate(kinds) if k == "pdf"]
    if pdf:
        from .pdf_copy import read_pdf_copies

        read.update(zip(pdf, read_pdf_copies([paths[i] for i in pdf], builds)))
    return [read[i] if i in read else read_copy(p, builds) for i, p in enumerate(paths)]
