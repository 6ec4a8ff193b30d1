"""The facts of the bundled sample (the October 2024 briefing) that every built
stage must show as typed, and one message the progress report must not yet show."""

BRIEFING_FACTS = [
    "Shamika N. Sirimanne", "Director, Division on Technology and Logistics",
    "21 October 2024", "Geneva",
    "April 2024", "Preliminary discussion at the twenty-seventh session of the Commission",
    "May 2024 to January 2025", "Consultations, literature review and other research",
    "Progress report to the inter-sessional panel of the Commission",
    "October 2024 to February 2025", "Drafting of the report",
    "Discussion of the report at the twenty-eighth session of the Commission",
    "Final revision of the report and submission to the Economic and Social Council",
    "September to November 2025",
    "Presentation by the Commission during the General Assembly meeting",
    "16 September 2023", "10 October 2023", "Kyoto, Japan", "hybrid", "4 December 2023",
    "22 May 2024", "Dubai, United Arab Emirates", "17 June 2024", "Vilnius",
    "4 September 2024", "Astana", "11 October 2024",
    "Dar es Salaam, United Republic of Tanzania", "mid-November 2024", "Santiago",
    "A strong focus on issues concerning technology and infrastructure, access and inclusion, "
    "and digital priorities such as privacy and data protection.",
    "Fewer contributions on issues concerning economic, social and environmental development.",
    "Some responses provided valuable insights into their own countries' experiences while "
    "others are in more general terms.",
    "Significant achievements have been made through WSIS.",
    "The inclusivity of WSIS process (multistakeholder model) should be maintained and "
    "extended to digital governance.",
    "There is common recognition of the value of the IGF and support for renewal of its mandate.",
    "Universal connectivity and a reliable ICT infrastructure remain a challenge for poor "
    "developing countries.",
    "In digital era, financing for public digital infrastructure and education remains crucial.",
    "Support to vulnerable groups should be increased.",
    "International cooperation frameworks should evolve to focus on today's challenge.",
    "WSIS helps the Arab region make significant progress in accessibility and affordability "
    "of Internet and related services.",
    "Concerns relate to digital gap, resource constraints, policy and regulatory issues, lack "
    "of funding", "Call for support from international and regional organizations to sustain "
    "the region's efforts in WSIS implementation",
    "Meaningful Internet connectivity should be stressed.",
    "A thorough review and potential update of the current action lines and the Tunis agenda "
    "could be conducted while continuing the multistakeholder model and the IGF.",
    "Concerns relate to the current approach to addressing crucial public policy issues such "
    "as artificial intelligence governance and data flow",
    "Scaling up innovation and enhancing digital cooperation are critical for accelerating "
    "WSIS progress.", "Gender inclusion/equity and child online protection should be prioritized.",
    "New and emerging stakeholders should be in the WSIS process.",
    "The Global Digital Compact should be considered in the WSIS+20 review.",
    "Support to the civil society should be increased.",
    "African countries need digital infrastructure and skills to benefit from digital "
    "technologies.",
]
LAC_MESSAGE = "Affordable and meaningful connectivity remains the first priority of the region."


def as_typed(text: str) -> str:
    """A deck's text with each acronym's first use also as the editors typed it, "WSIS" or
    "the WSIS" (the deck spells out "through WSIS" as "through the World Summit on the
    Information Society (WSIS)", and "the IGF" as "the Internet Governance Forum (IGF)")."""
    import re

    from wsis_report.documents.house_style.style import ACRONYMS

    bare = kept = text
    for acronym, full in ACRONYMS.items():
        spelled = rf"(?:{re.escape(full)}|{re.escape(full[:1].upper() + full[1:])}) \({acronym}\)"
        bare = re.sub(rf"(?:[Tt]he )?{spelled}", acronym, bare)
        kept = re.sub(spelled, acronym, kept)
    return f"{bare}\n{kept}"
