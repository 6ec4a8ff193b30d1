"""Each value a tag writes from a record becomes a hidden range of the rendered document:
runs are cut at the value and keep their formatting, every marker is removed wherever a
template wrote it, and the documents stay valid WordprocessingML."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from markupsafe import Markup

from wsis_report.documents.errors import TemplateProblem
from wsis_report.documents.provenance import sourced
from wsis_report.documents.ranges import ALPHABET, Bookmarker, Marks
from wsis_report.documents.rendering.render import render_mapped
from wsis_report.pipeline import build

from fixtures import OOXML_SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_w = "{%s}" % W


def template(tmp_path: Path, *paragraphs: tuple[str, bool]) -> Path:
    """A Word template of ``(text, bold)`` paragraphs, each one run."""
    document = docx.Document()
    for text, bold in paragraphs:
        document.add_paragraph().add_run(text).bold = bold
    path = tmp_path / "t.docx"
    document.save(path)
    return path


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def city(text: str = "Geneva", key: str = "consultation:G2") -> str:
    return sourced(text, (key, "city"))


def test_a_value_is_bookmarked_and_the_runs_around_it_keep_their_formatting(tmp_path):
    path = template(tmp_path, ("Held in {{ place }}, {{ country }} ({{ plain }}).", True))
    data, _, ranges = render_mapped(path, {"place": city(),
                                           "country": sourced("Switzerland",
                                                              ("consultation:G2", "country")),
                                           "plain": "typed"})
    assert ranges == {"_wsis_v00001": (("consultation:G2", "city"),),
                      "_wsis_v00002": (("consultation:G2", "country"),)}
    p = next(p for p in body(data).iter(f"{_w}p") if "Held" in "".join(p.itertext()))
    pieces = []
    for el in p:
        if el.tag == f"{_w}r":
            assert el.find(f"{_w}rPr/{_w}b") is not None  # every piece still bold
            pieces.append(el.findtext(f"{_w}t"))
        elif el.tag in (f"{_w}bookmarkStart", f"{_w}bookmarkEnd"):
            pieces.append(el.get(f"{_w}name", "/"))
    assert pieces == ["Held in ", "_wsis_v00001", "Geneva", "/", ", ", "_wsis_v00002",
                      "Switzerland", "/", " (typed)."]
    assert not any(c in etree.tostring(p, encoding="unicode") for c in ALPHABET)


def test_a_value_shown_twice_is_two_ranges_of_one_origin(tmp_path):
    path = template(tmp_path, ("{% set t %}{{ place }}{% endset %}{{ t }} and {{ t }}", False))
    data, _, ranges = render_mapped(path, {"place": city()})
    assert list(ranges.values()) == [(("consultation:G2", "city"),)] * 2
    assert "".join(body(data).itertext()).count("Geneva") == 2


def test_join_present_and_date_range_keep_each_origin(tmp_path):
    from datetime import date

    path = template(tmp_path, ("{{ [c.start|date_range(c.end), c.city]|join_present }}", False))
    c = {"start": sourced(date(2024, 5, 21), ("consultation:G1", "start")),
         "end": sourced(date(2024, 5, 23), ("consultation:G1", "end")), "city": city("Kyoto")}
    _, _, ranges = render_mapped(path, {"c": c})
    assert list(ranges.values()) == [(("consultation:G1", "start"), ("consultation:G1", "end")),
                                     (("consultation:G2", "city"),)]


def test_a_value_holding_a_marker_character_is_refused(tmp_path):
    path = template(tmp_path, ("{{ place }}", False))
    with pytest.raises(TemplateProblem, match="U\\+FDD0–U\\+FDEF"):
        render_mapped(path, {"place": "Gen\ufdd0eva"})


def test_markers_anywhere_else_are_removed_and_a_half_range_is_dropped():
    marks = Marks()
    marked = str(marks.mark(city(), Markup("Geneva"), Markup))
    code = marked[1:marked.index("\ufdd2")]
    xml = (f'<w:body xmlns:w="{W}"><w:p><w:r><w:instrText>{marked}</w:instrText></w:r>'
           f'<w:r><w:t>{marked[:-3]}</w:t></w:r></w:p>'
           f'<w:p w:rsidR="{marked}"><w:r><w:t>x{marked}y</w:t></w:r></w:p></w:body>')
    root = etree.fromstring(xml)
    marker = Bookmarker(marks, 1)
    marker.part(root)
    out = etree.tostring(root, encoding="unicode")
    assert not any(c in out for c in ALPHABET) and code
    # the field code and the attribute keep their text; the value cut in the middle gets no
    # range; the whole one does, its run cut in three
    assert root.findtext(f".//{_w}instrText") == "Geneva"
    assert list(marker.ranges) == ["_wsis_v00002"]
    last = root.findall(f"{_w}p")[1]
    assert [el.findtext(f"{_w}t") or el.get(f"{_w}name", "/") for el in last] == \
        ["x", "_wsis_v00002", "Geneva", "/", "y"]


def _transitional(root: etree._Element) -> etree._Element:
    """The part as ISO/IEC 29500 Transitional has it: markup-compatibility choices resolved
    to their fallback, extensions of later Word versions left out."""
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    keep = {W, "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
            "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
            "http://schemas.openxmlformats.org/drawingml/2006/main",
            "http://schemas.openxmlformats.org/drawingml/2006/picture",
            "http://schemas.openxmlformats.org/drawingml/2006/chart",
            "http://www.w3.org/XML/1998/namespace"}
    for alt in list(root.iter(f"{{{mc}}}AlternateContent")):
        fallback = alt.find(f"{{{mc}}}Fallback")
        for child in list(fallback) if fallback is not None else []:
            alt.addprevious(child)
        alt.getparent().remove(alt)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and etree.QName(el).namespace not in keep:
            el.getparent().remove(el)
            continue
        for name in [a for a in el.attrib if a.startswith("{")]:
            if etree.QName(name).namespace not in keep:
                del el.attrib[name]
    return root


@pytest.fixture(scope="module")
def wml_schema() -> etree.XMLSchema:
    folder = (OOXML_SCHEMAS / "transitional").resolve()
    text = (folder / "wml.xsd").read_bytes().replace(  # xml:space, from the local copy
        b'<xsd:import namespace="http://www.w3.org/XML/1998/namespace"/>',
        b'<xsd:import namespace="http://www.w3.org/XML/1998/namespace" '
        b'schemaLocation="../local/xml.xsd"/>')
    return etree.XMLSchema(etree.fromstring(text, base_url=str(folder / "wml.xsd")))


def test_built_documents_with_their_ranges_are_valid_wordprocessingml(wml_schema, tmp_path):
    for doc in build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates",
                     tmp_path):
        ids, names = [], []
        with zipfile.ZipFile(doc.path) as z:
            for name in z.namelist():  # no marker left in any part, text or attribute
                text = z.read(name).decode("utf-8", "replace") if name.endswith(
                    (".xml", ".rels")) else ""
                assert not any(c in text for c in ALPHABET), name
            for part in [n for n in z.namelist() if n == "word/document.xml"
                         or n.startswith(("word/header", "word/footer"))]:
                root = etree.fromstring(z.read(part))
                ids += root.xpath("//w:bookmarkStart/@w:id", namespaces={"w": W})
                names += root.xpath("//w:bookmarkStart/@w:name", namespaces={"w": W})
                assert wml_schema.validate(_transitional(root)), \
                    (doc.path.name, part, str(wml_schema.error_log)[:500])
        assert len(ids) == len(set(ids)) and len(names) == len(set(names))
        assert sum(n.startswith("_wsis_v") for n in names) > 100


@pytest.mark.parametrize("pieces", [["{{ place }}", "\t", "after"],
                                    ["before", "\t", "{{ place }}", "\t", "after"],
                                    ["before", "\t", "{{ place }}"]])
def test_a_value_that_fills_a_text_of_a_run_with_tabs_is_cut_out_of_it(tmp_path, pieces):
    document = docx.Document()
    run = document.add_paragraph().add_run()
    run.italic = True
    for piece in pieces:
        run.add_tab() if piece == "\t" else run.add_text(piece)
    path = tmp_path / "tabs.docx"
    document.save(path)
    data, _, ranges = render_mapped(path, {"place": city()})
    p = next(p for p in body(data).iter(f"{_w}p") if "Geneva" in "".join(p.itertext()))
    seen = []
    for el in p:
        if el.tag == f"{_w}r":
            assert el.find(f"{_w}rPr/{_w}i") is not None
            seen += ["\t" if c.tag == f"{_w}tab" else c.text for c in el if c.tag != f"{_w}rPr"]
        else:
            seen.append(el.tag.split("}")[1])
    expected = [p if p != "{{ place }}" else ["bookmarkStart", "Geneva", "bookmarkEnd"]
                for p in pieces]
    assert seen == [x for p in expected for x in (p if isinstance(p, list) else [p])]
    assert list(ranges) == ["_wsis_v00001"]


def test_a_value_in_a_footnote_is_a_range_too(tmp_path):
    from zip_parts import with_note

    path = template(tmp_path, ("Body {{ place }}", False))
    with_note(path, "footnote", "Held in {{ place }}.")
    data, _, ranges = render_mapped(path, {"place": city()})
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    named = [b.get(f"{_w}name") for b in notes.iter(f"{_w}bookmarkStart")]
    assert named == ["_wsis_v00002"] and len(ranges) == 2
    assert "Held in Geneva." in "".join(notes.itertext())
