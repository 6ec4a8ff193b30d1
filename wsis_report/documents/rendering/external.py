"""Nothing in a document reaches outside it.

A template from outside can carry relationships to other files (an attached
template over http, pictures linked to a web address or to ``file://``, objects
linked to files) and fields that pull content in (INCLUDEPICTURE, LINK, DDE…).
Word and LibreOffice follow them when the document is opened or exported, so a
build could fetch from the network or embed a local file in the PDF. The rendered
document is checked here before it is written: an attached template is dropped
(it only names the template Word last used; nothing visible depends on it), web
and e-mail hyperlinks are kept, and anything else that points outside stops the
build with the template, the part and where it points.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from ..errors import TemplateProblem
from .rendered import strict_parser

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
KEPT_LINK = re.compile(r"(?i)^(https?://|mailto:)")
# Field codes that bring another file's content (or a program's) into the document.
PULLING_FIELDS = re.compile(r"(?i)(?:^|[\s{])(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDEAUTO|"
                            r"DDE|IMPORT)\b")
_WHAT = {
    "image": "a picture linked to {target} instead of held in the document: insert it "
             "(Insert › Pictures › This Device) rather than linking it",
    "hyperlink": "a link to {target}, which is not a web page or an e-mail address: link to "
                 "a web page, or remove the link",
    "oleObject": "an object linked to {target}: insert it, or paste it as a picture",
    "aFChunk": "content imported from another file (an \"alternative format chunk\"): paste "
               "it as text",
    "subDocument": "a subdocument, {target}: paste its text into the template",
}


def _kind(rel_type: str) -> str:
    return rel_type.rsplit("/", 1)[-1]


def _owner(rels_name: str) -> str:
    """``word/_rels/settings.xml.rels`` -> ``word/settings.xml``."""
    folder, _, name = rels_name.rpartition("_rels/")
    return folder + name.removesuffix(".rels")


def checked(docx: bytes, template: str) -> bytes:
    """The document without an attached template; raises ``TemplateProblem`` for any
    other reference outside it."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        parts = {info.filename: z.read(info) for info in z.infolist()}
    changed: dict[str, bytes] = {}
    for name, data in parts.items():
        if name.endswith(".rels"):
            kept = _relationships(name, data, template)
            if kept is not None:
                changed[name], dropped = kept
                owner = _owner(name)
                if owner in parts and dropped:
                    changed[owner] = _without_references(parts[owner], dropped)
        elif name.endswith(".xml") and name.startswith("word/"):
            _fields_and_sources(name, data, template)
    if not changed:
        return docx
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, changed.get(info.filename, parts[info.filename]))
    return out.getvalue()


def _relationships(name: str, data: bytes, template: str) -> tuple[bytes, set[str]] | None:
    root = etree.fromstring(data, strict_parser())
    dropped = set()
    for rel in list(root):
        if rel.get("TargetMode") != "External":
            if _kind(rel.get("Type", "")) == "aFChunk":
                raise _refuse(template, name, "aFChunk", rel.get("Target", ""))
            continue
        kind, target = _kind(rel.get("Type", "")), rel.get("Target", "")
        if kind == "hyperlink" and KEPT_LINK.match(target):
            continue
        if kind == "attachedTemplate":
            dropped.add(rel.get("Id"))
            root.remove(rel)
            continue
        raise _refuse(template, name, kind, target)
    if not dropped:
        return None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), dropped


def _without_references(data: bytes, ids: set[str]) -> bytes:
    """The part without the elements that refer to the relationships ``ids``."""
    root = etree.fromstring(data, strict_parser())
    for el in list(root.iter()):
        if el.get(f"{{{R_NS}}}id") in ids and el.getparent() is not None:
            el.getparent().remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_MAY_REACH = (b"instrText", b"fldSimple", b"src=", b"href=")


def _fields_and_sources(name: str, data: bytes, template: str) -> None:
    if not any(marker in data for marker in _MAY_REACH):
        return  # most parts (styles, numbering, fonts) cannot: not worth parsing
    root = etree.fromstring(data, strict_parser())
    codes = [el.text or "" for el in root.iter(f"{W}instrText")]
    codes += [el.get(f"{W}instr", "") for el in root.iter(f"{W}fldSimple")]
    found = PULLING_FIELDS.search(" ".join(codes))
    if found:
        raise TemplateProblem(template, f"has a field ({found[1].upper()}, in {name}) that "
                              "brings in content from another file or program; the toolkit "
                              "does not follow it. Remove the field (Alt+F9 shows field codes) "
                              "and paste the content itself.")
    for value in root.xpath("//@*[local-name()='src' or local-name()='href']"):
        if value and not value.startswith("#"):
            raise _refuse(template, name, "image", str(value))


def _refuse(template: str, part: str, kind: str, target: str) -> TemplateProblem:
    shown = target if len(target) <= 100 else target[:97] + "…"
    what = _WHAT.get(kind, f"a reference ({kind}) to {{target}} outside the document: remove "
                           "it")
    return TemplateProblem(template, f"has {what.format(target=repr(shown))} (in {part}). The "
                           "toolkit writes documents that reach nothing outside themselves.")
