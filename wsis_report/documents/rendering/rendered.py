"""Each rendered part, checked before anything lenient sees it.

docxtpl re-parses the rendered body with lxml's ``recover=True``, which
"repairs" broken markup by dropping text, and python-docx keeps whatever it is
given for footnotes. So every part is parsed here strictly first: it must be
well-formed XML, and its text must hold every value that a tag wrote into it,
as many times as it was written. Otherwise the build stops with the template,
the part and the paragraph at fault.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from lxml import etree

from ..errors import TemplateProblem
from ..ranges import unmarked

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = {f"{W}t", f"{W}instrText", f"{W}delText", f"{W}delInstrText"}
_BREAK = {f"{W}br", f"{W}cr", f"{W}p"}
_TAG = re.compile(r"<[^>]+>")
# Where Word's text may break a value: line breaks become <w:br/>, and the
# listing characters docxtpl resolves (\a, \f) new paragraphs.
_SEPARATORS = re.compile(r"[\r\n\a\f]+")


def strict_parser() -> etree.XMLParser:
    return etree.XMLParser(recover=False, resolve_entities=False, no_network=True,
                           load_dtd=False, huge_tree=False, remove_blank_text=False)


@dataclass(frozen=True)
class Emitted:
    """A value a tag wrote: its text, and the compiled template and code line of the tag."""

    text: str
    compiled: Any
    code_line: int

    @property
    def template(self) -> str | None:
        """``None`` for the part being rendered, else the included file's name."""
        return self.compiled.name

    @property
    def line(self) -> int:
        """The line of the tag in the template's source: its paragraph."""
        return self.compiled.get_corresponding_lineno(self.code_line)


def part_text(root: etree._Element) -> str:
    """The text of a part as a reader sees it: paragraphs and breaks as new lines,
    tabs as tabs, and attribute values (alternative text) after it."""
    pieces = []
    for el in root.iter(*_TEXT, *_BREAK, f"{W}tab"):  # filtered by lxml, in document order
        tag = el.tag
        if tag in _TEXT:
            pieces.append(el.text or "")
        elif tag in _BREAK:
            pieces.append("\n")
        elif el.getparent() is not None and el.getparent().tag == f"{W}r":
            pieces.append("\t")  # a tab in the text, not a tab stop of the paragraph
    return "".join(pieces) + "\n" + "\n".join(str(v) for v in root.xpath("//@*"))


def check_part(xml: str, where: str, emitted: list[Emitted],
               source_of: Callable[[str | None], str], around: Callable[[str, int], str],
               lines: str | None = None) -> etree._Element:
    """Parses the rendered ``xml`` strictly and checks that every emitted value is in
    its text; returns the parsed part. ``lines`` is the same rendering with a
    paragraph per line, used only to say where the XML breaks."""
    try:
        root = etree.fromstring(xml.encode("utf-8"), strict_parser())
    except etree.XMLSyntaxError as exc:
        raise TemplateProblem(
            where, "the rendered document would not be well-formed Word XML "
            f"({exc.msg}): a tag writes markup, or a block tag such as {{% if %}} or "
            "{% for %} opens in one paragraph or table cell and closes in another "
            "without the p, tr or tc form", _broken_line(lines, xml)) from None
    except ValueError as exc:  # characters XML cannot hold at all
        raise TemplateProblem(where, f"the rendered document holds text XML cannot "
                              f"hold ({exc})") from None
    _account(unmarked(part_text(root)), where, emitted, source_of, around)
    return root


def _pieces(text: str) -> list[str]:
    return [p for p in _SEPARATORS.split(text) if p.strip()]


def _account(text: str, where: str, emitted: list[Emitted],
             source_of: Callable[[str | None], str], around: Callable[[str, int], str]) -> None:
    wanted = Counter(piece for value in emitted for piece in _pieces(value.text))
    # Values come out in the order they are written: found one after another, each
    # writing has its own place in the text, in one pass. Only a value found out of order
    # (a block captured and shown later) is counted over the whole text.
    cursor, unplaced = 0, set()
    for value in emitted:
        for piece in _pieces(value.text):
            found = text.find(piece, cursor)
            if found < 0:
                unplaced.add(piece)
            else:
                cursor = found + len(piece)
    short = {piece for piece in unplaced if text.count(piece) < wanted[piece]}
    if not short:
        return
    value = _first_lost(text, emitted, short)
    shown = value.text if len(value.text) <= 60 else value.text[:57] + "…"
    near = around(source_of(value.template), value.line) if value.line else ""
    if value.template:
        near = f"{near} (in {value.template})" if near else f"in {value.template}"
    raise TemplateProblem(where, f"the value {shown!r} written by a tag is missing from the "
                          "rendered document (or is there fewer times than it was written): "
                          "the template loses or changes it", near)


def _first_lost(text: str, emitted: list[Emitted], short: set[str]) -> Emitted:
    """Which of the writings of a missing value was lost: values come out in the order
    they are written, so the first one not found after its predecessors."""
    cursor = 0
    for value in emitted:
        for piece in _pieces(value.text):
            found = text.find(piece, cursor)
            if found < 0 and piece in short:
                return value
            cursor = found + len(piece) if found >= 0 else cursor
    return next(v for v in emitted if short & set(_pieces(v.text)))


def _broken_line(lines: str | None, xml: str) -> str:
    """The text of the rendered paragraph where the XML breaks."""
    if lines is None:
        return ""
    try:
        etree.fromstring(lines.encode("utf-8"), strict_parser())
    except etree.XMLSyntaxError as exc:
        number = exc.position[0] if exc.position else 0
        rendered = lines.split("\n")
        if 0 < number <= len(rendered):
            text = " ".join(html.unescape(_TAG.sub("", rendered[number - 1])).split())
            return text if len(text) <= 160 else text[:157] + "…"
    except ValueError:
        pass
    return ""
