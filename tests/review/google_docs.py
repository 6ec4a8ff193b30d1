"""A copy as Google Docs exports one, made from a copy the toolkit's reader knows: no
custom XML parts (the snapshot), no document properties, every bookmark renamed as Google
names headings' ("_heading=h.…") and the others ("kix.…"), paragraph ids renumbered
from 00000001, and, optionally, the reviewer's own edits made without tracking."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path


def google_docs_export(source: Path, target: Path, edits: dict[str, str] | None = None) -> Path:
    """``source`` as Google Docs exports it; ``edits`` replaces text (old -> new) in the
    body as typed without tracking."""
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    kept = {n: d for n, d in parts.items()
            if not n.startswith(("customXml/", "docProps/"))}
    rels = kept["word/_rels/document.xml.rels"].decode()
    rels = re.sub(r'<Relationship [^>]*Target="\.\./customXml/[^"]*"/>', "", rels)
    kept["word/_rels/document.xml.rels"] = rels.encode()
    root_rels = kept["_rels/.rels"].decode()
    kept["_rels/.rels"] = re.sub(r'<Relationship [^>]*Target="/?docProps/[^"]*"/>', "",
                                 root_rels).encode()
    types = kept["[Content_Types].xml"].decode()
    types = re.sub(r'<Override PartName="/(customXml|docProps)/[^"]*"[^>]*/>', "", types)
    kept["[Content_Types].xml"] = types.encode()
    counter = iter(range(1, 10**6))
    ids: dict[str, str] = {}
    for name in [n for n in kept if n.startswith("word/") and n.endswith(".xml")]:
        xml = kept[name].decode()
        xml = re.sub(r'w:name="_wsis_[^"]*"', lambda m: f'w:name="kix.{next(counter):08x}"', xml)
        xml = re.sub(r'(w1[45]:paraId(?:Parent)?)="([0-9A-F]{8})"', lambda m: '%s="%s"' % (
            m[1], ids.setdefault(m[2], f"{len(ids) + 1:08X}")), xml)
        if name == "word/document.xml":
            for old, new in (edits or {}).items():
                assert old in xml, old
                xml = xml.replace(old, new, 1)
        kept[name] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in kept.items():
            z.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target
