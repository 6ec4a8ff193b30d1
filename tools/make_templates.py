"""Writes templates/{progress,draft,ecosoc,_report-body}.docx; run from the repository root.

The four files share one set of UN styles (STYLES, identical in each) and one list that numbers
every "UN Numbered Paragraph" 1., 2., 3. across a document, and another that numbers an annex's
"UN Annex Paragraph" from 1 on its own. Each Jinja tag is typed as one run;
docs/templates.md lists the names the tags may use. Once written, edit the templates in Word.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path
from string import Template

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH as ALIGN, WD_LINE_SPACING
from docx.enum.text import WD_TAB_ALIGNMENT as TAB
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

OUT = Path("templates")
BODY = "_report-body.docx"
FONT = "Times New Roman"
TEXT_WIDTH = 16.6  # cm: A4 less two 2.2 cm margins
NUMBERED = "UN Numbered Paragraph"
ANNEX_NUMBERED = "UN Annex Paragraph"  # an annex's paragraphs: 1., 2., 3. of their own
FIXED_TIME = datetime(2024, 10, 1, 9, 0, 0)  # zip dates: an unchanged template is unchanged

# Schema order of the children of w:pPr, w:tblPr and w:tcPr (Word refuses other orders).
PPR = ("pStyle keepNext keepLines pageBreakBefore widowControl numPr pBdr tabs spacing ind jc "
       "outlineLvl rPr").split()
TBLPR = ("tblStyle tblW jc tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption "
         "tblDescription").split()
TCPR = "cnfStyle tcW gridSpan vMerge tcBorders shd noWrap tcMar vAlign".split()


# --- XML helpers ------------------------------------------------------------------------------
def w(tag: str, *children, **attrs):
    """A w: element with attributes and children."""
    element = OxmlElement(f"w:{tag}")
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    element.extend(children)
    return element


def put(parent, element, order: list[str]):
    """Sets ``element`` in ``parent`` in schema order, replacing one with the same tag."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    later = {qn(f"w:{t}") for t in order[order.index(element.tag.split("}")[1]) + 1:]}
    successor = next((e for e in parent if e.tag in later), None)
    parent.append(element) if successor is None else successor.addprevious(element)


def borders(tag: str, **sides: float):
    """w:pBdr, w:tblBorders or w:tcBorders; each side is its width in points (0: none)."""
    space = {"left": 4, "right": 4} if tag == "pBdr" and "left" in sides else {}
    return w(tag, *(w(side, val="single" if sides[side] else "nil", sz=round(sides[side] * 8),
                      space=space.get(side, 1) if tag == "pBdr" else 0, color="auto")
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                    if side in sides))


# --- styles and numbering ---------------------------------------------------------------------
DEFAULT = dict(base="Normal", size=None, bold=None, italic=None, align=ALIGN.LEFT, left=0.0,
               hanging=0.0, before=0, after=0, keep=False, outline=None, tabs=(), border=None,
               grey=False, next=None, kind="paragraph", raised=False)
HEADING = dict(bold=True, left=1.9, keep=True, next=NUMBERED)
STYLES = {  # name: what differs from DEFAULT (sizes in pt, indents and tab stops in cm)
    # body text is justified at 1.9 cm; "1.<tab>", "(a)<tab>" hang to the left of the text
    "UN Paragraph": dict(align=None, left=1.9, after=6),
    NUMBERED: dict(base="UN Paragraph", align=None, left=1.9, hanging=0.6, after=6),
    # numbered from 1 in a list of its own, not on from the body's paragraphs
    ANNEX_NUMBERED: dict(base="UN Paragraph", align=None, left=1.9, hanging=0.6, after=6),
    "UN Sub-item": dict(base="UN Paragraph", align=None, left=2.5, hanging=0.6, after=6),
    # (a)-(e) under the lead-in "...the following recommendations:", in bold
    "UN Recommendation": dict(base="UN Sub-item", bold=True, align=None, left=None),
    # headings "I.", "A.", "1." at outline levels 1-3, so the navigation pane lists them
    "UN Chapter": dict(HEADING, size=12, hanging=1.0, before=12, after=12, outline=0),
    "UN Section": dict(HEADING, hanging=0.6, before=12, after=6, outline=1),
    "UN Subsection": dict(HEADING, hanging=0.6, before=6, after=6, outline=2),
    "UN Subtitle": dict(size=12, bold=True, left=2.5, after=18, keep=True, next="UN Paragraph"),
    "UN Title": dict(size=16, bold=True, left=2.5, before=24, after=12, keep=True,
                     next="UN Subtitle"),
    "UN Figure Title": dict(left=1.9, before=12, keep=True),  # "Figure I", "Table 1"
    "UN Figure Name": dict(base="UN Figure Title", bold=True, left=1.9, after=6, keep=True),
    "UN Figure": dict(align=ALIGN.CENTER, after=6, keep=True),
    "UN Source": dict(size=9, italic=True, left=1.9, before=3, after=12),  # practice: italics
    "UN Note": dict(size=9, italic=True, left=1.9, before=3, after=0),  # a note, then its source
    "UN Table Text": dict(size=9, before=2, after=2, keep=True),  # a short table on one page
    "UN Table Heading": dict(base="UN Table Text", italic=True, before=2, after=2, keep=True),
    # The Summary is boxed by its paragraphs' borders (a box that a screen reader reads as
    # text, not as a table); the paragraphs share indents, so Word and LibreOffice draw one box.
    "UN Summary Text": dict(base="UN Paragraph", align=None, left=0.25, after=6,
                            border=dict(top=0.5, left=0.5, bottom=0.5, right=0.5)),
    # only italic: LibreOffice joins the borders of paragraphs whose paragraph properties agree
    "UN Summary Heading": dict(base="UN Summary Text", italic=True, align=None, left=None),
    "UN Cover Note": dict(bold=True, after=24, keep=True),
    "UN Masthead Top": dict(size=14, after=4, keep=True, tabs=((TEXT_WIDTH, TAB.RIGHT),),
                            border=dict(bottom=0.75)),  # "United Nations" ... symbol, rule below
    # "Economic and Social Council" and, at 12 cm, "Distr.: General", the date and
    # "Original: English" under it, the last above a thick rule: tab stops, not a table.
    "UN Masthead Organ": dict(size=18, bold=True, before=4, keep=True, tabs=(12.0,)),
    "UN Masthead Distr": dict(keep=True, tabs=(12.0,)),
    "UN Masthead Original": dict(base="UN Masthead Distr", before=12, after=4, keep=True,
                                 tabs=(12.0,), border=dict(bottom=2.25)),
    "UN Masthead Session": dict(size=10.5, keep=True),
    "UN Masthead Note": dict(size=9, before=6, border=dict(top=0.5)),
    "UN Draft Mark": dict(base="Header", size=14, bold=True, align=ALIGN.RIGHT, grey=True),
    # the symbol at the right on odd pages, at the left on even ones, the rule below the line;
    # Header's centre stop is cleared (add_styles), so the one tab reaches the right margin
    "UN Running Head": dict(base="Header", bold=True, align=ALIGN.LEFT, border=dict(bottom=0.5),
                            tabs=((TEXT_WIDTH, TAB.RIGHT),)),
    # Word's own names, so that Word and LibreOffice use them for footnotes: 9 pt, the number
    # hanging where a numbered paragraph's does
    "footnote text": dict(size=9, left=1.9, hanging=0.6, after=2, tabs=(1.9,)),
    "footnote reference": dict(kind="character", raised=True),
    # the short centred line that ends a United Nations document
    "UN End Mark": dict(align=ALIGN.CENTER, before=24, keep=False),
    "UN Tag": dict(size=8, grey=True),  # a {%p ... %} tag's paragraph: rendering removes it
}


def add_numbering(doc, style: str, nsid: str) -> int:
    """A single-level decimal list "%1." linked to ``style``; returns its numId. Each list
    counts on its own: the body's paragraphs and an annex's are two lists, not one."""
    numbering = doc.part.numbering_part.element  # python-docx creates the part if it is missing
    abstracts = numbering.findall(qn("w:abstractNum"))
    abstract_id = 1 + max((int(a.get(qn("w:abstractNumId"))) for a in abstracts), default=-1)
    num_id = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid}"/>'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:pStyle w:val="{style.replace(" ", "")}"/>'
        '<w:suff w:val="tab"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind '
        f'w:left="{Cm(1.9).twips}" w:hanging="{Cm(0.6).twips}"/></w:pPr></w:lvl></w:abstractNum>')
    # abstractNums come before nums (no numPicBullet here), in the order of their ids
    (abstracts[-1].addnext if abstracts else lambda a: numbering.insert(0, a))(abstract)
    numbering.append(w("num", w("abstractNumId", val=abstract_id), numId=num_id))
    return num_id


def add_styles(doc) -> None:
    """Normal: Times New Roman 10 pt on lines of at least 12 pt, justified, British English;
    then STYLES, the UN styles, and the list of UN Numbered Paragraph."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rpr.clear()
    rpr.extend([w("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT), w("sz", val=20),
                w("szCs", val=20), w("lang", val="en-GB", eastAsia="en-US", bidi="ar-SA")])
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(10)
    pf = normal.paragraph_format
    pf.alignment, pf.space_before, pf.space_after = ALIGN.JUSTIFY, Pt(0), Pt(0)
    pf.line_spacing, pf.line_spacing_rule = Pt(12), WD_LINE_SPACING.AT_LEAST
    pf.widow_control = True  # Header and Footer keep their tab stops at 8.25 and 16.5 cm
    lists = {NUMBERED: add_numbering(doc, NUMBERED, "5A1F0C01"),
             ANNEX_NUMBERED: add_numbering(doc, ANNEX_NUMBERED, "5A1F0C02")}
    for name, changes in STYLES.items():
        s = {**DEFAULT, **changes}
        if s["kind"] == "character":  # the footnote's number: raised, in the text's type
            style = doc.styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            style.font.superscript = s["raised"]
            _builtin(style)
            continue
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name.islower():
            _builtin(style)
        style.base_style, style.quick_style = doc.styles[s["base"]], True
        font, pf = style.font, style.paragraph_format
        font.size, font.bold, font.italic = s["size"] and Pt(s["size"]), s["bold"], s["italic"]
        pf.alignment = s["align"]  # None: as the base style
        if s["left"] is not None:
            pf.left_indent, pf.first_line_indent = Cm(s["left"]), Cm(-s["hanging"])
            pf.space_before, pf.space_after = Pt(s["before"]), Pt(s["after"])
        if s["keep"]:
            pf.keep_with_next = pf.keep_together = True
        for stop in s["tabs"]:
            at, kind = stop if isinstance(stop, tuple) else (stop, TAB.LEFT)
            pf.tab_stops.add_tab_stop(Cm(at), kind)
        if s["tabs"]:  # a style that sets its stops has no others (Header's centre stop)
            own = {t.position for t in pf.tab_stops}
            for at in _inherited_tabs(style.base_style) - own:
                pf.tab_stops.add_tab_stop(at, TAB.CLEAR)
        ppr = style.element.get_or_add_pPr()
        if s["border"]:
            put(ppr, borders("pBdr", **s["border"]), PPR)
        if s["outline"] is not None:
            put(ppr, w("outlineLvl", val=s["outline"]), PPR)
        if name in lists:  # every paragraph in the style is numbered, loops included
            put(ppr, w("numPr", w("ilvl", val=0), w("numId", val=lists[name])), PPR)
        if s["grey"]:
            font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        if s["next"]:  # the style Word gives the paragraph typed after this one
            style.next_paragraph_style = doc.styles[s["next"]]
    doc.styles["UN Masthead Note"].paragraph_format.right_indent = Cm(TEXT_WIDTH - 5)  # short rule


def _inherited_tabs(style) -> set:
    """The positions of the tab stops a paragraph style passes on, through its base styles
    (Word's Header: a centre stop at 8.25 cm and a right one at 16.5 cm)."""
    stops: set = set()
    chain = []
    while style is not None:
        chain.append(style)
        style = style.base_style
    for ancestor in reversed(chain):  # the base first: a derived style clears or adds
        for stop in ancestor.paragraph_format.tab_stops:
            if stop.alignment == TAB.CLEAR:
                stops.discard(stop.position)
            else:
                stops.add(stop.position)
    return stops


def _builtin(style) -> None:
    """One of Word's own styles ("footnote text"): its id as Word writes it, not custom."""
    style.element.set(qn("w:styleId"), "".join(w.capitalize() for w in style.name.split()))
    style.element.attrib.pop(qn("w:customStyle"), None)


# --- building blocks --------------------------------------------------------------------------
def para(container, style: str, text: str = "", bold: bool | None = None):
    """A paragraph typed as a single run, so that each Jinja tag stays whole."""
    p = container.add_paragraph(style=style)
    if text:
        p.add_run(text).bold = bold
    return p


def grid(container, rows: int, widths: list[float], indent: float = 0, **sides):
    """A fixed-layout table: column widths in cm, borders in pt (sides not named: none). Its
    cells are left without a paragraph: add at least one to each."""
    t = container.add_table(rows=rows, cols=len(widths))
    none = dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), 0)
    for element in (w("tblW", w=Cm(sum(widths)).twips, type="dxa"),
                    w("tblInd", w=Cm(indent).twips, type="dxa"),
                    borders("tblBorders", **{**none, **sides}), w("tblLayout", type="fixed")):
        put(t._tbl.tblPr, element, TBLPR)
    for column, width in zip(t.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
            cell._tc.remove(cell.paragraphs[0]._p)
    return t


def data_table(doc, widths, headers, loop, cells, total=None, numeric=(), indent=0.0,
               caption="", description="") -> None:
    """Italic headings between rules, a {%tr for %} row, the repeated row, a {%tr endfor %}
    row (docxtpl removes the two tag rows), an optional total row, a rule below. The caption
    and description are the table's alternative text (Word: Table Properties > Alt Text),
    read out by screen readers before the table."""
    blank = [""] * (len(cells) - 1)
    rows = [headers, [f"{{%tr for {loop} %}}"] + blank, cells, ["{%tr endfor %}"] + blank, total]
    rows = [row for row in rows if row]
    t = grid(doc, len(rows), widths, indent, top=0.5, bottom=1.5)
    put(t._tbl.tblPr, w("tblCaption", val=caption), TBLPR)
    put(t._tbl.tblPr, w("tblDescription", val=description), TBLPR)
    for r, (row, texts) in enumerate(zip(t.rows, rows)):
        row._tr.get_or_add_trPr().append(w("tblHeader") if r == 0 else w("cantSplit"))
        style = "UN Table Heading" if r == 0 else "UN Tag" if r in (1, 3) else "UN Table Text"
        for c, (cell, text) in enumerate(zip(row.cells, texts)):
            p = para(cell, style, text)
            p.alignment = ALIGN.RIGHT if c in numeric and r not in (1, 3) else None
            if r == 0 or (total and r == len(rows) - 1):  # a rule below headings, above the total
                side = {"bottom": 0.5} if r == 0 else {"top": 0.5}
                put(cell._tc.get_or_add_tcPr(), borders("tcBorders", **side), TCPR)


def figure(doc, key: str) -> None:
    """Label, title, chart, the rounding note if any, and source of a figure. Its numbers are
    not set beside it (the bars are labelled with them): ``@numbers`` gives them as a table
    in the annex."""
    write(doc, f"{{%p with fig = figures.{key} %}}\n"
               "label {{ figure() }}\nname {{ fig.title }}\nchart {{ fig.image }}\n"
               "{%p if fig.note %}\nnote Note: {{ fig.note }}\n{%p endif %}\n"
               "source {{ fig.source }}\n{%p endwith %}")


def numbers(doc, key: str) -> None:
    """A figure's numbers as a table (for the annex): label, title, the counts and shares with
    their total, the rounding note if any, the source."""
    write(doc, f"{{%p with fig = figures.{key}, rows = survey.{key} %}}\n"
               "label {{ table() }}\n"
               "name Number and share of responses by {{ fig.category|lower }}")
    category = {"by_group": "Stakeholder group", "by_region": "Region"}[key]
    data_table(doc, [7.7, 3.5, 3.5], [category, "Responses", "Per cent"], "r in rows",
               ["{{ r.label }}", "{{ r.count|grouped }}", "{{ r.share|share }}"],
               total=["Total", "{{ survey.total|grouped }}", "{{ 100|share }}"], numeric=(1, 2), indent=1.9,
               caption=f"Number and share of responses by {category.lower()}",
               description=f"Responses to the online survey by {category.lower()}: for each, "
                           "the number of responses and its per cent of the total; the last "
                           "row gives the total.")
    para(doc, "UN Tag", "{%p if fig.note %}")
    para(doc, "UN Note", "Note: {{ fig.note }}")
    para(doc, "UN Tag", "{%p endif %}")
    para(doc, "UN Source", "{{ fig.source }}")
    para(doc, "UN Tag", "{%p endwith %}")


def timetable(doc, _=None) -> None:
    """Table 1: the milestones, with the notes of any milestone lettered under the table,
    then its source line."""
    data_table(doc, *TABLES["timetable"][:4], indent=TABLES["timetable"][4],
               caption=TABLES["timetable"][5], description=TABLES["timetable"][6])
    write(doc, "{%p for n in table_notes() %}\nnote {{ n.mark }}\t{{ n.text }}\n{%p endfor %}\n"
               f"source {SECRETARIAT_SOURCE}")


# The source line of a table the secretariat compiled from its own records (the timetable, the
# consultations); the survey's tables and figures cite the survey (fig.source).
SECRETARIAT_SOURCE = "Source: CSTD secretariat."


# Content is written a paragraph a line, "<code> <text>": the code names the style (a trailing
# "!" types the text in bold; "p" alone is an empty paragraph); "{%p ... %}" lines are tag
# paragraphs; "for <loop> | <line>" wraps a line in {%p for <loop> %} ... {%p endfor %};
# "@block arg" draws a table, a figure or a page break; $NAME is one of the SNIPPETS.
CODES = {"title": "UN Title", "subtitle": "UN Subtitle", "p": "UN Paragraph", "n": NUMBERED,
         "an": ANNEX_NUMBERED,
         "rec": "UN Recommendation", "item": "UN Sub-item", "ch": "UN Chapter",
         "sec": "UN Section", "sub": "UN Subsection", "cover": "UN Cover Note",
         "session": "UN Masthead Session", "label": "UN Figure Title", "name": "UN Figure Name",
         "chart": "UN Figure", "source": "UN Source", "distr": "UN Masthead Distr",
         "original": "UN Masthead Original", "box": "UN Summary Heading",
         "summary": "UN Summary Text", "note": "UN Note", "end": "UN End Mark"}
TABLES = {  # @table NAME: column widths (cm), headings, the loop, the repeated row, indent,
    # caption and description (the table's alternative text)
    "timetable": ([5.0, 9.7], ["Date", "Milestone"], "m in timetable",
                  ["{{ m.start|month_range(m.end) }}", "{{ m.text }}{{ m.note|table_note }}"], 1.9,
                  "Timetable of the review",
                  "The milestones of the review in the order of their dates: for each, the "
                  "month or months and the milestone."),
    # as wide as the others (14.7 cm) and indented as they are, with the text
    "consultations": ([4.6, 3.0, 3.3, 2.0, 1.8], ["Consultation", "Dates", "Place", "Format",
                      "Status"], "c in consultations", ["{{ c.title }}", "{{ c|when }}",
                      "{{ c|place }}", "{{ c.format|capitalize_first }}", "{{ c.status }}"], 1.9,
                      "Consultations for the review",
                      "Every consultation of the review: its title, dates, place, format "
                      "(in person, online or hybrid) and status (held or planned)."),
}
BLOCKS = {"figure": figure, "numbers": numbers, "timetable": timetable,
          "table": lambda doc, name: data_table(
              doc, *TABLES[name][:4], indent=TABLES[name][4], caption=TABLES[name][5],
              description=TABLES[name][6])}
# A consultation as running text: "The launch of the CSTD series of open consultations, held
# at the IGF 2023 in Kyoto, Japan, on 10 October 2023, in a hybrid format", then its
# co-organizers; a blank date, place or host event leaves no stray comma (style.occasion).
ORGANIZERS = ("{% if c.co_organizers %}, with {% for o in c.co_organizers %}"
              "{% if not loop.first %}{% if loop.last %} and {% else %}, {% endif %}{% endif %}"
              "{{ o }}{% endfor %}{% endif %}")
CONSULTATION = ("{{ c.title|with_article|capitalize_first }}, {{ c|occasion }}, "
                "{{ c.format|as_format }}" + ORGANIZERS)
IF_ONE = "{%p if {0} %}\n{1}\n{%p endif %}"  # a paragraph shown only when {0} holds
SNIPPETS = {
    # (a) ...; (b) ....; and a footnote, after the punctuation, citing its web page
    "END": '{% if loop.last %}.{% else %};{% endif %}{{ c.web_page|footnote("See") }}',
    "END_MARK": "_" * 20,
    "SECRETARIAT_SOURCE": SECRETARIAT_SOURCE,
    "AS_OF": "{% if as_of %} as of {{ as_of|un_date }}{% endif %}",  # a stage may have no date
    "CONSULTATION": CONSULTATION,
    # Subparagraphs hang from a numbered lead-in ending in a colon, never from a heading; the
    # lead-in names the consultation, so that no two read alike.
    "MESSAGES_LEAD_IN": '{% if g.consultations %}The key {{ g.messages|length|agree("message", '
                        '"messages") }} of the {{ g.consultations|length|agree("consultation", '
                        '"consultations") }} {{ g.consultations|occasions }} {{ g.messages|length'
                        '|agree("was", "were") }} the following:{% else %}{{ g.messages|length|'
                        'agree("The key message was the following:", "The key messages were the '
                        'following:") }}{% endif %}',
    "GROUP": '{% if g.name == "Global" %}Global consultations{% else %}{{ g.name }}{% endif %}',
    # The meeting: its body (unless it is the organ of the masthead), session, place and dates.
    "SESSION": IF_ONE.replace("{0}", 'doc.body and doc.body != "Economic and Social Council"')
               .replace("{1}", "session! {{ doc.body }}") + "\n"
               + IF_ONE.replace("{0}", "doc.session").replace("{1}", "session {{ doc.session }}")
               + "\n" + IF_ONE.replace("{0}", "doc.venue or doc.session_start").replace(
                   "{1}", "session {{ [doc.venue, doc.session_start|date_range(doc.session_end)]"
                          "|join_present }}"),
    # the masthead's notes are Word footnotes with marks of their own: the provisional agenda
    # ("*"), and a late document's reason ("**", or "*" without an agenda note)
    "AGENDA": IF_ONE.replace("{0}", "doc.agenda_item").replace(
                  "{1}", "session Item {{ doc.agenda_item }} of the provisional agenda"
                         '{{ doc.agenda_symbol|footnote(mark="*") }}') + "\n"
              + IF_ONE.replace("{0}", "doc.agenda_title").replace(
                  "{1}", "session! {{ doc.agenda_title }}"),
    # The final report's account of the session that discussed the draft (none before).
    "OUTCOME": IF_ONE.replace("{0}", "session_outcome").replace(
        "{1}", "n {{ session_outcome.body|capitalize_first }} considered a draft of the present "
               "report{% if session_outcome.draft_symbol %} ({{ session_outcome.draft_symbol }})"
               "{% endif %}{% if session_outcome.considered_on %} on {{ session_outcome."
               "considered_on|un_date }}{% endif %}, at its {{ session_outcome.session }}"
               "{% if session_outcome.venue or session_outcome.start %} ({{ [session_outcome."
               "venue, session_outcome.start|date_range(session_outcome.end)]|join_present }})"
               "{% endif %}.{{ session_outcome.record|footnote(\"See\") }}"
               "{% if session_outcome.requests %} {{ session_outcome.requests }}{% endif %}"
               "{% if session_outcome.revisions %} {{ session_outcome.revisions }}{% endif %}"),
    # A late document's title takes the cover note's asterisks (after the agenda's, if any).
    "LATE": '{{ doc.reason_late|footnote(mark="**" if doc.agenda_symbol and doc.agenda_item '
            'else "*") }}',
    # Acronyms used in the body and in the editors' text, spelled out before their first use.
    "COMMISSIONS": "the Economic Commission for Africa (ECA), the Economic and Social "
                   "Commission for Western Asia (ESCWA), the Economic and Social Commission "
                   "for Asia and the Pacific (ESCAP), the Economic Commission for Europe (ECE) "
                   "and the Economic Commission for Latin America and the Caribbean (ECLAC)",
}


def write(container, content: str) -> None:
    """Writes ``content``'s lines; "@break" makes the next paragraph start a new page (a page
    break before it, not an empty paragraph holding one, which a screen reader would read as
    a blank paragraph)."""
    page_break = False
    for line in Template(content).substitute(SNIPPETS).strip().splitlines():
        code, _, text = line.partition(" ")
        if code == "@break":
            page_break = True
            continue
        if code == "for":
            loop, _, inner = text.partition(" | ")
            para(container, "UN Tag", f"{{%p for {loop} %}}")
            write(container, inner)
            para(container, "UN Tag", "{%p endfor %}")
        elif code.startswith("{%p"):
            para(container, "UN Tag", line)
        elif code.startswith("@"):
            BLOCKS[code[1:]](container, text or None)
        else:
            p = para(container, CODES[code.rstrip("!")], text, bold=code.endswith("!") or None)
            # A lead-in stays on the page of its first subparagraph, never alone at its foot.
            p.paragraph_format.keep_with_next = _is_lead_in(text) or None
            p.paragraph_format.page_break_before, page_break = page_break or None, False


def _is_lead_in(text: str) -> bool:
    return text.rstrip().endswith(":") or ':")' in text


# --- page setup, headers and footers, saving --------------------------------------------------
def new_document(title: str):
    doc = Document()
    add_styles(doc)
    page = doc.sections[0]
    page.page_width, page.page_height = Cm(21.0), Cm(29.7)
    page.top_margin = page.bottom_margin = Cm(2.5)
    page.left_margin = page.right_margin = Cm(2.2)
    props = doc.core_properties
    props.title, props.author = title, "CSTD secretariat"
    props.last_modified_by = props.author
    props.created, props.modified, props.revision = FIXED_TIME, FIXED_TIME, 1
    for key in [k for k, r in doc.part.package.rels.items() if r.reltype.endswith("/thumbnail")]:
        doc.part.package.rels.pop(key)  # python-docx's stock preview picture
    for zoom in doc.settings.element.findall(qn("w:zoom")):  # ISO/IEC 29500 needs a percentage
        zoom.set(qn("w:percent"), "100")
    return doc


def finish(doc, name: str, head: str = "", first_page: bool = False,
           draft_mark: bool = False) -> None:
    """Running heads, as United Nations documents set them: the symbol at the right on odd
    pages and at the left on even pages, on one line above the rule, with the "Draft" mark
    at the other end of that line in a draft (and alone at the head of page 1); a PAGE field
    centred in the footer, but on a masthead's first page, which has neither (its notes are
    footnotes); then writes the file with fixed zip dates."""
    page = doc.sections[0]
    page.header.paragraphs[0].style = "Header"  # a header to type in, even when blank
    if head:
        doc.settings.odd_and_even_pages_header_footer = True
        for header, odd in ((page.header, True), (page.even_page_header, False)):
            p = header.paragraphs[0]
            p.style = "UN Running Head"
            mark = "Draft" if draft_mark else ""
            pieces = [mark, "\t", head] if odd else [head, *(["\t", mark] if mark else [])]
            for text in (t for t in pieces if t):
                run = p.add_run(text)
                if text == mark:  # the mark in grey, the symbol in the running head's black
                    run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    for footer in (page.footer, page.even_page_footer) if head else (page.footer,):
        footer.paragraphs[0].alignment = ALIGN.CENTER
        footer.paragraphs[0]._p.append(parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    if first_page:  # page 1 then has no running head and no page number
        page.different_first_page_header_footer = True
        page.first_page_footer.paragraphs[0].style = "Footer"
        # page 1's own header: "Draft" alone in a draft; in the final report an empty one,
        # so that the redline from the draft tracks the mark's deletion there
        first_head = page.first_page_header.paragraphs[0]
        first_head.style = "UN Draft Mark" if draft_mark else "Header"
        if draft_mark:
            first_head.add_run("Draft")
    raw, out = io.BytesIO(), io.BytesIO()
    doc.save(raw)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED_TIME.timetuple()[:6])
            dst.writestr(info, src.read(item.filename), zipfile.ZIP_DEFLATED)
    (OUT / name).write_bytes(out.getvalue())


# --- the four templates -----------------------------------------------------------------------
# A list reads right whatever its length: a lead-in agrees in number ("The following
# consultation was", "...consultations were") and ends with a colon; two or more items are
# (a), (b)...; a single item takes no label (sub_label); no item, no lead-in and no heading.
# Fragments that complete their lead-in end with ";" and the last with "." (as_item).
# Footnotes follow the punctuation ({{ value|footnote }}: nothing when the cell is blank).
def progress() -> None:
    doc = new_document("WSIS+20 review: progress report (template)")
    write(doc, """
$SESSION
title {{ doc.title }}
{%p if doc.presented_by %}
p Presented by {{ doc.presented_by }}
{%p endif %}
{%p if doc.date %}
p {{ doc.date|un_date }}
{%p endif %}
ch I.\tIntroduction
n At the request of the Economic and Social Council,{{ doc.mandate|footnote }} the Commission on Science and Technology for Development (CSTD) is reviewing the progress made in the 20 years since the World Summit on the Information Society (WSIS) in implementing its outcomes, among them the Internet Governance Forum (IGF), and in the use of information and communications technology (ICT) for development. The CSTD secretariat, at the United Nations Conference on Trade and Development (UNCTAD), conducts the review with the regional commissions of the United Nations: $COMMISSIONS. The present report sets out the progress made$AS_OF.
ch II.\tTimetable
n The review follows the timetable set out in {{ table.ahead(1) }}.
label {{ table() }}
name Timetable of the review
@timetable
ch III.\tOpen multistakeholder consultations
n The review draws on an online survey and on open consultations with all stakeholders{% if regional_consultations %}, at the global level and in each region{% endif %}.
{%p if regional_consultations %}
sec A.\tGlobal consultations
{%p endif %}
n At the global level, the review draws on the following:
item {% if global_consultations %}(a){% endif %}\tAn online survey, through a questionnaire circulated on {{ questionnaire.circulated|un_date }}{% if global_consultations %};{% else %}.{% endif %}
for c in global_consultations | item {{ (loop.index + 1)|letter }}\t$CONSULTATION$END
{%p if regional_consultations %}
sec B.\tRegional consultations
n {{ regional_consultations|length|agree("In the regions, the review draws on the following consultation:", "In the regions, the review draws on the following consultations:") }}
{%p endif %}
for c in regional_consultations | item {{ loop|sub_label }}\t$CONSULTATION$END
ch IV.\tFindings from the online survey
n The online survey received {{ survey.total|number }} {{ survey.total|agree("response", "responses") }}.{{ survey.method|footnote }}{% if survey.findings %} {{ survey.findings|length|agree("Its main finding is the following:", "Its main findings are the following:") }}{% endif %}
for f in survey.findings | item {{ loop|sub_label }}\t{{ f.text|as_item(loop) }}{{ f.basis|footnote }}
ch V.\tDistribution of responses to the online survey
n {{ figure.ahead(2)|capitalize_first }} show how the responses were distributed by stakeholder group and by region; {{ table.ahead(2) }}, in the annex, give their numbers.
@figure by_group
@figure by_region
ch VI.\tKey messages from the consultations
{%p if not message_groups %}
n No key messages had been recorded$AS_OF.
{%p endif %}
{%p if global_messages and regional_message_groups %}
sec A.\tKey messages from the global consultations
{%p endif %}
{%p if global_messages %}
n {{ global_messages|length|agree("The key message of the global consultations was the following:", "The key messages of the global consultations were the following:") }}
{%p endif %}
for m in global_messages | item {{ loop|sub_label }}\t{{ m }}
{%p if global_messages and regional_message_groups %}
sec B.\tKey messages from the regional consultations
{%p endif %}
{%p for g in regional_message_groups %}
sub {% if loop.length > 1 %}{{ loop.index }}.{% endif %}\t{{ g.name }}
n $MESSAGES_LEAD_IN
for m in g.messages | item {{ loop|sub_label }}\t{{ m }}
{%p endfor %}
@break
ch Annex
sec \tResponses to the online survey
@numbers by_group
@numbers by_region
end $END_MARK
""")
    finish(doc, "progress.docx")


def report_body() -> None:
    doc = new_document("WSIS+20 review: body of the report, shared by draft and ecosoc (template)")
    write(doc, """
@break
ch I.\tIntroduction
n The Economic and Social Council requested the Commission on Science and Technology for Development (CSTD) to review the progress made in the implementation of the outcomes of the World Summit on the Information Society (WSIS) in the 20 years since the Summit, and to report on its review, through the Council, to the General Assembly.{{ doc.mandate|footnote }}
n The present report responds to that request. It was prepared by the CSTD secretariat, at the United Nations Conference on Trade and Development (UNCTAD), on the basis of open multistakeholder consultations, an online survey of stakeholders, a review of the literature and other research. The review covers the outcomes of the Summit, among them the Internet Governance Forum (IGF), and the use of information and communications technology (ICT) for development. Chapter II describes the methodology, chapter III sets out the findings and chapter IV the conclusions and recommendations. Annex I lists the consultations{% if session_outcome and session_outcome.deliberations %}, annex II gives the responses to the online survey and annex III summarizes the deliberations of the Commission{% else %} and annex II gives the responses to the online survey{% endif %}.
$OUTCOME
ch II.\tMethodology
sec A.\tTimetable
n The review follows the timetable set out in {{ table.ahead(1) }}.
label {{ table() }}
name Timetable of the review
@timetable
sec B.\tMultistakeholder consultations
n {% if held %}The secretariat held {{ held|length|number }} open multistakeholder {{ held|length|agree("consultation", "consultations") }}, in which Governments, the private sector, civil society, the technical and academic communities and international and regional organizations took part.{% else %}No open multistakeholder consultation had been held$AS_OF.{% endif %}{% if global_consultations %} {{ global_consultations|length|agree("The global consultation was the following:", "The global consultations were the following:") }}{% endif %}
for c in global_consultations | item {{ loop|sub_label }}\t$CONSULTATION$END
{%p if regional_consultations %}
n The regional consultations were organized with the regional commissions of the United Nations: $COMMISSIONS. {{ regional_consultations|length|agree("The regional consultation was the following:", "The regional consultations were the following:") }}
{%p endif %}
for c in regional_consultations | item {{ loop|sub_label }}\t$CONSULTATION$END
sec C.\tOnline survey
n A questionnaire was circulated to all stakeholders on {{ questionnaire.circulated|un_date }}{% if questionnaire.closing %} and remained open until {{ questionnaire.closing|un_date }}{% endif %}. The online survey received {{ survey.total|number }} {{ survey.total|agree("response", "responses") }}, which are analysed in chapter III.{{ survey.method|footnote }}
ch III.\tFindings
sec A.\tOnline survey
{%p if survey.findings %}
n {{ survey.findings|length|agree("The main finding of the online survey is the following:", "The main findings of the online survey are the following:") }}
{%p endif %}
for f in survey.findings | item {{ loop|sub_label }}\t{{ f.text|as_item(loop) }}{{ f.basis|footnote }}
n {{ figure.ahead(2)|capitalize_first }} show the distribution of the responses by stakeholder group and by region; {{ table.ahead(2, after=1) }}, in annex II, give their numbers.
@figure by_group
@figure by_region
sec B.\tKey messages from the consultations
n {% if not message_groups %}No key messages had been recorded$AS_OF.{% else %}The key messages of the consultations are summarized below{% if global_messages and regional_message_groups %}, those of the global consultations first and then those of each region{% endif %}.{% endif %}
{%p for g in message_groups %}
sub {% if loop.length > 1 %}{{ loop.index }}.{% endif %}\t$GROUP
n $MESSAGES_LEAD_IN
for m in g.messages | item {{ loop|sub_label }}\t{{ m }}
{%p endfor %}
ch IV.\tConclusions and recommendations
n Twenty years after the Summit, stakeholders recognize what has been achieved through its outcomes and its multistakeholder model, and ask that its vision of a people-centred, inclusive and development-oriented information society guide digital cooperation. Universal and meaningful connectivity, financing for digital infrastructure and skills, and the inclusion of vulnerable groups remain unfinished, while new technologies raise questions of governance that the framework of the Summit should address.
n {{ acting_body|capitalize_first }} may wish to consider the following {{ recommendations|length|agree("recommendation", "recommendations") }}:
for r in recommendations | rec {{ loop|sub_label }}\t{{ r }}
@break
ch Annex I
sec \tConsultations for the review
label {{ table() }}
name Dates, places, formats and status of the consultations
@table consultations
source $SECRETARIAT_SOURCE
@break
ch Annex II
sec \tResponses to the online survey
@numbers by_group
@numbers by_region
{%p if session_outcome and session_outcome.deliberations %}
@break
ch Annex III
sec \tDeliberations of the Commission at its {{ session_outcome.session }}
an {{ session_outcome.deliberations|length|agree("The main point made in the deliberations was the following:", "The main points made in the deliberations were the following:") }}
for d in session_outcome.deliberations | item {{ loop|sub_label }}\t{{ d }}
{%p endif %}
end $END_MARK
""")
    finish(doc, BODY)


def masthead(doc) -> None:
    """The first page of a document for a session: symbol line, organ, Distr./date/Original,
    the session block of its Documents row, title and the boxed Summary. Set with tab stops
    and paragraph borders, not layout tables, so that a screen reader reads it as text."""
    para(doc, "UN Masthead Top", "United Nations\t{{ doc.symbol }}")
    organ = para(doc, "UN Masthead Organ", "Economic and Social Council\t")
    distr = organ.add_run("Distr.: General")  # in the Distr. lines' type, at their tab stop
    distr.bold, distr.font.size = False, Pt(10)
    write(doc, """
distr \t{{ doc.date|un_date }}
original \tOriginal: English
$SESSION
$AGENDA
title {{ doc.title }}$LATE
subtitle Report of the Secretary-General
box Summary
summary The Economic and Social Council requested the Commission on Science and Technology for Development to review the progress made in the 20 years since the World Summit on the Information Society and to report, through the Council, to the General Assembly. The present report responds to that request. It draws on {{ held|length|number }} open multistakeholder {{ held|length|agree("consultation", "consultations") }}, global and regional; on {{ survey.total|number }} {{ survey.total|agree("response", "responses") }} to an online survey; and on a review of the literature.{% if session_outcome %} It was revised in the light of the discussion of a draft by {{ session_outcome.body }} at its {{ session_outcome.session }}.{% endif %}
summary Stakeholders recognize what has been achieved through the outcomes of the Summit and its multistakeholder model. Universal and meaningful connectivity, financing for digital infrastructure and skills, and the inclusion of vulnerable groups are the tasks that remain. The report sets out the findings of the review and recommendations for the consideration of {{ acting_body }}.
""")


def draft() -> None:
    """The pre-session document: the full masthead, "Advance unedited version" above it,
    its symbol as running head and "Draft" at the head of every page, the first included."""
    doc = new_document("WSIS+20 review: draft report (template)")
    para(doc, "UN Cover Note", "Advance unedited version")
    masthead(doc)
    write(doc, '{%p include "_report-body.docx" %}')  # the body starts on a new page
    finish(doc, "draft.docx", "{{ doc.symbol }}", first_page=True, draft_mark=True)


def ecosoc() -> None:
    doc = new_document("WSIS+20 review: report to the Economic and Social Council (template)")
    masthead(doc)
    write(doc, '{%p include "_report-body.docx" %}')  # the body starts on a new page
    finish(doc, "ecosoc.docx", "{{ doc.symbol }}", first_page=True)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for make in (progress, report_body, draft, ecosoc):
        make()
    print(f"wrote progress.docx, draft.docx, ecosoc.docx and {BODY} in {OUT}/")


if __name__ == "__main__":
    main()
