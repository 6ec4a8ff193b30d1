"""The snapshot a document carries of what it was built from, in a custom XML part.

A custom XML part (ECMA-376 Part 1, §22.5) travels with the document through Word,
LibreOffice and python-docx saves, where document variables and unknown parts do not.
The part holds one element whose text is the snapshot as canonical JSON, and whose
``sha256`` attribute is that JSON's hash, so that a hand-edited snapshot is refused
rather than trusted. Office programs may renumber the part (``customXml/item3.xml``),
so it is found by its namespace, not its name.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
import zipfile
from html import escape, unescape
from pathlib import Path
from typing import Any

from ...inputs.reading.container import DocumentProblem, inspect_docx

NAMESPACE = "urn:wsis-report:snapshot"
# 2: the map names the hidden range of every value a tag wrote ("ranges"), and each block's
# template prose. A document of version 1 (its map by paragraph only) is still read.
VERSION = 2
FORMAT = "wsis-report snapshot"
_ITEM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_PROPS_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
              "customXmlProps")
_PROPS_TYPE = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
_ELEMENT = re.compile(r'<(?:\w+:)?snapshot\b[^>]*\bxmlns(?::\w+)?="' + re.escape(NAMESPACE)
                      + r'"[^>]*>(.*?)</(?:\w+:)?snapshot>', re.S)
_ATTRS = re.compile(r'\b(version|sha256)="([^"]*)"')


class SnapshotProblem(Exception):
    """A document whose snapshot is missing, newer than this toolkit, or damaged."""


def new_snapshot(*, stage: str, as_of: str | None, title: str, toolkit: str,
                 sources: dict[str, str], records: list[dict[str, Any]],
                 paragraphs: list[dict[str, Any]],
                 ranges: dict[str, Any] | None = None) -> dict[str, Any]:
    """The record a document carries: what it is, what it was built from (the same
    hashes as its custom properties), every fact with its cells, its paragraph map, and
    the origins (record key, field) of each hidden range, by the range's name."""
    return {"format": FORMAT, "version": VERSION, "stage": stage, "as_of": as_of,
            "title": title, "toolkit": toolkit,
            "sources": {k.removeprefix("sha256:"): v for k, v in sources.items()
                        if k.startswith("sha256:")},
            "records": records, "paragraphs": paragraphs,
            "ranges": dict(ranges or {})}  # (key, field) pairs: JSON lists once written


def canonical(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def embed(docx: bytes, snapshot: dict[str, Any], document_xml: bytes | None = None) -> bytes:
    """``docx`` with ``snapshot`` added as a custom XML part of the main document (and its
    document part replaced by ``document_xml``, saving a second pass over the zip)."""
    text = canonical(snapshot)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, NAMESPACE + digest)).upper() + "}"
    with zipfile.ZipFile(io.BytesIO(docx)) as zin:
        names = zin.namelist()
        n = 1 + max((int(m) for m in re.findall(r"customXml/item(\d+)\.xml", " ".join(names))),
                    default=0)
        item, props = f"customXml/item{n}.xml", f"customXml/itemProps{n}.xml"
        added = {
            item: (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<wsis:snapshot '
                   f'xmlns:wsis="{NAMESPACE}" version="{snapshot.get("version", VERSION)}" '
                   f'sha256="{digest}">'
                   f"{escape(text, quote=False)}</wsis:snapshot>"),
            props: ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ds:datastoreItem '
                    'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" '
                    f'ds:itemID="{item_id}"><ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/>'
                    "</ds:schemaRefs></ds:datastoreItem>"),
            f"customXml/_rels/item{n}.xml.rels": _rels(
                f'<Relationship Id="rId1" Type="{_PROPS_REL}" Target="itemProps{n}.xml"/>'),
        }
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == "[Content_Types].xml":
                    data = _with_type(data.decode("utf-8"), props).encode("utf-8")
                elif info.filename == "word/_rels/document.xml.rels":
                    data = _with_relationship(data.decode("utf-8"), item).encode("utf-8")
                elif info.filename == "word/document.xml" and document_xml is not None:
                    data = document_xml
                zout.writestr(info, data)
            for name, xml in added.items():
                zout.writestr(name, xml.encode("utf-8"))
    return out.getvalue()


def _rels(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
            f'"http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>')


def _with_type(xml: str, props: str) -> str:
    override = f'<Override PartName="/{props}" ContentType="{_PROPS_TYPE}"/>'
    if 'Extension="xml"' not in xml:
        override += '<Default Extension="xml" ContentType="application/xml"/>'
    return xml.replace("</Types>", override + "</Types>")


def _with_relationship(xml: str, item: str) -> str:
    used = {int(i) for i in re.findall(r'Id="rId(\d+)"', xml)}
    rid = f"rId{max(used, default=0) + 1}"
    return xml.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{_ITEM_REL}" '
                       f'Target="../{item}"/></Relationships>')


def read_snapshot(path: Path) -> dict[str, Any]:
    """The snapshot that the document at ``path`` carries. Raises ``SnapshotProblem`` in
    plain words when the file is not a safe .docx, carries none, or carries one that is
    newer than this toolkit or was changed by hand."""
    try:
        inspect_docx(path)
    except DocumentProblem as exc:
        raise SnapshotProblem(f"{path}: {exc.message}. {exc.hint}") from None
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("customXml/item")
                           and "Props" not in n and n.endswith(".xml")):
            xml = z.read(name).decode("utf-8", "replace")
            found = _ELEMENT.search(xml)
            if found:
                return _checked(path, _parse(path, name, xml[:found.start(1)],
                                             found.group(1)))
    raise SnapshotProblem(
        f"{path} carries no snapshot of the facts it was built from: it was not built by "
        "wsis-report, or by a version before 0.2. Build it again from the inputs of its stage "
        "(make-report --stage S --force) and compare that.")


def _parse(path: Path, part: str, start_tag: str, body: str) -> dict[str, Any]:
    attrs = dict(_ATTRS.findall(start_tag))
    where = f"{path} › {part}"
    try:
        version = int(attrs.get("version", ""))
    except ValueError:
        raise SnapshotProblem(f"{where}: the snapshot has no version number; it was changed "
                              "by hand. Build the document again.") from None
    if version > VERSION:
        raise SnapshotProblem(f"{where}: the snapshot is of version {version}, newer than this "
                              f"toolkit understands ({VERSION}). Update wsis-report.")
    text = unescape(body)
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != attrs.get("sha256"):
        raise SnapshotProblem(f"{where}: the snapshot does not match its own checksum, so it "
                              "was changed after the build. Build the document again from its "
                              "inputs.")
    try:
        snapshot = json.loads(text)
    except (ValueError, RecursionError):  # nested past Python's limit: not ours either
        raise SnapshotProblem(f"{where}: the snapshot is not valid JSON. Build the document "
                              "again from its inputs.") from None
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise SnapshotProblem(f"{where}: this is not a wsis-report snapshot.")
    inner = snapshot.get("version")
    if isinstance(inner, int) and inner > VERSION:  # the part's attribute said otherwise
        raise SnapshotProblem(f"{where}: the snapshot is of version {inner}, newer than this "
                              f"toolkit understands ({VERSION}). Update wsis-report.")
    return snapshot


def _checked(path: Path, snapshot: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` if it has the shape this toolkit reads (``shape.py``); otherwise the
    file is named with what is out of place."""
    from .shape import problem

    found = problem(snapshot)
    if found:
        raise SnapshotProblem(f"{path}: its snapshot {found}, so it was not written by this "
                              "toolkit as it stands. Build the document again from its "
                              "inputs.")
    return snapshot


def snapshot_of_inputs(folder: Path, stage: str) -> dict[str, Any]:
    """The snapshot the workbooks in ``folder`` would give a document of ``stage`` now.
    Raises ``InputError`` when they do not pass the check of that stage."""
    from ...inputs.issues import InputError
    from ...inputs.contract.stages import get_stage
    from ...inputs.validate import read_inputs
    from .facts import fact_records

    chosen = get_stage(stage)
    inputs, report = read_inputs(folder, [chosen])
    if inputs is None or not report.valid:
        raise InputError(report)
    document = inputs.documents[chosen.name]
    return new_snapshot(stage=stage, as_of=document.date and document.date.isoformat(),
                        title=document.title, toolkit="", sources={},
                        records=fact_records(inputs, document.date), paragraphs=[])
