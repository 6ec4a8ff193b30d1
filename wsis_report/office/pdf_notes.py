"""Footnotes in a tagged PDF that LibreOffice 7.4 writes, made PDF/UA as the rest of it.

LibreOffice tags each footnote as a ``/Note`` structure element, but gives it no ``/ID``,
which PDF/UA-1 requires of notes (ISO 14289-1, 7.9), and it writes a link annotation from
each footnote's number to its note (and back) that it leaves out of the structure tree
(7.18.5: every link annotation belongs to a ``/Link`` element). So once the PDF is written,
each note gets an identifier, listed in the structure tree's ``/IDTree``, and those untagged
jumps are removed: the numbers and notes stay as they are, and a reader reaches a note in
reading order, as on paper. A page that keeps annotations (a drafter's web links) takes its
tab order from the structure (``/Tabs /S``). Nothing else of the PDF is touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator


class UnreadablePdf(Exception):
    """The PDF is damaged or is no PDF; its message says what pikepdf (qpdf) found."""


def settle_notes(path: Path) -> bool:
    """Fixes the footnotes of the tagged PDF at ``path`` in place; whether it changed it."""
    import pikepdf

    try:
        pdf = pikepdf.open(path, allow_overwriting_input=True)
    except pikepdf.PdfError as exc:
        raise UnreadablePdf(str(exc).replace(str(path) + ": ", "")) from None
    with pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return False
        changed = _identify(pdf, root)
        for page in pdf.pages:
            annots = page.obj.get("/Annots")
            if annots is None:
                continue
            kept = [a for a in annots if not _untagged_jump(a)]
            if len(kept) != len(annots):
                changed = True
                if kept:
                    page.obj.Annots = pdf.make_indirect(pikepdf.Array(kept))
                else:
                    del page.obj["/Annots"]
            if kept and page.obj.get("/Tabs") != pikepdf.Name.S:
                page.obj.Tabs, changed = pikepdf.Name.S, True
        if changed:
            pdf.save(path)
        return changed


def _identify(pdf: Any, root: Any) -> bool:
    """Every /Note without an /ID gets one, and the /IDTree lists them all."""
    import pikepdf

    notes = list(_elements(root, "/Note"))
    missing = [n for n in notes if "/ID" not in n]
    if not missing:
        return False
    taken = {bytes(n.ID) for n in notes if "/ID" in n}
    number = 0
    for note in missing:
        while True:
            number += 1
            name = f"note-{number}".encode()
            if name not in taken:
                break
        note.ID = pikepdf.String(name)
        taken.add(name)
    pairs = sorted((bytes(n.ID), n) for n in notes)
    names = pikepdf.Array()
    for name, note in pairs:
        names.append(pikepdf.String(name))
        names.append(note)
    root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=names))
    return True


def _elements(element: Any, kind: str) -> Iterator[Any]:
    import pikepdf

    stack = [element]
    seen: set[tuple[int, int]] = set()
    while stack:
        current = stack.pop()
        if not isinstance(current, pikepdf.Dictionary):
            if isinstance(current, pikepdf.Array):
                stack.extend(reversed(list(current)))
            continue
        if current.is_indirect:
            if current.objgen in seen:
                continue
            seen.add(current.objgen)
        if current.get("/S") == kind:
            yield current
        kids = current.get("/K")
        if kids is not None:
            stack.append(kids)


def _untagged_jump(annotation: Any) -> bool:
    """A link annotation within the document (a footnote's number to its note), that no
    structure element refers to."""
    import pikepdf

    if annotation.get("/Subtype") != pikepdf.Name.Link or "/StructParent" in annotation:
        return False
    action = annotation.get("/A")
    return "/Dest" in annotation or (action is not None and action.get("/S") ==
                                     pikepdf.Name.GoTo)
