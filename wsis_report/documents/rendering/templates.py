"""Templates before rendering: the sandboxed Jinja environment, and the checks
that every template parses and uses only names the stage provides.

Faults are reported with the template's file name and the paragraph around
them: docxtpl hands Jinja a paragraph per line, so Jinja's line numbers name
the drafter's paragraphs.
"""

from __future__ import annotations

import html
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

import jinja2
from docxtpl import DocxTemplate
from jinja2 import meta, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from ...inputs.reading.container import DocumentProblem, inspect_docx
from ..house_style import prose, style
from .bounds import (BOUNDED_FILTERS, BOUNDED_GLOBALS, MAX_TEXT, REMOVED_FILTERS,
                     bounded_concat, too_long)
from ..errors import TemplateProblem
from ..footnotes import Notes, functions as note_functions
from ..provenance import sourced_filters
from ..ranges import Marks, refuse_markers
from .rendered import Emitted

INCLUDE = re.compile(r"""{%-?\s*include\s+["']([^"']+)["']""")
_TAG = re.compile(r"<[^>]+>")
# docxtpl turns these back into Jinja delimiters after rendering; a value that
# holds one must come out as typed, so its underscore is written as a character reference.
_DOCXTPL_MARKERS = re.compile(r"\{_(?=[{%])|(?<=[}%])_\}")


def _finalize(value: Any) -> Any:
    if hasattr(value, "__html__"):
        return value
    text = str(value) if value is not None else ""
    if len(text) > MAX_TEXT:
        raise too_long("a value")
    try:
        refuse_markers(text)
    except ValueError as exc:
        raise SecurityError(str(exc)) from None
    escaped = str(escape(text))
    escaped = _DOCXTPL_MARKERS.sub(lambda m: m[0].replace("_", "&#95;"), escaped)
    escaped = escaped.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    return Markup(escaped)


class _PartialLoader(jinja2.BaseLoader):
    """Serves the body of another template file for ``{% include "name.docx" %}``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_source(self, environment: jinja2.Environment, name: str):
        path = self.folder / name
        if not path.is_file() or path.suffix != ".docx" or Path(name).name != name:
            raise jinja2.TemplateNotFound(name)
        return body_xml(path), str(path), lambda: True


def body_xml(path: Path) -> str:
    """The preprocessed body of a template, without its section properties, a
    paragraph per line (as docxtpl feeds the main part to Jinja)."""
    stat = path.stat()
    return _body_xml(str(path), stat.st_mtime_ns, stat.st_size)


def opened(path: Path, kind: type[DocxTemplate] = DocxTemplate) -> DocxTemplate:
    """The template at ``path``, opened by docxtpl; a file that passed the container
    check but is still not a Word document python-docx can read (a part without a
    content type, broken XML) is a ``TemplateProblem``, not an internal error."""
    try:
        tpl = kind(path)
        tpl.init_docx()
        return tpl
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors…
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        raise TemplateProblem(Path(path).name, f"cannot be opened as a Word document "
                              f"({detail}). Open it in Word and save it again.") from None


@lru_cache(maxsize=8)
def _body_xml(path: str, mtime_ns: int, size: int) -> str:
    tpl = opened(Path(path))
    xml = tpl.patch_xml(tpl.get_xml())
    inner = re.sub(r"^<w:body[^>]*>|</w:body>$", "", xml.strip())
    inner = re.sub(r"<w:sectPr\b.*?</w:sectPr>\s*$", "", inner, flags=re.S)
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", inner)


def _tag_position(depth: int = 4) -> tuple[Any, int] | None:
    """The compiled template and code line of the tag being output, if the caller is
    template code (and not Jinja compiling it). Turned into the template's line only
    when needed: Jinja parses its line table on every lookup."""
    frame = sys._getframe(2)
    for _ in range(depth):
        if frame is None:
            return None
        template = frame.f_globals.get("__jinja_template__")
        if template is not None:
            return template, frame.f_lineno
        frame = frame.f_back
    return None


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, plus a cap on strings and lists built by ``*`` and ``**``:
    a template from a partner must not be able to exhaust the machine."""

    intercepted_binops = frozenset({"*", "**"})

    concat = staticmethod(bounded_concat)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, Any] = {}
        self.emitted: list[Emitted] | None = None  # recording while a part renders
        self.marks = Marks()  # the origin of each value written (ranges.py)
        self.finalize = self._finalize_and_record

    def _finalize_and_record(self, value: Any) -> Any:
        """Escapes a value for Word, marks it with its origin (ranges.py) and, while a part
        renders, notes what it was and which tag wrote it, so that the part can be checked
        to hold it (rendered.py)."""
        out = _finalize(value)
        if self.emitted is None:
            return out
        out = self.marks.mark(value, out, _finalize)
        if isinstance(value, Markup):
            if "<" in value or "\ufdd0" in value:  # markup Jinja joined from escaped
                return out  # pieces (a macro's, a captured block's output), or holding the
                # marks of values written inside it: those were noted as they were written
            text = value.unescape()
        elif hasattr(value, "__html__"):
            return out  # a figure's image
        else:
            text = "" if value is None else str(value)
        position = _tag_position() if text.strip() else None
        if position is not None:
            self.emitted.append(Emitted(text, *position))
        return out

    def check(self, source: str, name: str | None = None):
        """Parses ``source`` once for both checking and rendering: the compiled code
        is kept for when docxtpl, or an include of ``name``, asks for the very same
        source (the name is kept in the code, to say which file a value came from)."""
        ast = self.parse(source, name)
        self._compiled[source, name] = super().compile(ast, name)
        return ast

    def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
        if isinstance(source, str) and not raw and (source, name) in self._compiled:
            return self._compiled[source, name]
        return super().compile(source, name, filename, raw, defer_init)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"the power {right} is too large")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_TEXT:
                    raise SecurityError("the template builds a text of more than "
                                        f"{MAX_TEXT:,} characters")
        return super().call_binop(context, operator, left, right)


def environment(folder: Path) -> jinja2.Environment:
    env = _Sandbox(
        autoescape=True, undefined=jinja2.StrictUndefined,
        loader=_PartialLoader(folder), keep_trailing_newline=True)
    env.filters.update(BOUNDED_FILTERS)
    for name in REMOVED_FILTERS:
        env.filters.pop(name, None)
    env.filters.update(style.FILTERS)
    env.filters.update(prose.FILTERS)  # facts as running text, each value keeping its cell
    env.filters.update(sourced_filters(env.filters))  # the filters keep values' origins
    env.globals.update(BOUNDED_GLOBALS)
    env.globals.update(style.label_globals())  # fresh counters: from I in each document
    # the footnotes and table notes of this rendering (footnotes.py): their filters write
    # markers, not values, so they are not among the filters that keep origins
    env.notes = Notes(env.marks)
    filters, functions = note_functions(env.notes)
    env.filters.update(filters)
    env.globals.update(functions)
    return env


def _parts(path: Path, tpl: DocxTemplate | None = None) -> Iterator[tuple[str, str]]:
    """Each part of a template that docxtpl renders, preprocessed, a paragraph per line
    as docxtpl feeds it to Jinja (so Jinja's line numbers name paragraphs)."""
    if tpl is None:
        tpl = opened(path)
    xmls = [("body", tpl.get_xml())]
    for uri, kind in ((tpl.HEADER_URI, "header"), (tpl.FOOTER_URI, "footer")):
        xmls += [(kind, tpl.get_part_xml(part)) for _, part in tpl.get_headers_footers(uri)]
    xmls += [(kind, part.blob.decode("utf-8")) for kind, part in notes_parts(tpl)]
    for kind, xml in xmls:
        yield kind, re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml))


def notes_parts(tpl: DocxTemplate) -> Iterator[tuple[str, Any]]:
    """The footnotes and endnotes parts, which hold text and tags like the body."""
    for part in tpl.docx.part.package.parts:
        for kind in ("footnotes", "endnotes"):
            if part.content_type.endswith(f".{kind}+xml"):
                yield kind, part


def _text_lines(xml: str) -> list[str]:
    """The template as a drafter sees it: one line per paragraph, as Jinja numbers them."""
    return [html.unescape(_TAG.sub("", line)) for line in xml.split("\n")]


def _around(xml: str, lineno: int | None = None, needle: str | None = None) -> str:
    lines = _text_lines(xml)
    if needle is not None:
        hits = [i for i, line in enumerate(lines) if re.search(rf"\b{re.escape(needle)}\b", line)]
        lineno = hits[0] + 1 if hits else None
    if not lineno or lineno > len(lines):
        return ""
    text = " ".join(lines[lineno - 1].split())
    return text if len(text) <= 160 else text[:157] + "…"


_BLOCK = re.compile(r"{%-?[ptr]*\s*(if|for|with|filter|macro|call|block|endif|endfor|endwith|"
                    r"endfilter|endmacro|endcall|endblock)\b")


def _unclosed(xml: str) -> int | None:
    """The line of the innermost block tag that is never closed."""
    stack: list[int] = []
    for number, line in enumerate(_text_lines(xml), start=1):
        for keyword in _BLOCK.findall(line):
            if keyword.startswith("end"):
                if stack:
                    stack.pop()
            else:
                stack.append(number)
    return stack[-1] if stack else None


def around_error(path: Path, exc: Exception) -> str:
    """The drafter's text near a rendering error, found by the name it complains of."""
    name = re.search(r"attribute '(\w+)'|'(\w+)' is undefined", str(exc))
    if not name:
        return ""
    needle = name.group(1) or name.group(2)
    for candidate in [path, *(path.parent / n for n in INCLUDE.findall(body_xml(path)))]:
        for _, xml in _parts(candidate):
            around = _around(xml, needle=needle)
            if around:
                return around if candidate == path else f"{around} (in {candidate.name})"
    return ""


# A template is copied into every document built from it, several times over in
# memory (python-docx, docxtpl, the checks, the reproducible rewrite): a 190 MB
# picture cost 22 s and a 1 GB peak. A real template is well under a megabyte; its
# largest parts are pictures and embedded fonts.
TEMPLATE_MAX_PART = 50 * 2**20
TEMPLATE_MAX_TOTAL = 100 * 2**20


def inspect_template(path: Path) -> None:
    """Refuses a template that is not a Word document safe to open, before it is
    opened (``inputs/container.py``: sizes, parts, entities, macros)."""
    try:
        inspect_docx(path, TEMPLATE_MAX_PART, TEMPLATE_MAX_TOTAL)
    except DocumentProblem as problem:
        raise TemplateProblem(path.name, f"{problem.message}. {problem.hint}") from None


_NOT_IN_TEMPLATES = {nodes.Extends: "extends", nodes.Import: "import",
                     nodes.FromImport: "from … import"}


def _check_structure(ast: nodes.Template, xml: str, where: str, folder: Path) -> list[str]:
    """The files ``ast`` includes; refuses what a Word template cannot use: other
    templates' blocks and macros, and includes other than a file in its folder."""
    names = []
    for node in ast.find_all((*_NOT_IN_TEMPLATES, nodes.Include)):  # one walk of the tree
        if type(node) in _NOT_IN_TEMPLATES:
            raise TemplateProblem(where, f"uses {{% {_NOT_IN_TEMPLATES[type(node)]} %}}, which "
                                  "Word templates cannot: share text with "
                                  "{%p include \"file.docx\" %}", _around(xml, node.lineno))
        name = node.template.value if isinstance(node.template, nodes.Const) else None
        if not isinstance(name, str) or Path(name).name != name or not name.endswith(".docx"):
            raise TemplateProblem(where, "includes something other than a .docx file of the "
                                  "templates folder named in quotes, by its name alone",
                                  _around(xml, node.lineno))
        if not (folder / name).is_file():
            raise TemplateProblem(where, f"includes {name!r}, which is not in {folder}",
                                  _around(xml, node.lineno))
        names.append(name)
    return names


def check_template(path: Path, names: set[str], env: jinja2.Environment,
                   included: tuple[str, ...] = (), tpl: DocxTemplate | None = None) -> None:
    """Raises ``TemplateProblem`` for a broken tag, or a name the context lacks.
    Of an included template (``included`` names the files that include it) only
    the body is used, so only the body is checked. ``tpl`` is the template
    already opened for rendering, if there is one."""
    known = names | set(env.globals)
    if included:
        inspect_template(path)
    for part, xml in ([("body", body_xml(path))] if included else _parts(path, tpl)):
        where = path.name if part == "body" else f"{path.name} ({part})"
        try:
            ast = env.check(xml, path.name if included else None)
        except jinja2.TemplateSyntaxError as exc:
            lineno = exc.lineno
            if "Unexpected end of template" in (exc.message or ""):
                lineno = _unclosed(xml) or lineno  # point at the tag left open, not the end
            raise TemplateProblem(where, f"broken tag: {exc.message}", _around(xml, lineno))
        except RecursionError:
            raise TemplateProblem(where, "nests tags or brackets too deeply to be read") from None
        for name in sorted(meta.find_undeclared_variables(ast) - known):
            raise TemplateProblem(where, f"uses {name!r}, which the stage does not provide "
                                  "(see docs/templates.md for the names)", _around(xml, needle=name))
        for name in _check_structure(ast, xml, where, path.parent):
            if name == path.name or name in included:
                raise TemplateProblem(where, f"includes {name!r}, which includes it in turn "
                                      "(or is itself): the text would never end",
                                      _around(xml, needle=name)
                                      or _around(xml, needle=name.removesuffix(".docx")))
            check_template(path.parent / name, names, env, (*included, path.name))
