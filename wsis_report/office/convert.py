"""Converting documents with LibreOffice in headless mode (an optional dependency).

Each conversion runs with a private, throwaway user profile, so it neither
touches nor waits for an office the user has open, and under a timeout, so a
hung office process cannot hang the build.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..documents.output import write_atomic

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
    with tempfile.TemporaryDirectory(prefix="wsis-report-office-") as work:
        work_dir = Path(work)
        profile, outdir = work_dir / "profile", work_dir / "out"
        outdir.mkdir()
        if bridge is not None:
            export = filter_name.split(":", 1)[1]
            command = [bridge, str(Path(__file__).with_name("uno_script.py")), program,
                       profile.as_uri(), f"wsis-report-{os.getpid()}-{id(work_dir)}",
                       str(outdir), export, suffix, *(str(s) for s in sources)]
        else:
            command = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                       "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                       "--convert-to", filter_name, "--outdir", str(outdir),
                       *(str(s) for s in sources)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            process.communicate()
            raise OfficeProblem(f"LibreOffice did not finish within {timeout} seconds; it was "
                                "stopped.") from None
        targets = []
        for source in sources:
            produced = outdir / (f"{source.stem}{suffix}" if bridge else
                                 f"{source.stem}.{filter_name.split(':')[0]}")
            if process.returncode != 0 or not produced.is_file():
                detail = " ".join(err.decode("utf-8", "replace").split())[-300:]
                raise OfficeProblem(f"LibreOffice could not convert {source.name}"
                                    + (f" ({detail})" if detail else "") + ".")
            target = source.with_suffix(suffix)
            write_atomic(target, produced.read_bytes())
            targets.append(target)
    return targets


def _stop(process: subprocess.Popen) -> None:
    """Kills the office and the helpers it started (its whole process group on POSIX)."""
    if hasattr(os, "killpg"):
        os.killpg(process.pid, signal.SIGKILL)
    else:
        process.kill()


def to_pdf(documents: list[Path], timeout: int = TIMEOUT_SECONDS) -> list[Path]:
    """A PDF beside each document, with page numbers, contents and fields up to date."""
    return convert(documents, ".pdf", "pdf:writer_pdf_Export", timeout)
