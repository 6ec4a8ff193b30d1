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

    def find(self, words: str, after: str = "", occurrence: int = 0) -> tuple[int, list]:
        """The page and quads (x0, y0, x1, y1 in PDF space, one per line) of ``words``,
        the first (or ``occurrence``-th) after the first ``after`` in reading order."""
        hits = []
        for number, page in enumerate(self.text):
            height = page.rect.height
            for phrase, kind in ((words, "words"), (after, "after")):
                if phrase:
                    hits += [((number, g[0].y0, g[0].x0), kind,
                              [(r.x0, height - r.y1, r.x1, height - r.y0) for r in g])
                             for g in _grouped(page, phrase)]
        hits.sort(key=lambda h: h[0])
        start = next((i for i, h in enumerate(hits) if h[1] == "after"), -1) if after else -1
        if after and start < 0:
            raise LookupError(after)
        found = [h for h in hits[start + 1:] if h[1] == "words"]
        if len(found) <= occurrence:
            raise LookupError(words)
        return found[occurrence][0][0], found[occurrence][2]

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
               after: str = "") -> pikepdf.Object:
        """A Highlight, Underline or StrikeOut over ``words`` (the first after ``after``)."""
        number, quads = self.find(words, after)
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
             after: str = "") -> pikepdf.Object:
        """A sticky note on ``words`` (its icon at their start), or in the margin beside
        their line."""
        number, quads = self.find(words, after)
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

    def caret(self, words: str, author: str, inserted: str, after: str = "",
              group: pikepdf.Object | None = None) -> pikepdf.Object:
        """Inserted text at the end of ``words`` (Acrobat's Insert Text tool), or, with
        ``group``, the replacement of a StrikeOut (Acrobat's Replace Text)."""
        number, quads = self.find(words, after)
        _, y0, x1, y1 = quads[-1]
        extra = dict(RD=[0.5, 0.5, 0.5, 0.5], Sy=pikepdf.Name.P)
        if group is not None:
            extra.update(IRT=group, RT=pikepdf.Name.Group)
        return self._add(number, self._common("Caret", "Inserted Text", author, inserted,
                                              (x1 - 3, y0 - 2, x1 + 3, y0 + 4), **extra))

    def free_text(self, beside: str, author: str, text: str, after: str = ""
                  ) -> pikepdf.Object:
        number, quads = self.find(beside, after)
        _, y0, _, y1 = quads[0]
        return self._add(number, self._common(
            "FreeText", "Typewriter", author, text, (460, y0, 560, y1 + 4),
            DA="0 0 0 rg /Helv 10 Tf", IT=pikepdf.Name.FreeTextTypewriter), popup=False)

    def save(self, target: Path) -> Path:
        self.pdf.save(target)
        self.pdf.close()
        self.text.close()
        return target


def _grouped(page, phrase: str) -> list[list]:
    """PyMuPDF's hits of ``phrase`` (it searches without case), one rectangle per line: a
    hit whose first line holds the phrase whole stands alone, else the lines that follow
    it are its own until the phrase is whole."""
    groups: list[list] = []
    wanted = " ".join(phrase.split())
    pending: list = []
    for r in page.search_for(phrase):
        text = " ".join(page.get_textbox(r).split())
        if not pending and wanted in text:
            groups.append([r])
            continue
        pending.append(r)
        joined = " ".join(" ".join(page.get_textbox(x).split()) for x in pending)
        if wanted in joined:
            groups.append(pending)
            pending = []
        elif not wanted.lower().startswith(joined.lower()[:len(wanted)]):
            pending = []
    return groups
