"""Checks that an Office file is valid for Microsoft Office, two ways.

1. Microsoft's Open XML SDK validator (``sdk_findings``): the SDK itself, built to
   WebAssembly, in the npm package @ooxml-tools/validate, which ``.ci/run`` installs into
   ``tests/node`` from its lock file (npm ci); ``ooxml_sdk.mjs`` validates many files in one
   Node process (the runtime takes seconds to start). It knows what Office knows: element
   order as Office reads it, value ranges (an axis id up to 2**31 - 1), Office's extensions.
2. The ISO/IEC 29500 Transitional and OPC schemas in tests/fixtures/ooxml-schemas
   (``schema_findings``), with lxml. The schemas know nothing of Markup Compatibility
   (ISO/IEC 29500-3), which every Office file relies on, so each part is first read as a
   consumer that understands only those schemas must read it: elements and attributes of
   namespaces declared ignorable (mc:Ignorable) that the schemas do not define are dropped,
   and each mc:AlternateContent is replaced by its first mc:Choice whose required
   namespaces are understood, else by its mc:Fallback. Anything else foreign stays and is
   reported. A part whose root is in a namespace no schema defines (a custom XML part, an
   Office extension part) is listed as not checked, never silently passed. One erratum of
   the 2008 schemas is allowed for (``_spaces_in_cell_text``).
"""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

from fixtures import OOXML_SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
SDK_MODULE = ROOT / "tests" / "node" / "node_modules" / "@ooxml-tools" / "validate" / "dist" \
    / "npm" / "index.js"
SDK_SCRIPT = Path(__file__).with_name("ooxml_sdk.mjs")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- Microsoft's Open XML SDK ------------------------------------------------------------------
def sdk_available() -> bool:
    return SDK_MODULE.is_file() and bool(_node())


def _node() -> str | None:
    from shutil import which

    return which("node")


def sdk_findings(paths: list[Path], office: str = "Microsoft365") -> dict[Path, list[str]]:
    """Every error the Open XML SDK finds in each file, as "part xpath: description"."""
    result = subprocess.run([_node(), str(SDK_SCRIPT), str(SDK_MODULE), office,
                             *(str(p) for p in paths)],
                            capture_output=True, timeout=600, check=True)
    found = json.loads(result.stdout)
    return {Path(p): [f"{e['path']['partUri']} {e['path']['xpath']}: {e['description']}"
                      for e in found[str(p)]] for p in paths}


# --- ISO/IEC 29500 schemas ---------------------------------------------------------------------
@lru_cache(maxsize=1)
def _schema() -> tuple[etree.XMLSchema, frozenset[str]]:
    """One schema importing every namespace of the fixtures, and those namespaces."""
    files = sorted((OOXML_SCHEMAS / "local").glob("*.xsd")) + sorted(
        (OOXML_SCHEMAS / "opc").glob("*.xsd")) + sorted(
        (OOXML_SCHEMAS / "transitional").glob("*.xsd"))
    spaces = {f: etree.parse(str(f)).getroot().get("targetNamespace") for f in files}
    # xml.xsd first: several schemas import the XML namespace without a location
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{f.as_uri()}"/>'
                      for f, ns in sorted(spaces.items(), key=lambda i: i[1] != XML_NS))
    master = ('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" '
              f'elementFormDefault="qualified">{imports}</xs:schema>')
    return etree.XMLSchema(etree.fromstring(master)), frozenset(spaces.values())


def understood() -> frozenset[str]:
    return _schema()[1] | {XML_NS}


def as_consumer_reads(root: etree._Element, known: frozenset[str]) -> etree._Element:
    """``root`` after Markup Compatibility processing by a consumer that understands the
    namespaces ``known`` (ISO/IEC 29500-3: Ignorable, AlternateContent)."""
    _process(root, known, frozenset())
    return root


def _namespaces(element: etree._Element, prefixes: str | None) -> set[str]:
    return {element.nsmap.get(p) for p in (prefixes or "").split()} - {None}


def _process(element: etree._Element, known: frozenset[str], ignorable: frozenset[str]) -> None:
    ignorable = ignorable | (_namespaces(element, element.get(f"{{{MC}}}Ignorable")) - known)
    for name in [n for n in element.attrib if n.startswith("{")]:
        space = name[1:].split("}")[0]
        if space == MC or space in ignorable:
            del element.attrib[name]
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        space = child.tag[1:].split("}")[0] if child.tag.startswith("{") else ""
        if child.tag == f"{{{MC}}}AlternateContent":
            chosen = next((c for c in child if c.tag == f"{{{MC}}}Choice"
                           and _namespaces(c, c.get("Requires")) <= known), None)
            if chosen is None:
                chosen = child.find(f"{{{MC}}}Fallback")
            index = element.index(child)
            element.remove(child)
            for offset, grandchild in enumerate(list(chosen) if chosen is not None else []):
                element.insert(index + offset, grandchild)
                _process(grandchild, known, ignorable)
        elif space in ignorable:
            element.remove(child)
        else:
            _process(child, known, ignorable)


def schema_findings(path: Path) -> tuple[list[str], list[str]]:
    """The schema errors of every XML part of the package at ``path`` (after Markup
    Compatibility processing), and the parts not checked (no schema for their root)."""
    schema, spaces = _schema()
    known = understood()
    errors, unchecked = [], []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not (name.endswith(".xml") or name.endswith(".rels") or name.endswith(".vml")):
                continue
            root = etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False))
            # a legacy VML drawing (comment boxes) wraps its shapes in a bare <xml>
            roots = list(root) if root.tag == "xml" and name.endswith(".vml") else [root]
            if any(etree.QName(r).namespace not in spaces for r in roots):
                unchecked.append(name)
                continue
            for part in roots:
                as_consumer_reads(part, known)
                _spaces_in_cell_text(part)
                if not schema.validate(part):
                    errors += [f"{name}:{e.line}: {e.message}" for e in schema.error_log]
    return errors, unchecked


def _spaces_in_cell_text(root: etree._Element) -> None:
    """The one erratum allowed for: the 2008 schemas type SpreadsheetML's text element t as a
    bare string, without the xml:space="preserve" that keeps a run's leading or trailing
    spaces; Excel writes it on t itself, and Microsoft's SDK declares it. Removed from t
    only, before validating."""
    for t in root.iter(f"{{{SML}}}t"):
        t.attrib.pop(f"{{{XML_NS}}}space", None)


def in_ci() -> bool:
    return bool(os.environ.get("CI"))
