"""What kind of file a workbook really is, and whether it is safe to open.

Files are recognised by their bytes, not their extension: editors mail
workbooks around, rename them and save them from many programs. A zip is
refused on its declared sizes before any XML in it is parsed.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ..issues import Issue

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_PARTS = 2_000
MAX_PART_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
SAVE_AS = ("Open it in Excel and save it as Excel Workbook (.xlsx), or in LibreOffice Calc "
           "as an OpenDocument Spreadsheet (.ods).")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

_STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"


class WorkbookProblem(Exception):
    """A workbook that cannot be read at all."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def _refuse(code: str, message: str, hint: str, name: str) -> WorkbookProblem:
    return WorkbookProblem(Issue(code, message, hint, workbook=name))


def _head(path: Path) -> bytes:
    """The file's first bytes, which say what it really is."""
    try:
        with path.open("rb") as f:
            return f.read(2048)
    except OSError as exc:
        raise _refuse("file-unreadable", f"cannot be opened ({exc.strerror})",
                      "Check that the file is not locked and that you may read it.",
                      path.name) from None


def inspect(path: Path) -> str | None:
    """Raises ``WorkbookProblem`` unless ``path`` is an .xlsx (or .xlsm) workbook or an
    OpenDocument spreadsheet (.ods) that is safe to open; returns a warning to show, if any."""
    name = path.name
    head = _head(path)
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
    names, types, workbook = _checked_package(
        path, name, "Copy it again from where it came from, or open it in Excel and save it "
        "again.", "xl/workbook.xml")
    if "content.xml" in names and "mimetype" in names:
        return _opendocument(path, name)
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


def _opendocument(path: Path, name: str) -> None:
    """An OpenDocument file passes if it is a spreadsheet whose content is not encrypted
    (its sizes and XML prologs are checked already, as for .xlsx)."""
    with zipfile.ZipFile(path) as z:
        mimetype = z.read("mimetype")[:100].strip()
        manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in z.namelist() \
            else b""
    if mimetype != ODS_MIMETYPE:
        kind = mimetype.decode("ascii", "replace").rsplit(".", 1)[-1] or "unknown"
        raise _refuse("not-a-workbook", f"is an OpenDocument file of another kind ({kind}), "
                      "not a spreadsheet", SAVE_AS, name)
    if b"encryption-data" in manifest:
        raise _refuse("password-protected", "is protected with a password, so it cannot be "
                      "read", "Remove the password (in LibreOffice: File › Properties › "
                      "Security, or save it again without one).", name)
    return None


def _checked_package(path: Path, name: str, hint: str, head_of: str = ""
                     ) -> tuple[set[str], bytes, bytes]:
    """A zip package's part names, its [Content_Types].xml and the first 4 KB of the part
    ``head_of``, once its sizes and prologs have passed; a broken zip is refused."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_sizes(infos, name)
            _check_prologs(z, infos, name)
            names = {i.filename for i in infos}
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            head = z.open(head_of).read(4096) if head_of in names else b""
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise _refuse("damaged-file", "is damaged or was not copied completely", hint,
                      name) from None
    return names, types, head


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
        if info.filename.endswith((".xml", ".rels", ".rdf")):
            with z.open(info) as f:
                prolog = f.read(4096)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise _refuse("xml-entities", f"has a part ({info.filename}) that declares XML "
                              "entities, which workbooks never do; it may be built to attack "
                              "the computer that opens it", "Do not use this file; ask for the "
                              "workbook to be saved again from Excel.", name)


def _looks_like_text(head: bytes) -> bool:
    return b"\x00" not in head and head.decode("utf-8", "replace").count("\ufffd") < 4


# Word files (the templates, and documents that come back from reviewers) get the
# same checks as workbooks, before python-docx or docxtpl opens them.

SAVE_AS_DOCX = "Open it in Word and save it as Word Document (.docx)."
_WORD_MAIN = "word/document.xml"
_STRICT_WORD_NS = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_PROLOG_LIMIT = 1 << 20  # an Office part's prolog is a line; a megabyte is not a prolog


class DocumentProblem(Exception):
    """A Word file that cannot, or must not, be opened: what is wrong and what to do."""

    def __init__(self, name: str, message: str, hint: str) -> None:
        super().__init__(f"{name} {message}. {hint}")
        self.name, self.message, self.hint = name, message, hint


def inspect_docx(path: Path, max_part: int = MAX_PART_BYTES,
                 max_total: int = MAX_TOTAL_BYTES, strict: bool = False) -> None:
    """Raises ``DocumentProblem`` unless ``path`` is a Word document (.docx) that is
    safe to open: its kind recognised by its bytes, its sizes by the zip's
    directory (at most ``max_part`` bytes unpacked for a part, ``max_total`` in
    all), and no part declaring entities, all before any XML is parsed. One saved as
    Strict Open XML passes only with ``strict`` (a reviewer's copy is read either way)."""
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(2048)
            encrypted = head.startswith(OLE_MAGIC) and \
                "EncryptedPackage".encode("utf-16-le") in head + f.read(4 << 20)
    except OSError as exc:
        raise DocumentProblem(name, f"cannot be opened ({exc.strerror})", "Check that the file "
                              "is not locked and that you may read it.") from None
    if not head:
        raise DocumentProblem(name, "is an empty file (0 bytes)", "Copy it again.")
    if encrypted:
        raise DocumentProblem(name, "is protected with a password", "Remove the password "
                              "(File › Info › Protect Document) and save it again.")
    if head.startswith(OLE_MAGIC):
        raise DocumentProblem(name, "is an old Word 97–2003 document (.doc)", SAVE_AS_DOCX)
    if not head.startswith(ZIP_MAGIC):
        raise DocumentProblem(name, f"is not a Word document, although its name ends in "
                              f"{path.suffix}", SAVE_AS_DOCX)
    if size > max_total:
        raise DocumentProblem(name, f"is {size / 2**20:,.0f} MB, over the limit of "
                              f"{max_total / 2**20:,.0f} MB", "Check that this is the "
                              "right file; remove large pictures and save it again.")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            _check_docx_sizes(infos, name, max_part, max_total)
            names = {i.filename for i in infos}
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and _declares_entities(z, info):
                    raise DocumentProblem(name, f"has a part ({info.filename}) that declares "
                                          "XML entities, which Word never writes; it may be "
                                          "built to attack the computer that opens it",
                                          "Do not use this file; ask for it to be saved "
                                          "again from Word.")
            types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            main = z.open(_WORD_MAIN).read(4096) if _WORD_MAIN in names else b""
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError):
        raise DocumentProblem(name, "is damaged or was not copied completely", "Copy it again, "
                              "or open it in Word and save it again.") from None
    if b"macroEnabled" in types or "word/vbaProject.bin" in names:
        raise DocumentProblem(name, "is a macro-enabled Word document (.docm), whatever its "
                              "name says; the toolkit does not open files with macros",
                              SAVE_AS_DOCX)
    if "content.xml" in names and "xl/workbook.xml" not in names:
        raise DocumentProblem(name, "is an OpenDocument file (.odt or .ods), which the toolkit "
                              "does not read as a document", SAVE_AS_DOCX)
    if "xl/workbook.xml" in names:
        raise DocumentProblem(name, "is a spreadsheet, not a Word document", SAVE_AS_DOCX)
    if not main:
        raise DocumentProblem(name, "is a zip file but not a Word document", SAVE_AS_DOCX)
    if b"wordprocessingml.template.main" in types:
        raise DocumentProblem(name, "is a Word template (.dotx)", SAVE_AS_DOCX)
    if _STRICT_WORD_NS in main and not strict:
        raise DocumentProblem(name, "is saved as Strict Open XML Document, which the toolkit "
                              "does not read", SAVE_AS_DOCX)


def _check_docx_sizes(infos: list[zipfile.ZipInfo], name: str, max_part: int,
                      max_total: int) -> None:
    if len(infos) > MAX_PARTS:
        raise DocumentProblem(name, f"holds {len(infos):,} parts (the limit is {MAX_PARTS:,})",
                              SAVE_AS_DOCX)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > max_part or total > max_total:
            raise DocumentProblem(name, f"unpacks to more than {max_total / 2**20:,.0f} "
                                  f"MB, or has a part over {max_part / 2**20:,.0f} MB "
                                  f"({info.filename}: {info.file_size / 2**20:,.0f} MB)",
                                  "Check that this is the right file; remove large "
                                  "pictures and save it again.")


def _declares_entities(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part's prolog declares a DTD. Comments and processing instructions
    may come before one, so the prolog is read up to its first element, not a fixed
    number of bytes (4 KB at a time: a prolog is a line); one that goes on past a
    megabyte counts as declaring."""
    data = b""
    with z.open(info) as f:
        while True:
            chunk = f.read(4096)
            data += chunk
            verdict = _prolog_declares(data, complete=not chunk or len(data) >= _PROLOG_LIMIT)
            if verdict is not None:
                return verdict


def _prolog_declares(data: bytes, complete: bool) -> bool | None:
    """True or False once ``data`` shows whether the prolog declares a DTD; ``None``
    while a comment or instruction is still open and more may come."""
    if b"\x00" in data[:4]:  # UTF-16: the markup that matters here is ASCII
        data = data.replace(b"\x00", b"").removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")
    at = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while at < len(data) and data[at:at + 1].isspace():
            at += 1
        if not complete and len(data) - at < len(b"<!DOCTYPE"):
            return None  # too little read to tell what comes next
        if data.startswith(b"<?", at):
            end, close = data.find(b"?>", at), 2
        elif data.startswith(b"<!--", at):
            end, close = data.find(b"-->", at), 3
        elif data.startswith(b"<!", at):
            return True  # <!DOCTYPE, the only other thing a prolog may hold
        else:
            return False  # the first element, or no XML at all (the parser will say)
        if end < 0:
            return True if complete else None
        at = end + close


PRESENTATION_SAVE_AS = "Open it in PowerPoint and save it as PowerPoint Presentation (.pptx)."


def inspect_presentation(path: Path) -> None:
    """Raises ``WorkbookProblem`` unless ``path`` is a PowerPoint .pptx that is safe to
    open: the same size and entity checks as a workbook's, then its main part."""
    name = path.name
    head = _head(path)
    if not head.startswith(ZIP_MAGIC):
        kind = "an old PowerPoint 97–2003 file (.ppt) or a protected one" \
            if head.startswith(OLE_MAGIC) else "not a PowerPoint presentation"
        raise _refuse("not-a-presentation", f"is {kind}", PRESENTATION_SAVE_AS, name)
    names, types, _ = _checked_package(path, name, PRESENTATION_SAVE_AS)
    if "ppt/presentation.xml" not in names:
        raise _refuse("not-a-presentation", "is a zip file but not a PowerPoint presentation",
                      PRESENTATION_SAVE_AS, name)
    if b"presentationml.presentation.main+xml" not in types:
        raise _refuse("not-a-presentation", "is a PowerPoint template, show or macro-enabled "
                      "file, not a presentation (.pptx)", PRESENTATION_SAVE_AS, name)
