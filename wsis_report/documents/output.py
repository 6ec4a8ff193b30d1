"""Reproducible, atomic writing of the documents into dist/.

The same inputs give the same bytes: the document properties are written
from the stage's date rather than the clock, and every zip entry carries a
fixed timestamp. A file appears in dist/ whole or not at all.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import tempfile
import threading
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from html import escape as _html_escape

CUSTOM_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_PROPS_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    "custom-properties")
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


@dataclass(frozen=True)
class Properties:
    title: str
    subject: str
    author: str
    day: date
    custom: dict[str, str]


def escape(text: str) -> str:
    """Text for XML content or a quoted attribute (xml.sax.saxutils would pull in
    urllib and email, a tenth of the command's start-up)."""
    return _html_escape(text, quote=True)


def sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks: a huge file costs time, never its size in memory."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _core_xml(p: Properties) -> str:
    stamp = f"{p.day.isoformat()}T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(p.title)}</dc:title><dc:subject>{escape(p.subject)}</dc:subject>"
        f"<dc:creator>{escape(p.author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(p.author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>")


def _custom_xml(custom: dict[str, str]) -> str:
    props = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(custom.items()), start=2))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes">{props}</Properties>')


def _with_custom_part(name: str, xml: str) -> str:
    if name == "[Content_Types].xml" and "/docProps/custom.xml" not in xml:
        return xml.replace("</Types>", f'<Override PartName="/docProps/custom.xml" '
                                       f'ContentType="{CUSTOM_PROPS_TYPE}"/></Types>')
    if name == "_rels/.rels" and "docProps/custom.xml" not in xml:
        ids = {int(n) for n in re.findall(r'Id="rId(\d+)"', xml)}
        rid = f"rId{max(ids, default=0) + 1}"
        return xml.replace("</Relationships>", f'<Relationship Id="{rid}" Type='
                                               f'"{CUSTOM_PROPS_REL}" Target="docProps/custom.xml"/>'
                                               "</Relationships>")
    return xml


def reproducible(docx: bytes, props: Properties) -> bytes:
    """The document with our properties and fixed zip timestamps."""
    import io

    stamp = (max(props.day.year, 1980), props.day.month, props.day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names + ([] if "docProps/custom.xml" in names else ["docProps/custom.xml"]):
            if name == "docProps/core.xml":
                data = _core_xml(props).encode("utf-8")
            elif name == "docProps/custom.xml":
                data = _custom_xml(props.custom).encode("utf-8")
            elif name in ("[Content_Types].xml", "_rels/.rels"):
                data = _with_custom_part(name, zin.read(name).decode("utf-8")).encode("utf-8")
            else:
                data = zin.read(name)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
    return out.getvalue()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_written: list[Path] = []  # every file this process has put in place, in order


def written() -> list[Path]:
    """The files written so far by this process: what an interrupted command reports."""
    return list(_written)


@contextmanager
def _signals_held():
    """Ctrl+C and SIGTERM wait (they are delivered just after) while files are renamed
    into place and noted, so that what is reported written is exactly what was."""
    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _temporary(path: Path, data: bytes) -> str:
    """``data`` in a new temporary file beside ``path``, flushed to the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The process id in the name lets a later run tell a file left by a killed run
    # (SIGKILL, a power cut) from one another run is writing at this moment.
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a document is not
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None  # name the document
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(path: Path, data: bytes) -> None:
    """Writes ``path`` whole or not at all: a temporary file beside it, renamed into place."""
    write_all_atomic([(path, data)])


def write_all_atomic(files: list[tuple[Path, bytes]]) -> None:
    """Writes every file or none: each is written to a temporary file first (a full
    disk shows here, before any document is replaced), then all are renamed into
    place. Should a rename fail, those already renamed are put back as they were."""
    for folder in {path.parent for path, _ in files}:
        remove_orphans(folder)
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            temps.append((_temporary(path, data), path))
        previous = {path: path.read_bytes() if path.is_file() else None
                    for _, path in temps} if len(temps) > 1 else {}
        with _signals_held():
            done: list[Path] = []
            try:
                for tmp, path in temps:
                    os.replace(tmp, path)
                    done.append(path)
            except OSError:
                _put_back(done, previous)
                raise
            _written.extend(done)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)


_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")


def remove_orphans(folder: Path) -> list[Path]:
    """Removes the temporary files that runs killed while writing left in ``folder``
    (their process is gone); returns them."""
    removed = []
    try:
        candidates = list(folder.glob(".*.tmp"))
    except OSError:
        return removed
    for path in candidates:
        found = _TEMPORARY.match(path.name)
        if found is None or _alive(int(found[1])):
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # on Windows os.kill would end it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, OverflowError):
        return True  # someone else's, or cannot tell: leave it
    return True


def _put_back(done: list[Path], previous: dict[Path, bytes | None]) -> None:
    for path in done:
        old = previous.get(path)
        if old is None:
            path.unlink(missing_ok=True)
        else:
            tmp = _temporary(path, old)
            os.replace(tmp, path)
