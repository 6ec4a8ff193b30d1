"""Writes the bundled sample workbooks in inputs/ from the October 2024 briefing.

The workbooks start as `make-report init` writes them (so they carry the same
drop-downs and help as any editor's), then the facts below are filled in. Run
from the repository root:  python tools/make_sample_inputs.py [FOLDER]  (default: inputs)

The files are the same, byte for byte, on every run (tests/test_sample_inputs.py holds the
bundled ones to it): a rerun leaves git and the documents' source hashes as they were.
"""

from __future__ import annotations

import random
import re
import shutil
import sys
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wsis_report.editors.blank import write_blank_workbooks  # noqa: E402

BRIEFING = "the CSTD secretariat's briefing on the WSIS+20 review of October 2024"

CONSULTATIONS = [
    # ID, Scope, Region, Title, Start, End, Date note, City, Country, Format, Status,
    # Host event, Co-organizers, Participants, Web page
    ("G1", "Global", None, "Launch of the CSTD series of open consultations",
     date(2023, 10, 10), None, None, "Kyoto", "Japan", "Hybrid", "Held",
     "Internet Governance Forum 2023", None, None,
     "https://www.intgovforum.org/en/content/igf-2023"),
    ("G2", "Global", None, "Second global consultation", date(2023, 12, 4), None, None,
     "Geneva", "Switzerland", "Hybrid", "Held", "UNCTAD eWeek 2023", None, None,
     "https://unctad.org/meeting/unctad-eweek-2023"),
    ("R-ARB", "Regional", "Arab region", "Regional consultation for the Arab region",
     date(2024, 5, 22), None, None, "Dubai", "United Arab Emirates", "Hybrid", "Held",
     None, "ESCWA", None, None),
    ("R-EUR", "Regional", "Europe", "Regional consultation for Europe", date(2024, 6, 17),
     None, None, "Vilnius", "Lithuania", "Hybrid", "Held",
     "European Dialogue on Internet Governance (EuroDIG) 2024", "ECE", None,
     "https://eurodig.org/eurodig-2024/"),
    ("R-ASP", "Regional", "Asia and the Pacific",
     "Regional consultation for Asia and the Pacific", date(2024, 9, 4), None, None,
     "Astana", "Kazakhstan", "In person", "Held", None, "ESCAP", None, None),
    ("R-AFR", "Regional", "Africa", "Regional consultation for Africa", date(2024, 10, 11),
     None, None, "Dar es Salaam", "United Republic of Tanzania", "In person", "Held", None,
     "ECA", None, None),
    ("R-LAC", "Regional", "Latin America and the Caribbean",
     "Regional consultation for Latin America and the Caribbean", date(2024, 11, 18), None,
     "mid-November 2024", "Santiago", "Chile", "In person", "Held", None, "ECLAC", None,
     None),
]

KEY_MESSAGES = {
    "Global": [
        "Significant achievements have been made through WSIS.",
        "The inclusivity of WSIS process (multistakeholder model) should be maintained and "
        "extended to digital governance.",
        "There is common recognition of the value of the IGF and support for renewal of its "
        "mandate.",
        "Universal connectivity and a reliable ICT infrastructure remain a challenge for poor "
        "developing countries.",
        "In digital era, financing for public digital infrastructure and education remains "
        "crucial.",
        "Support to vulnerable groups should be increased.",
        "International cooperation frameworks should evolve to focus on today's challenge.",
    ],
    "Arab region": [
        "WSIS helps the Arab region make significant progress in accessibility and "
        "affordability of Internet and related services.",
        "Concerns relate to digital gap, resource constraints, policy and regulatory issues, "
        "lack of funding.",
        "Call for support from international and regional organizations to sustain the "
        "region's efforts in WSIS implementation.",
    ],
    "Europe": [
        "Meaningful Internet connectivity should be stressed.",
        "A thorough review and potential update of the current action lines and the Tunis "
        "agenda could be conducted while continuing the multistakeholder model and the IGF.",
        "Concerns relate to the current approach to addressing crucial public policy issues "
        "such as artificial intelligence governance and data flow.",
    ],
    "Asia and the Pacific": [
        "Scaling up innovation and enhancing digital cooperation are critical for "
        "accelerating WSIS progress.",
        "Gender inclusion/equity and child online protection should be prioritized.",
        "New and emerging stakeholders should be in the WSIS process.",
    ],
    "Africa": [
        "The Global Digital Compact should be considered in the WSIS+20 review.",
        "Support to the civil society should be increased.",
        "African countries need digital infrastructure and skills to benefit from digital "
        "technologies.",
    ],
    "Latin America and the Caribbean": [
        "Affordable and meaningful connectivity remains the first priority of the region.",
        "Digital public infrastructure and digital skills should be financed together.",
        "Regional cooperation on data governance should be strengthened.",
    ],
}

FINDINGS = [  # No. and Finding, Basis
    ("A strong focus on issues concerning technology and infrastructure, access and inclusion, "
     "and digital priorities such as privacy and data protection.",
     "Answers to the open questions on priorities for the next decade."),
    ("Fewer contributions on issues concerning economic, social and environmental development.",
     None),
    ("Some responses provided valuable insights into their own countries' experiences while "
     "others are in more general terms.", None),
]
SURVEY_METHOD = ("The questionnaire was open to all stakeholders on the website of the "
                 "Commission; each response counts once, without weighting.")

BY_GROUP = {"Government": 38, "Private sector": 12, "Civil society": 27,
            "Technical community": 9, "Academic community": 14,
            "International or regional organization": 8, "Other": 4}
BY_REGION = {"Africa": 24, "Arab region": 11, "Asia and the Pacific": 22, "Europe": 31,
             "Latin America and the Caribbean": 13, "North America": 7,
             "Other or not stated": 4}

# The briefing's timetable, written as a United Nations document writes it ("27th session of
# CSTD" is "the twenty-seventh session of the Commission"; ECOSOC is never abbreviated).
TIMETABLE = [
    ("April 2024", None, "Preliminary discussion at the twenty-seventh session of the Commission"),
    ("May 2024", "January 2025", "Consultations, literature review and other research"),
    ("October 2024", None, "Progress report to the inter-sessional panel of the Commission"),
    ("October 2024", "February 2025", "Drafting of the report"),
    ("April 2025", None, "Discussion of the report at the twenty-eighth session of the Commission"),
    ("May 2025", None,
     "Final revision of the report and submission to the Economic and Social Council"),
    ("September 2025", "November 2025",
     "Presentation by the Commission during the General Assembly meeting",
     "The dates of the meeting are to be decided by the General Assembly."),
]

TITLE = ("Implementing the outcomes of the World Summit on the Information Society: "
         "a twenty-year review")
BODY = "Commission on Science and Technology for Development"
COUNCIL = "Economic and Social Council"
AGENDA = ("Progress made in the implementation of and follow-up to the outcomes of the World "
          "Summit on the Information Society at the regional and international levels")
COUNCIL_AGENDA = "Economic and environmental questions: science and technology for development"
PRESENTER = ("Shamika N. Sirimanne, Director, Division on Technology and Logistics, United "
             "Nations Conference on Trade and Development, and Head of the secretariat of the "
             "Commission on Science and Technology for Development")
MANDATE = "Economic and Social Council resolution 2023/3."
# Each stage's row describes its own document: the progress report names its meeting, the
# draft goes to the Commission's session, the final report to the Council's. The draft is
# slotted against the Commission's session; the final report, a post-session document, within
# two weeks of that session's closing (its Slot date), though its masthead names the Council's.
DOCUMENTS = [
    # Stage, Title, Date, Venue, Symbol, Body, Session, Session start, Session end,
    # Agenda item, Agenda title, Agenda symbol, Presented by, Word limit, Slot, Slot date,
    # Reason late, Mandate
    ("progress", "The twenty-year review of the World Summit on the Information Society: "
     "progress report", date(2024, 10, 21), "Geneva", None, BODY,
     "Inter-sessional panel 2024–2025", date(2024, 10, 21), date(2024, 10, 23), None, None,
     None, PRESENTER, None, "In-session", None, None, MANDATE),
    ("draft", TITLE, date(2025, 2, 3), "Geneva", "E/CN.16/2025/3", BODY,
     "Twenty-eighth session", date(2025, 4, 7), date(2025, 4, 11), "2", AGENDA,
     "E/CN.16/2025/1", None, None, "Pre-session", None,
     "The present report was submitted after the deadline to reflect the consultations and "
     "research that ended in January 2025.", MANDATE),
    ("ecosoc", TITLE, date(2025, 5, 14), None, "E/2025/61", COUNCIL, "2025 session",
     date(2024, 7, 25), date(2025, 7, 30), "18 (b)", COUNCIL_AGENDA, "E/2025/1", None, 8500,
     "Post-session", date(2025, 4, 11),
     "The present report was submitted after the deadline to reflect the deliberations of "
     "the Commission at its twenty-eighth session.", MANDATE),
]
# How the Commission discussed the draft (report.xlsx › Session outcome, Deliberations).
SESSION_OUTCOME = {
    "Considered on": date(2025, 4, 8),
    "Record": "E/2025/31–E/CN.16/2025/4",
    "Requests": "The Commission asked that the report be transmitted to the Economic and "
                "Social Council with an account of its deliberations.",
    # true of the sample: the final report differs from the draft by that account only
    "Revisions": "That account is given in annex III; the findings and recommendations are "
                 "those of the draft.",
}
DELIBERATIONS = [
    "Member States welcomed the open multistakeholder consultations and the online survey on "
    "which the review draws.",
    "Many delegations stressed that universal and meaningful connectivity and its financing "
    "remain the first tasks of the review.",
    "Several delegations asked that the review reflect the Global Digital Compact and avoid "
    "duplicating its follow-up.",
]

RECOMMENDATIONS = [
    "Member States should renew the commitment to a people-centred, inclusive and "
    "development-oriented information society, and keep the multistakeholder model at the "
    "heart of the WSIS process.",
    "The international community should mobilize financing for universal and meaningful "
    "connectivity and for digital public infrastructure in developing countries.",
    "The WSIS Action Lines should be reviewed and updated to address artificial intelligence, "
    "data governance and other emerging issues, in coherence with the Global Digital Compact.",
    "The mandate of the Internet Governance Forum should be renewed and its capacity to "
    "engage stakeholders from developing countries strengthened.",
    "Capacity-building for vulnerable groups, women and girls, and new and emerging "
    "stakeholders should be increased.",
]

NOTES = {
    "consultations.xlsx": [
        f"Source: {BRIEFING}.",
        "'The Internet' takes a capital, as United Nations documents write it (the briefing "
        "writes 'internet' in the Europe key messages).",
        "Place names are written as United Nations documents write them (the briefing's "
        "'Dar Res Salam, Tanzania' is Dar es Salaam, United Republic of Tanzania).",
        "Illustrative, not from the briefing: the format of the Asia-Pacific, Africa and Latin "
        "America consultations (In person), the Latin America consultation's date "
        "(18 November 2024) and outcome (Held, and its three key messages), the hosts and "
        "co-organizers, and the web pages (check that each still answers before the report "
        "is issued).",
        "Public sources date some events differently from the briefing: the Geneva "
        "consultation at UNCTAD eWeek to 8 December 2023, the Arab regional meeting in Dubai "
        "to 21-23 May 2024, the Africa workshop in Dar es Salaam to 9-11 October 2024. The "
        "sample keeps the briefing's dates; correct them here and every stage picks the "
        "correction up.",
    ],
    "survey.xlsx": [
        f"Source: {BRIEFING} (questionnaire date and findings).",
        "Illustrative, not from the briefing: the closing date, every tally and the "
        "Responses sheet (generated to match the tallies), the method note and the basis of "
        "the first finding.",
    ],
    "report.xlsx": [
        f"Source: {BRIEFING} (timetable, the progress report's presenter, date and venue).",
        "The timetable is the briefing's, written as a United Nations document writes it: "
        "'27th session of CSTD' is 'the twenty-seventh session of the Commission', and the "
        "Economic and Social Council is never abbreviated.",
        "The General Assembly high-level meeting on the WSIS+20 review was held on "
        "16-17 December 2025; the briefing's timetable says September to November 2025, and "
        "the sample keeps it.",
        "Illustrative: the Documents rows other than the progress report's date, venue and "
        "presenter: the titles, the symbols (E/CN.16/2025/3, E/CN.16/2025/1, E/2025/61, "
        "E/2025/1), the dates of issue of the draft and final reports, the dates of the "
        "inter-sessional panel and of the sessions, the agenda items, the slots and the "
        "reasons for late submission; the recommendations; and the whole Session outcome "
        "and Deliberations sheets (the date the Commission considered the draft, the symbol "
        "of its report, E/2025/31–E/CN.16/2025/4, what it asked for and how the report was "
        "revised), which stand for facts not public when the sample was written.",
        "The Timetable's note on the General Assembly meeting is the sample's own.",
    ],
}


def responses() -> list[tuple]:
    groups = [g for g, n in BY_GROUP.items() for _ in range(n)]
    regions = [r for r, n in BY_REGION.items() for _ in range(n)]
    random.Random(2024).shuffle(regions)
    start = datetime(2023, 9, 16, 9, 0)
    step = (datetime(2024, 1, 31, 17, 0) - start) / len(groups)
    return [(f"R{i + 1:04d}", start + step * i, g, r)
            for i, (g, r) in enumerate(zip(groups, regions))]


def fill(ws, rows, start_row: int = 2) -> None:
    for r, values in enumerate(rows, start=start_row):
        for c, value in enumerate(values, start=1):
            if value is not None:
                ws.cell(r, c, value)


def notes(wb, lines: list[str]) -> None:
    ws = wb.create_sheet("Notes")
    ws["A1"] = "Notes on the sample data"
    fill(ws, [(line,) for line in lines])
    ws.column_dimensions["A"].width = 120


# openpyxl dates the file and each zip entry with the time of saving.
SETTLED = "2024-10-21T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def settle(path: Path) -> None:
    """Dates the workbook at ``path`` and its zip entries with SETTLED."""
    with zipfile.ZipFile(path) as z:
        parts = [(info.filename, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + SETTLED.encode() + rb"\g<3>", data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 10, 21, 0, 0, 0)), data,
                       zipfile.ZIP_DEFLATED)


def main(target: Path = ROOT / "inputs") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_blank_workbooks(tmp)

        wb = openpyxl.load_workbook(tmp / "consultations.xlsx")
        fill(wb["Consultations"], CONSULTATIONS)
        fill(wb["Key messages"], [(g, n, m) for g, ms in KEY_MESSAGES.items()
                                  for n, m in enumerate(ms, start=1)])
        notes(wb, NOTES["consultations.xlsx"])
        wb.save(tmp / "consultations.xlsx")

        wb = openpyxl.load_workbook(tmp / "survey.xlsx")
        ws = wb["Survey"]
        values = {"Questionnaire circulated": date(2023, 9, 16),
                  "Closing date": date(2024, 1, 31),
                  "Total responses": sum(BY_GROUP.values()), "Method note": SURVEY_METHOD}
        for row in ws.iter_rows(min_row=2):
            if row[0].value in values:
                row[1].value = values[row[0].value]
        fill(wb["By stakeholder group"], BY_GROUP.items())
        fill(wb["By region"], BY_REGION.items())
        fill(wb["Findings"], [(n, text, basis) for n, (text, basis)
                              in enumerate(FINDINGS, start=1)])
        fill(wb["Responses"], responses())
        notes(wb, NOTES["survey.xlsx"])
        wb.save(tmp / "survey.xlsx")

        wb = openpyxl.load_workbook(tmp / "report.xlsx")
        fill(wb["Timetable"], TIMETABLE)
        fill(wb["Documents"], DOCUMENTS)
        fill(wb["Recommendations"], enumerate(RECOMMENDATIONS, start=1))
        for row in wb["Session outcome"].iter_rows(min_row=2):
            if row[0].value in SESSION_OUTCOME:
                row[1].value = SESSION_OUTCOME[row[0].value]
        fill(wb["Deliberations"], enumerate(DELIBERATIONS, start=1))
        notes(wb, NOTES["report.xlsx"])
        wb.save(tmp / "report.xlsx")

        target.mkdir(exist_ok=True)
        for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx"):
            settle(tmp / name)
            shutil.copyfile(tmp / name, target / name)
            print(f"Wrote {target / name}")


if __name__ == "__main__":
    main(*(Path(a) for a in sys.argv[1:2]))
