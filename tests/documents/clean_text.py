"""Reading a built document back for the debris a blank cell or a short list leaves.

Shared by the tests of blank fields and of list sentences (a plain module, not a test).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx

from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
HEADINGS = {"UN Chapter": 1, "UN Section": 2, "UN Subsection": 3}
# What no paragraph may hold: a stray comma or colon, empty or opened brackets, a double
# space, an asterisk note without its agenda symbol, a tag.
DEBRIS = [
    (re.compile(r"(^|\s)[,;:.]"), "punctuation after a blank"),
    (re.compile(r"[,:]\s*$"), "a line ending in a comma or colon"),  # (a) ...; is right
    (re.compile(r"\(\s*[,;)]|\(\s*$"), "empty parentheses"),
    (re.compile(r"[^\S\t]{2,}"), "a double space"),
    (re.compile(r",\s*[,.)]"), "a comma before nothing"),
    (re.compile(r"^\*\s*\.?$"), "an asterisk note without its symbol"),
    (re.compile(r"\{\{|\{%|None"), "a tag or None"),
    (re.compile(r"^Item\s+of"), "an agenda item line without its number"),
]

# Every column filled in, so that blanking one shows what it leaves.
FULL_DOCUMENTS = [
    {"Stage": "progress", "Title": "Progress report", "Date": date(2024, 10, 21),
     "Venue": "Geneva", "Body": "Commission on Science and Technology for Development",
     "Session": "Inter-sessional panel 2024–2025", "Session start": date(2024, 10, 21),
     "Session end": date(2024, 10, 23), "Presented by": "A. Director, Head of the secretariat"},
    {"Stage": "draft", "Title": "Draft report", "Date": date(2025, 2, 3), "Venue": "Geneva",
     "Symbol": "E/CN.16/2025/3", "Body": "Commission on Science and Technology for Development",
     "Session": 28, "Session start": date(2025, 4, 7), "Session end": date(2025, 4, 11),
     "Agenda item": "2", "Agenda title": "Follow-up to the Summit",
     "Agenda symbol": "E/CN.16/2025/1", "Reason late": "The report was submitted late.",
     "Mandate": "Economic and Social Council resolution 2023/3."},
    {"Stage": "ecosoc", "Title": "Final report", "Date": date(2025, 5, 14),
     "Symbol": "E/2025/61", "Body": "Economic and Social Council", "Session": "2025 session",
     "Session start": date(2024, 7, 25), "Session end": date(2025, 7, 30),
     "Agenda item": "18 (b)", "Agenda title": "Science and technology for development",
     "Agenda symbol": "E/2025/1", "Reason late": "The report was submitted late.",
     "Mandate": "Economic and Social Council resolution 2023/3."},
]


def build_all(inputs: Path, out: Path, stages=("progress", "draft", "ecosoc")) -> dict:
    """Each stage built with the bundled templates, reopened: {stage: Document}."""
    built = build(inputs, list(stages), ROOT / "templates", out, force=True)
    return {b.stage.name.value: docx.Document(b.path) for b in built}


def paragraphs(document) -> list[tuple[str, str]]:
    """(style, text) of every paragraph, tables and the first page's header and footer
    included, in reading order."""
    found = []
    body = document.element.body
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        para = docx.text.paragraph.Paragraph(p, document)
        found.append((para.style.name if para.style is not None else "", para.text))
    for section in document.sections:
        for part in (section.first_page_footer, section.first_page_header, section.header):
            found += [(p.style.name, p.text) for p in part.paragraphs]
    return found


def debris(document) -> list[str]:
    """Every fault a blank value or a short list left, with its paragraph."""
    faults = []
    paras = paragraphs(document)
    for style, text in paras:
        shown = text.replace("\t", " ").strip()
        if not shown:
            continue
        for pattern, what in DEBRIS:
            if pattern.search(shown) and not (what.startswith("a line ending")
                                              and _introduces_a_list(paras, text)):
                faults.append(f"{what}: {text!r}")
    body = [(s, t) for s, t in paras if t.strip()]
    for (style, text), (next_style, _) in zip(body, body[1:] + [("", "")]):
        level = HEADINGS.get(style)
        if level and (HEADINGS.get(next_style, 9) <= level or not next_style):
            faults.append(f"a heading with nothing under it: {text!r}")
    return faults


def _introduces_a_list(paras, text: str) -> bool:
    """A lead-in ends with a colon when (sub)items follow it."""
    if not text.rstrip().endswith(":"):
        return False
    index = [t for _, t in paras].index(text)
    following = next((s for s, t in paras[index + 1:] if t.strip()), "")
    return following in ("UN Sub-item", "UN Recommendation")


def body_text(document) -> str:
    return "\n".join(t for _, t in paragraphs(document))


def notes_text(document) -> list[str]:
    """Each footnote as a reader sees it at the foot of its page: its mark ("*", "**") or its
    number, then its text."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    part = next((p for p in document.part.package.parts
                 if str(p.partname) == "/word/footnotes.xml"), None)
    if part is None:
        return []
    body = document.element.body
    marks = {r.get(f"{w}id"): r.get(f"{w}customMarkFollows") in ("1", "true")
             for r in body.iter(f"{w}footnoteReference")}
    found, number = [], 0
    by_id = {n.get(f"{w}id"): n for n in etree.fromstring(part.blob).iter(f"{w}footnote")}
    for ref in body.iter(f"{w}footnoteReference"):
        note = by_id[ref.get(f"{w}id")]
        texts = [t.text or "" for t in note.iter(f"{w}t")]
        if marks[ref.get(f"{w}id")]:
            found.append(f"{texts[0]} {''.join(texts[1:])}")
        else:
            number += 1
            found.append(f"{number} {''.join(texts)}")
    return found
