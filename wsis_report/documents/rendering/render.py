"""Template + context -> a rendered Word document, in memory.

The template is checked first (``templates.py``); rendering is sandboxed,
autoescaped, strict about undefined names, and bounded in time, size and memory
(``bounds.py``); each rendered part is checked strictly (``rendered.py``) and the
document for references outside it (``external.py``) before it is returned.
"""

from __future__ import annotations

import html
import io
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from .bounds import memory_budget
from ..charts.pictures import Bar, alt_text, bar_chart_png
from ..context import Figure
from ..errors import TemplateProblem
from .external import checked as without_external_references
from ..footnotes import apply as apply_notes
from ..provenance import Origins
from ..ranges import Bookmarker, Marks, highest_id
from .rendered import check_part, strict_parser
from .templates import (_around, around_error, body_xml, check_template, environment,
                        inspect_template, notes_parts, opened)

RENDER_SECONDS = 60
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class FigureView:
    """A figure as a template sees it, with its drawn image."""

    title: str
    category: str
    source: str
    rows: tuple
    total: int
    image: Any
    note: str


class DescribedImage(InlineImage):
    """An inline image whose alternative text states what it shows."""

    def __init__(self, tpl: DocxTemplate, data: bytes, width: Mm, description: str) -> None:
        super().__init__(tpl, io.BytesIO(data), width=width)
        self.description = description

    def _insert_image(self) -> str:
        xml = super()._insert_image()
        descr = html.escape(self.description, quote=True)
        return re.sub(r"(<wp:docPr\b[^>]*?)(/?>)", rf'\1 descr="{descr}"\2', xml, count=1)


_PART_KINDS = ("header", "footer", "footnotes", "endnotes", "comments")


class _Template(DocxTemplate):
    """docxtpl, with every rendered part checked strictly before docxtpl's lenient
    re-parse (``rendered.py``), and the core properties left to ``output.py``."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path

    def render_xml_part(self, src_xml: str, part, context: dict,
                        jinja_env: jinja2.Environment | None = None) -> str:
        src = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)  # a paragraph per line
        self.current_rendering_part = part
        self.current_source = src  # to say where a failure in this part happened
        jinja_env.emitted = []
        try:
            lines = jinja_env.from_string(src).render(context)
            emitted = jinja_env.emitted
        finally:
            jinja_env.emitted = None
        # docxtpl's escapes of Jinja delimiters typed in the template's own text
        for marked, plain in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            lines = lines.replace(marked, plain)
        xml = self.resolve_listing(re.sub(r"\n<w:p([ >])", r"<w:p\1", lines))

        def source_of(template: str | None) -> str:
            return src if template is None else body_xml(self.path.parent / template)

        check_part(xml, self._where(part), emitted, source_of, _around, lines)
        return xml

    def _where(self, part) -> str:
        if part is self.docx.part:
            return self.path.name
        kind = next((k for k in _PART_KINDS if k in part.content_type), "part")
        return f"{self.path.name} ({kind} {part.partname})"

    def render_properties(self, context: dict, jinja_env=None) -> None:
        # output.py writes the properties afresh from the stage's row; a tag typed
        # there would only be rendered to be thrown away.
        return None

    def render_footnotes(self, context: dict, jinja_env: jinja2.Environment | None = None) -> None:
        # docxtpl renders the footnotes part once per section, so a value holding
        # "{{" would be rendered again in a document with two sections; and it
        # leaves the endnotes' tags as typed.
        for _, part in notes_parts(self):
            xml = self.patch_xml(part.blob.decode("utf-8"))
            part._blob = self.render_xml_part(xml, part, context, jinja_env).encode("utf-8")


@contextmanager
def _time_limit(seconds: int):
    """Stops a rendering that runs longer than ``seconds`` (main thread only, and
    only where there are alarm signals: not on Windows)."""
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"rendering was stopped after {seconds} s; does a loop run too long?")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render(path: Path, context: dict[str, Any],
           charts: str = "picture") -> tuple[bytes, dict[str, int]]:
    """The rendered document's bytes, and counts of its figures and tables; ``charts``
    "native" draws the figures as Word charts (``charts/native.py``) instead of pictures."""
    data, counts, _ = render_mapped(path, context, charts)
    return data, counts


def render_mapped(path: Path, context: dict[str, Any], charts: str = "picture"
                  ) -> tuple[bytes, dict[str, int], dict[str, Origins]]:
    """``render``, and the origins of every value a tag wrote, by the name of the hidden
    bookmark around it (``ranges.py``)."""
    inspect_template(path)
    env = environment(path.parent)
    tpl = opened(path, _Template)
    check_template(path, set(context), env, tpl=tpl)
    figures = {key: _figure(tpl, fig, charts, context.get("as_of"))
               for key, fig in context.get("figures", {}).items()}
    try:
        with _time_limit(RENDER_SECONDS), memory_budget():
            tpl.render({**context, "figures": figures}, env)
    except (jinja2.TemplateError, TimeoutError, OverflowError) as exc:
        raise TemplateProblem(path.name, f"cannot be rendered: {exc}",
                              around_error(path, exc) or _failed_at(tpl, exc)) from None
    except MemoryError as exc:
        raise TemplateProblem(path.name, "cannot be rendered: it needs more memory than a "
                              "document could (does a loop or a filter build a huge text?)",
                              _failed_at(tpl, exc)) from None
    except RecursionError as exc:
        raise TemplateProblem(path.name, "cannot be rendered: a macro or an include calls "
                              "itself without end", _failed_at(tpl, exc)) from None
    apply_notes(tpl.docx, env.notes, path.name)  # before the ranges: notes hold values too
    ranges = _bookmark_ranges(tpl, env.marks)
    _preserve_spaces(tpl)
    out = io.BytesIO()
    tpl.save(out)
    data = without_external_references(out.getvalue(), path.name)
    return data, {"figures": env.globals["figure"].count,
                  "tables": env.globals["table"].count}, ranges


def _bookmark_ranges(tpl: _Template, marks: Marks) -> dict[str, Origins]:
    """The marked values of every rendered part as hidden bookmarks, body first."""
    body = tpl.docx.element.body
    stories = [rel.target_part for rel in tpl.docx.part.rels.values()
               if rel.reltype in (tpl.HEADER_URI, tpl.FOOTER_URI)]
    notes = [part for _, part in notes_parts(tpl)]
    roots = [body] + [part.element for part in stories]
    for part in notes:  # rendered as bytes (_Template.render_footnotes)
        roots.append(etree.fromstring(part.blob, strict_parser()))
    marker = Bookmarker(marks, 1 + max(highest_id(root) for root in roots))
    for root in roots:
        marker.part(root)
    for part, root in zip(notes, roots[len(roots) - len(notes):]):
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
    return marker.ranges


def _failed_at(tpl: _Template, exc: BaseException) -> str:
    """The paragraph where rendering failed. Jinja rewrites a traceback so that its
    frames name the template and its line; the deepest such frame is the tag."""
    found, tb = None, exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename == "<template>" or filename.endswith(".docx"):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    if found is None or not getattr(tpl, "current_source", None):
        return ""
    filename, line = found
    if filename == "<template>":
        return _around(tpl.current_source, line)
    around = _around(body_xml(Path(filename)), line)
    return f"{around} (in {Path(filename).name})" if around else ""


def _preserve_spaces(tpl: DocxTemplate) -> None:
    # Without xml:space="preserve" a reader may drop the spaces at either end
    # of a run of text; values must come out exactly as typed.
    space = "{http://www.w3.org/XML/1998/namespace}space"
    for t in tpl.docx.element.body.iter("{%s}t" % W_NS):
        t.set(space, "preserve")



def _figure(tpl: DocxTemplate, fig: Figure, charts: str = "picture",
            day: Any = None) -> FigureView:
    bars = [Bar(r.label, r.count) for r in fig.rows]
    description = alt_text(fig.title, bars, fig.total)
    if charts == "native":
        from ..charts.native import NativeChart

        image: Any = NativeChart(tpl, fig, description, day)
        return FigureView(fig.title, fig.category, fig.source, fig.rows, fig.total, image, fig.note)
    png = bar_chart_png(bars, width_mm=150)
    image = DescribedImage(tpl, png, Mm(150), description)
    return FigureView(fig.title, fig.category, fig.source, fig.rows, fig.total, image, fig.note)
