"""The main job: each stage rendered from the bundled sample, reopened and read."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from wsis_report.pipeline import WordLimitExceeded, build
from wsis_report.documents.house_style.words import document_text

from sample_facts import BRIEFING_FACTS, LAC_MESSAGE

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

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
    # a finding completes its lead-in: "…protection;" (the fact without its full stop)
    missing = [fact for fact in BRIEFING_FACTS if fact.rstrip(".") not in text]
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
    assert "Draft" in header_text(draft) and "E/CN.16/2025/3" in header_text(draft)
    draft_text, final_text = text_of(draft), text_of(final)
    assert "Advance unedited version" in draft_text
    assert "Draft" not in header_text(final) and "Advance unedited version" not in final_text
    # the draft is the document for the Commission's session, dated before it
    for part in ("United Nations E/CN.16/2025/3", "Distr.: General", "3 February 2025",
                 "Original: English", "Commission on Science and Technology for Development "
                 "Twenty-eighth session Geneva, 7–11 April 2025 Item 2 of the provisional "
                 "agenda*", "Summary", "Report of the Secretary-General"):
        assert part in draft_text, part
    # the masthead's notes are footnotes with marks of their own, the agenda's "*" first
    notes = text_of(draft, ("word/footnotes.xml",))
    assert notes.startswith("* E/CN.16/2025/1. ** The present report was submitted after")
    # the final report follows its own row: the Council's symbol, session and agenda item
    for part in ("United Nations E/2025/61", "Economic and Social Council", "14 May 2025",
                 "2025 session 25 July 2024–30 July 2025 Item 18 (b) of the provisional "
                 "agenda* Economic and environmental questions", "Summary"):
        assert part in final_text, part
    masthead = final_text[:final_text.index("Summary")]
    for stale in ("E/CN.16/2025/3", "Twenty-eighth session", "7–11 April 2025",
                  "Item 2 of the provisional agenda"):
        assert stale not in masthead, stale
    # the draft's symbol and session are named only where the final report tells its session
    assert final_text.count("E/CN.16/2025/3") == 1 and "Twenty-eighth session" not in final_text
    assert text_of(final, ("word/footnotes.xml",)).startswith("* E/2025/1. **")


def test_who_acts_follows_the_documents_body(built):
    draft = text_of(built["draft"].path.read_bytes())
    final = text_of(built["ecosoc"].path.read_bytes())
    assert "The Commission may wish to consider the following recommendations: (a)" in draft
    assert "for the consideration of the Commission." in draft
    assert "The Council may wish to consider the following recommendations: (a)" in final
    assert "for the consideration of the Council." in final
    assert "Commission may wish" not in final and "consideration of the Commission" not in final


def test_progress_names_its_meeting_and_every_document_its_date(built):
    progress = text_of(built["progress"].path.read_bytes())
    assert progress.startswith("Commission on Science and Technology for Development "
                               "Inter-sessional panel 2024–2025 Geneva, 21–23 October 2024")
    assert "Presented by Shamika N. Sirimanne, Director" in progress and "&" not in progress
    for stage, day in (("progress", "21 October 2024"), ("draft", "3 February 2025"),
                       ("ecosoc", "14 May 2025")):
        assert day in text_of(built[stage].path.read_bytes())[:1500], stage


def test_draft_and_ecosoc_share_the_body(built):
    draft = text_of(built["draft"].path.read_bytes())
    final = text_of(built["ecosoc"].path.read_bytes())
    # the body is the same, but for what the final report says of the session
    body = draft[draft.index("II. Methodology"):].replace("The Commission may", "The Council may")
    assert body == final[final.index("II. Methodology"):final.index("Annex III")].rstrip() + \
        " ____________________"
    assert draft[draft.index("I. Introduction"):draft.index("Annex I lists")] == \
        final[final.index("I. Introduction"):final.index("Annex I lists")]


def test_recommendations_and_findings_are_lettered_under_their_lead_in(built):
    document = docx.Document(built["ecosoc"].path)
    recommendation = "(d)\tThe mandate of the Internet Governance Forum should be renewed"
    para = next(p for p in document.paragraphs if p.text.startswith(recommendation))
    assert all(r.bold or para.style.font.bold for r in para.runs if r.text.strip())
    numbered = [p for p in document.paragraphs if _num_id(p) is not None]
    texts = [p.text for p in numbered]
    assert para.text not in texts  # (a)-(e) under the lead-in, not numbered paragraphs
    assert texts[texts.index(next(t for t in texts if "following recommendations" in t))].endswith(
        "recommendations:")
    assert "Support to vulnerable groups should be increased." not in texts  # a sub-item
    assert not any("Fewer contributions" in t for t in texts)  # findings are (a), (b), (c)
    lead_in = next(t for t in texts if "findings of the online survey" in t)
    assert lead_in.endswith("the following:")
    assert any(p.text.startswith("(b)\tFewer contributions") for p in document.paragraphs)
    body = [p for p in numbered if p.style.name == "UN Numbered Paragraph"]
    annex = [p for p in numbered if p.style.name == "UN Annex Paragraph"]
    assert len(body) + len(annex) == len(numbered) and annex
    assert len({_num_id(p) for p in body}) == 1  # one list: the body's numbering never restarts
    assert _num_id(annex[0]) != _num_id(body[0])  # an annex numbers its own, from 1
    numbering = document.part.numbering_part.element
    (num,) = [n for n in numbering.findall(f"{W}num")
              if n.get(f"{W}numId") == _num_id(numbered[0])]
    assert num.find(f"{W}lvlOverride") is None

@pytest.mark.parametrize("stage", ["progress", "draft", "ecosoc"])
def test_every_list_hangs_from_a_numbered_lead_in_ending_in_a_colon(built, stage):
    # The style guide: subparagraphs are (a), (b)... under the numbered paragraph whose
    # lead-in ends with a colon, never straight under a heading.
    document = docx.Document(built[stage].path)
    items = ("UN Sub-item", "UN Recommendation")
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    lists = 0
    for before, p in zip(paragraphs, paragraphs[1:]):
        if p.style.name in items and before.style.name not in items:
            lists += 1
            assert _num_id(before) is not None, (p.text[:40], before.text[:60])
            assert before.text.rstrip().endswith(":"), (p.text[:40], before.text[:60])
    assert lists >= (6 if stage == "progress" else 9)


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
    assert tally.rows[1].cells[2].text == "33.9"  # bare numbers: the unit is in the heading
    assert tally.rows[0].cells[2].text == "Per cent"
    assert not any("%" in c.text for row in tally.rows for c in row.cells)

def test_properties_come_from_the_stage_not_the_clock(built):
    document = docx.Document(built["ecosoc"].path)
    core = document.core_properties
    assert core.author == "CSTD secretariat"
    assert core.title.startswith("Implementing the outcomes of the World Summit")
    progress = docx.Document(built["progress"].path).core_properties
    assert progress.subject == "Progress report to the CSTD inter-sessional panel"  # not "cstd"
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
    assert "A changed finding" in text_of(changed.path.read_bytes())
