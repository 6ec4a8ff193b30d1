"""The documents' slots as a calendar: what ``make-report calendar`` prints, and the
iCalendar file (RFC 5545) a drafter adds to Outlook, Google Calendar or Thunderbird.

The dates are worked out in ``inputs/slots.py``; here they are worded and written. The .ics
is written with the ``icalendar`` library, which folds long lines at 75 octets without
splitting a character and escapes text as the RFC asks: the titles are the editors' and hold
commas, semicolons and non-ASCII letters. Each event keeps the same UID from run to run, so a
calendar that imports the file again updates its events instead of doubling them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from ..inputs.contract.records import Facts
from ..inputs.contract.stages import STAGES, Stage
from ..inputs.slots import Slotting, slotting
from .house_style.style import date_range, un_date

PRODID = "-//CSTD secretariat//wsis-report//EN"


@dataclass(frozen=True)
class Entry:
    """One stage's document and its slot."""

    stage: Stage
    slot: Slotting

    @property
    def name(self) -> str:
        """How the calendar names the document: its symbol, else the stage's label."""
        return self.slot.document.symbol or self.stage.heading

    @property
    def status(self) -> str:
        """Whether the document is on time, as its date stands."""
        document, late = self.slot.document, self.slot.days_late
        if document.date is None:
            return "not dated yet"
        dated = f"dated {_plain(un_date(document.date))}"
        if self.slot.submission is None:
            return dated
        if not late:
            return f"{dated}: on time"
        said = f"{dated}: late, {late} day{'s' * (late != 1)} after its submission date"
        if document.reason_late:
            return f"{said}; the reason on its cover: “{document.reason_late}”"
        needed = " (required for the final report)" if self.stage.final else ""
        return f"{said}; no Reason late{needed}"


def entries(facts: Facts) -> list[Entry]:
    """The slot of each stage's document, in the order of the stages."""
    return [Entry(stage, slotting(facts.documents[stage.name], stage))
            for stage in STAGES.values() if stage.name in facts.documents]


def text(found: Iterable[Entry]) -> str:
    lines = ["Slots by the rules of the United Nations Office at Geneva (pre-session: forecast "
             "confirmed 14 weeks, submitted 10 weeks and issued 6 weeks before the opening; "
             "post-session: submitted within 2 weeks of the closing).", ""]
    for entry in found:
        document, slot = entry.slot.document, entry.slot
        lines.append(f"{entry.stage.name.value}  {entry.name}: {document.title}")
        session = ", ".join(p for p in (document.session, _plain(date_range(
            document.session_start, document.session_end))) if p)
        if slot.unknown:
            lines.append(f"  not slotted: {slot.unknown}")
        else:
            lines.append(f"  {slot.slot.lower()} document" + (f", {session}" if session else ""))
        for deadline in slot.deadlines:
            lines.append(f"  {deadline.what:<20}{_plain(un_date(deadline.day)):<19}{deadline.rule}")
        if slot.session is not None:
            lines.append(f"  {'issued':<20}during the session, "
                         f"{_plain(date_range(*slot.session))}")
        if slot.word_limit:
            lines.append(f"  {'word limit':<20}{slot.word_limit:,} words, {slot.limit_rule}")
        lines.append(f"  {entry.status}")
        lines.append("")
    return "\n".join(lines).rstrip()


def as_json(found: Iterable[Entry]) -> list[dict[str, Any]]:
    out = []
    for entry in found:
        slot, document = entry.slot, entry.slot.document
        out.append({
            "stage": entry.stage.name.value, "symbol": document.symbol, "title": document.title,
            "slot": slot.slot.value if slot.slot else None, "unknown": slot.unknown or None,
            "deadlines": [{"what": d.what, "date": d.day.isoformat(), "rule": d.rule}
                          for d in slot.deadlines],
            "session": [d.isoformat() if d else None for d in slot.session]
            if slot.session else None,
            "word_limit": slot.word_limit, "date": document.date and document.date.isoformat(),
            "days_late": slot.days_late, "reason_late": document.reason_late,
            "status": entry.status})
    return out


def ics(found: Iterable[Entry], stamp: datetime | None = None) -> bytes:
    """An iCalendar file: an all-day event for each deadline, and for an in-session
    document one spanning its session."""
    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "WSIS+20 review: document slots")
    for entry in found:
        document = entry.slot.document
        days = [(d.what, d.day, d.day, d.rule) for d in entry.slot.deadlines]
        if entry.slot.session is not None:
            start, end = entry.slot.session
            days.append(("issued during the session", start, end or start,
                         f"{document.session or 'the session'}"))
        for what, first, last, rule in days:
            event = Event()
            event.add("uid", f"{entry.stage.name.value}-{what.replace(' ', '-')}@wsis-report")
            event.add("dtstamp", stamp)
            event.add("summary", f"{entry.name}: {what}")
            status = entry.status + ("" if entry.status.endswith(("”", ".")) else ".")
            event.add("description", f"{document.title}\n{entry.stage.heading}: {what}, "
                                     f"{rule}.\n{status}")
            event.add("dtstart", first)
            event.add("dtend", last + timedelta(days=1))  # all-day: the day after, exclusive
            event.add("transp", "TRANSPARENT")
            calendar.add_component(event)
    return calendar.to_ical()


def _plain(text: str) -> str:
    """A date for the console: its non-breaking spaces as spaces."""
    return text.replace("\u00a0", " ")

