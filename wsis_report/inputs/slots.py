"""When each document is due: the United Nations Office at Geneva's slotting rules, applied to
a row of the Documents sheet.

A pre-session document is forecast and its slot confirmed 14 weeks before the session opens,
submitted for processing 10 weeks before and issued 6 weeks before; a post-session document
is submitted within 2 weeks of the closing; an in-session document is issued during the
session. The masthead's date is the date a document is submitted, so a document dated after
its submission date is late, and a late document explains why in a footnote on its cover.
Reports originating in the Secretariat may not exceed 8,500 words; the rule is checked for
pre-session documents and for the final report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .contract.records import Document
from .contract.stages import Stage
from .contract.vocab import Slot

PRE_SESSION_WEEKS = (("forecast confirmed", 14), ("submission", 10), ("issuance", 6))
POST_SESSION_WEEKS = 2
SECRETARIAT_WORDS = 8500


@dataclass(frozen=True)
class Deadline:
    """One date of a slot: what is due, on which day, and by which rule."""

    what: str  # "forecast confirmed", "submission", "issuance"
    day: date
    rule: str  # "14 weeks before the opening (7 April 2025)"


@dataclass(frozen=True)
class Slotting:
    """A document's slot: its deadlines, the word limit that applies, and whether it is late."""

    document: Document
    slot: Slot | None
    deadlines: tuple[Deadline, ...] = ()
    session: tuple[date, date | None] | None = None  # an in-session document's session
    word_limit: int | None = None
    limit_rule: str = ""
    unknown: str = ""  # why the slot cannot be worked out, when it cannot

    @property
    def submission(self) -> date | None:
        return next((d.day for d in self.deadlines if d.what == "submission"), None)

    @property
    def days_late(self) -> int:
        """Days between the submission date and the document's date (0: on time)."""
        due, day = self.submission, self.document.date
        return max(0, (day - due).days) if due and day else 0


def word_limit(document: Document, stage: Stage) -> tuple[int | None, str]:
    """The word limit of ``document`` and where it comes from: its Word limit cell, the
    stage's default (the final report), or the Secretariat's limit for pre-session reports."""
    if document.word_limit:
        return document.word_limit, "its Word limit cell"
    if stage.default_word_limit:
        return stage.default_word_limit, f"the limit for the {stage.label}"
    if document.slot is Slot.PRE_SESSION:
        return SECRETARIAT_WORDS, "the limit for pre-session reports of the Secretariat"
    return None, ""


def slotting(document: Document, stage: Stage) -> Slotting:
    """The slot of ``document`` (the row of ``stage``) by its Slot, session and Slot date."""
    limit, limit_rule = word_limit(document, stage)
    base = dict(document=document, slot=document.slot, word_limit=limit, limit_rule=limit_rule)
    start, end = document.session_start, document.session_end or document.session_start
    if document.slot is None:
        return Slotting(**base, unknown="its Slot is blank (Pre-session, In-session or "
                                         "Post-session)")
    if document.slot is Slot.PRE_SESSION:
        opening = document.slot_date or start
        if opening is None:
            return Slotting(**base, unknown="it has neither a Session start nor a Slot date")
        return Slotting(**base, deadlines=tuple(
            Deadline(what, opening - timedelta(weeks=weeks),
                     f"{weeks} weeks before the opening ({_day(opening)})")
            for what, weeks in PRE_SESSION_WEEKS))
    if document.slot is Slot.POST_SESSION:
        closing = document.slot_date or end
        if closing is None:
            return Slotting(**base, unknown="it has neither a Session end nor a Slot date")
        return Slotting(**base, deadlines=(Deadline(
            "submission", closing + timedelta(weeks=POST_SESSION_WEEKS),
            f"within {POST_SESSION_WEEKS} weeks of the closing ({_day(closing)})"),))
    if start is None:
        return Slotting(**base, unknown="it has no Session start")
    return Slotting(**base, session=(start, document.session_end))


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
