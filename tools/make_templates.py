"""Writes the first version of the Word templates in templates/.

The templates are the drafters' files: after this script has made them they
are edited in Word, and this script is only for starting again. Run from the
repository root:  python tools/make_templates.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
FONT = "Times New Roman"
NUM_ID = "42"
TITLE_INDENT = Cm(2.5)
SOURCE = "{{ fig.source }}"


# Styles -------------------------------------------------------------------

def _style(doc, name, base="Normal", size=None, bold=None, italic=None, left=None,
           hanging=None, before=None, after=None, keep=False, align=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else \
        styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.quick_style = True
    font, fmt = style.font, style.paragraph_format
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if left is not None:
        fmt.left_indent = left
    if hanging is not None:
        fmt.first_line_indent = -hanging
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep or None
    return style


def _numbering(doc) -> None:
    """One decimal list, "1.", that every UN Numbered Paragraph belongs to."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:pStyle w:val="UNNumberedParagraph"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="1077"/></w:tabs>'
        '<w:ind w:left="709" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{NUM_ID}">'
                               f'<w:abstractNumId w:val="{NUM_ID}"/></w:num>'))


def base_document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.2), Cm(2.2)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_after, fmt.line_spacing_rule = Pt(0), WD_LINE_SPACING.SINGLE
    for heading in ("Heading 1", "Heading 2"):
        h = doc.styles[heading]
        h.font.name, h.font.color.rgb, h.font.italic = FONT, RGBColor(0, 0, 0), False
        fonts = h.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # a theme font would override Times New Roman
    just = WD_ALIGN_PARAGRAPH.JUSTIFY
    _style(doc, "UN Paragraph", left=Cm(1.25), after=6, align=just).paragraph_format.right_indent = Cm(1.25)
    numbered = _style(doc, "UN Numbered Paragraph", "UN Paragraph", after=6, align=just)
    numbered.element.get_or_add_pPr().insert(
        0, parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{NUM_ID}"/></w:numPr>'))
    _style(doc, "UN Recommendation", "UN Numbered Paragraph", bold=True)
    _style(doc, "UN Chapter", "Heading 1", size=12, bold=True, left=Cm(1.25), hanging=Cm(1.25),
           before=12, after=6, keep=True)
    _style(doc, "UN Section", "Heading 2", size=10, bold=True, left=Cm(1.25), hanging=Cm(1.25),
           before=6, after=6, keep=True)
    _style(doc, "UN Sub-item", "UN Paragraph", left=Cm(2.5), hanging=Cm(0.65), after=4)
    _style(doc, "UN Title", size=16, bold=True, left=TITLE_INDENT, before=12, after=12)
    _style(doc, "UN Subtitle", size=12, bold=True, left=TITLE_INDENT, after=12)
    _style(doc, "UN Figure Title", left=Cm(1.25), before=6, keep=True)
    _style(doc, "UN Figure Name", "UN Figure Title", bold=True, before=0, after=6, keep=True)
    _style(doc, "UN Figure", align=WD_ALIGN_PARAGRAPH.CENTER, keep=True)
    _style(doc, "UN Source", size=9, left=Cm(1.25), before=3, after=9)
    _style(doc, "UN Table Text", size=9)
    _style(doc, "UN Tag", size=1)  # holds a {%p %} tag; the whole paragraph is removed
    _numbering(doc)
    return doc


# Building blocks -----------------------------------------------------------

def para(doc, text="", style="UN Paragraph", bold=None, italic=None, align=None):
    p = doc.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
    if align is not None:
        p.alignment = align
    return p


def tag(doc, text):
    """A paragraph holding only a docxtpl paragraph tag such as ``{%p for x in xs %}``."""
    return para(doc, text, style="UN Tag")


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _border(element, edges=("top", "left", "bottom", "right"), size=4, space=4):
    parent = element.get_or_add_pPr() if element.tag == qn("w:p") else element
    tag_name = "w:pBdr" if element.tag == qn("w:p") else "w:tcBorders"
    borders = OxmlElement(tag_name)
    for edge in edges:
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), str(size))
        b.set(qn("w:space"), str(space if tag_name == "w:pBdr" else 0))
        b.set(qn("w:color"), "000000")
        borders.append(b)
    parent.append(borders)


def loop_table(doc, headers, loop, cells, widths, total=None):
    """A table with a header row and one row per item of ``loop`` (``{%tr %}`` rows)."""
    rows = 4 + (total is not None)
    table = doc.add_table(rows=rows, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, widths)
    fills = [headers, [f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells,
             ["{%tr endfor %}"] + [""] * (len(headers) - 1)] + ([total] if total else [])
    for r, values in enumerate(fills):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            p = cell.paragraphs[0]
            p.style = doc.styles["UN Table Text"]
            if value:
                run = p.add_run(value)
                run.bold = r == 0 or (total is not None and r == rows - 1)
                run.italic = r == 0
            if c > 0 and r != 0 and headers[c] in ("Responses", "Per cent"):
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    para(doc)
    return table


def fixed_widths(table, widths):
    """Column widths that Word and LibreOffice both honour (grid and cells)."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width
        for cell in column.cells:
            cell.width = width


def page_number_footer(section, extra=None):
    footer = section.footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
                    "</w:fldSimple>")
    p._p.append(fld)
    if extra:
        footer.add_paragraph(extra).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def figures_and_tables(doc, text_style="UN Paragraph"):
    tag(doc, "{%p for fig in [figures.by_group, figures.by_region] %}")
    para(doc, "{{ figure() }}", "UN Figure Title")
    para(doc, "{{ fig.title }}", "UN Figure Name")
    para(doc, "{{ fig.image }}", "UN Figure")
    para(doc, SOURCE, "UN Source")
    para(doc, "{{ table() }}", "UN Figure Title")
    para(doc, "{{ fig.title }}", "UN Figure Name")
    loop_table(doc, ["{{ fig.category }}", "Responses", "Per cent"], "r in fig.rows",
               ["{{ r.label }}", "{{ r.count|grouped }}", "{{ r.share|pct }}"],
               [Cm(8), Cm(3), Cm(3)], total=["Total", "{{ fig.total|grouped }}", "100.0%"])
    tag(doc, "{%p endfor %}")


def key_messages(doc):
    tag(doc, "{%p for g in message_groups %}")
    para(doc, '{% if g.name == "Global" %}Global consultations{% else %}{{ g.name }}{% endif %}',
         "UN Figure Name")
    tag(doc, "{%p for m in g.messages %}")
    para(doc, "{{ loop.index|letter }}\t{{ m }}", "UN Sub-item")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")


PLACE_AND_FORMAT = ("{{ c|when }}, {{ c|place }} ({{ c.format }}{% if c.host_event %}, at "
                    "{{ c.host_event }}{% endif %}){% if c.status == \"Planned\" %}, planned"
                    "{% elif c.status == \"Cancelled\" %}, cancelled{% endif %}")


def consultation_items(doc, loop, label):
    tag(doc, f"{{%p for c in {loop} %}}")
    para(doc, f"{{{{ loop.index|letter }}}}\t{label}: {PLACE_AND_FORMAT}", "UN Sub-item")
    tag(doc, "{%p endfor %}")


# The templates ---------------------------------------------------------------

def progress():
    doc = base_document()
    page_number_footer(doc.sections[0])
    para(doc, "{{ doc.title }}", "UN Title")
    para(doc, "{{ doc.presented_by }}", "UN Paragraph")
    para(doc, "{{ doc.date|un_date }}, {{ doc.venue }}", "UN Paragraph")
    para(doc, "I.\tTimetable", "UN Chapter")
    para(doc, "The review follows the timetable below.", "UN Numbered Paragraph")
    loop_table(doc, ["When", "Milestone"], "m in timetable",
               ["{{ m.start|month_range(m.end) }}", "{{ m.text }}"], [Cm(5), Cm(11)])
    para(doc, "II.\tMultistakeholder open consultations", "UN Chapter")
    para(doc, "A.\tGlobal consultations", "UN Section")
    para(doc, "(a)\tOnline survey through a questionnaire circulated on "
              "{{ questionnaire.circulated|un_date }}", "UN Sub-item")
    tag(doc, "{%p for c in global_consultations %}")
    para(doc, "{{ (loop.index + 1)|letter }}\t{{ c.title }}: " + PLACE_AND_FORMAT, "UN Sub-item")
    tag(doc, "{%p endfor %}")
    para(doc, "B.\tRegional consultations", "UN Section")
    consultation_items(doc, "regional_consultations", "{{ c.region }}")
    para(doc, "III.\tFindings from the online survey", "UN Chapter")
    tag(doc, "{%p for f in survey.findings %}")
    para(doc, "{{ f }}", "UN Numbered Paragraph")
    tag(doc, "{%p endfor %}")
    para(doc, "IV.\tDistribution of responses to the online survey", "UN Chapter")
    para(doc, "The online survey received {{ survey.total|number }} responses. Figures I and "
              "II show how they were distributed by stakeholder group and by region.",
         "UN Numbered Paragraph")
    figures_and_tables(doc)
    para(doc, "V.\tKey messages from the consultations", "UN Chapter")
    key_messages(doc)
    para(doc, "VI.\tStill planned as of {{ as_of|un_date }}", "UN Chapter")
    tag(doc, "{%p if planned %}")
    consultation_items(doc, "planned", "{% if c.region %}{{ c.region }}{% else %}{{ c.title }}"
                                       "{% endif %}")
    tag(doc, "{%p else %}")
    para(doc, "Every consultation planned had been held by this date.", "UN Numbered Paragraph")
    tag(doc, "{%p endif %}")
    return doc


def report_body():
    doc = base_document()
    n = "UN Numbered Paragraph"
    para(doc, "I.\tIntroduction", "UN Chapter")
    para(doc, "In its resolution 2023/3, the Economic and Social Council requested the "
              "Commission on Science and Technology for Development to review, at its "
              "twenty-eighth session, the progress made in the implementation of the outcomes "
              "of the World Summit on the Information Society (WSIS) over the twenty years "
              "since the Summit, and to report to the Council and, through it, to the General "
              "Assembly.", n)
    para(doc, "The present report responds to that request. It was prepared by the CSTD "
              "secretariat on the basis of {{ held|length|number }} multistakeholder "
              "consultations, an online survey that received {{ survey.total|number }} "
              "responses, a review of the literature and other research.", n)
    para(doc, "II.\tMethodology", "UN Chapter")
    para(doc, "A.\tTimetable", "UN Section")
    para(doc, "The review followed the timetable in table 1.", n)
    para(doc, "{{ table() }}", "UN Figure Title")
    para(doc, "Timetable of the review", "UN Figure Name")
    loop_table(doc, ["When", "Milestone"], "m in timetable",
               ["{{ m.start|month_range(m.end) }}", "{{ m.text }}"], [Cm(5), Cm(11)])
    para(doc, "B.\tMultistakeholder consultations", "UN Section")
    para(doc, "The secretariat held global consultations, open to all stakeholders, and "
              "regional consultations with the five regional commissions of the United "
              "Nations. The global consultations were the following:", n)
    consultation_items(doc, "global_consultations", "{{ c.title }}")
    para(doc, "The regional consultations were the following:", n)
    consultation_items(doc, "regional_consultations", "{{ c.region }}")
    para(doc, "C.\tOnline survey", "UN Section")
    para(doc, "A questionnaire was circulated to all stakeholders on "
              "{{ survey.circulated|un_date }}{% if survey.closing %} and remained open until "
              "{{ survey.closing|un_date }}{% endif %}. It received {{ survey.total|number }} "
              "responses.", n)
    para(doc, "III.\tFindings", "UN Chapter")
    para(doc, "A.\tOnline survey", "UN Section")
    tag(doc, "{%p for f in survey.findings %}")
    para(doc, "{{ f }}", n)
    tag(doc, "{%p endfor %}")
    para(doc, "The responses came from all stakeholder groups and regions, as figures I and II "
              "show.", n)
    figures_and_tables(doc)
    para(doc, "B.\tKey messages from the consultations", "UN Section")
    para(doc, "The consultations produced the following key messages.", n)
    key_messages(doc)
    para(doc, "IV.\tConclusions and recommendations", "UN Chapter")
    para(doc, "Twenty years after the Summit, stakeholders recognize what WSIS has achieved and "
              "ask that its people-centred, inclusive and development-oriented vision, and its "
              "multistakeholder model, be carried forward to meet today's digital challenges.", n)
    para(doc, "The Commission may wish to consider the following recommendations:", n)
    tag(doc, "{%p for r in recommendations %}")
    para(doc, "{{ r }}", "UN Recommendation")
    tag(doc, "{%p endfor %}")
    page_break(doc)
    para(doc, "Annex", "UN Chapter")
    para(doc, "Consultations held for the review", "UN Section")
    loop_table(doc, ["Consultation", "Dates", "Place", "Format", "Status"], "c in consultations",
               ["{{ c.title }}", "{{ c|when }}", "{{ c|place }}",
                "{{ c.format|capitalize_first }}", "{{ c.status }}"],
               [Cm(5.2), Cm(3.2), Cm(4), Cm(1.8), Cm(1.8)])
    return doc


def draft():
    doc = base_document()
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = header.add_run("Draft")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(14), RGBColor(0x80, 0x80, 0x80)
    page_number_footer(section)
    para(doc, "Advance unedited version", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    para(doc)
    para(doc, "{{ doc.body }}", bold=True)
    para(doc, "{{ doc.session|ordinal }} session")
    para(doc, "{{ doc.venue }}, {{ doc.session_start|date_range(doc.session_end) }}")
    para(doc, "{{ doc.title }}", "UN Title")
    para(doc, "Report of the Secretary-General", "UN Subtitle")
    para(doc, "Draft of {{ doc.date|un_date }}", italic=True)
    page_break(doc)
    tag(doc, '{%p include "_report-body.docx" %}')
    return doc


def ecosoc():
    doc = base_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = "{{ doc.symbol }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _border(header._p, edges=("bottom",), size=4, space=1)
    page_number_footer(section)
    note = section.first_page_footer.paragraphs[0]
    note.text = "* {{ doc.agenda_symbol }}."
    note.runs[0].font.size = Pt(9)

    top = doc.add_table(rows=2, cols=2)
    widths = (Cm(11.6), Cm(5.0))
    fixed_widths(top, widths)
    content = (("United Nations", "{{ doc.symbol }}"), ("Economic and Social Council", None))
    for r, (left, right) in enumerate(content):
        for c, width in enumerate(widths):
            top.cell(r, c).width = width
        a = top.cell(r, 0).paragraphs[0]
        a.add_run(left).font.size = Pt(10 if r == 0 else 18)
        a.runs[0].bold = r == 1
        if r == 0:
            b = top.cell(r, 1).paragraphs[0]
            b.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            b.add_run(right).font.size = Pt(16)
            for c in range(2):
                tc_pr = top.cell(0, c)._tc.get_or_add_tcPr()
                _border(tc_pr, edges=("bottom",), size=6)
        else:
            cell = top.cell(r, 1)
            lines = ["Distr.: General", "{{ doc.date|un_date }}", "", "Original: English"]
            cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(line)
    block = para(doc, "{{ doc.body }}", "Normal", bold=True)
    _border(block._p, edges=("top",), size=18, space=6)
    block.paragraph_format.space_before = Pt(6)
    para(doc, "{{ doc.session|ordinal }} session", "Normal", bold=True)
    para(doc, "{{ doc.venue }}, {{ doc.session_start|date_range(doc.session_end) }}", "Normal")
    para(doc, "Item {{ doc.agenda_item }} of the provisional agenda*", "Normal")
    para(doc, "{{ doc.agenda_title }}", "Normal", bold=True)
    para(doc, "{{ doc.title }}", "UN Title")
    para(doc, "Report of the Secretary-General", "UN Subtitle")
    box = doc.add_table(rows=1, cols=1)
    box.style = doc.styles["Table Grid"]
    box.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(box, [Cm(15.5)])
    cell = box.cell(0, 0)
    cell.paragraphs[0].add_run("Summary").italic = True
    for text in (
        "The present report reviews twenty years of implementation of the outcomes of the "
        "World Summit on the Information Society, as requested by the Economic and Social "
        "Council in its resolution 2023/3. It draws on {{ held|length|number }} "
        "multistakeholder consultations, global and regional, and on "
        "{{ survey.total|number }} responses to an online survey.",
        "Stakeholders see significant achievements and wish to keep the multistakeholder "
        "model of WSIS. The report closes with recommendations for the Commission.",
    ):
        p = cell.add_paragraph(text, style="UN Paragraph")
        p.paragraph_format.left_indent = Cm(0.6)
        p.paragraph_format.right_indent = Cm(0.6)
    page_break(doc)
    tag(doc, '{%p include "_report-body.docx" %}')
    return doc


def main() -> None:
    TEMPLATES.mkdir(exist_ok=True)
    for name, make in (("progress.docx", progress), ("_report-body.docx", report_body),
                       ("draft.docx", draft), ("ecosoc.docx", ecosoc)):
        doc = make()
        props = doc.core_properties
        props.author, props.title, props.comments = "CSTD secretariat", "", ""
        doc.save(TEMPLATES / name)
        print(f"Wrote {TEMPLATES / name}")


if __name__ == "__main__":
    main()
