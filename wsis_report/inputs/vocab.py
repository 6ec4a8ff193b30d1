"""The controlled vocabularies of the inputs: every choice an editor makes."""

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
