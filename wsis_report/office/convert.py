"""Converting documents with LibreOffice in headless mode (an optional dependency).

Each conversion runs with a private, throwaway user profile, so it neither
touches nor waits for an office the user has open, and under a timeout, so a
hung office process cannot hang the build.
"""

from __future__ import annotations

import json
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


def presentation_language(pptx: Path) -> str | None:
    """The language a .pptx declares for its text (presentation.xml's default), if any."""
    try:
        with zipfile.ZipFile(pptx) as z:
            xml = z.read("ppt/presentation.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = re.search(rb'<a:defRPr\b[^>]*\blang="([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"', xml)
    return found.group(1).decode() if found else None


# The PDF export filter of each kind of document: LibreOffice has one per application.
PDF_FILTERS = {".docx": "pdf:writer_pdf_Export", ".pptx": "pdf:impress_pdf_Export"}
# Tagged PDF/UA-1: the structure a screen reader follows (headings, lists, tables and their
# header rows, figures with their alternative text, reading order), the document's language
# and title shown as the window's title, the PDF/UA identification; and each Writer bookmark
# as a named destination, so that a link can open the PDF at a numbered paragraph
# (wsis20-ecosoc.pdf#_wsis_p0012, the hidden bookmarks of the paragraph map).
TAGGED = {"UseTaggedPDF": True, "PDFUACompliance": True, "ExportBookmarksToPDFDestination": True}
UNTAGGED = {"UseTaggedPDF": False, "PDFUACompliance": False}


def with_options(filter_name: str, options: dict[str, bool | int | str]) -> str:
    """``pdf:writer_pdf_Export`` with its options, as ``soffice --convert-to`` takes them
    (LibreOffice 7.4 and later): ``pdf:writer_pdf_Export:{"UseTaggedPDF":{...}}``."""
    kinds = {bool: "boolean", int: "long", str: "string"}
    typed = {key: {"type": kinds[type(value)],
                   "value": str(value).lower() if isinstance(value, bool) else str(value)}
             for key, value in options.items()}
    return f"{filter_name}:{json.dumps(typed, separators=(',', ':'))}"


def convert(sources: list[Path], suffix: str, filter_name: str,
            timeout: int = TIMEOUT_SECONDS) -> list[Path]:
    """Converts each of ``sources`` with the LibreOffice export filter ``filter_name``
    (e.g. ``"pdf:writer_pdf_Export"``) into a file beside it with ``suffix``."""
    return convert_each([(s, s.with_suffix(suffix), filter_name) for s in sources], timeout)


def convert_each(jobs: list[tuple[Path, Path, str]], timeout: int = TIMEOUT_SECONDS,
                 refresh: bool = True) -> list[Path]:
    """Converts each ``(source, target, filter)``, the filter as ``"pdf:writer_pdf_Export"``
    (its options may follow, as ``with_options`` writes them), and writes each target
    atomically. One office process converts them all, each with its own filter: it takes
    seconds to start (without the Python bridge, one start for each filter). Tables of contents, indexes and fields
    are updated first where LibreOffice's Python bridge is installed; a document that
    needs it fails without it. ``refresh=False`` converts as the command line does, without
    the bridge (a reviewer's .odt: LibreOffice 7.4 loading one with comments through the
    bridge was seen to crash)."""
    types = {f.split(":", 1)[0] for _, _, f in jobs}
    if len(types) > 1:  # `soffice --convert-to` takes one output type for all its files
        raise ValueError(f"one conversion writes one type of file, not {sorted(types)}")
    if len({t.stem for _, t, _ in jobs}) < len(jobs):
        raise ValueError("two targets have the same name; they would overwrite each other")
    program = soffice()
    if program is None:
        names = ", ".join(t.name for _, t, _ in jobs)
        raise OfficeProblem(f"LibreOffice is needed to write {names}. {INSTALL_HINT}")
    bridge = uno_python() if refresh else None
    if bridge is None and refresh:
        needing = [s.name for s, _, _ in jobs if s.suffix == ".docx" and has_computed_fields(s)]
        if needing:
            raise OfficeProblem(f"{', '.join(needing)} has a table of contents or "
                                "cross-references, which LibreOffice can bring up to date only "
                                "through its Python bridge: install it (Debian or Ubuntu: "
                                "apt-get install python3-uno) or set WSIS_REPORT_UNO_PYTHON.")
    try:
        work_dir = Path(tempfile.mkdtemp(prefix="wsis-report-office-"))
    except OSError as exc:
        raise OfficeProblem(f"cannot make a temporary folder for LibreOffice ({exc.strerror}); "
                            f"no .{next(iter(types))} file was written.") from None
    try:
        return _convert_in(work_dir, jobs, timeout, program, bridge)
    finally:
        remove(work_dir)


def _convert_in(work_dir: Path, jobs: list[tuple[Path, Path, str]], timeout: int,
                program: str, bridge: str | None) -> list[Path]:
    profile, indir, outdir = work_dir / "profile", work_dir / "in", work_dir / "out"
    # The office opens copies, so that its lock files never appear beside the
    # documents, and a document it is killed over is not the user's. Each copy is
    # named after its target, so that a report and its deck, which share a name, do
    # not come out of `soffice --convert-to` under one name in its one folder.
    copies = [indir / f"{target.stem}{source.suffix}" for source, target, _ in jobs]
    ext = jobs[0][2].split(":", 1)[0]
    made = [outdir / f"{copy.stem}.{ext}" for copy in copies]
    filters = [f.split(":", 1)[1] for _, _, f in jobs]
    try:
        prepare_profile(profile, next((presentation_language(s) for s, _, _ in jobs
                                       if s.suffix == ".pptx"), None))
        for folder in (outdir, indir, work_dir / "tmp"):  # tmp: the office's own (lifetime.py)
            folder.mkdir()
        for (source, _, _), copy in zip(jobs, copies):
            shutil.copyfile(source, copy)
    except OSError as exc:
        raise OfficeProblem(f"cannot prepare LibreOffice's temporary folder in {work_dir.parent} "
                            f"({exc.strerror}); no .{ext} file was written.") from None
    if bridge is not None:
        commands = [([bridge, str(Path(__file__).with_name("uno_script.py")), program,
                      profile.as_uri(), f"wsis-report-{os.getpid()}-{id(work_dir)}",
                      *(str(a) for job in zip(copies, filters, made) for a in job)], None)]
    else:
        # The command line names one filter, with its options, for all its files: files
        # that need another (a deck beside a report) take another start of the office.
        commands = [([program, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                      "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                      "--convert-to", f"{ext}:{wanted}", "--outdir", str(outdir),
                      *(str(c) for c, f in zip(copies, filters) if f == wanted)], wanted)
                    for wanted in dict.fromkeys(filters)]
    for command, wanted in commands:
        with running(command, work_dir) as process:
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                raise OfficeProblem(f"LibreOffice did not finish within {timeout} seconds; it "
                                    "was stopped.") from None
        used = {} if bridge else _filters_used(out)
        for (source, _, _), copy, done, chosen in zip(jobs, copies, made, filters):
            if wanted not in (None, chosen):
                continue
            if process.returncode != 0 or not done.is_file():
                detail = " ".join(err.decode("utf-8", "replace").split())[-300:]
                raise OfficeProblem(f"LibreOffice could not convert {source.name}"
                                    + (f" ({detail})" if detail else "")
                                    + f"; no .{ext} file was written.")
            name = chosen.split(":", 1)[0]  # the filter, without its options
            said = used.get(copy.name, name).split(":", 1)[0]
            if said != name:
                raise OfficeProblem(f"LibreOffice exported {source.name} with {said}, not "
                                    f"{name}; no .{ext} file was written.")
    for (source, _, _), done, chosen in zip(jobs, made, filters):
        if chosen.startswith("writer_pdf_Export") and '"UseTaggedPDF":{"type":"boolean",' \
                '"value":"true"}' in chosen:
            from .pdf_notes import UnreadablePdf, settle_notes

            try:
                settle_notes(done)  # the footnotes LibreOffice 7.4 leaves short of PDF/UA
            except UnreadablePdf as exc:
                raise OfficeProblem(f"LibreOffice wrote a PDF of {source.name} that cannot be "
                                    f"read ({exc}); no .{ext} file was written.") from None
    targets: list[Path] = []
    for (_, target, _), done in zip(jobs, made):
        try:
            write_atomic(target, done.read_bytes())
        except OSError as exc:
            written = f"{', '.join(str(t) for t in targets)} written, " if targets else ""
            raise OfficeProblem(f"cannot write {target} ({exc.strerror}); {written}no other "
                                f".{ext} file was written.") from None
        targets.append(target)
    return targets


def _filters_used(out: bytes) -> dict[str, str]:
    """The export filter `soffice --convert-to` says it used, by the name of the file it
    converted (a console build prints a line for each; one that prints nothing is trusted)."""
    lines = out.decode("utf-8", "replace").splitlines()
    return {Path(m[1]).name: m[2].strip() for m in (
        re.match(r"convert (.+?)(?: as a \w+ document)? -> .* using filter : (.+)", line)
        for line in lines) if m}


def is_tagged(pdf: Path) -> bool:
    """Whether a PDF LibreOffice wrote is tagged (its catalog has a structure tree)."""
    try:
        return b"/StructTreeRoot" in pdf.read_bytes()
    except OSError:
        return False


def to_pdf(documents: list[Path], targets: list[Path] | None = None,
           timeout: int = TIMEOUT_SECONDS, tagged: bool = True) -> list[Path]:
    """A PDF of each document, beside it or at the matching one of ``targets``, exported
    by the PDF filter of its kind (Word or PowerPoint), with page numbers, contents and
    fields up to date: tagged PDF/UA (``TAGGED``), or untagged as before."""
    unknown = [d.name for d in documents if d.suffix not in PDF_FILTERS]
    if unknown:
        raise ValueError(f"no PDF export filter for {', '.join(unknown)}")
    if targets is None:
        targets = [d.with_suffix(".pdf") for d in documents]
    options = TAGGED if tagged else UNTAGGED
    return convert_each([(d, t, with_options(PDF_FILTERS[d.suffix], options))
                         for d, t in zip(documents, targets, strict=True)], timeout)
