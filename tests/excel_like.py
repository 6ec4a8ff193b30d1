"""Rewrites a workbook saved by openpyxl the way Excel stores text: in a shared
strings table, not inline in each cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_INLINE = re.compile(r'<c r="([A-Z]+\d+)"([^>]*?) t="inlineStr"([^>]*)><is>(.*?)</is></c>', re.S)
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(path: Path) -> Path:
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    table: dict[str, int] = {}

    def share(match: re.Match) -> str:
        ref, before, after, rich = match.groups()
        index = table.setdefault(rich, len(table))
        return f'<c r="{ref}"{before} t="s"{after}><v>{index}</v></c>'

    for name in [n for n in parts if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)]:
        parts[name] = _INLINE.sub(share, parts[name].decode("utf-8")).encode("utf-8")
    items = "".join(f"<si>{rich}</si>" for rich in table)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>').encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SST_TYPE}"/>'
                    "</Types>").encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Type="{SST_REL}" Target="sharedStrings.xml" '
                            'Id="rIdShared"/></Relationships>').encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path
