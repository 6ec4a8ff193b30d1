"""The main job: each stage rendered from the bundled sample, reopened and read."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from wsis_report.pipeline import WordLimitExceeded, build
from wsis_report.words import document_text

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

BRIEFING_FACTS = [
    "Shamika Sirimanne", "Director, DTL UNCTAD & Head of CSTD secretariat",
    "21 October 2024", "Geneva",
    "April 2024", "Preliminary discussion at the 27th session of CSTD",
    "May 2024 to January 2025", "Consultations, literature review and other research",
    "Progress report to the intersessional meeting of CSTD",
    "October 2024 to February 2025", "Drafting of report",
    "Discussion of report at the 28th session of CSTD",
    "Final revision of report and submission to ECOSOC",
    "September to November 2025", "Presentation by CSTD during General Assembly meeting",
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
    "Meaningful internet connectivity should be stressed.",
    "A thorough review and potential update of the current action lines and the Tunis agenda "
    "could be conducted while continuing the multistakeholder model and the IGF.",
    "Concerns relate to the current approach to addressing crucial public policy issues such "
    "as AI governance and data flow",
    "Scaling up innovation and enhancing digital cooperation are critical for accelerating "
    "WSIS progress.", "Gender inclusion/equity and child online protection should be prioritized.",
    "New and emerging stakeholders should be in the WSIS process.",
    "The Global Digital Compact should be considered in the WSIS+20 review.",
    "Support to the civil society should be increased.",
    "African countries need digital infrastructure and skills to benefit from digital "
    "technologies.",
]
LAC_MESSAGE = "Affordable and meaningful connectivity remains the first priority of the region."


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    docs = build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates", out)
    return {d.stage.name.value: d for d in docs}


def text_of(data: bytes, parts=("word/document.xml",)) -> str:
    return " ".join(document_text(data, parts).split())


def header_text(data: bytes) -> str:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as z:
        names = tuple(n for n in z.namelist() if re.match(r"word/(header|footer)\d*\.xml", n))
    return text_of(data, names)


def test_every_fact_of_the_briefing_is_in_the_progress_report(built):
    text = text_of(built["progress"].path.read_bytes())
    missing = [fact for fact in BRIEFING_FACTS if fact not in text]
    assert not missing


def test_progress_shows_the_facts_as_of_its_date(built):
    text = text_of(built["progress"].path.read_bytes())
    assert LAC_MESSAGE not in text  # not yet held on 21 October 2024
    assert "18 November 2024" not in text  # shown by its date note while planned
    final = text_of(built["ecosoc"].path.read_bytes())
    assert LAC_MESSAGE in final and "18 November 2024" in final


@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_no_template_tag_remains(built, stage):
    data = built[stage].path.read_bytes()
    everything = text_of(data) + header_text(data)
    assert "{{" not in everything and "{%" not in everything and "}}" not in everything


def test_draft_marks_and_masthead(built):
    draft, final = built["draft"].path.read_bytes(), built["ecosoc"].path.read_bytes()
    assert "Draft" in header_text(draft)
    assert "Advance unedited version" in text_of(draft)
    final_text = text_of(final)
    assert "Draft" not in header_text(final) and "Advance unedited version" not in final_text
    for part in ("E/CN.16/2025/3", "Distr.: General", "14 May 2025", "Original: English",
                 "Twenty-eighth session", "Geneva, 7–11 April 2025",
                 "Item 2 of the provisional agenda*", "Summary",
                 "Economic and Social Council", "Report of the Secretary-General"):
        assert part in final_text, part
    assert "* E/CN.16/2025/1." in header_text(final)  # at the foot of the first page


def test_draft_and_ecosoc_share_the_body(built):
    draft = text_of(built["draft"].path.read_bytes())
    final = text_of(built["ecosoc"].path.read_bytes())
    assert "ECOSOC resolution 2023/3" in draft or "resolution 2023/3" in draft
    assert draft[draft.index("Introduction"):] == final[final.index("Introduction"):]


def test_recommendations_in_bold_and_numbered_paragraphs(built):
    document = docx.Document(built["ecosoc"].path)
    recommendation = "The mandate of the Internet Governance Forum should be renewed"
    para = next(p for p in document.paragraphs if p.text.startswith(recommendation))
    assert all(r.bold or para.style.font.bold for r in para.runs if r.text.strip())
    numbered = [p for p in document.paragraphs if _num_id(p) is not None]
    texts = [p.text for p in numbered]
    assert para.text in texts  # recommendations are numbered paragraphs too
    assert "Support to vulnerable groups should be increased." not in texts  # a sub-item
    assert any(t.startswith("Fewer contributions") for t in texts)  # findings are numbered
    assert len({_num_id(p) for p in numbered}) == 1  # one list: numbering never restarts
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.findall(f"{W}num")
              if n.get(f"{W}numId") == _num_id(numbered[0])]
    assert num.find(f"{W}lvlOverride") is None


def _num_id(paragraph):
    """The list a paragraph belongs to, directly or through its style's ancestry."""
    elements = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        elements.append(style.element.pPr)
        style = style.base_style
    for element in elements:
        num = element.find(f"{W}numPr") if element is not None else None
        if num is not None and num.find(f"{W}numId") is not None:
            return num.find(f"{W}numId").get(f"{W}val")
    return None


def test_figures_have_alt_text_that_states_the_data(built):
    document = docx.Document(built["ecosoc"].path)
    descriptions = [d.get("descr") for d in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(descriptions) == 2
    assert "Government 38" in descriptions[0] and "112" in descriptions[0]
    assert "Europe 31" in descriptions[1]
    assert built["ecosoc"].figures == 2
    text = text_of(built["ecosoc"].path.read_bytes())
    assert "Figure I" in text and "Figure II" in text
    assert "Source: CSTD secretariat, online survey (2023–2024)." in text


def test_tables_add_up(built):
    document = docx.Document(built["progress"].path)
    tally = next(t for t in document.tables if "Government" in t.rows[1].cells[0].text)
    counts = [int(r.cells[1].text.replace(",", "")) for r in tally.rows[1:-1]]
    assert sum(counts) == int(tally.rows[-1].cells[1].text.replace(",", "")) == 112
    assert tally.rows[1].cells[2].text == "33.9%"


def test_properties_come_from_the_stage_not_the_clock(built):
    document = docx.Document(built["ecosoc"].path)
    core = document.core_properties
    assert core.author == "CSTD secretariat"
    assert core.title.startswith("Implementing the outcomes of the World Summit")
    assert core.created.date().isoformat() == core.modified.date().isoformat() == "2025-05-14"
    with zipfile.ZipFile(built["ecosoc"].path) as z:
        custom = z.read("docProps/custom.xml").decode()
    assert ">ecosoc<" in custom and "wsis-report " in custom
    for name in ("consultations.xlsx", "survey.xlsx", "report.xlsx", "templates/ecosoc.docx"):
        assert f'name="sha256:{name}"' in custom


def test_two_builds_give_identical_bytes(built, tmp_path):
    again = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path)
    assert again[0].path.read_bytes() == built["ecosoc"].path.read_bytes()


def test_word_limit_stops_the_final_report_and_writes_nothing(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    import openpyxl

    wb = openpyxl.load_workbook(inputs / "report.xlsx")
    ws = wb["Documents"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "ecosoc":
            row[header.index("Word limit")].value = 100
    wb.save(inputs / "report.xlsx")
    out = tmp_path / "dist"
    with pytest.raises(WordLimitExceeded) as caught:
        build(inputs, ["ecosoc"], ROOT / "templates", out)
    assert caught.value.limit == 100 and caught.value.words > 1000
    assert not out.exists() or not any(out.iterdir())


def test_a_repeat_build_with_unchanged_sources_leaves_the_document_alone(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    out = tmp_path / "dist"
    (first,) = build(inputs, ["ecosoc"], ROOT / "templates", out)
    stamp = first.path.stat().st_mtime_ns
    (again,) = build(inputs, ["ecosoc"], ROOT / "templates", out)
    assert again.up_to_date and again.words == first.words and again.figures == 2
    assert first.path.stat().st_mtime_ns == stamp
    (forced,) = build(inputs, ["ecosoc"], ROOT / "templates", out, force=True)
    assert not forced.up_to_date and forced.path.read_bytes() == first.data
    import openpyxl

    wb = openpyxl.load_workbook(inputs / "survey.xlsx")
    wb["Findings"]["B2"] = "A changed finding."
    wb.save(inputs / "survey.xlsx")
    (changed,) = build(inputs, ["ecosoc"], ROOT / "templates", out)
    assert not changed.up_to_date
    assert "A changed finding." in text_of(changed.path.read_bytes())
