"""House style read back from a rendered document: the faults a program can see, located.

The text of each stage is read as it came out of rendering, because that is what an editor at
DGACM reads; each fault is then traced to where it was typed: the workbook cell whose value
holds it, or the template paragraph whose fixed prose does. These are warnings, not errors:
"R&D" in a quoted title or a figure in a name may be right, and editors decide.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from lxml import etree

from ...inputs.contract import countries
from ...inputs.contract.sessions import spelled_ordinal
from .style import ACRONYMS

if TYPE_CHECKING:
    from ...inputs.contract.records import Facts

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RUNNING_TEXT = {"UN Paragraph", "UN Numbered Paragraph", "UN Annex Paragraph", "UN Sub-item",
                "UN Recommendation"}
NEVER_ABBREVIATED = {"ECOSOC": "Economic and Social Council", "UNGA": "General Assembly",
                     "SG": "Secretary-General"}
# Two to seven capitals (a plural "s" allowed), as the lists above and those the toolkit does
# not know ("AI", "ITU"); not part of a symbol ("E/CN.16/2025/3", "GE.25-01234").
_ACRONYM = re.compile(r"(?<![\w/.\-])([A-Z][A-Z0-9]{1,6})s?(?![\w/]|[.\-]\w)")
_ROMAN = re.compile(r"[IVXLC]+")  # chapter III, annex II
# A word in mixed case with a capital after its first letter ("EuroDIG", "eWeek", "GovStack")
# in parentheses: a definition when its spelled-out form comes before it (``_spelled_out``).
_MIXED_IN_PARENTHESES = re.compile(
    r"\(((?=[A-Za-z0-9]*[a-z])[A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)\)")
# "table 2", "tables 2 and 3", "paragraph 5": labels, not counts; figures whatever their size
_LABELS = re.compile(r"\b(?:[Tt]ables?|[Pp]aragraphs?|paras?\.|[Cc]hapters?|[Aa]nnex(?:es)?)"
                     r"[ \u00a0]+\d+(?:(?:,[ \u00a0]*|[ \u00a0]+(?:and|to)[ \u00a0]+|–)\d+)*")
_MONTHS = "|".join(MONTH_NAMES)
# Regions that contain a country's other form ("America") and are no country.
_NOT_COUNTRIES = ("Latin America", "North America", "South America", "Central America")

# (what, pattern, running text only, what to do)
CHECKS: list[tuple[str, re.Pattern, bool, str]] = [
    ("a number under 10 in figures", re.compile(
        rf"(?<![\w/.,:–+-])[0-9](?![\w/.,:–%-])(?!\s*(?:{_MONTHS}|per cent)\b)"), True,
     'Write numbers under 10 in words in running text ("seven").'),
    ('"%" in running text', re.compile(r"\d\s*%"), True,
     'Write "per cent" in running text; "%" belongs in tables and figures.'),
    ("a date with an ordinal or a comma", re.compile(
        rf"\b\d{{1,2}}(?:st|nd|rd|th)\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}"
        rf"(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}\s+(?:{_MONTHS}),\s*\d{{4}}\b"), False,
     'Write dates as day month year, without ordinal or comma: "21 October 2024".'),
    ('an ordinal in figures ("27th session")', re.compile(
        rf"\b\d+(?:st|nd|rd|th)\b(?!\s+(?:{_MONTHS})\b)"), False,
     'Spell ordinals out: "the twenty-seventh session".'),
    ('"&"', re.compile(r"&"), False, 'Write "and".'),
    ('"internet" or "governments" in lower case', re.compile(r"\b(?:internet|governments)\b"),
     False, 'Write "the Internet" and "Governments" with a capital.'),
    ("a double space", re.compile(r"[ \u00a0]{2,}"), False, "Keep one space."),
]


@dataclass(frozen=True)
class StyleWarning:
    """One house-style fault in a stage's document, and where it was typed."""

    stage: str
    fault: str
    text: str  # the words around it, as the document shows them
    hint: str
    location: str  # "report.xlsx › Timetable › C2" or "_report-body.docx › paragraph 14"
    source: str  # "workbook", "template" or "" when it cannot be traced

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}{self.fault}: “{self.text}”. {self.hint}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "message": str(self)}


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of each paragraph of a document's body, tables included, in order.
    Read with lxml, not python-docx: a build prints this check's count for every document,
    an up-to-date one too, and must stay quick."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml")) if "word/styles.xml" in \
            z.namelist() else None
    names = {}
    if styles is not None:
        for style in styles.iter(f"{W}style"):
            name = style.find(f"{W}name")
            names[style.get(f"{W}styleId")] = name.get(f"{W}val") if name is not None else ""
    found = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        chunks = [el.text or "" if el.tag == f"{W}t" else "\t" if el.tag == f"{W}tab" else "\n"
                  for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr")]
        found.append((names.get(style.get(f"{W}val"), "") if style is not None else "",
                      "".join(chunks)))
    return found


@cache
def _other_forms() -> tuple[dict[str, list[str]], dict[str, str]]:
    """Other forms of country names by their first word, longest first, and the UN name of
    each. Looked up word by word: one regex of 613 forms took longer to compile than a
    document takes to check."""
    others = countries.other_forms()
    index: dict[str, list[str]] = {}
    for form in sorted(others, key=len, reverse=True):
        first = re.match(r"\w+", form)
        if first:
            index.setdefault(first.group(), []).append(form)
    return index, others


@cache
def _official_containing(form: str) -> tuple[str, ...]:
    """The UN names (and regions) that contain an other form: "Tanzania" is in "United
    Republic of Tanzania", "America" in "Latin America"."""
    return tuple(n for n in countries.names() + list(_NOT_COUNTRIES) if form in n and n != form)


def _country_faults(text: str) -> Iterator[tuple[int, int, str]]:
    index, others = _other_forms()
    for word in re.finditer(r"\w+", text):
        for form in index.get(word.group(), ()):
            start, end = word.start(), word.start() + len(form)
            if not text.startswith(form, start) or re.match(r"[\w&]", text[end:end + 1]) or \
                    re.match(r"[\w&.]", text[start - 1:start] if start else ""):
                continue
            if any(_covers(text, name, start, end) for name in _official_containing(form)):
                break
            yield start, end, others[form]
            break


def _covers(text: str, name: str, start: int, end: int) -> bool:
    at = text.find(name, max(0, end - len(name)))
    return 0 <= at <= start and end <= at + len(name)


def _spelled_out(before: str, acronym: str) -> str | None:
    """The spelled-out form that ``before`` ends with, if its words' initials give the
    capitals of ``acronym`` in order, small words ("on", "of") between: "European Dialogue
    on Internet Governance" for EuroDIG. None for "UNCTAD eWeek (eWeek)"."""
    capitals = [c for c in acronym if c.isupper()]
    words = list(re.finditer(r"[\w’'-]+", before))
    first = None
    for word in reversed(words):
        if not capitals:
            break
        text = word.group()
        if text[0] == capitals[-1]:
            capitals.pop()
        elif first is None or not text.islower() or len(text) > 4:
            return None  # the form must end at the parenthesis, with only small words inside
        first = word.start()
    return None if capitals or first is None else before[first:]


def _mixed_case_definitions(paras: list[tuple[str, str]]) -> dict[str, str]:
    """Acronyms in mixed case (EuroDIG) that the document defines somewhere, in parentheses
    after their spelled-out form, and that form. Only these are acronyms: "eWeek" in "UNCTAD
    eWeek" is a name, which no list of capitals could tell from EuroDIG."""
    found: dict[str, str] = {}
    for _, text in paras:
        for m in _MIXED_IN_PARENTHESES.finditer(text):
            full = _spelled_out(text[:m.start()].rstrip(), m.group(1))
            if full:
                found.setdefault(m.group(1), full)
    return found


def _mixed_case_faults(text: str, defined: dict[str, str],
                       seen: set[str]) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, fault, hint) for the first use of each of ``defined`` that is not its
    definition; ``seen`` holds the acronyms already used, in reading order."""
    for acronym, full in defined.items():
        if acronym in seen:
            continue
        m = re.search(rf"(?<![\w/.\-]){re.escape(acronym)}(?!\w)", text)
        if m is None:
            continue
        seen.add(acronym)
        around = text[max(0, m.start() - 1):m.end() + 1]
        if around != f"({acronym})" or not _spelled_out(text[:m.start() - 1].rstrip(), acronym):
            yield (m.start(), m.end(), f"{acronym} used before it is spelled out",
                   f'Write "{full} ({acronym})" at its first use.')


def faults(paras: list[tuple[str, str]]) -> Iterator[tuple[int, int, int, str, str]]:
    """(paragraph index, start, end, fault, hint) for every fault, in reading order."""
    seen: set[str] = set()
    mixed_case = _mixed_case_definitions(paras)
    for index, (style, text) in enumerate(paras):
        unlabelled = _LABELS.sub(lambda m: "#" * len(m.group()), text)
        for fault, pattern, running_only, hint in CHECKS:
            if running_only and style not in RUNNING_TEXT:
                continue
            for m in pattern.finditer(unlabelled if fault.startswith("a number") else text):
                if fault.startswith("an ordinal") and int(m.group()[:-2]) < 100:
                    hint = f'Spell it out: "{spelled_ordinal(int(m.group()[:-2])).lower()}".'
                yield index, m.start(), m.end(), fault, hint
        for start, end, name in _country_faults(text):
            yield (index, start, end, "a country name that is not the United Nations short "
                   "name", f'Write "{name}".')
        for m in _ACRONYM.finditer(text):
            acronym = m.group(1)
            if acronym in seen or acronym in NEVER_ABBREVIATED or _ROMAN.fullmatch(acronym) \
                    or acronym in _other_forms()[1]:  # "UAE": the country check says what to write
                continue
            seen.add(acronym)
            if text[max(0, m.start() - 1):m.end() + 1] not in (f"({acronym})", f"({acronym}s)"):
                full = ACRONYMS.get(acronym)
                yield (index, m.start(), m.end(), f"{acronym} used before it is spelled out",
                       f'Write "{full} ({acronym})" at its first use.' if full else
                       f'Spell it out at its first use, with "({acronym})" after it.')
        for start, end, fault, hint in _mixed_case_faults(text, mixed_case, seen):
            yield index, start, end, fault, hint
        for acronym, full in NEVER_ABBREVIATED.items():
            for m in re.finditer(rf"\b{acronym}\b", text):
                yield index, m.start(), m.end(), f"{acronym}, never abbreviated", f'Write "{full}".'


class Sources:
    """Where the text of a stage's document was typed: the workbook cells that hold the
    values it shows, and the paragraphs of its templates."""

    def __init__(self, inputs: Facts | None, stage: str, templates: Iterable[Path]) -> None:
        self.values = sorted(_values(inputs, stage) if inputs else [], key=lambda v: -len(v[0]))
        self.templates = [(path.name, i, p) for path in templates if path.is_file()
                          for i, p in enumerate(_template_paragraphs(path), start=1)]

    def locate(self, text: str, start: int, end: int) -> tuple[str, str]:
        """(location, "workbook" or "template") of the span [start, end) of ``text``."""
        shown = _plain(text)
        for value, where in self.values:
            at = shown.find(value)
            while at >= 0:
                if at <= start and end <= at + len(value):
                    return where, "workbook"
                at = shown.find(value, at + 1)
        for name, number, pieces in self.templates:
            for piece in pieces:
                at = shown.find(piece)
                if len(piece) >= 3 and at >= 0 and at <= start and end <= at + len(piece):
                    opening = " ".join(pieces[0].split()[:6])
                    return f"{name} › paragraph {number} (“{opening}…”)", "template"
        return "", ""


def style_warnings(data: bytes, stage: str, sources: Sources | None = None) -> list[StyleWarning]:
    """Every house-style fault of a rendered document, located when ``sources`` are given."""
    paras = paragraphs(data)
    found = []
    for index, start, end, fault, hint in faults(paras):
        text = paras[index][1]
        left, right = max(0, start - 30), min(len(text), end + 30)
        context = ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")
        where, source = sources.locate(text, start, end) if sources else ("", "")
        found.append(StyleWarning(stage, fault, _plain(context), hint, where, source))
    return found


def summary(count: int, stage: str) -> str:
    """The line a build prints for each document."""
    if not count:
        return "  house style: no warnings"
    return (f"  house style: {count} warning{'s' * (count != 1)}; `make-report check --style "
            f"--stage {stage}` lists them with the cell or template paragraph")


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\t", " ")


def _values(inputs: Facts, stage: str) -> Iterator[tuple[str, str]]:
    """(text, location) of every text value a document may show."""
    # Here, not at the top: a build prints this check's count even when it is up to date,
    # and counting needs no model.
    from ...inputs.contract.records import values as record_values

    document = next((d for name, d in inputs.documents.items() if name.value == stage), None)
    records = [*inputs.consultations, *inputs.key_messages, *inputs.timetable,
               *inputs.recommendations, *inputs.survey.findings, *([document] if document else [])]
    for record in records:
        origin = record.origin
        if origin is None:
            continue
        for name, value in record_values(record):
            texts = value if isinstance(value, tuple) else (value,)
            for text in texts:
                if isinstance(text, str) and len(text.strip()) >= 2:
                    at = origin.at(name)
                    yield _plain(text), " › ".join(p for p in (at["workbook"], at["sheet"],
                                                             at["cell"]) if p)


def _template_paragraphs(path: Path) -> list[list[str]]:
    """Each paragraph of a template as the pieces of fixed prose between its tags."""
    out = []
    for _, text in paragraphs(path.read_bytes()):
        pieces = [_plain(p).strip() for p in re.split(r"\{\{.*?\}\}|\{%.*?%\}", text)]
        out.append([p for p in pieces if p] or [""])
    return out


def check_stages(folder: Path, templates: Path, stages: list) -> tuple[Any, list[StyleWarning]]:
    """The inputs checked for ``stages`` (a ValidationReport) and, when they hold, the house
    style of each stage's document rendered in memory (nothing is written)."""
    from ...inputs.validate import read_inputs
    from ..context import build_context
    from ..rendering.render import render

    facts, report = read_inputs(folder, stages)
    if facts is None or not report.valid:
        return report, []
    found: list[StyleWarning] = []
    for stage in stages:
        template = templates / stage.template
        data, _ = render(template, build_context(facts, stage))
        sources = Sources(facts, stage.name.value, [template, templates / "_report-body.docx"])
        found += style_warnings(data, stage.name.value, sources)
    return report, found
