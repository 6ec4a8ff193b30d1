"""Copies saved by LibreOffice in its own format (.odt): checked, converted to .docx by
LibreOffice (headless, in a private profile that runs no macros and follows no links,
all copies in one start), then read as Word copies are.

LibreOffice writes comments, replies and tracked changes into the .docx as Word does, and
keeps the hidden bookmarks of the build; the snapshot does not survive the round trip, so
the copy is matched to its build (``unmapped.py``). A copy that carries macros (Basic
libraries, scripts, or events bound to them), is encrypted, damaged, or would unpack to
more than a review copy can hold is skipped and named before LibreOffice sees it.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
import zlib
from pathlib import Path

from ....inputs.reading.container import MAX_PARTS, MAX_TOTAL_BYTES
from ....office.convert import INSTALL_HINT, OfficeProblem, convert_each, soffice
from ..placing.builds import Builds
from ..rows import Copy, read_copy

MIMETYPE = b"application/vnd.oasis.opendocument.text"
TO_DOCX = "docx:MS Word 2007 XML"
SAVE_AS = "Open it in LibreOffice and save it again as .odt, or as Word (.docx)"
_MACRO_PARTS = ("Basic/", "Scripts/", "Dialogs/")
_MACRO_MARKS = (b"<office:event-listeners", b"<script:event-listener", b"vnd.sun.star.script:",
                b"macro:///")


class OdtProblem(Exception):
    """An .odt that is not read: what is wrong and what to do."""


def check_odt(path: Path) -> None:
    """Raises ``OdtProblem`` unless ``path`` is an OpenDocument text that is safe to hand
    to LibreOffice: a whole zip of the right kind, within the sizes, without macros or
    encryption, whose parts declare no XML entities."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
                raise OdtProblem(f"unpacks to more than {MAX_TOTAL_BYTES / 2**20:,.0f} MB or "
                                 f"holds more than {MAX_PARTS:,} parts; check that this is "
                                 "the right file")
            kind = z.read("mimetype").strip() if "mimetype" in names else b""
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names \
                else b""
            if kind != MIMETYPE or "content.xml" not in names:
                raise OdtProblem("is not an OpenDocument text (.odt), although its name says "
                                 f"so. {SAVE_AS}")
            if b"encryption-data" in manifest:
                raise OdtProblem("is protected with a password. Remove the password (File › "
                                 "Properties › Security) and save it again")
            macros = sorted({n.split("/")[0] for n in names if n.startswith(_MACRO_PARTS)})
            for name in ("content.xml", "styles.xml", "settings.xml", "meta.xml"):
                if name not in names:
                    continue
                data = z.read(name)
                if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
                    raise OdtProblem(f"has a part ({name}) that declares XML entities, which "
                                     "LibreOffice never writes; it may be built to attack "
                                     "the computer that opens it. Do not use this file")
                if any(mark in data for mark in _MACRO_MARKS):
                    macros.append(f"events in {name}")
            if macros:
                raise OdtProblem(f"carries macros ({', '.join(macros)}); the toolkit does not "
                                 "open files that carry code. Ask for it to be saved as Word "
                                 "(.docx), or delete the macros (Tools › Macros › Organize "
                                 "Macros) and save it again")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise OdtProblem(f"is damaged or was not copied completely. {SAVE_AS}") from None


def read_odt_copies(paths: list[Path], builds: Builds) -> list[Copy]:
    """Each .odt copy read, in order; those that cannot be are skipped and named."""
    copies = [Copy(path) for path in paths]
    ready = []
    for copy in copies:
        try:
            check_odt(copy.path)
            ready.append(copy)
        except OdtProblem as exc:
            copy.problem = str(exc)
    if not ready:
        return copies
    if soffice() is None:
        for copy in ready:
            copy.problem = (f"reading an .odt copy needs LibreOffice. {INSTALL_HINT} Or ask "
                            "for the copy as Word (.docx): File › Save As › Word 2007–365")
        return copies
    work = Path(tempfile.mkdtemp(prefix="wsis-report-odt-"))
    try:
        targets = [work / f"{n:03d}-{copy.path.stem}.docx" for n, copy in enumerate(ready)]
        try:  # one start of LibreOffice for them all
            convert_each([(c.path, t, TO_DOCX) for c, t in zip(ready, targets)],
                         refresh=False)
        except OfficeProblem:  # one it cannot open: then each alone, to name that one
            for copy, target in zip(ready, targets):
                try:
                    convert_each([(copy.path, target, TO_DOCX)], refresh=False)
                except OfficeProblem as exc:
                    copy.problem = f"LibreOffice could not read it ({exc}). {SAVE_AS}"
        for copy, target in zip(ready, targets):
            if not copy.problem:
                _read_converted(copy, target, builds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return copies


def _read_converted(copy: Copy, target: Path, builds: Builds) -> None:
    read = read_copy(target, builds)
    copy.problem = read.problem.replace(target.name, copy.path.name)
    copy.warning = read.warning.replace(target.name, copy.path.name)
    for row in read.rows:
        row["File"] = copy.path.name
        if row["Document"] == target.name:
            row["Document"] = copy.path.name
    copy.rows = read.rows
