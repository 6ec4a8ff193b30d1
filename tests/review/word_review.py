"""A reviewed copy as Microsoft Word writes one: comments.xml, a reply threaded through
commentsExtended.xml (w15:paraIdParent), commentsIds.xml, people.xml, and tracked
w:ins / w:del / w:moveFrom / w:moveTo, added to a document the toolkit built."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from wsis_report.review.snapshot.numbering import text_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
_w = "{%s}" % W
NS = f'xmlns:w="{W}" xmlns:w14="{W14}" xmlns:w15="{W15}" xmlns:w16cid="{W16CID}"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
TYPES = {
    "comments": ("comments.xml", REL + "comments",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"),
    "extended": ("commentsExtended.xml",
                 "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml."
                 "commentsExtended+xml"),
    "ids": ("commentsIds.xml", "http://schemas.microsoft.com/office/2016/09/relationships/"
            "commentsIds", "application/vnd.openxmlformats-officedocument.wordprocessingml."
            "commentsIds+xml"),
    "people": ("people.xml", "http://schemas.microsoft.com/office/2011/relationships/people",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"),
}
DATE = "2025-04-20T10:00:00Z"


def _run(text: str, tag: str = "t") -> etree._Element:
    r = etree.Element(f"{_w}r")
    t = etree.SubElement(r, f"{_w}{tag}")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _paragraph(root, starts: str) -> etree._Element:
    for p in root.iter(f"{_w}p"):
        if text_of(p).startswith(starts):
            return p
    raise LookupError(starts)


def _anchor(p: etree._Element, cid: int) -> None:
    first = next((i for i, c in enumerate(p) if c.tag != f"{_w}pPr"), len(p))
    p.insert(first, etree.Element(f"{_w}commentRangeStart", {f"{_w}id": str(cid)}))
    p.append(etree.Element(f"{_w}commentRangeEnd", {f"{_w}id": str(cid)}))
    ref = etree.SubElement(p, f"{_w}r")
    etree.SubElement(ref, f"{_w}commentReference", {f"{_w}id": str(cid)})


def _change(tag: str, author: str, content: etree._Element, cid: int) -> etree._Element:
    node = etree.Element(f"{_w}{tag}", {f"{_w}id": str(900 + cid), f"{_w}author": author,
                                        f"{_w}date": DATE})
    node.append(content)
    return node


def add_word_review(source: Path, target: Path,
                    first: str = "The present report responds") -> Path:
    """Comments by two reviewers (one answered with a reply), in a numbered paragraph, a
    table cell, a heading and the header, one whose anchor was deleted, and tracked
    changes of every kind."""
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = etree.fromstring(parts["word/document.xml"])
    _anchor(_paragraph(body, first), 0)                                # paragraph 2
    europe = next(tr for tr in body.iter(f"{_w}tr")
                  if "".join(t.text or "" for t in tr.iter(f"{_w}t")).startswith("Europe"))
    _anchor(europe.find(f".//{_w}p"), 2)                               # Table 4, row "Europe"
    _anchor(_paragraph(body, "B.\tKey messages"), 3)                   # a heading
    p = _paragraph(body, "(c)\tConcerns relate")                       # 12 (c)
    p.append(_change("ins", "Maria Santos", _run(" and data flows"), 1))
    p.append(_change("del", "Maria Santos", _run("crucial", "delText"), 2))
    moved = _paragraph(body, "(b)\tSupport to the civil society")
    moved.append(_change("moveFrom", "Li Wei", _run("civil society", "delText"), 3))
    moved.append(_change("moveTo", "Li Wei", _run("civil society"), 4))
    parts["word/document.xml"] = etree.tostring(body, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    header_name = next(n for n in sorted(parts) if n.startswith("word/header"))
    header = etree.fromstring(parts[header_name])
    _anchor(next(header.iter(f"{_w}p")), 4)
    parts[header_name] = etree.tostring(header, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
    comments = [(0, "Maria Santos", "MS", "Cite the resolution in full.", "1A000001"),
                (1, "Li Wei", "LW", "Agreed; see E/RES/2023/3.", "1A000002"),
                (2, "Li Wei", "LW", "Is this figure final?", "1A000003"),
                (3, "Maria Santos", "MS", "Heading too long.", "1A000004"),
                (4, "Li Wei", "LW", "Symbol to be confirmed.", "1A000005"),
                (5, "Maria Santos", "MS", "A comment on text that was deleted.", "1A000006")]
    parts["word/comments.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                  f"<w:comments {NS}>" + "".join(
        f'<w:comment w:id="{i}" w:author="{a}" w:date="{DATE}" w:initials="{ini}">'
        f'<w:p w14:paraId="{pid}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
        for i, a, ini, text, pid in comments) + "</w:comments>").encode()
    parts["word/commentsExtended.xml"] = (f"<w15:commentsEx {NS}>" + "".join(
        f'<w15:commentEx w15:paraId="{pid}" w15:done="0"'
        + (' w15:paraIdParent="1A000001"' if i == 1 else "") + "/>"
        for i, _, _, _, pid in comments) + "</w15:commentsEx>").encode()
    parts["word/commentsIds.xml"] = (f"<w16cid:commentsIds {NS}>" + "".join(
        f'<w16cid:commentId w16cid:paraId="{pid}" w16cid:durableId="{7000 + i}"/>'
        for i, _, _, _, pid in comments) + "</w16cid:commentsIds>").encode()
    parts["word/people.xml"] = (f"<w15:people {NS}>" + "".join(
        f'<w15:person w15:author="{a}"><w15:presenceInfo w15:providerId="None" '
        f'w15:userId="{a}"/></w15:person>' for a in ("Maria Santos", "Li Wei"))
        + "</w15:people>").encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    types = parts["[Content_Types].xml"].decode()
    for n, (name, rel, ctype) in enumerate(TYPES.values()):
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdReview{n}" '
                            f'Type="{rel}" Target="{name}"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/word/{name}" '
                              f'ContentType="{ctype}"/></Types>')
    parts["word/_rels/document.xml.rels"] = rels.encode()
    parts["[Content_Types].xml"] = types.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target
