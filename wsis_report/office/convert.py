"""Converting documents with LibreOffice in headless mode (an optional dependency).

Each conversion runs with a private, throwaway user profile, so it neither
touches nor waits for an office the user has open, and under a timeout, so a
hung office process cannot hang the build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..documents.output import write_atomic
from .lifetime import prepare_profile, remove, running

TIMEOUT_SECONDS = 180
INSTALL_HINT = (
    "Install LibreOffice (Debian or Ubuntu: apt-get install libreoffice-writer-nogui; "
    "macOS: brew install --cask libreoffice; Windows: https://www.libreoffice.org), make sure "
    "'soffice' is on the PATH or set WSIS_REPORT_SOFFICE to its full path, and run again.")


class OfficeProblem(Exception):
    """LibreOffice is missing, failed, or took too long."""


def soffice() -> str | None:
    """The LibreOffice program to run, if there is one."""
    configured = os.environ.get("WSIS_REPORT_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def uno_python() -> str | None:
    """A Python that has LibreOffice's UNO bridge (Debian: python3-uno), if any."""
    configured = os.environ.get("WSIS_REPORT_UNO_PYTHON")
    office = soffice()
    # Debian's bridge belongs to the system Python; Windows and macOS builds of
    # LibreOffice carry a Python of their own beside the program.
    bundled = [str(Path(office).resolve().parent / n) for n in ("python", "python.exe")] \
        if office else []
    for candidate in [configured] if configured else ["/usr/bin/python3", *bundled]:
        if candidate and Path(candidate).is_file():
            found = subprocess.run([candidate, "-c", "import uno"], capture_output=True)
            if found.returncode == 0:
                return candidate
    return None


def has_computed_fields(docx: Path) -> bool:
    """Whether the document holds a table of contents or cross-references, which
    Word stores as last computed and which must be brought up to date."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml")
    return bool(re.search(rb"(?:instrText[^>]*>|instr=\")\s*(?:TOC|REF|PAGEREF|SEQ|NOTEREF)\b",
                          xml))


def convert(sources: list[Path], suffix: str, filter_name: str,
            timeout: int = TIMEOUT_SECONDS) -> list[Path]:
    """Converts each of ``sources`` with the LibreOffice export filter ``filter_name``
    (e.g. ``"pdf:writer_pdf_Export"``) into a file beside it with ``suffix``, written
    atomically. One office process converts them all: it takes seconds to start.
    Tables of contents, indexes and fields are updated first where LibreOffice's
    Python bridge is installed; a document that needs it fails without it."""
    program = soffice()
    if program is None:
        names = ", ".join(s.with_suffix(suffix).name for s in sources)
        raise OfficeProblem(f"LibreOffice is needed to write {names}. {INSTALL_HINT}")
    bridge = uno_python()
    if bridge is None:
        needing = [s.name for s in sources if s.suffix == ".docx" and has_computed_fields(s)]
        if needing:
            raise OfficeProblem(f"{', '.join(needing)} has a table of contents or "
                                "cross-references, which LibreOffice can bring up to date only "
                                "through its Python bridge: install it (Debian or Ubuntu: "
                                "apt-get install python3-uno) or set WSIS_REPORT_UNO_PYTHON.")
    try:
        work_dir = Path(tempfile.mkdtemp(prefix="wsis-report-office-"))
    except OSError as exc:
        raise OfficeProblem(f"cannot make a temporary folder for LibreOffice ({exc.strerror}); "
                            "no PDF was written.") from None
    try:
        return _convert_in(work_dir, sources, suffix, filter_name, timeout, program, bridge)
    finally:
        remove(work_dir)


def _convert_in(work_dir: Path, sources: list[Path], suffix: str, filter_name: str,
                timeout: int, program: str, bridge: str | None) -> list[Path]:
    profile, indir, outdir = work_dir / "profile", work_dir / "in", work_dir / "out"
    # The office opens copies, so that its lock files never appear beside the
    # documents, and a document it is killed over is not the user's.
    copies = [indir / s.name for s in sources]
    try:
        prepare_profile(profile)
        for folder in (outdir, indir, work_dir / "tmp"):  # tmp: the office's own (lifetime.py)
            folder.mkdir()
        for source, copy in zip(sources, copies):
            shutil.copyfile(source, copy)
    except OSError as exc:
        raise OfficeProblem(f"cannot prepare LibreOffice's temporary folder in {work_dir.parent} "
                            f"({exc.strerror}); no PDF was written.") from None
    if bridge is not None:
        export = filter_name.split(":", 1)[1]
        command = [bridge, str(Path(__file__).with_name("uno_script.py")), program,
                   profile.as_uri(), f"wsis-report-{os.getpid()}-{id(work_dir)}",
                   str(outdir), export, suffix, *(str(c) for c in copies)]
    else:
        command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                   "--convert-to", filter_name, "--outdir", str(outdir),
                   *(str(c) for c in copies)]
    with running(command, work_dir) as process:
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise OfficeProblem(f"LibreOffice did not finish within {timeout} seconds; it was "
                                "stopped.") from None
    produced = []
    for source in sources:
        made = outdir / (f"{source.stem}{suffix}" if bridge else
                         f"{source.stem}.{filter_name.split(':')[0]}")
        if process.returncode != 0 or not made.is_file():
            detail = " ".join(err.decode("utf-8", "replace").split())[-300:]
            raise OfficeProblem(f"LibreOffice could not convert {source.name}"
                                + (f" ({detail})" if detail else "") + ".")
        produced.append((source.with_suffix(suffix), made))
    targets: list[Path] = []
    for target, made in produced:
        try:
            write_atomic(target, made.read_bytes())
        except OSError as exc:
            done = f"{', '.join(str(t) for t in targets)} written, " if targets else ""
            raise OfficeProblem(f"cannot write {target} ({exc.strerror}); {done}no other "
                                "PDF was written.") from None
        targets.append(target)
    return targets


def to_pdf(documents: list[Path], timeout: int = TIMEOUT_SECONDS) -> list[Path]:
    """A PDF beside each document, with page numbers, contents and fields up to date."""
    return convert(documents, ".pdf", "pdf:writer_pdf_Export", timeout)
