"""Editing the parts of a zip package (a workbook, a document) in place, for tests."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Callable, Iterable


def rezip(path: Path, change: Callable[[str, bytes], bytes | None],
          extra: Iterable[tuple[str, bytes]] = ()) -> None:
    """Rewrites the zip at ``path`` with each part passed through ``change``
    (``None`` drops it), then adds the ``extra`` (name, data) parts."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            data = change(name, data)
            if data is not None:
                z.writestr(name, data)
        for name, data in extra:
            z.writestr(name, data)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def with_note(path: Path, kind: str, text: str) -> None:
    """Adds a ``kind`` ("footnote" or "endnote") holding ``text``, referred to from a
    new last paragraph, to the Word document or template at ``path``."""
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind}s {W}>'
             f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             f'</w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
             f'<w:continuationSeparator/></w:r></w:p></w:{kind}><w:{kind} w:id="1"><w:p>'
             f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:{kind}></w:{kind}s>')
    edits = {
        "[Content_Types].xml": (b"</Types>", f'<Override PartName="/word/{kind}s.xml" '
                                f'ContentType="application/vnd.openxmlformats-officedocument.'
                                f'wordprocessingml.{kind}s+xml"/></Types>'),
        "word/_rels/document.xml.rels": (b"</Relationships>", f'<Relationship Id="rId{kind}s" '
                                         f'Type="{REL}/{kind}s" Target="{kind}s.xml"/>'
                                         '</Relationships>'),
        "word/document.xml": (b"<w:sectPr", f'<w:p><w:r><w:{kind}Reference w:id="1"/></w:r>'
                              '</w:p><w:sectPr'),
    }

    def change(name: str, data: bytes) -> bytes:
        if name not in edits:
            return data
        old, new = edits[name]
        return data.replace(old, new.encode(), 1)

    rezip(path, change, extra=[(f"word/{kind}s.xml", notes.encode())])
