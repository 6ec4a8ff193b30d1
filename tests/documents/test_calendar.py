"""make-report calendar: each document's slot as the console and a calendar read it; the .ics
read back as a calendar program reads it (RFC 5545 line endings and folding, then parsed)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from builders import DOCUMENTS, write_inputs

ROOT = Path(__file__).resolve().parents[2]


def make_report(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wsis_report.cli", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def sample_calendar(tmp_path_factory):
    ics = tmp_path_factory.mktemp("calendar") / "slots.ics"
    done = make_report("calendar", "--ics", str(ics))
    assert done.returncode == 0, done.stderr
    return done.stdout, ics.read_bytes()


def test_the_console_gives_the_drafts_dates_and_says_it_is_late(sample_calendar):
    out, _ = sample_calendar
    draft = out.split("\ndraft  ", 1)[1].split("\n\n", 1)[0]
    assert draft.startswith("E/CN.16/2025/3: Implementing the outcomes")
    assert "forecast confirmed  30 December 2024   14 weeks before the opening (7 April 2025)" \
        in draft
    assert "submission          27 January 2025    10 weeks before the opening" in draft
    assert "issuance            24 February 2025   6 weeks before the opening" in draft
    assert "word limit          8,500 words, the limit for pre-session reports" in draft
    assert "dated 3 February 2025: late, 7 days after its submission date; the reason on its " \
           "cover: “The present report was submitted after the deadline" in draft
    final = out.split("\necosoc  ", 1)[1]
    assert "submission          25 April 2025      within 2 weeks of the closing (11 April " \
           "2025)" in final
    assert "late, 19 days after its submission date" in final
    assert "issued              during the session, 21–23 October 2024" in out


def test_the_ics_keeps_to_rfc_5545_lines(sample_calendar):
    _, data = sample_calendar
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and all(len(line) <= 75 for line in lines)
    unfolded = data.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:E/CN.16/2025/3: submission\r\n" in unfolded


def test_the_ics_reads_back_as_a_calendar_with_each_deadline_on_its_day(sample_calendar):
    _, data = sample_calendar
    events = {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}
    draft = events["draft-submission@wsis-report"]
    assert str(draft["summary"]) == "E/CN.16/2025/3: submission"
    assert draft.decoded("dtstart") == date(2025, 1, 27)
    assert draft.decoded("dtend") == date(2025, 1, 28)  # an all-day event
    assert "10 weeks before the opening (7 April 2025)" in str(draft["description"])
    assert events["draft-forecast-confirmed@wsis-report"].decoded("dtstart") == \
        date(2024, 12, 30)
    assert events["draft-issuance@wsis-report"].decoded("dtstart") == date(2025, 2, 24)
    assert events["ecosoc-submission@wsis-report"].decoded("dtstart") == date(2025, 4, 25)
    panel = events["progress-issued-during-the-session@wsis-report"]
    assert (panel.decoded("dtstart"), panel.decoded("dtend")) == (
        date(2024, 10, 21), date(2024, 10, 23) + timedelta(days=1))
    assert len(events) == 5


def test_a_title_with_commas_semicolons_and_accents_survives_the_ics(tmp_path):
    title = "Türkiye, Côte d’Ivoire; a review – of twenty years\\ and more " * 3
    rows = [dict(DOCUMENTS[0]), {**DOCUMENTS[1], "Title": title.strip(), "Slot": "Pre-session",
                                 "Session start": date(2025, 4, 7)}, dict(DOCUMENTS[2])]
    folder = write_inputs(tmp_path, Documents=rows)
    done = make_report("calendar", "--inputs", str(folder), "--ics", str(tmp_path / "c.ics"))
    assert done.returncode == 0, done.stderr
    (event, *_) = [e for e in Calendar.from_ical((tmp_path / "c.ics").read_bytes())
                   .walk("VEVENT") if str(e["uid"]) == "draft-submission@wsis-report"]
    assert str(event["description"]).startswith(title.strip() + "\n")


def test_workbooks_with_errors_are_listed_and_no_calendar_is_written(tmp_path):
    rows = [dict(DOCUMENTS[0]), {**DOCUMENTS[1], "Slot": "Sometime"}, dict(DOCUMENTS[2])]
    folder = write_inputs(tmp_path, Documents=rows)
    done = make_report("calendar", "--inputs", str(folder), "--ics", str(tmp_path / "c.ics"))
    assert done.returncode == 1
    assert "report.xlsx › Documents › O3: 'Sometime' is not a known slot" in done.stdout
    assert not (tmp_path / "c.ics").exists()


def test_json_gives_the_same_slots():
    import json

    done = make_report("calendar", "--json")
    slots = {d["stage"]: d for d in json.loads(done.stdout)["documents"]}
    assert [(d["what"], d["date"]) for d in slots["draft"]["deadlines"]] == [
        ("forecast confirmed", "2024-12-30"), ("submission", "2025-01-27"),
        ("issuance", "2025-02-24")]
    assert (slots["draft"]["days_late"], slots["ecosoc"]["days_late"]) == (7, 19)
    assert slots["progress"]["session"] == ["2024-10-21", "2024-10-23"]
