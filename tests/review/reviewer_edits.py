"""A reviewer's edits of a built document, made in its XML as Word stores them: paragraphs
merged, split, moved, text copied from one to another, the hidden bookmarks deleted, and
comments anchored on exact words."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

from lxml import etree

from wsis_report.review.snapshot.numbering import text_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_w = "{%s}" % W
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class Copy:
    """A built document opened for editing; ``save`` writes it with its comments."""

    def __init__(self, source: Path) -> None:
        with zipfile.ZipFile(source) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}
        self.root = etree.fromstring(self.parts["word/document.xml"])
        self.body = self.root.find(f"{_w}body")
        self.comments: list[tuple[int, str]] = []

    def paragraph(self, starts: str) -> etree._Element:
        for p in self.body.iter(f"{_w}p"):
            if text_of(p).startswith(starts):
                return p
        raise LookupError(starts)

    # what a reviewer does
    def merge(self, first: etree._Element, second: etree._Element) -> None:
        """Deletes the paragraph mark between two paragraphs: ``second``'s content (its
        bookmarks too) runs on at the end of ``first``."""
        for child in [c for c in second if c.tag != f"{_w}pPr"]:
            first.append(child)
        second.getparent().remove(second)

    def split(self, p: etree._Element, before: str) -> etree._Element:
        """A new paragraph (of the same style) begins at ``before``; returns it."""
        first = self.cut(p, text_of(p).index(before))
        new = etree.Element(f"{_w}p")
        ppr = p.find(f"{_w}pPr")
        if ppr is not None:
            new.append(copy.deepcopy(ppr))
        children = list(p)
        for child in children[children.index(first):]:
            new.append(child)
        p.addnext(new)
        return new

    def move(self, p: etree._Element, after: etree._Element) -> None:
        after.addnext(p)

    def copy_text(self, source: etree._Element, target: etree._Element) -> None:
        """``source``'s text pasted at the end of ``target``: its runs, not its bookmarks
        (Word keeps a bookmark where it is when the text it marks is copied)."""
        runs = [r for r in source.iter(f"{_w}r") if r.find(f"{_w}t") is not None]
        for run in runs[1:] if text_of(source).startswith("(") else runs:  # not its label
            target.append(copy.deepcopy(run))

    def delete_bookmarks(self) -> None:
        ids = set()
        for start in list(self.body.iter(f"{_w}bookmarkStart")):
            if (start.get(f"{_w}name") or "").startswith("_wsis_"):
                ids.add(start.get(f"{_w}id"))
                start.getparent().remove(start)
        for end in list(self.body.iter(f"{_w}bookmarkEnd")):
            if end.get(f"{_w}id") in ids:
                end.getparent().remove(end)

    # comments
    def cut(self, p: etree._Element, offset: int) -> etree._Element | None:
        """The run that begins at character ``offset`` of ``p``'s text (a run is cut in
        two there if need be); None at the end of the paragraph."""
        seen = 0
        for run in list(p.iter(f"{_w}r")):
            for i, item in enumerate([c for c in run if c.tag != f"{_w}rPr"]):
                length = len(item.text or "") if item.tag == f"{_w}t" else \
                    1 if item.tag in (f"{_w}tab", f"{_w}br", f"{_w}noBreakHyphen") else 0
                if length and seen <= offset < seen + length:
                    return self._split_run(run, i, offset - seen)
                seen += length
        return None

    @staticmethod
    def _split_run(run: etree._Element, index: int, at: int) -> etree._Element:
        items = [c for c in run if c.tag != f"{_w}rPr"]
        if index == 0 and at == 0:
            return run
        rest = etree.Element(run.tag)
        rpr = run.find(f"{_w}rPr")
        if rpr is not None:
            rest.append(copy.deepcopy(rpr))
        if at:
            t = items[index]
            tail = etree.SubElement(rest, f"{_w}t")
            tail.text, t.text = t.text[at:], t.text[:at]
            tail.set(XML_SPACE, "preserve")
            t.set(XML_SPACE, "preserve")
            index += 1
        for item in items[index:]:
            rest.append(item)
        run.addnext(rest)
        return rest

    def comment(self, p: etree._Element, words: str, text: str, occurrence: int = 0) -> None:
        """A comment anchored on exactly ``words`` of ``p`` (its ``occurrence``-th; a space
        in ``words`` stands for a no-break space too)."""
        full, offset = text_of(p).replace("\u00a0", " "), -1
        for _ in range(occurrence + 1):
            offset = full.index(words, offset + 1)
        start = self.cut(p, offset)
        end = self.cut(p, offset + len(words))
        cid = len(self.comments)
        start.addprevious(etree.Element(f"{_w}commentRangeStart", {f"{_w}id": str(cid)}))
        close = etree.Element(f"{_w}commentRangeEnd", {f"{_w}id": str(cid)})
        if end is not None:
            end.addprevious(close)
        else:
            p.append(close)
        ref = etree.Element(f"{_w}r")
        etree.SubElement(ref, f"{_w}commentReference", {f"{_w}id": str(cid)})
        close.addnext(ref)
        self.comments.append((cid, text))

    def save(self, target: Path, author: str = "Reviewer") -> Path:
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(self.root, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)
        parts["word/comments.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="{W}">'
            + "".join(f'<w:comment w:id="{cid}" w:author="{author}" w:date="2025-04-20T10:00:00Z"'
                      f' w:initials="R"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
                      for cid, text in self.comments) + "</w:comments>").encode()
        rels = parts["word/_rels/document.xml.rels"].decode()
        if "comments.xml" not in rels:
            parts["word/_rels/document.xml.rels"] = rels.replace(
                "</Relationships>", f'<Relationship Id="rIdComments" Type="{COMMENTS_REL}" '
                'Target="comments.xml"/></Relationships>').encode()
            parts["[Content_Types].xml"] = parts["[Content_Types].xml"].decode().replace(
                "</Types>", f'<Override PartName="/word/comments.xml" '
                f'ContentType="{COMMENTS_TYPE}"/></Types>').encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in parts.items():
                z.writestr(name, data)
        target.write_bytes(out.getvalue())
        return target
