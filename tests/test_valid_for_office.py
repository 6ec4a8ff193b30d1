"""Every Office file the toolkit writes is valid for Microsoft Office: no finding from
Microsoft's Open XML SDK validator, none from the ISO/IEC 29500 Transitional schemas
(tests/ooxml_validation.py says how each is run). Each file is validated once."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from office_tools import need
from ooxml_validation import (MC, as_consumer_reads, schema_findings, sdk_available,
                              sdk_findings, understood)

KINDS = {"progress", "draft", "ecosoc", "deck", "native charts", "redline", "changes",
         "matrix", "blank consultations.xlsx", "blank report.xlsx", "blank survey.xlsx",
         "annotated consultations.annotated.xlsx", "annotated survey.annotated.xlsx"}


def test_every_kind_of_file_is_checked(office_files):
    assert set(office_files) == KINDS
    with zipfile.ZipFile(office_files["changes"]) as z:  # the reworded message, in rich text
        assert b"<strike" in z.read("xl/worksheets/sheet1.xml") + b"".join(
            z.read(n) for n in z.namelist() if n.endswith("sharedStrings.xml"))


def test_microsofts_validator_finds_nothing(office_files):
    need(sdk_available() or None, "the Open XML SDK validator (npm @ooxml-tools/validate)")
    found = sdk_findings(list(office_files.values()))
    assert {kind: found[path] for kind, path in office_files.items() if found[path]} == {}


@pytest.fixture(scope="module")
def schema_results(office_files):
    return {kind: schema_findings(path) for kind, path in office_files.items()}


def test_the_iso_schemas_find_nothing(schema_results):
    assert {kind: errors for kind, (errors, _) in schema_results.items() if errors} == {}


def test_only_parts_no_schema_defines_go_unchecked(schema_results):
    """What the schemas cannot check is named: the snapshot each document carries (a custom
    XML part of the toolkit's own) and Word 2010+'s comment parts in the reviewed copy."""
    unchecked = {name for _, (_, names) in schema_results.items() for name in names}
    assert unchecked == {"customXml/item2.xml"}, unchecked


def _with(path: Path, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, change(data) if item.filename == part else data)
    return out.getvalue()


def test_both_validators_report_what_office_refuses(office_files, tmp_path):
    """The checks above would fail: a negative chart axis id (as python-pptx writes it) is
    reported by both; a font in openpyxl's order by the SDK, which reads Office's order."""
    chart = tmp_path / "axis.docx"
    chart.write_bytes(_with(office_files["native charts"], "word/charts/chart1.xml",
                            lambda x: x.replace(b'<c:axId val="1001"/>',
                                                b'<c:axId val="-2068027336"/>', 1)))
    font = tmp_path / "font.xlsx"
    font.write_bytes(_with(office_files["matrix"], "xl/styles.xml",
                           lambda x: re.sub(rb"<font><b val=\"1\"/></font>",
                                            b'<font><name val="Calibri"/><b val="1"/></font>', x)))
    errors, _ = schema_findings(chart)
    assert any("axId" in e and "-2068027336" in e for e in errors), errors
    if sdk_available():
        found = sdk_findings([chart, font])
        assert any("axId" in e for e in found[chart]), found[chart]
        assert any("styles.xml" in e and "unexpected child element" in e for e in found[font])


def test_markup_compatibility_is_read_as_a_consumer_reads_it():
    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    w14 = "http://schemas.microsoft.com/office/word/2010/wordml"
    root = etree.fromstring(
        f'<w:document xmlns:w="{w}" xmlns:w14="{w14}" xmlns:mc="{MC}" xmlns:x="urn:x" '
        'mc:Ignorable="w14"><w:body><w:p w14:paraId="1"><w14:extra/>'
        '<mc:AlternateContent><mc:Choice Requires="w14"><w14:new/></mc:Choice>'
        '<mc:Fallback><w:r/></mc:Fallback></mc:AlternateContent><x:foreign/></w:p>'
        '</w:body></w:document>')
    p = as_consumer_reads(root, understood())[0][0]
    # the ignorable attribute and element go, the fallback replaces the choice it cannot
    # take, and a foreign element that was not declared ignorable stays, to be reported
    assert [etree.QName(c).localname for c in p] == ["r", "foreign"]
    assert not p.attrib and MC not in etree.tostring(root).decode().split("xmlns:mc")[0]
