"""The briefing as a PowerPoint deck, from the same context as the report.

The slides follow the October 2024 briefing: title, timetable, consultations (global,
then regional), survey findings, the two distributions as native charts, key messages
(global, then by region), closing. Their words are the report's: the context of
``build_context`` and the house-style filters of ``style.py``, so the deck and the report
cannot drift. Lists and tables are measured against their placeholders and continue on
"… (continued)" slides; every slide's speaker notes give its source and the as-of date.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from ..house_style import style
from ..charts.pictures import Bar, alt_text
from .template import EMU_PER_PT, Layout, frame, open_template
from ..errors import TemplateProblem
from .notes import add_notes
from .numbers import first_number, number_slide
from .fit import Frame, Item, Placed, TooLong, fits, paginate, text_width
from .tables import About, add_table, table_pages

FLOOR_PT = 12  # the smallest text a room can read from the back; below it, shorten
MIN_CHART_PT = 10  # below this a chart's labels cannot be read: a table instead
CLOSING = "Thank you for your attention!"
SOURCES = {
    "title": "report.xlsx › Documents",
    "timetable": "report.xlsx › Timetable",
    "consultations": "consultations.xlsx › Consultations; survey.xlsx › Survey",
    "findings": "survey.xlsx › Findings",
    "messages": "consultations.xlsx › Key messages",
}


@dataclass
class Deck:
    """A rendered deck, in memory, and what the console should say about it."""

    data: bytes
    slides: int = 0
    charts: int = 0
    tables: int = 0
    notices: list[str] = field(default_factory=list)


class _Builder:
    def __init__(self, template: Path, context: dict[str, Any]) -> None:
        self.template = template
        self.prs, self.layouts = open_template(template)
        self.master = self.prs.slide_master
        self.context = context
        self.as_of = style.un_date(context["as_of"]) or "the date of the document"
        self.deck = Deck(b"")
        self.first_use = style.FirstUse()  # every text passes through it in reading order

    # --- slides -------------------------------------------------------------------------
    def slide(self, layout: str, title: str, source: str,
              notes: str | None = None) -> tuple[Any, dict[str, Any]]:
        """A new slide of ``layout``, titled, its notes giving ``source`` (or ``notes``)
        and the as-of date; and its placeholders by their names in the layout."""
        chosen: Layout = self.layouts[layout]
        slide = self.prs.slides.add_slide(chosen.layout)
        by_idx = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        filled = {name: by_idx.get(ph.placeholder_format.idx)
                  for name, ph in chosen.placeholders.items()}
        for name, shape in filled.items():  # named as in the layout, for whoever edits next
            if shape is not None:
                shape._element.nvSpPr.cNvPr.set("name", name)
        if layout != "Title slide":  # numbered where the template's layout has the place
            number_slide(slide, chosen.layout, first_number(self.prs) + self.deck.slides)
        self.fit_title(filled["Title"], chosen.placeholders["Title"], title, layout)
        source = source.removeprefix("Source: ").rstrip(".")
        add_notes(slide, self.deck.slides + 1,
                  notes or f"Source: {source}. Facts as of {self.as_of}.")
        self.deck.slides += 1
        return slide, filled

    def fit_title(self, shape: Any, layout_ph: Any, text: str, layout: str) -> None:
        text = self.first_use(text)
        room = frame(layout_ph, self.master)
        pages = self.fit([Item(text)], room, f"{layout} › Title", SOURCES["title"], "Title")
        shape.text_frame.text = text
        size = pages[0][0].size
        if size != room.size:
            shape.text_frame.paragraphs[0].runs[0].font.size = _pt(size)

    def fit(self, items: Sequence[Item], room: Frame, where: str, source: str,
            placeholder: str = "List") -> list[list[Placed]]:
        try:
            pages = paginate(items, room, min(FLOOR_PT, room.size))
        except TooLong as exc:
            text = exc.item.text if len(exc.item.text) < 70 else exc.item.text[:67] + "…"
            raise TemplateProblem(self.template.name, f"{where}: “{text}” {exc}; shorten "
                                  f"it in {source.split(';')[0]}, or make the "
                                  f"{placeholder!r} placeholder larger in the template"
                                  ) from None
        for page in pages:
            for placed in page:
                if placed.size < room.size:
                    self.deck.notices.append(
                        f"{where}: “{_short(placed.item.text)}” is set at {placed.size:g} pt "
                        f"instead of {room.size:g} pt to fit one slide")
        return pages

    def title_slide(self) -> None:
        doc = self.context["doc"]
        _, shapes = self.slide("Title slide", doc.title, SOURCES["title"])
        presenter = doc.presented_by or doc.body or ""
        # "Name, Position" is set as the briefing sets it: the name, the position below.
        name, _, position = presenter.partition(", ")
        self.set_text("Title slide", "Presenter", shapes, [name, position])
        # The meeting is named, as on the progress report, and gives the acronym its first use.
        meeting = style.introduced(", ".join(v for v in (doc.body, doc.session) if v))
        venue = ", ".join(v for v in (style.un_date(self.context["as_of"]), doc.venue) if v)
        self.set_text("Title slide", "Date and venue", shapes, [meeting, venue])

    def set_text(self, layout: str, name: str, shapes: dict[str, Any], lines: list[str]) -> None:
        """Fills one placeholder with ``lines``, all set smaller together if they must be."""
        lines = [self.first_use(line) for line in lines if line]
        shape = shapes.get(name)
        if shape is None or not lines:
            return
        room = replace(frame(self.layouts[layout].placeholders[name], self.master), indent=0)
        size = room.size
        while not fits([Placed(Item(line), size) for line in lines], room):
            if size <= min(FLOOR_PT, room.size):
                raise TemplateProblem(self.template.name, f"{layout} › {name}: "
                                      f"“{_short(' '.join(lines))}” does not fit even at "
                                      f"{size:g} pt; shorten it, or make the placeholder "
                                      "larger in the template")
            size = max(min(FLOOR_PT, room.size), size - 1)
        frame_ = shape.text_frame
        frame_.text = lines[0]
        for line in lines[1:]:
            frame_.add_paragraph().text = line
        if size != room.size:
            self.deck.notices.append(f"{layout} › {name}: set at {size:g} pt instead of "
                                     f"{room.size:g} pt to fit")
            for paragraph in frame_.paragraphs:
                for run in paragraph.runs:
                    run.font.size = _pt(size)

    def list_slides(self, title: str, items: list[Item], source: str) -> None:
        if not items:
            return
        items = [replace(i, text=self.first_use(i.text)) for i in items]
        room = frame(self.layouts["List"].placeholders["List"], self.master)
        numbers = [f"{i.number}." for i in items if i.number is not None]
        if numbers:  # the number hangs in the margin: make room for the widest
            widest = max(text_width(n, room.typeface, room.size) for n in numbers)
            room = replace(room, indent=max(room.indent, widest + room.size * 0.5))
        for index, page in enumerate(self.fit(items, room, title, source)):
            slide_title = title if index == 0 else f"{title} (continued)"
            _, shapes = self.slide("List", slide_title, source)
            _fill_list(shapes["List"], page, room)

    def table_slides(self, title: str, header: tuple[str, str], rows: list[tuple[str, str]],
                     source: str, about: About, layout: str = "Table",
                     name: str = "Table") -> None:
        chosen = self.layouts[layout]
        area = chosen.placeholders[name]
        room = frame(area, self.master)
        rows = [(self.first_use(a), self.first_use(b)) for a, b in rows]
        try:
            pages = table_pages(header, rows, room)
        except TooLong as exc:
            raise TemplateProblem(self.template.name, f"{title}: the row “{exc.item.text[:67]}” "
                                  f"does not fit one slide; shorten it in "
                                  f"{source.removeprefix('Source: ')}, or make "
                                  f"the {name!r} placeholder larger in the template") from None
        start = 0
        for index, (page, widths) in enumerate(pages):
            slide, shapes = self.slide(layout, title if index == 0 else
                                       f"{title} (continued)", source)
            description = about.describe(header, len(rows), start, start + len(page),
                                         index + 1, len(pages))
            add_table(slide, area, [header, *page], widths, room, description)
            _remove(shapes[name])
            self.deck.tables += 1
            start += len(page)

    def chart_slide(self, fig: Any) -> None:
        from pptx.enum.chart import XL_CHART_TYPE

        from ..charts.bars import TallyChartData, label, style as style_chart

        title = f"Distribution of responses by {fig.category.lower()}"
        area = self.layouts["Chart"].placeholders["Chart"]
        room = frame(area, self.master)
        rows = list(fig.rows)
        size = min(room.size, room.height / (max(len(rows), 1) * 1.7))
        source = f"{fig.source.rstrip('.')}; {style.grouped(fig.total)} responses."
        if not rows or size < MIN_CHART_PT:
            self.deck.notices.append(f"{title}: {len(rows)} bars do not fit a readable chart; "
                                     "shown as a table")
            table = [(r.label, label(r, fig.total)) for r in rows] or [("(no responses)", "")]
            noun = fig.category.lower()
            self.table_slides(title, (fig.category, "Responses"), table, fig.source,
                              About(fig.title, (noun, f"{noun}s")), "Chart", "Chart")
            return
        slide, shapes = self.slide("Chart", title, fig.source,
                                   f"{source} Facts as of {self.as_of}.")
        data = TallyChartData(rows, self.context["as_of"] or self.context["questionnaire"]
                              ["circulated"])
        graphic = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, area.left, area.top,
                                         area.width, area.height, data)
        style_chart(graphic.chart, rows, fig.total, round(size), area.width / EMU_PER_PT,
                    room.typeface)
        bars = [Bar(r.label, r.count) for r in rows]
        graphic._element.nvGraphicFramePr.cNvPr.set("descr",
                                                    alt_text(fig.title, bars, fig.total))
        _remove(shapes["Chart"])
        self.set_text("Chart", "Source", shapes, [source])
        self.deck.charts += 1

    # --- the deck -----------------------------------------------------------------------
    def build(self) -> Deck:
        c = self.context
        self.title_slide()
        milestones = c["timetable"]
        self.table_slides("Timetable", ("Date", "Milestone"),
                          [(style.month_range(m.start, m.end), m.text) for m in milestones],
                          SOURCES["timetable"],
                          About("Timetable of the review", ("milestone", "milestones"),
                                lambda start, stop: _months(milestones[start:stop])))
        self.list_slides("Open multistakeholder consultations", self.consultation_items(),
                         SOURCES["consultations"])
        self.list_slides("Findings from the online survey",
                         [Item(str(f)) for f in c["survey"]["findings"]], SOURCES["findings"])
        for key in ("by_group", "by_region"):
            self.chart_slide(c["figures"][key])
        groups = c["message_groups"]
        for group in groups:
            if group.name == "Global":
                self.list_slides("Key messages from global consultations",
                                 [Item(m) for m in group.messages], SOURCES["messages"])
        regional = [Item(g.name, heading=True) if i < 0 else
                    Item(g.messages[i], number=i + 1, group=g.name)
                    for g in groups if g.name != "Global" for i in range(-1, len(g.messages))]
        self.list_slides("Key messages from regional consultations", regional,
                         SOURCES["messages"])
        self.slide("Closing", CLOSING, "the CSTD secretariat")
        for slide in self.prs.slides:
            for ph in list(slide.placeholders):  # a drafter's extra placeholder, unfilled
                if ph.has_text_frame and not ph.text_frame.text.strip():
                    _remove(ph)
        out = io.BytesIO()
        self.prs.save(out)
        self.deck.data = out.getvalue()
        return self.deck

    def consultation_items(self) -> list[Item]:
        c = self.context
        items = [Item("Global consultations", heading=True)]
        circulated = c["questionnaire"]["circulated"]
        if circulated:
            items.append(Item("Online survey through a questionnaire circulated: "
                              f"{style.un_date(circulated)}", group="Global consultations"))
        items += [Item(_consultation(v.title, v), group="Global consultations")
                  for v in c["global_consultations"]]
        if c["regional_consultations"]:
            items.append(Item("Regional consultations", heading=True))
            items += [Item(_consultation(v.region or v.title, v), group="Regional consultations")
                      for v in c["regional_consultations"]]
        return items


def _consultation(name: str, view: Any) -> str:
    """Europe: 17 June 2024, Vilnius, Lithuania (hybrid); a planned one says so."""
    status = "" if view.status == "Held" else f"; {view.status.lower()}"
    when = style.when(view)
    return f"{name}: {when + ', ' if when else ''}{style.place(view)} ({view.format}{status})"


def _months(milestones: Sequence[Any]) -> str:
    """"from April 2024 to November 2025": the months the milestones run over."""
    first = min(m.start for m in milestones)
    last = max(m.end or m.start for m in milestones)
    span = style.month_range(first, last)
    return f"from {span}" if " to " in span else f"in {span}"


def _short(text: str, length: int = 50) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def _pt(size: float):
    from pptx.util import Pt

    return Pt(size)


def _remove(shape: Any) -> None:
    if shape is not None:
        element = shape._element
        element.getparent().remove(element)


def _fill_list(shape: Any, page: list[Placed], room: Frame) -> None:
    from pptx.oxml.ns import qn

    frame_ = shape.text_frame
    frame_.clear()
    for index, placed in enumerate(page):
        paragraph = frame_.paragraphs[0] if index == 0 else frame_.add_paragraph()
        item = placed.item
        text = item.text if item.number is None else f"{item.number}.\t{item.text}"
        run = paragraph.add_run()
        run.text = text
        if placed.size != room.size:
            run.font.size = _pt(placed.size)
        if item.heading or item.number is not None:
            p_pr = paragraph._p.get_or_add_pPr()
            margin = 0 if item.heading else round(room.indent * EMU_PER_PT)
            p_pr.set("marL", str(margin))
            p_pr.set("indent", str(-margin))
            p_pr.append(p_pr.makeelement(qn("a:buNone"), {}))
        if item.heading:
            run.font.bold = True


def render_deck(template: Path, context: dict[str, Any]) -> Deck:
    """The deck's bytes (not yet reproducible: ``output.reproducible`` fixes its dates)
    and counts; raises ``TemplateProblem`` for a template that cannot make it."""
    return _Builder(template, context).build()
