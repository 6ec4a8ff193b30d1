"""Annotations added to a PDF as Adobe Acrobat writes them (ISO 32000-1, §12.5.6): a
sticky note (Text), a reply to it (Text with /IRT and /RT /R), Highlight, Underline,
StrikeOut (with /QuadPoints in Acrobat's order: upper left, upper right, lower left, lower
right), an inserted-text Caret, a replacement (a StrikeOut grouped with a Caret: /IRT and
/RT /Group) and FreeText, each with /T, /Contents, /M, /CreationDate, /NM, /Subj and a
/Popup where Acrobat gives one. The words' boxes are found by PyMuPDF, a reader
independent of the one the toolkit uses."""

from __future__ import annotations

import uuid
from pathlib import Path

import pikepdf
import pymupdf

DATE = "D:20250420100000+02'00'"


class Annotator:
    """A PDF opened for annotation; ``save`` writes it."""

    def __init__(self, source: Path) -> None:
        self.pdf = pikepdf.open(source)
        self.text = pymupdf.open(source)

    def find(self, words: str, occurrence: int = 0) -> tuple[int, list]:
        """The page and quads (x0, y0, x1, y1 in PDF space, one per line) of ``words``."""
        seen = 0
        for number, page in enumerate(self.text):
            height = page.rect.height
            for rect_group in _grouped(page.search_for(words)):
                if seen == occurrence:
                    return number, [(r.x0, height - r.y1, r.x1, height - r.y0)
                                    for r in rect_group]
                seen += 1
        raise LookupError(words)

    def _add(self, number: int, annot: pikepdf.Dictionary, popup: bool = True
             ) -> pikepdf.Object:
        page = self.pdf.pages[number]
        annot = self.pdf.make_indirect(annot)
        if "/Annots" not in page.obj:
            page.obj.Annots = self.pdf.make_indirect(pikepdf.Array())
        page.obj.Annots.append(annot)
        if popup:
            x0, y0, x1, y1 = (float(v) for v in annot.Rect)
            window = self.pdf.make_indirect(pikepdf.Dictionary(
                Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Popup, Parent=annot,
                Rect=[x1 + 20, y1 - 120, x1 + 200, y1], F=28, Open=False))
            annot.Popup = window
            page.obj.Annots.append(window)
        return annot

    def _common(self, subtype: str, subject: str, author: str, note: str, rect, **extra
                ) -> pikepdf.Dictionary:
        return pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(f"/{subtype}"), Rect=list(rect),
            T=pikepdf.String(author), Contents=pikepdf.String(note), M=DATE,
            CreationDate=DATE, NM=str(uuid.uuid4()), Subj=subject, F=4, C=[1, 1, 0],
            **extra)

    def markup(self, subtype: str, words: str, author: str, note: str = "",
               occurrence: int = 0) -> pikepdf.Object:
        """A Highlight, Underline or StrikeOut over ``words``."""
        number, quads = self.find(words, occurrence)
        points = []
        for x0, y0, x1, y1 in quads:  # Acrobat's order: UL, UR, LL, LR
            points += [x0, y1, x1, y1, x0, y0, x1, y0]
        rect = (min(q[0] for q in quads), min(q[1] for q in quads),
                max(q[2] for q in quads), max(q[3] for q in quads))
        subject = {"Highlight": "Highlight", "Underline": "Underline",
                   "StrikeOut": "Cross-Out"}[subtype]
        return self._add(number, self._common(subtype, subject, author, note, rect,
                                              QuadPoints=points))

    def note(self, words: str, author: str, note: str, margin: bool = False,
             occurrence: int = 0) -> pikepdf.Object:
        """A sticky note on ``words`` (its icon at their start), or in the margin beside
        their line."""
        number, quads = self.find(words, occurrence)
        x0, y0, _, y1 = quads[0]
        x = 20 if margin else x0
        return self._add(number, self._common("Text", "Sticky Note", author, note,
                                              (x, y1 - 20, x + 20, y1),
                                              Name=pikepdf.Name.Comment))

    def reply(self, parent: pikepdf.Object, author: str, note: str) -> pikepdf.Object:
        number = next(i for i, p in enumerate(self.pdf.pages)
                      if any(a.objgen == parent.objgen for a in p.obj.get("/Annots", [])))
        return self._add(number, self._common("Text", "Sticky Note", author, note,
                                              [float(v) for v in parent.Rect],
                                              IRT=parent, RT=pikepdf.Name.R,
                                              Name=pikepdf.Name.Comment), popup=False)

    def caret(self, after: str, author: str, inserted: str, occurrence: int = 0,
              group: pikepdf.Object | None = None) -> pikepdf.Object:
        """Inserted text at the end of ``after`` (Acrobat's Insert Text tool), or, with
        ``group``, the replacement of a StrikeOut (Acrobat's Replace Text)."""
        number, quads = self.find(after, occurrence)
        _, y0, x1, y1 = quads[-1]
        extra = dict(RD=[0.5, 0.5, 0.5, 0.5], Sy=pikepdf.Name.P)
        if group is not None:
            extra.update(IRT=group, RT=pikepdf.Name.Group)
        return self._add(number, self._common("Caret", "Inserted Text", author, inserted,
                                              (x1 - 3, y0 - 2, x1 + 3, y0 + 4), **extra))

    def free_text(self, beside: str, author: str, text: str) -> pikepdf.Object:
        number, quads = self.find(beside)
        _, y0, _, y1 = quads[0]
        return self._add(number, self._common(
            "FreeText", "Typewriter", author, text, (460, y0, 560, y1 + 4),
            DA="0 0 0 rg /Helv 10 Tf", IT=pikepdf.Name.FreeTextTypewriter), popup=False)

    def save(self, target: Path) -> Path:
        self.pdf.save(target)
        self.pdf.close()
        self.text.close()
        return target


def _grouped(rects: list) -> list[list]:
    """PyMuPDF's hits, one rectangle per line: lines of one hit follow each other."""
    groups: list[list] = []
    for r in rects:
        if groups and r.y0 > groups[-1][-1].y0 + 1 and r.x0 < groups[-1][-1].x0:
            groups[-1].append(r)  # the hit goes on at the start of the next line
        else:
            groups.append([r])
    return groups
