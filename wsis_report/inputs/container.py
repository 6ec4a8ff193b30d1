"""What kind of file a workbook really is, and whether it is safe to open.

Files are recognised by their bytes, not their extension: editors mail
workbooks around, rename them and save them from many programs. A zip is
refused on its declared sizes before any XML in it is parsed.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from .issues import Issue

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PARTS = 2_000
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
SAVE_AS = "Open it in Excel and save it as Excel Workbook (.xlsx)."

_STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


class WorkbookProblem(Exception):
    """A workbook that cannot be read at all."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def _refuse(code: str, message: str, hint: str, name: str) -> WorkbookProblem:
    return WorkbookProblem(Issue(code, message, hint, workbook=name))


def inspect(path: Path) -> str | None:
    """Raises ``WorkbookProblem`` unless ``path`` is an .xlsx (or .xlsm) workbook that
    is safe to open; returns a warning to show, if any."""
    name = path.name
    try:
        with path.open("rb") as f:
            head = f.read(2048)
    except OSError as exc:
        raise _refuse("file-unreadable", f"cannot be opened ({exc.strerror})",
                      "Check that the file is not locked and that you may read it.", name)
    if not head:
        raise _refuse("empty-file", "is an empty file (0 bytes)",
                      "Save the workbook again from Excel, or copy it again.", name)
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise _refuse("password-protected", "is protected with a password, so it cannot "
                          "be read", "Remove the password (File › Info › Protect Workbook) and "
                          "save it again.", name)
        raise _refuse("old-excel-format", "is an old Excel 97–2003 workbook (.xls)", SAVE_AS, name)
    if not head.startswith(ZIP_MAGIC):
        kind = "a text or CSV file" if _looks_like_text(head) else "not a workbook"
        raise _refuse("not-a-workbook", f"is {kind}, although its name ends in {path.suffix}",
                      SAVE_AS, name)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_sizes(infos, name)
            _check_prologs(z, infos, name)
            names = {i.filename for i in infos}
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            workbook = z.read("xl/workbook.xml")[:4096] if "xl/workbook.xml" in names else b""
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise _refuse("damaged-file", "is damaged or was not copied completely",
                      "Copy it again from where it came from, or open it in Excel and save it "
                      "again.", name) from None
    if "content.xml" in names and "mimetype" in names:
        raise _refuse("opendocument", "is an OpenDocument spreadsheet (.ods), which the toolkit "
                      "does not read", "Save it as Excel 2007-365 (.xlsx) (in LibreOffice: File "
                      "› Save As › Excel 2007-365).", name)
    if "word/document.xml" in names:
        raise _refuse("not-a-workbook", "is a Word document, not a workbook", SAVE_AS, name)
    if "xl/workbook.bin" in names:
        raise _refuse("binary-workbook", "is an Excel Binary Workbook (.xlsb)", SAVE_AS, name)
    if not workbook:
        raise _refuse("not-a-workbook", "is a zip file but not an Excel workbook", SAVE_AS, name)
    if _STRICT_NS in workbook:
        raise _refuse("strict-open-xml", "is saved as Strict Open XML Spreadsheet, which the "
                      "toolkit does not read", SAVE_AS, name)
    if b"macroEnabled" in types:
        return "is a macro-enabled workbook (.xlsm): its values are read, its macros ignored"
    return None


def _check_sizes(infos: list[zipfile.ZipInfo], name: str) -> None:
    if len(infos) > MAX_PARTS:
        raise _refuse("too-many-parts", f"holds {len(infos):,} parts; a workbook of this "
                      f"kind has far fewer (the limit is {MAX_PARTS:,})", SAVE_AS, name)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise _refuse("too-large", f"has a part ({info.filename}) that unpacks to "
                          f"{info.file_size / 2**20:,.0f} MB, over the limit of "
                          f"{MAX_PART_BYTES / 2**20:,.0f} MB", "Check that this is the right "
                          "file; remove unused rows and formatting and save it again.", name)
    if total > MAX_TOTAL_BYTES:
        raise _refuse("too-large", f"unpacks to {total / 2**20:,.0f} MB, over the limit of "
                      f"{MAX_TOTAL_BYTES / 2**20:,.0f} MB", "Check that this is the right file; "
                      "remove unused rows and formatting and save it again.", name)


def _check_prologs(z: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    # Office files never declare a DTD; one that does is built to expand
    # entities (a "billion laughs") or to pull in other files, so it is refused.
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            with z.open(info) as f:
                prolog = f.read(4096)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise _refuse("xml-entities", f"has a part ({info.filename}) that declares XML "
                              "entities, which workbooks never do; it may be built to attack "
                              "the computer that opens it", "Do not use this file; ask for the "
                              "workbook to be saved again from Excel.", name)


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head and head.decode("utf-8", "replace").count("\ufffd") < 4


# Word documents (the redline's OLD and NEW) pass the same safety limits as workbooks.
SAVE_AS_DOCX = "Open it in Word and save it as Word Document (.docx)."


def inspect_docx(path: Path) -> None:
    """Raises ``WorkbookProblem`` (naming the file) unless ``path`` is a .docx Word
    document that is safe to open: checked on its bytes, before any XML is parsed."""
    name = path.name
    try:
        with path.open("rb") as f:
            head = f.read(2048)
    except OSError as exc:
        raise _refuse("file-unreadable", f"cannot be opened ({exc.strerror})",
                      "Check that the file exists, is not locked and that you may read it.", name)
    if not head:
        raise _refuse("empty-file", "is an empty file (0 bytes)", SAVE_AS_DOCX, name)
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise _refuse("password-protected", "is protected with a password, so it cannot "
                          "be read", "Remove the password (File › Info › Protect Document) and "
                          "save it again.", name)
        raise _refuse("old-word-format", "is an old Word 97–2003 document (.doc)", SAVE_AS_DOCX,
                      name)
    if not head.startswith(ZIP_MAGIC):
        raise _refuse("not-a-document", f"is not a Word document, although its name ends in "
                      f"{path.suffix or '(nothing)'}", SAVE_AS_DOCX, name)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            try:
                _check_sizes(infos, name)
                _check_prologs(z, infos, name)
            except WorkbookProblem as problem:  # same limits, told in a document's words
                issue = problem.issue
                raise _refuse(issue.code, issue.message.replace("workbooks", "Word documents")
                              .replace("workbook", "Word document"), SAVE_AS_DOCX, name) from None
            names = {i.filename for i in infos}
            if "word/document.xml" in names:
                z.read("word/document.xml")  # a damaged part fails here, not in the parser
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise _refuse("damaged-file", "is damaged or was not copied completely",
                      "Copy it again from where it came from, or open it in Word and save it "
                      "again.", name) from None
    if "xl/workbook.xml" in names:
        raise _refuse("not-a-document", "is an Excel workbook, not a Word document",
                      SAVE_AS_DOCX, name)
    if "content.xml" in names and "mimetype" in names:
        raise _refuse("opendocument", "is an OpenDocument text (.odt), which the toolkit does "
                      "not read", SAVE_AS_DOCX, name)
    if "word/document.xml" not in names:
        raise _refuse("not-a-document", "is a zip file but not a Word document", SAVE_AS_DOCX,
                      name)
