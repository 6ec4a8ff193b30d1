"""The Word templates in templates/ (written by tools/make_templates.py, then edited in Word).

Checked here on their own, without the toolkit: the UN styles and the numbering, the page,
that every Jinja tag is whole and uses only the names of docs/templates.md, the draft and
final marks, and a throwaway rendering with stand-in filters and a small fake context.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path
from types import SimpleNamespace as NS

import docx
import jinja2
import pytest

from wsis_report.documents.house_style import prose, style
from wsis_report.documents.footnotes import Notes, apply as apply_notes
from wsis_report.documents.footnotes import functions as note_functions
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt
from docxtpl import DocxTemplate, InlineImage
from jinja2 import nodes
from lxml import etree
from PIL import Image

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "templates"
BODY = "_report-body.docx"
ALL = ["progress.docx", "draft.docx", "ecosoc.docx", BODY]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
UN_STYLES = ["UN Paragraph", "UN Numbered Paragraph", "UN Annex Paragraph", "UN Recommendation",
             "UN Sub-item",
             "UN Chapter", "UN Section", "UN Subsection", "UN Title", "UN Subtitle",
             "UN Figure Title", "UN Figure Name", "UN Figure", "UN Source", "UN Table Text",
             "UN Table Heading", "UN Summary Heading", "UN Cover Note", "UN Masthead Top",
             "UN Masthead Organ", "UN Masthead Distr", "UN Masthead Session", "UN Masthead Note",
             "UN Draft Mark", "UN Running Head", "UN Tag"]
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


# --- the contract: docs/templates.md ------------------------------------------------------------

def contract() -> tuple[set[str], set[str], set[str], set[str]]:
    """Top-level names, documented ``name.attribute`` pairs, filters and globals."""
    text = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    names_part = text.split("## What a template can use")[1].split("## Filters")[0]
    filters_part = text.split("## Filters")[1]
    first_cells = [line.split("|")[1] for line in names_part.splitlines() if line.startswith("| `")]
    names = {token.split(".")[0] for cell in first_cells for token in re.findall(r"`([\w.]+)`", cell)}
    dotted = {t for t in re.findall(r"`(\w+\.\w+)`", names_part) if t.split(".")[0] in names}
    filters = set(re.findall(r"^\| `(\w+)", filters_part, re.M)) | {"length"}
    globals_ = set(re.findall(r"`(\w+)\(\)`", filters_part))
    return names, dotted, filters, globals_


NAMES, DOTTED, FILTERS, GLOBALS = contract()


def test_the_contract_is_read():
    assert {"doc", "survey", "consultations", "message_groups", "as_of"} <= NAMES
    assert {"doc.symbol", "survey.by_group", "questionnaire.circulated"} <= DOTTED
    assert {"un_date", "date_range", "pct", "letter", "footnote"} <= FILTERS
    assert GLOBALS == {"figure", "table", "table_notes"}


# --- styles, numbering, page ----------------------------------------------------------------

@pytest.fixture(scope="module", params=ALL)
def template(request):
    return request.param, docx.Document(TEMPLATES / request.param)


def _pPr(style):
    return style.element.find(f"{W}pPr")


def _num_id(style):
    while style is not None:
        num = _pPr(style).find(f"{W}numPr/{W}numId") if _pPr(style) is not None else None
        if num is not None:
            return num.get(f"{W}val")
        style = style.base_style
    return None


def test_styles_are_the_un_styles(template):
    _, doc = template
    styles = doc.styles
    assert not [n for n in UN_STYLES if n not in [s.name for s in styles]]
    normal = styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(10)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert normal.paragraph_format.line_spacing == Pt(12)
    assert _num_id(styles["UN Numbered Paragraph"]) is not None
    # an annex numbers its paragraphs from 1, in a list of its own
    assert _num_id(styles["UN Annex Paragraph"]) not in (None, _num_id(styles["UN Numbered "
                                                                            "Paragraph"]))
    recommendation = styles["UN Recommendation"]
    # (a)-(e) under their lead-in paragraph, in bold, not numbered paragraphs of their own
    assert recommendation.base_style.name == "UN Sub-item" and recommendation.font.bold
    assert styles["UN Source"].font.italic  # source lines in italics
    for name in ("UN Paragraph", "UN Sub-item", "UN Chapter", "UN Source", "UN Tag",
                 "UN Recommendation"):
        assert _num_id(styles[name]) is None, name
    for name, level in (("UN Chapter", "0"), ("UN Section", "1"), ("UN Subsection", "2")):
        style = styles[name]
        assert style.font.bold and style.paragraph_format.keep_with_next
        assert _pPr(style).find(f"{W}outlineLvl").get(f"{W}val") == level
    assert styles["UN Title"].font.size == Pt(16) and styles["UN Title"].font.bold
    assert abs(styles["UN Title"].paragraph_format.left_indent - Cm(2.5)) < Cm(0.05)
    assert styles["UN Source"].font.size == Pt(9) and styles["UN Table Text"].font.size == Pt(9)
    assert styles["UN Masthead Organ"].font.size == Pt(18)
    assert styles["UN Summary Heading"].font.italic
    sub = styles["UN Sub-item"].paragraph_format
    assert sub.left_indent > styles["UN Paragraph"].paragraph_format.left_indent
    assert sub.first_line_indent < 0  # hanging: "(a)<tab>text"


def test_numbered_paragraphs_are_one_decimal_list(template):
    _, doc = template
    num_id = _num_id(doc.styles["UN Numbered Paragraph"])
    numbering = doc.part.numbering_part.element
    (num,) = [n for n in numbering.findall(f"{W}num") if n.get(f"{W}numId") == num_id]
    assert num.find(f"{W}lvlOverride") is None
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    (abstract,) = [a for a in numbering.findall(f"{W}abstractNum")
                   if a.get(f"{W}abstractNumId") == abstract_id]
    (level,) = abstract.findall(f"{W}lvl")
    assert [level.find(f"{W}{tag}").get(f"{W}val") for tag in ("start", "numFmt", "lvlText")] \
        == ["1", "decimal", "%1."]


def test_every_template_has_the_same_style_definitions():
    def definitions(name):
        doc = docx.Document(TEMPLATES / name)
        return {s.name: etree.tostring(s.element) for s in doc.styles if s.name.startswith("UN ")}
    first = definitions(ALL[0])
    for name in ALL[1:]:
        assert definitions(name) == first, name


def test_page_is_a4_with_un_margins(template):
    _, doc = template
    for section in doc.sections:
        assert abs(section.page_width - Mm(210)) < Mm(1)
        assert abs(section.page_height - Mm(297)) < Mm(1)
        assert Cm(2.0) <= section.left_margin <= Cm(2.6)
        assert Cm(2.0) <= section.top_margin <= Cm(3.0)


# --- tags --------------------------------------------------------------------------------------

def xml_parts(name: str) -> dict[str, etree._Element]:
    """Body, headers and footers of a template, as Word stores them."""
    with zipfile.ZipFile(TEMPLATES / name) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)}


def run_text(run) -> str:
    return "".join(e.text or "" if e.tag == f"{W}t" else "\t" for e in run.iter(f"{W}t", f"{W}tab"))


def text_of(root) -> str:
    """A line per paragraph, tabs kept."""
    return "\n".join("".join(run_text(r) for r in p.iter(f"{W}r")) for p in root.iter(f"{W}p"))


def paragraph_texts(name: str):
    for part, root in xml_parts(name).items():
        for p in root.iter(f"{W}p"):
            yield part, p, [run_text(r) for r in p.iter(f"{W}r")]


def all_text(name: str) -> str:
    return "\n".join("".join(runs) for _, _, runs in paragraph_texts(name))


@pytest.mark.parametrize("name", ALL)
def test_each_tag_is_whole_within_one_run(name):
    for part, _, runs in paragraph_texts(name):
        for text in runs:
            rest = TAG.sub("", text)
            assert not any(d in rest for d in ("{{", "}}", "{%", "%}", "{#")), (part, text)


@pytest.mark.parametrize("name", ALL)
def test_paragraph_and_row_tags_stand_alone(name):
    for part, p, runs in paragraph_texts(name):
        text = "".join(runs)
        if "{%p" in text:
            assert re.fullmatch(r"\{%p [^{}%]+%\}", text), (part, text)
            assert len([r for r in runs if r]) == 1, text
        if "{%tr" in text:
            assert re.fullmatch(r"\{%tr [^{}%]+%\}", text), text
            cell = p.getparent()
            row = cell.getparent()
            cells = row.findall(f"{W}tc")
            assert cell is cells[0], text
            assert all(not "".join(c.itertext()).strip() for c in cells[1:]), text


@pytest.mark.parametrize("name", ["draft.docx", "ecosoc.docx"])
def test_draft_and_ecosoc_include_the_shared_body_once(name):
    includes = [t for _, _, runs in paragraph_texts(name) if "include" in (t := "".join(runs))]
    assert includes == ['{%p include "_report-body.docx" %}']
    assert (TEMPLATES / BODY).is_file()


def _environment() -> jinja2.Environment:
    """Parses only; the include is served as an empty text, the filters are stand-ins."""
    env = jinja2.Environment(loader=jinja2.DictLoader({BODY: ""}))
    env.filters.update(STAND_INS)
    return env


def _asts(name: str):
    tpl = DocxTemplate(TEMPLATES / name)
    tpl.init_docx()
    env = _environment()
    yield env.parse(tpl.patch_xml(tpl.get_xml()))
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            yield env.parse(tpl.patch_xml(tpl.get_part_xml(part)))


@pytest.mark.parametrize("name", ALL)
def test_tags_parse_and_use_only_documented_names(name):
    undeclared = DocxTemplate(TEMPLATES / name).get_undeclared_template_variables(_environment())
    assert undeclared <= NAMES | GLOBALS, undeclared - NAMES - GLOBALS
    for ast in _asts(name):
        used_filters = {f.name for f in ast.find_all(nodes.Filter)}
        assert used_filters <= FILTERS, used_filters - FILTERS
        for attr in ast.find_all(nodes.Getattr):
            if isinstance(attr.node, nodes.Name) and attr.node.name in NAMES:
                assert f"{attr.node.name}.{attr.attr}" in DOTTED, attr.attr
        for call in ast.find_all(nodes.Call):
            # a global, or a label counter's look ahead: figure.ahead(2), table.ahead(1)
            node = call.node
            if isinstance(node, nodes.Getattr):
                assert node.attr == "ahead" and isinstance(node.node, nodes.Name), node
                node = node.node
            assert isinstance(node, nodes.Name) and node.name in GLOBALS


def test_progress_uses_the_progress_names():
    undeclared = DocxTemplate(TEMPLATES / "progress.docx").get_undeclared_template_variables(
        _environment())
    assert {"doc", "timetable", "survey", "figures", "message_groups"} <= undeclared


# --- marks and masthead -------------------------------------------------------------------------

def test_ecosoc_has_the_masthead_and_no_draft_mark():
    with zipfile.ZipFile(TEMPLATES / "ecosoc.docx") as z:
        every_text = " ".join(
            "".join(etree.fromstring(z.read(n)).itertext()) for n in z.namelist()
            if n.startswith("word/") and n.endswith(".xml"))
    assert "Draft" not in every_text and "Advance unedited" not in every_text
    text = all_text("ecosoc.docx")
    for part in ("United Nations", "{{ doc.symbol }}", "Economic and Social Council",
                 "Distr.: General", "{{ doc.date|un_date }}", "Original: English",
                 "Item {{ doc.agenda_item }} of the provisional agenda{{ doc.agenda_symbol|"
                 'footnote(mark="*") }}', "Summary",
                 "Report of the Secretary-General"):
        assert part in text, part
    doc = docx.Document(TEMPLATES / "ecosoc.docx")
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    # page 1 has neither running head nor page number; its notes are footnotes with marks
    assert [p.text for p in section.first_page_footer.paragraphs] == [""]
    assert [p.text for p in section.first_page_header.paragraphs] == [""]
    assert '{{ doc.reason_late|footnote(mark="**" if doc.agenda_symbol and doc.agenda_item ' \
        'else "*") }}' in text
    # the masthead and the Summary are text, not layout tables, which a screen reader would
    # announce as tables without headers: no table in the template has no header row
    assert not doc.tables
    heading = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Summary")
    box = doc.paragraphs[heading:heading + 3]
    assert [p.style.name for p in box] == ["UN Summary Heading"] + ["UN Summary Text"] * 2
    # one box: the same borders and indents on every paragraph (the heading's style only
    # adds italics), so that Word and LibreOffice join them
    summary = doc.styles["UN Summary Text"]
    sides = summary.element.pPr.find(f"{W}pBdr")
    assert all(sides.find(f"{W}{s}").get(f"{W}val") == "single"
               for s in ("top", "left", "bottom", "right"))
    assert doc.styles["UN Summary Heading"].base_style == summary
    assert doc.styles["UN Summary Heading"].element.pPr is None or \
        doc.styles["UN Summary Heading"].element.pPr.find(f"{W}pBdr") is None
    # "Distr.: General" sits in the organ's line, at the Distr. lines' tab stop
    organ = next(p for p in doc.paragraphs if p.style.name == "UN Masthead Organ")
    assert organ.text == "Economic and Social Council\tDistr.: General"


@pytest.mark.parametrize("name", ["progress.docx", "_report-body.docx"])
def test_every_table_has_a_caption_and_a_description(name):
    """Word's Alt Text of a table (w:tblCaption, w:tblDescription), read out before it."""
    for table in docx.Document(TEMPLATES / name).tables:
        properties = table._tbl.tblPr
        caption = properties.find(f"{W}tblCaption").get(f"{W}val")
        description = properties.find(f"{W}tblDescription").get(f"{W}val")
        assert len(caption) > 10 and len(description) > len(caption), (caption, description)


def test_no_paragraph_is_left_empty_to_make_space_or_break_a_page():
    """An empty paragraph is read out as a blank: pages break before the paragraph that
    starts them, and space comes from the styles."""
    for name in ALL:
        empty = [p.style.name for p in docx.Document(TEMPLATES / name).paragraphs
                 if not p.text.strip()]
        assert not empty, name
    body = docx.Document(TEMPLATES / "_report-body.docx")
    assert [p.text for p in body.paragraphs if p.paragraph_format.page_break_before] == [
        "I.\tIntroduction", "Annex I", "Annex II", "Annex III"]


def test_draft_has_the_mark_on_every_page_and_the_cover():
    doc = docx.Document(TEMPLATES / "draft.docx")
    section = doc.sections[0]
    assert "Draft" in " ".join(p.text for p in section.header.paragraphs)
    # the cover has its own header, for the agenda note at its foot, and the mark too
    assert "Draft" in " ".join(p.text for p in section.first_page_header.paragraphs)
    text = all_text("draft.docx")
    # the pre-session document: the full masthead, as the final report has it
    for part in ("Advance unedited version", "{{ doc.symbol }}", "Distr.: General",
                 "{{ doc.date|un_date }}", "Summary", "Report of the Secretary-General"):
        assert part in text, part


def test_footers_number_the_pages():
    for name in ALL:
        xml = "".join(etree.tostring(r, encoding="unicode") for n, r in xml_parts(name).items()
                      if "footer" in n)
        assert re.search(r'w:instr="\s*PAGE\s*"|<w:instrText[^>]*>\s*PAGE', xml), name


# --- a throwaway rendering -----------------------------------------------------------------------



NOTES = Notes()  # footnotes and table notes written as markers (turned into Word's by render)
STAND_INS = {**style.FILTERS, **prose.FILTERS, **note_functions(NOTES)[0]}  # the real ones


def consultation(id, title, region, start, status="Held", **more):
    values = dict(id=id, title=title, region=region, start=start, end=None, date_note=None,
                  city="Geneva", country=None, format="hybrid", status=status, host_event=None,
                  co_organizers=(), participants=None, web_page=None)
    return NS(**{**values, **more})


def fake_context(tpl: DocxTemplate) -> dict:
    png = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(png, format="PNG")

    def figure(title):
        png.seek(0)
        image = InlineImage(tpl, io.BytesIO(png.getvalue()), width=Mm(40))
        return NS(title=title, category="Stakeholder group", source="Source: CSTD secretariat, online survey (2023–2024).",
                  image=image, note="")

    glob = [consultation("G1", "Launch & <opening>", None, date(2023, 10, 10), city="Kyoto",
                         country="Japan", host_event="IGF 2023")]
    regional = [consultation("R1", "Africa meeting", "Africa", date(2024, 10, 9),
                             end=date(2024, 10, 11), city="Dar es Salaam",
                             country="United Republic of Tanzania", format="in person",
                             co_organizers=("ECA", "AU")),
                consultation("R2", "LAC meeting", "Latin America and the Caribbean",
                             date(2024, 11, 18), status="Planned", date_note="mid-November 2024",
                             city="Santiago")]
    rows = [NS(label="Government", count=38, share=33.93), NS(label="Civil society", count=74,
                                                               share=66.07)]
    return {
        "stage": {"name": "ecosoc", "draft": False},
        "doc": NS(title="A review & <of WSIS>", date=date(2025, 5, 14), venue="Geneva",
                  symbol="E/CN.16/2025/3", body="Commission on Science and Technology for Development",
                  session="Twenty-eighth session", session_start=date(2025, 4, 7), session_end=date(2025, 4, 11),
                  agenda_item="2", agenda_title="Follow-up to WSIS", agenda_symbol="E/CN.16/2025/1",
                  presented_by="A. Director, Head of CSTD secretariat", word_limit=8500,
                  reason_late="Submitted late & <why>.", mandate="Resolution 2023/3."),
        "as_of": date(2024, 10, 21),
        "timetable": [NS(start=date(2024, 4, 1), end=None, text="Preliminary discussion",
                         note="A note."),
                      NS(start=date(2024, 5, 1), end=date(2025, 1, 1), text="Consultations",
                         note=None)],
        "questionnaire": {"circulated": date(2023, 9, 16), "closing": date(2024, 1, 31)},
        "global_consultations": glob, "regional_consultations": regional,
        "consultations": glob + regional, "held": glob + regional[:1], "planned": regional[1:],
        "survey": {"total": 112, "by_group": rows, "by_region": rows, "method": "A note.",
                   "findings": [NS(text="A strong focus on technology.", basis="Question 3."),
                                NS(text="Fewer contributions.", basis=None)]},
        "figures": {"by_group": figure("By group"), "by_region": figure("By region")},
        "message_groups": [NS(name="Global", messages=["Significant achievements."],
                              consultations=glob),
                           NS(name="Africa", messages=["Support civil society.", "Skills."],
                              consultations=regional[:1])],
        "global_messages": ["Significant achievements."],
        "regional_message_groups": [NS(name="Africa", messages=["Support civil society.",
                                                                "Skills."],
                                       consultations=regional[:1])],
        "acting_body": "the Commission",
        "recommendations": ["The mandate of the IGF should be renewed."],
        "session_outcome": NS(body="the Commission", session="twenty-eighth session",
                              venue="Geneva", start=date(2025, 4, 7), end=date(2025, 4, 11),
                              draft_symbol="E/CN.16/2025/3", considered_on=date(2025, 4, 8),
                              record="E/2025/31", requests="It asked for more.",
                              revisions="It was revised.", deliberations=("A point.",)),
    }


class BodyLoader(jinja2.BaseLoader):
    """Serves the preprocessed body of _report-body.docx for {%p include %}."""

    def get_source(self, environment, name):
        tpl = DocxTemplate(TEMPLATES / name)
        tpl.init_docx()
        xml = re.sub(r"^<w:body[^>]*>|</w:body>$", "", tpl.patch_xml(tpl.get_xml()).strip())
        return re.sub(r"<w:sectPr\b.*?</w:sectPr>\s*$", "", xml, flags=re.S), None, lambda: True


def render(name: str):
    """The rendered document, reopened, and the text of its body, headers and footers."""
    tpl = DocxTemplate(TEMPLATES / name)
    tpl.init_docx()
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, loader=BodyLoader())
    env.filters.update(STAND_INS)
    env.globals.update(style.label_globals())
    notes = Notes()
    env.filters.update(note_functions(notes)[0])
    env.globals.update(note_functions(notes)[1])
    tpl.render(fake_context(tpl), env)
    # the mandate, the survey's method, a finding's basis; the body also the session's record;
    # a masthead also its agenda's note and its reason for being late
    assert apply_notes(tpl.docx, notes, name) == {"progress.docx": 3, BODY: 4}.get(name, 6)
    out = io.BytesIO()
    tpl.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as z:
        text = "\n".join(text_of(etree.fromstring(z.read(n))) for n in z.namelist()
                         if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n))
    assert "7–11\u00a0April\u00a02025" in text or name == BODY  # dates never break
    return docx.Document(io.BytesIO(out.getvalue())), text.replace("\u00a0", " ")


@pytest.mark.parametrize("name", ALL)
def test_a_rendering_leaves_no_tag_and_keeps_values_as_typed(name):
    doc, text = render(name)
    assert not any(d in text for d in ("{{", "}}", "{%", "%}")), text[:300]
    assert not [p.text for p in doc.paragraphs if p.style.name == "UN Tag"]
    if name != BODY:
        assert "A review & <of WSIS>" in text
    if name in ("draft.docx", "ecosoc.docx"):
        assert "I.\tIntroduction" in text and "Launch & <opening>" in text


def test_the_rendered_body_has_its_figures_tables_and_numbered_paragraphs():
    doc, text = render(BODY)
    for part in ("Figure I", "Figure II", "Table 1", "Table 4", "The launch & <opening>, held "
                 "at the IGF 2023 in Kyoto, Japan, on 10 October 2023, in a hybrid format",
                 "The Africa meeting, held in Dar es Salaam, United Republic of Tanzania, on "
                 "9–11 October 2024, in person, with ECA and AU;", "(a)",
                 "1.\tGlobal consultations", "2.\tAfrica", "Annex III", "Deliberations of the "
                 "Commission at its twenty-eighth session", "The Commission considered a draft "
                 "of the present report (E/CN.16/2025/3) on 8 April 2025, at its twenty-eighth "
                 "session (Geneva, 7–11 April 2025).", "the timetable set out in table 1.",
                 "Figures I and II show the distribution", "tables 3 and 4, in annex II"):
        assert part in text, part
    tally = next(t for t in doc.tables if t.rows[1].cells[0].text == "Government")
    assert [c.text for c in tally.rows[-1].cells] == ["Total", "112", "100.0"]
    assert len(tally.rows) == 4  # headings, two rows, total: the {%tr %} rows are gone
    assert len(doc.inline_shapes) == 2
    items = [p.text for p in doc.paragraphs if p.style.name == "UN Sub-item"]
    # findings are (a), (b) under their lead-in, punctuated as fragments of it
    assert ["(a)\tA strong focus on technology;", "(b)\tFewer contributions."] == \
        [i for i in items if "focus" in i or "Fewer" in i]
    (recommendation,) = [p for p in doc.paragraphs if p.style.name == "UN Recommendation"]
    assert recommendation.text == "\tThe mandate of the IGF should be renewed."  # one: no (a)
    annex = next(t for t in doc.tables if t.cell(0, 0).text == "Consultation")
    assert annex.rows[-1].cells[-1].text == "Planned"  # the annex lists every consultation


def test_the_rendered_progress_report_gives_what_is_still_planned_in_its_list():
    _, text = render("progress.docx")
    for part in ("A review & <of WSIS>", "21 October 2024", "(a)\tAn online survey, through a "
                 "questionnaire circulated on 16 September 2023", "(b)\tThe launch & "
                 "<opening>, held at the IGF 2023 in Kyoto, Japan, on 10 October 2023, in a "
                 "hybrid format.", "The LAC meeting, to be held in Santiago in mid-November "
                 "2024, in a hybrid format.", "May 2024 to January 2025",
                 "Key messages from the global consultations"):
        assert part in text, part
    # no chapter at the end repeats the consultations still planned
    assert "still planned" not in text and "All planned consultations" not in text
