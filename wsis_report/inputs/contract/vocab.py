"""The controlled vocabularies of the inputs: every choice an editor makes, and the other
spellings of each that editors type and the check accepts (``Asia-Pacific``, ``In-person``)."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    GLOBAL = "Global"
    REGIONAL = "Regional"


class Region(StrEnum):
    """The five regions of the United Nations regional commissions."""

    AFRICA = "Africa"
    ARAB = "Arab region"
    ASIA_PACIFIC = "Asia and the Pacific"
    EUROPE = "Europe"
    LATIN_AMERICA = "Latin America and the Caribbean"


class Group(StrEnum):
    """Who a set of key messages comes from."""

    GLOBAL = "Global"
    AFRICA = "Africa"
    ARAB = "Arab region"
    ASIA_PACIFIC = "Asia and the Pacific"
    EUROPE = "Europe"
    LATIN_AMERICA = "Latin America and the Caribbean"


class Format(StrEnum):
    IN_PERSON = "In person"
    HYBRID = "Hybrid"
    ONLINE = "Online"


class Status(StrEnum):
    PLANNED = "Planned"
    HELD = "Held"
    CANCELLED = "Cancelled"


class Slot(StrEnum):
    """How a document is slotted for processing, by the United Nations Office at Geneva's
    rules: submitted 10 weeks before its session opens, during it, or after it closes."""

    PRE_SESSION = "Pre-session"
    IN_SESSION = "In-session"
    POST_SESSION = "Post-session"


class StakeholderGroup(StrEnum):
    GOVERNMENT = "Government"
    PRIVATE_SECTOR = "Private sector"
    CIVIL_SOCIETY = "Civil society"
    TECHNICAL = "Technical community"
    ACADEMIC = "Academic community"
    INTERNATIONAL = "International or regional organization"
    OTHER = "Other"


class SurveyRegion(StrEnum):
    AFRICA = "Africa"
    ARAB = "Arab region"
    ASIA_PACIFIC = "Asia and the Pacific"
    EUROPE = "Europe"
    LATIN_AMERICA = "Latin America and the Caribbean"
    NORTH_AMERICA = "North America"
    OTHER = "Other or not stated"


REGION_VARIANTS = {
    "ECA": "Africa",
    "Arab": "Arab region",
    "Arab States": "Arab region",
    "Arab countries": "Arab region",
    "ESCWA": "Arab region",
    "Asia Pacific": "Asia and the Pacific",
    "Asia-Pacific": "Asia and the Pacific",
    "APAC": "Asia and the Pacific",
    "ESCAP": "Asia and the Pacific",
    "ECE": "Europe",
    "UNECE": "Europe",
    "Latin America": "Latin America and the Caribbean",
    "Latin America & Caribbean": "Latin America and the Caribbean",
    "LAC": "Latin America and the Caribbean",
    "ECLAC": "Latin America and the Caribbean",
}
SURVEY_REGION_VARIANTS = {
    **REGION_VARIANTS,
    "Northern America": "North America",
    "USA and Canada": "North America",
    "Other": "Other or not stated",
    "Not stated": "Other or not stated",
    "Unknown": "Other or not stated",
    "Prefer not to say": "Other or not stated",
}
SLOT_VARIANTS = {"Pre": "Pre-session", "Before the session": "Pre-session",
                 "In": "In-session", "During the session": "In-session",
                 "Post": "Post-session", "After the session": "Post-session"}
SCOPE_VARIANTS = {"International": "Global"}
FORMAT_VARIANTS = {"In-person": "In person", "Face to face": "In person", "Physical": "In person",
                   "On site": "In person", "Virtual": "Online", "Remote": "Online"}
STATUS_VARIANTS = {"Scheduled": "Planned", "Planning": "Planned", "Done": "Held",
                   "Completed": "Held", "Took place": "Held", "Canceled": "Cancelled"}
STAKEHOLDER_VARIANTS = {
    "Governments": "Government",
    "Public sector": "Government",
    "Business": "Private sector",
    "Private": "Private sector",
    "Civil society organization": "Civil society",
    "CSO": "Civil society",
    "NGO": "Civil society",
    "Technical": "Technical community",
    "Academia": "Academic community",
    "Academic": "Academic community",
    "International organization": "International or regional organization",
    "Regional organization": "International or regional organization",
    "International and regional organizations": "International or regional organization",
    "Intergovernmental organization": "International or regional organization",
    "IGO": "International or regional organization",
}

# Months as editors write them (a date's or a month's cells) and as the documents print them.
MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")),
        start=1,
    )
    for name in names
}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December")
