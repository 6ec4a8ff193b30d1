"""Reads annotated PDFs with PDFium (pypdfium2), in a process of its own: run by
``pdf_copy.py`` as ``python pdf_read.py FILE...``, it prints one JSON line per file.

What it reads (ISO 32000-1, §12.5): each annotation's subtype, /T, /Contents (or its
/RC rich text), /M, /CreationDate, /NM, /RT and the one it answers (/IRT), and where it
is: the page's characters under its /QuadPoints (in whatever order the writer put the
corners), or the character at its point (a caret, a sticky note's icon) and the nearest
on that line; each page's text as PDFium reads it; the named destinations of the hidden
bookmarks (``_wsis_…``, which LibreOffice writes as ``5Fwsis5F…``) with the character
at each. Kept free of the toolkit's imports: the process is limited in memory, and the
caller gives it a time limit per file, so that a page bomb ends this process only.
"""

from __future__ import annotations

import ctypes
import json
import re
import sys

MAX_PAGES = 2_000
MAX_ANNOTATIONS = 5_000
MAX_PAGE_CHARACTERS = 200_000
MEMORY = 2 << 30  # bytes this process may use
SUBTYPES = {1: "Text", 2: "Link", 3: "FreeText", 4: "Line", 5: "Square", 6: "Circle",
            7: "Polygon", 8: "PolyLine", 9: "Highlight", 10: "Underline", 11: "Squiggly",
            12: "StrikeOut", 13: "Stamp", 14: "Caret", 15: "Ink", 16: "Popup",
            17: "FileAttachment", 18: "Sound", 19: "Movie", 20: "Widget", 21: "Screen",
            22: "PrinterMark", 23: "TrapNet", 24: "Watermark", 25: "3D", 26: "RichMedia",
            27: "XFAWidget", 28: "Redact"}
SKIPPED = {"Link", "Popup", "Widget", "XFAWidget", "PrinterMark", "TrapNet", "Watermark",
           "Screen", "3D", "RichMedia"}
_TAGS = re.compile(r"<[^>]*>")


class Refused(Exception):
    pass


def _string(c, annot, key: str) -> str:
    size = c.FPDFAnnot_GetStringValue(annot, key.encode(), None, 0)
    if size <= 2:
        return ""
    buf = (c.FPDF_WCHAR * (size // 2))()
    c.FPDFAnnot_GetStringValue(annot, key.encode(), buf, size)
    return bytes(buf)[:-2].decode("utf-16-le", "replace")


def _under(c, textpage, count: int, quad) -> list[int] | None:
    """The first and last character whose centre is inside the quadrilateral's box."""
    xs, ys = quad[0::2], quad[1::2]
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    mid, half = (top + bottom) / 2, max(1.0, (top - bottom) / 2)
    first = c.FPDFText_GetCharIndexAtPos(textpage, left + 0.5, mid, half, half)
    last = c.FPDFText_GetCharIndexAtPos(textpage, right - 0.5, mid, half, half)
    if first < 0 or last < 0:
        return None
    box = [ctypes.c_double() for _ in range(4)]

    def centre_x(i: int) -> float:
        c.FPDFText_GetCharBox(textpage, i, *box)
        return (box[0].value + box[1].value) / 2

    while first < last and centre_x(first) < left:
        first += 1
    while first > 0 and left <= centre_x(first - 1) <= right:
        first -= 1
    while last > first and centre_x(last) > right:
        last -= 1
    while last + 1 < count and left <= centre_x(last + 1) <= right:
        last += 1
    return [first, last + 1]


def read(path: str) -> dict:
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        said = str(exc).lower()
        if "password" in said:
            raise Refused("is protected with a password. Ask for a copy without one (in "
                          "Acrobat: File › Properties › Security › No Security)") from None
        raise Refused("is damaged or is not a PDF. Ask for it to be sent again, or saved "
                      "again from the program that annotated it") from None
    try:
        return _read(document, c)
    finally:
        document.close()


def _read(document, c) -> dict:
    pages = len(document)
    if pages > MAX_PAGES:
        raise Refused(f"has {pages:,} pages, more than a review copy holds (the limit is "
                      f"{MAX_PAGES:,}); check that this is the right file")
    title = (document.get_metadata_dict() or {}).get("Title", "")
    texts, annots, textpages, total = [], [], {}, 0
    for n in range(pages):
        page = document[n]
        count_annots = c.FPDFPage_GetAnnotCount(page.raw)
        total += count_annots
        if total > MAX_ANNOTATIONS:
            raise Refused(f"holds more than {MAX_ANNOTATIONS:,} annotations; ask the "
                          "reviewer to send the remarks in fewer, or as a Word copy")
        textpage = page.get_textpage()
        count = textpage.count_chars()
        if count > MAX_PAGE_CHARACTERS:
            raise Refused(f"has a page ({n + 1}) with {count:,} characters, more than a page "
                          "can show; check that this is the right file")
        texts.append(textpage.get_text_range(0, count) if count else "")
        textpages[n] = (page, textpage, count)
        for i in range(count_annots):
            annot = c.FPDFPage_GetAnnot(page.raw, i)
            try:
                found = _annotation(c, page, textpage, count, annot, n, i)
            finally:
                c.FPDFPage_CloseAnnot(annot)
            if found:
                annots.append(found)
    dests = _destinations(document, c, textpages)
    for page, textpage, _ in textpages.values():
        textpage.close()
        page.close()
    return {"title": title, "texts": texts, "annotations": annots, "destinations": dests}


def _annotation(c, page, textpage, count, annot, n: int, i: int) -> dict | None:
    subtype = SUBTYPES.get(c.FPDFAnnot_GetSubtype(annot), "Unknown")
    if subtype in SKIPPED:
        return None
    rect = c.FS_RECTF()
    c.FPDFAnnot_GetRect(annot, rect)
    quads = []
    for k in range(c.FPDFAnnot_CountAttachmentPoints(annot)):
        q = c.FS_QUADPOINTSF()
        if c.FPDFAnnot_GetAttachmentPoints(annot, k, q):
            quads.append([q.x1, q.y1, q.x2, q.y2, q.x3, q.y3, q.x4, q.y4])
    spans = [s for s in (_under(c, textpage.raw, count, q) for q in quads) if s]
    point = (rect.left, rect.top) if subtype != "Caret" else \
        ((rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2)
    at = c.FPDFText_GetCharIndexAtPos(textpage.raw, point[0] + 1, point[1] - 1, 2, 4) \
        if count else -1
    near = -1  # the nearest character on the line at the point's height
    for down, tolerance in ((5, 3), (5, 10)):
        if count and near < 0:
            near = c.FPDFText_GetCharIndexAtPos(textpage.raw, point[0], point[1] - down, 600,
                                                tolerance)
    if subtype == "Caret" and at >= 0:  # the point between two characters: after the nearer
        box = [ctypes.c_double() for _ in range(4)]
        c.FPDFText_GetCharBox(textpage.raw, at, *box)
        at += point[0] > (box[0].value + box[1].value) / 2
    parent = c.FPDFAnnot_GetLinkedAnnot(annot, b"IRT")
    irt = None
    if parent:
        irt = {"nm": _string(c, parent, "NM"), "index": c.FPDFPage_GetAnnotIndex(page.raw, parent),
               "page": n}
        c.FPDFPage_CloseAnnot(parent)
    contents = _string(c, annot, "Contents")
    if not contents.strip():
        contents = " ".join(_TAGS.sub(" ", _string(c, annot, "RC")).split())
    return {"page": n, "index": i, "subtype": subtype, "author": _string(c, annot, "T"),
            "contents": contents, "modified": _string(c, annot, "M"),
            "created": _string(c, annot, "CreationDate"), "nm": _string(c, annot, "NM"),
            "rt": _string(c, annot, "RT"), "irt": irt, "name": _string(c, annot, "Name"),
            "spans": spans, "at": at, "near": near,
            "rect": [rect.left, rect.bottom, rect.right, rect.top]}


def _destinations(document, c, textpages) -> list[list]:
    """(name, page, character index) of each hidden bookmark's named destination, looked
    up by name (blocks _wsis_p0001/_wsis_r0002… share one count, values _wsis_v00001…)
    until 50 numbers in a row have none: PDFium's index of names is slow by position."""
    prefix = next((p for p in ("5Fwsis5F", "_wsis_") for k in "pr" for n in range(1, 4)
                   if c.FPDF_GetNamedDestByName(document.raw, f"{p}{k}{n:04d}".encode())),
                  None)
    if prefix is None:
        return []
    found = []
    for kinds, width in (("pr", 4), ("v", 5)):
        n = misses = 0
        while misses < 50:
            n += 1
            hit = False
            for kind in kinds:
                name = f"{kind}{n:0{width}d}"
                dest = c.FPDF_GetNamedDestByName(document.raw, f"{prefix}{name}".encode())
                if dest:
                    hit = True
                    at = _at(c, document, dest, textpages)
                    if at is not None:
                        found.append([f"_wsis_{name}", *at])
            misses = 0 if hit else misses + 1
    return found


def _at(c, document, dest, textpages) -> tuple[int, int] | None:
    """The page and the character at a destination's point (the start of its text)."""
    n = c.FPDFDest_GetDestPageIndex(document.raw, dest)
    if n not in textpages or not textpages[n][2]:
        return None
    has = [ctypes.c_int() for _ in range(3)]
    xyz = [ctypes.c_float() for _ in range(3)]
    c.FPDFDest_GetLocationInPage(dest, *has, *xyz)
    x, y = xyz[0].value, xyz[1].value
    at = c.FPDFText_GetCharIndexAtPos(textpages[n][1].raw, x + 1.5, y - 4, 3, 3)
    if at < 0:
        at = c.FPDFText_GetCharIndexAtPos(textpages[n][1].raw, x + 1.5, y - 4, 400, 4)
    return (n, at) if at >= 0 else None


def main() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    except (ImportError, ValueError, OSError):
        pass  # not on this system: the caller's time limit still holds
    for path in sys.argv[1:]:
        try:
            result = {"ok": read(path)}
        except Refused as exc:
            result = {"problem": str(exc)}
        except MemoryError:
            result = {"problem": "needs more memory to read than a review copy can; check "
                                 "that this is the right file"}
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
