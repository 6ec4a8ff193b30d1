"""The redline: NEW with Word tracked changes against OLD, word by word.

Both files pass the container checks before any XML in them is parsed. The changes are
authored by the CSTD secretariat and dated with NEW's document date, and the zip entries
too, so the same two documents always give the same bytes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from ...inputs.reading.container import DocumentProblem, inspect_docx
from ...inputs.contract.stages import STAGES
from .blocks import Context, diff_blocks
from .headers import dropped, track_headers
from .numbers import CrossReference, Numbering, Renumbered, cross_references, renumbered
from .package import DOCUMENT, Carrier, Untrackable, note_texts, read_parts, write_package
from .tracked import image_hashes, parse_xml, w
from .wordiff import Revisions, Side

AUTHOR = "CSTD secretariat"
TRACKED = ("ins", "del", "moveFrom", "moveTo")


class RedlineProblem(Exception):
    """OLD or NEW cannot be compared; the message names the file and what to do."""


@dataclass(frozen=True)
class Redline:
    old: Path
    new: Path
    data: bytes
    day: date
    counts: dict[str, int]
    renumbered: list[Renumbered] = field(default_factory=list)
    cross_references: list[CrossReference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {"old": str(self.old), "new": str(self.new), "author": AUTHOR,
                "date": self.day.isoformat(), **{k.replace(" ", "_"): v
                                                 for k, v in self.counts.items()},
                "renumbered": [{"what": r.what, "old": r.old, "new": r.new, "text": r.text,
                                "message": str(r)} for r in self.renumbered],
                "cross_references": [vars(c) for c in self.cross_references],
                "warnings": self.warnings}


    def summary(self, path: Path) -> list[str]:
        """What the console shows: the redline, its changes, then what to check."""
        c = self.counts
        if not self.changes:
            lines = [f"{path}  no changes: {self.new.name} says what {self.old.name} says"]
        else:
            lines = [f"{path}  against {self.old.name}: {_count(c['inserted words'], 'word')} "
                     f"inserted, {c['deleted words']:,} deleted, "
                     f"{_count(c['moved paragraphs'], 'paragraph')} moved"]
        lines += [f"  {r}: {r.text}" for r in self.renumbered]
        if self.cross_references:
            lines.append("Cross-references that may need checking:")
            lines += [f"  {c.where}, “{c.reference}”: {c.text}" for c in self.cross_references]
        return lines + [f"warning  {warning}" for warning in self.warnings]


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def check_document(path: Path) -> None:
    """Raises ``RedlineProblem`` unless ``path`` is a Word document safe to open."""
    try:
        inspect_docx(Path(path))
    except DocumentProblem as problem:
        raise RedlineProblem(str(problem)) from None


def make_redline(old: Path, new: Path) -> Redline:
    """Compares the Word documents ``old`` and ``new``; raises ``RedlineProblem``."""
    old, new = Path(old), Path(new)
    docs = {}
    for path in (old, new):
        check_document(path)
        parts = read_parts(path.read_bytes())
        try:
            root = parse_xml(parts[DOCUMENT])
        except etree.XMLSyntaxError as exc:
            raise RedlineProblem(f"{path.name} › {DOCUMENT}: the text of the document is "
                                 f"damaged ({exc.msg}). Open it in Word, save it again and "
                                 "run again.") from None
        if root.find(w("body")) is None:
            raise RedlineProblem(f"{path.name}: the document has no body. Check that it is "
                                 "the right file.")
        if any(True for t in TRACKED for _ in root.iter(w(t))):
            raise RedlineProblem(f"{path.name} already has tracked changes. Accept or reject "
                                 "them in Word (Review › Accept or Reject All Changes), save "
                                 "it and run again.")
        docs[path] = (parts, root)
    (old_parts, old_root), (new_parts, new_root) = docs[old], docs[new]
    day = _document_date(new_parts)
    # revision ids follow every id the documents already use (bookmarks, comments)
    taken = [int(v) for root in (old_root, new_root) for el in root.iter()
             if isinstance(el.tag, str) and (v := el.get(w("id"), "")).isdigit()]
    revs = Revisions(AUTHOR, f"{day.isoformat()}T00:00:00Z", next_id=max(taken, default=0) + 1)
    carrier = Carrier(old_parts, new_parts)
    ctx = Context(revs, Side(image_hashes(old_parts), carrier.adopt, note_texts(old_parts)),
                  Side(image_hashes(new_parts), notes=note_texts(new_parts)))
    old_body, new_body = old_root.find(w("body")), new_root.find(w("body"))
    try:
        blocks = diff_blocks(_blocks(old_body), _blocks(new_body), ctx, moves=True)
    except Untrackable as exc:
        raise RedlineProblem(f"{old.name} has {exc}: rejecting every change would not give "
                             f"{old.name} back, so no redline was made. Compare the two in "
                             "Word (Review › Compare) for this pair.") from None
    out_root = copy.deepcopy(new_root)
    out_body = out_root.find(w("body"))
    section = out_body.find(w("sectPr"))
    for child in list(out_body):
        out_body.remove(child)
    out_body.extend(blocks)
    if section is not None:
        out_body.append(section)
    document = etree.tostring(out_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    try:
        headers = track_headers(old_parts, old_body, new_parts, new_body, revs)
    except Untrackable as exc:
        raise RedlineProblem(f"{old.name} and {new.name} have {exc}: rejecting every change "
                             f"would not give {old.name} back, so no redline was made. "
                             "Compare the two in Word (Review › Compare) for this pair."
                             ) from None
    old_numbers, new_numbers = Numbering(old_parts, old_body), Numbering(new_parts, new_body)
    moved = renumbered(ctx.pairs, old_numbers, new_numbers)
    return Redline(old, new, write_package(new_parts, document, carrier, day, headers), day,
                   dict(revs.counts), moved,
                   cross_references(new_body, new_numbers) if moved else [],
                   _warnings(old, old_parts, new, new_parts)
                   + dropped(old_parts, old_body, new_parts, new_body))


def _blocks(body: etree._Element) -> list[etree._Element]:
    return [c for c in body if isinstance(c.tag, str) and c.tag != w("sectPr")]


def _document_date(parts: dict[str, bytes]) -> date:
    """NEW's date: its core property ``created``, which the toolkit writes from the
    Documents sheet (never the clock)."""
    core = parts.get("docProps/core.xml", b"").decode("utf-8", "replace")
    for tag in ("created", "modified"):
        found = re.search(rf"<dcterms:{tag}[^>]*>(\d{{4}})-(\d\d)-(\d\d)", core)
        if found:
            return date(*map(int, found.groups()))
    return date(1980, 1, 1)  # the earliest date a zip entry can carry


def _property(parts: dict[str, bytes], pattern: str) -> str | None:
    for name in ("docProps/core.xml", "docProps/custom.xml"):
        found = re.search(pattern, parts.get(name, b"").decode("utf-8", "replace"))
        if found:
            return found.group(1)
    return None


def _warnings(old: Path, old_parts: dict[str, bytes], new: Path,
              new_parts: dict[str, bytes]) -> list[str]:
    """OLD from another report, or from a stage other than the one before NEW's."""
    def describe(parts: dict[str, bytes]) -> tuple[str, str | None]:
        title = _property(parts, r"<dc:title>([^<]*)</dc:title>") or "(no title)"
        stage = _property(parts, r'name="stage"><vt:lpwstr>([^<]*)<')
        return title, stage

    (old_title, old_stage), (new_title, new_stage) = describe(old_parts), describe(new_parts)
    order = list(STAGES)
    # OLD is the same stage (a revision) or the one before (the draft of the final report)
    expected = old_stage in order and new_stage in order and \
        order.index(new_stage) - order.index(old_stage) in (0, 1)
    if old_title == new_title and (old_stage is None or new_stage is None or expected):
        return []
    stages = (f" ({old_stage} and {new_stage} stages)" if old_stage and new_stage else "")
    return [f"{old.name} is “{old_title}” and {new.name} is “{new_title}”{stages}: check "
            "that OLD is the earlier version of the same report."]
