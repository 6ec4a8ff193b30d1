"""The briefing deck: reopened with python-pptx and read back, slide by slide."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from wsis_report.pipeline import build
from wsis_report.documents.errors import TemplateProblem

from builders import KEY_MESSAGES, write_inputs
from deck_reading import (PROMPTS, charts, custom_properties, deck_text, open_deck,
                          overflowing, slide_text, titles, workbook_numbers)
from sample_facts import BRIEFING_FACTS, LAC_MESSAGE, as_typed

ROOT = Path(__file__).resolve().parents[3]
BRIEFING_ORDER = [
    "The twenty-year review of the World Summit on the Information Society: progress report",
    "Timetable", "Open multistakeholder consultations",
    "Findings from the online survey", "Distribution of responses by stakeholder group",
    "Distribution of responses by region", "Key messages from global consultations",
    "Key messages from regional consultations",
    "Key messages from regional consultations (continued)", "Thank you for your attention!"]


def plain(text: str) -> str:
    """Text with the house style's no-break spaces read as spaces."""
    return text.replace("\xa0", " ")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    [doc] = build(ROOT / "inputs", ["progress"], ROOT / "templates", out, slides=True)
    return doc


@pytest.fixture(scope="module")
def deck(built):
    return open_deck(built.deck.path)


def test_the_slides_follow_the_briefing(built, deck):
    assert built.deck.path.name == "wsis20-progress.pptx"
    assert titles(deck) == BRIEFING_ORDER
    assert (built.deck.slides, built.deck.figures, built.deck.tables) == (10, 2, 1)


def test_every_fact_of_the_progress_report_is_on_a_slide(deck):
    text = deck_text(deck)
    assert [fact for fact in BRIEFING_FACTS if fact not in as_typed(text)] == []
    assert LAC_MESSAGE not in text  # not yet held on 21 October 2024
    consultations = slide_text(deck.slides[2])
    assert ("Latin America and the Caribbean: mid-November 2024, Santiago "
            "(in person; planned)") in consultations
    assert consultations.index("Global consultations") < consultations.index("Kyoto") \
        < consultations.index("Regional consultations") < consultations.index("Vilnius")


def test_the_title_slide_and_the_timetable_table(deck):
    first = {s.name: plain(s.text_frame.text) for s in deck.slides[0].placeholders}
    assert first == {
        "Title": BRIEFING_ORDER[0],
        "Presenter": "Shamika N. Sirimanne\nDirector, Division on Technology and Logistics, "
                     "United Nations Conference on Trade and Development, and Head of the "
                     "secretariat of the Commission on Science and Technology for Development",
        # the meeting is named, and gives CSTD its first use
        "Date and venue": "Commission on Science and Technology for Development (CSTD), "
                          "Inter-sessional panel 2024–2025\n21 October 2024, Geneva"}
    [table] = [s.table for s in deck.slides[1].shapes if s.has_table]
    rows = [[plain(c.text) for c in row.cells] for row in table.rows]
    assert rows[0] == ["Date", "Milestone"] and len(rows) == 8
    assert rows[2] == ["May 2024 to January 2025",
                       "Consultations, literature review and other research"]


def test_no_placeholder_is_empty_or_holds_a_tag_or_a_prompt(deck):
    for slide in deck.slides:
        for shape in slide.placeholders:
            text = shape.text_frame.text if shape.has_text_frame else "graphic"
            assert text.strip(), (slide.shapes.title.text_frame.text, shape.name)
        text = slide_text(slide)
        assert "{{" not in text and "{%" not in text
        assert not any(prompt in text for prompt in PROMPTS)


def test_charts_hold_the_tallies_in_their_workbooks(deck):
    found = charts(deck)
    assert len(found) == 2
    expected = [[("Government", 38), ("Private sector", 12), ("Civil society", 27),
                 ("Technical community", 9), ("Academic community", 14),
                 ("International or regional organization", 8), ("Other", 4)],
                [("Africa", 24), ("Arab region", 11), ("Asia and the Pacific", 22),
                 ("Europe", 31), ("Latin America and the Caribbean", 13), ("North America", 7),
                 ("Other or not stated", 4)]]
    for shape, rows in zip(found, expected):
        plot = shape.chart.plots[0]
        assert list(plot.categories) == [label for label, _ in rows]
        assert list(plot.series[0].values) == [count for _, count in rows]
        assert workbook_numbers(shape.chart) == rows
        labels = [p.data_label.text_frame.text for p in
                  (plot.series[0].points[i] for i in range(len(rows)))]
        assert labels[0] in ("38 (33.9%)", "24 (21.4%)")
        descr = shape._element.nvGraphicFramePr.cNvPr.get("descr")
        assert descr.startswith("Responses to the online survey by") and "(112 responses)" in descr
    for slide in (deck.slides[4], deck.slides[5]):  # one sentence, not "…(2023–2024). 112 responses."
        assert "Source: CSTD secretariat, online survey (2023–2024); 112 responses." in \
            slide_text(slide)


def test_speaker_notes_give_the_source_and_the_as_of_date(deck):
    for slide in deck.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith("Source:") and "as of 21 October 2024" in plain(notes)
    assert "online survey (2023–2024)" in deck.slides[4].notes_slide.notes_text_frame.text


def test_the_notes_hold_the_source_and_date_and_the_build_is_in_the_properties(built, deck):
    """Speaker notes are read aloud from and printed for the presenter: they give the
    slide's source and as-of date, one sentence each, and nothing of the build; the
    toolkit's version and the hashes of the inputs are in the deck's properties."""
    import re

    from wsis_report import __version__

    for slide in deck.slides:
        notes = plain(slide.notes_slide.notes_text_frame.text)
        assert re.fullmatch(r"Source: [^\n]+?\. Facts as of 21 October 2024\.", notes), notes
        assert not re.search(r"sha256|wsis-report|toolkit|[0-9a-f]{16}", notes, re.I)
    properties = custom_properties(built.deck.path)
    assert properties["toolkit"] == f"wsis-report {__version__}"
    assert {"sha256:toolkit", "sha256:consultations.xlsx", "sha256:survey.xlsx",
            "sha256:report.xlsx", "sha256:templates/progress.pptx"} <= set(properties)
    assert deck.core_properties.title == BRIEFING_ORDER[0]


def test_the_deck_carries_the_documents_input_hashes(built):
    deck, document = custom_properties(built.deck.path), custom_properties(built.path)
    hashes = {k: v for k, v in document.items() if k.startswith("sha256:")}
    assert "sha256:templates/progress.pptx" in hashes and "sha256:survey.xlsx" in hashes
    assert {k: deck[k] for k in hashes} == hashes
    assert deck["slides"] == "10" and deck["stage"] == "progress"


def test_the_deck_is_byte_reproducible_and_dated_from_the_data(built, tmp_path):
    [again] = build(ROOT / "inputs", ["progress"], ROOT / "templates", tmp_path, slides=True)
    assert again.deck.path.read_bytes() == built.deck.path.read_bytes()
    with zipfile.ZipFile(built.deck.path) as z:
        assert {i.date_time for i in z.infolist()} == {(2024, 10, 21, 0, 0, 0)}
        [book] = [n for n in z.namelist() if n.endswith(".xlsx")][:1]
        core = zipfile.ZipFile(__import__("io").BytesIO(z.read(book))).read("docProps/core.xml")
    assert b"2024-10-21T00:00:00Z" in core


def test_a_deck_is_up_to_date_until_its_template_changes(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    out = tmp_path / "dist"
    build(ROOT / "inputs", ["progress"], templates, out, slides=True)
    [second] = build(ROOT / "inputs", ["progress"], templates, out, slides=True)
    assert second.up_to_date and second.deck.up_to_date and second.deck.slides == 10
    (out / "wsis20-progress.pptx").unlink()
    [third] = build(ROOT / "inputs", ["progress"], templates, out, slides=True)
    assert not third.deck.up_to_date and (out / "wsis20-progress.pptx").is_file()
    with open(templates / "progress.pptx", "ab") as f:
        f.write(b"\0")  # a changed template (zip readers ignore trailing bytes)
    [fourth] = build(ROOT / "inputs", ["progress"], templates, out, slides=True)
    assert not fourth.deck.up_to_date and not fourth.up_to_date


def messages(count: int, words: int = 22) -> list[dict]:
    text = " ".join(["Digital cooperation"] + ["should"] * (words - 3) + ["grow."])
    return [{"Group": "Global", "No.": n, "Message": f"{n}. {text}"}
            for n in range(1, count + 1)]


@pytest.mark.parametrize("count, slides", [(3, 1), (12, 2), (40, 4)])
def test_long_lists_continue_on_more_slides_and_never_overflow(tmp_path, count, slides):
    inputs = write_inputs(tmp_path / "in", Key_messages=messages(count) + KEY_MESSAGES[1:])
    [doc] = build(inputs, ["progress"], ROOT / "templates", tmp_path / "out", slides=True)
    deck = open_deck(doc.deck.path)
    found = [t for t in titles(deck) if t.startswith("Key messages from global")]
    assert len(found) >= slides if count == 40 else len(found) == slides
    assert found[1:] == ["Key messages from global consultations (continued)"] * (len(found) - 1)
    text = deck_text(deck)
    assert all(m["Message"] in text for m in messages(count))
    assert overflowing(deck) == []


def test_one_very_long_item_is_set_smaller_and_reported(tmp_path):
    long = [{"Group": "Global", "No.": 1, "Message": "Long " * 330 + "end."}]
    inputs = write_inputs(tmp_path / "in", Key_messages=long + KEY_MESSAGES[1:])
    [doc] = build(inputs, ["progress"], ROOT / "templates", tmp_path / "out", slides=True)
    assert any("set at" in n and "to fit one slide" in n for n in doc.deck.notices)
    deck = open_deck(doc.deck.path)
    assert overflowing(deck) == []
    assert "Long Long" in deck_text(deck)


def test_an_item_too_long_even_at_the_floor_stops_the_build(tmp_path):
    huge = [{"Group": "Global", "No.": 1, "Message": "Longer " * 3000}]
    inputs = write_inputs(tmp_path / "in", Key_messages=huge + KEY_MESSAGES[1:])
    with pytest.raises(TemplateProblem) as caught:
        build(inputs, ["progress"], ROOT / "templates", tmp_path / "out", slides=True)
    assert str(caught.value).startswith(
        "progress.pptx: Key messages from global consultations: “Longer Longer")
    assert str(caught.value).endswith(
        "” does not fit one slide even at 12 pt; shorten it in consultations.xlsx › Key "
        "messages, or make the 'List' placeholder larger in the template")
    assert not (tmp_path / "out").exists()


def sample_context():
    from wsis_report import load_inputs
    from wsis_report.documents.context import build_context
    from wsis_report.inputs.contract.stages import get_stage

    return build_context(load_inputs(ROOT / "inputs"), get_stage("progress"))


def with_region_tally(context, rows):
    from dataclasses import replace

    from wsis_report.documents.context import TallyRow

    tally = tuple(TallyRow(label, count, 0.0) for label, count in rows)
    total = sum(count for _, count in rows)
    figures = dict(context["figures"])
    figures["by_region"] = replace(figures["by_region"], rows=tally, total=total)
    return {**context, "figures": figures}


@pytest.mark.parametrize("rows", [[("Europe", 5)], [("Africa", 0), ("Europe", 0)]])
def test_a_tally_of_one_row_or_all_zeros_still_gives_a_chart(tmp_path, rows):
    from wsis_report.documents.slides.deck import render_deck

    deck = render_deck(ROOT / "templates" / "progress.pptx",
                       with_region_tally(sample_context(), rows))
    (tmp_path / "deck.pptx").write_bytes(deck.data)
    shape = charts(open_deck(tmp_path / "deck.pptx"))[1]
    assert workbook_numbers(shape.chart) == rows
    labels = [p.data_label.text_frame.text for p in
              (shape.chart.plots[0].series[0].points[i] for i in range(len(rows)))]
    assert labels == (["5 (100.0%)"] if len(rows) == 1 else ["0 (0.0%)", "0 (0.0%)"])
    assert shape.chart.value_axis.maximum_scale > 0 and deck.notices == []


def test_forty_regions_become_a_table_and_the_console_is_told(tmp_path):
    from wsis_report.documents.slides.deck import render_deck

    rows = [(f"Region {n}", n) for n in range(1, 41)]
    deck = render_deck(ROOT / "templates" / "progress.pptx",
                       with_region_tally(sample_context(), rows))
    assert any("40 bars do not fit a readable chart; shown as a table" in n
               for n in deck.notices)
    (tmp_path / "deck.pptx").write_bytes(deck.data)
    prs = open_deck(tmp_path / "deck.pptx")
    region = [s for s in prs.slides
              if s.shapes.title.text_frame.text.startswith("Distribution of responses by region")]
    assert len(region) >= 2  # the table continues
    cells = [c.text for s in region for sh in s.shapes if sh.has_table
             for row in sh.table.rows for c in row.cells]
    assert "Region 40" in cells and "40 (4.9%)" in cells
    assert len(charts(prs)) == 1


def test_a_timetable_row_too_long_for_a_slide_stops_the_build(tmp_path):
    rows = [{"Start": "April 2024", "Milestone": "Discussion " * 400}]
    inputs = write_inputs(tmp_path / "in", Timetable=rows)
    with pytest.raises(TemplateProblem, match="^progress.pptx: Timetable: the row “April\xa02024 "
                       r"\| Discussion .* does not fit one slide; shorten it in report.xlsx › "
                       "Timetable, or make the 'Table' placeholder larger in the template$"):
        build(inputs, ["progress"], ROOT / "templates", tmp_path / "out", slides=True)
    assert not (tmp_path / "out").exists()


def test_a_long_presenter_is_set_smaller_to_fit_the_title_slide(tmp_path):
    from builders import DOCUMENTS, with_row

    position = "Director of a division with a very long name, " * 10 + "and Head of secretariat"
    rows = with_row(DOCUMENTS, 0, Presented_by=f"A. Presenter, {position}")
    inputs = write_inputs(tmp_path / "in", Documents=rows)
    [doc] = build(inputs, ["progress"], ROOT / "templates", tmp_path / "out", slides=True)
    assert any(n.startswith("Title slide › Presenter: set at") for n in doc.deck.notices)
    presenter = next(s for s in open_deck(doc.deck.path).slides[0].placeholders
                     if s.name == "Presenter")
    assert presenter.text_frame.text == f"A. Presenter\n{position}"
    sizes = {r.font.size.pt for p in presenter.text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1 and 12 <= sizes.pop() < 20


def test_any_stage_with_a_deck_template_gets_a_deck_as_of_its_date(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    shutil.copyfile(templates / "progress.pptx", templates / "ecosoc.pptx")
    built = build(ROOT / "inputs", ["draft", "ecosoc"], templates, tmp_path / "out", slides=True)
    assert [d.deck is None for d in built] == [True, False]
    deck = open_deck(built[1].deck.path)
    text = deck_text(deck)
    assert LAC_MESSAGE in text and "18 November 2024, Santiago (in person)" in text
    assert "planned" not in slide_text(deck.slides[2])
    assert any(n.startswith("Title slide › Title: “Implementing the outcomes") and
               "to fit one slide" in n for n in built[1].deck.notices)
    assert plain(deck.slides[0].notes_slide.notes_text_frame.text).endswith("as of 14 May 2025.")


def test_a_chart_shown_as_a_table_keeps_plain_notes(tmp_path):
    from wsis_report.documents.slides.deck import render_deck

    rows = [(f"Region {n}", n) for n in range(1, 41)]
    deck = render_deck(ROOT / "templates" / "progress.pptx",
                       with_region_tally(sample_context(), rows))
    (tmp_path / "deck.pptx").write_bytes(deck.data)
    notes = [s.notes_slide.notes_text_frame.text for s in open_deck(tmp_path / "deck.pptx").slides]
    assert all(n.startswith("Source: ") and "Source: Source" not in n for n in notes)
    assert all(plain(n).endswith("Facts as of 21 October 2024.") for n in notes)


def test_each_acronym_is_spelled_out_where_the_deck_first_uses_it(deck):
    # The deck has no prose of its own: its acronyms come in the editors' text, and the
    # first use of each is spelled out there (the editor's read found WSIS, IGF and ICT bare).
    import re

    from wsis_report.documents.house_style.style import ACRONYMS

    text = deck_text(deck)
    for acronym in ("WSIS", "CSTD", "IGF", "ICT"):
        first = re.search(rf"(?<![\w(/.+-]){acronym}(?![\w+-])|\({acronym}\)", text)
        assert first and first.group() == f"({acronym})", (acronym, text[:first.end()][-80:])
        assert text[:first.start()].rstrip().endswith(ACRONYMS[acronym].split()[-1])
    assert "through the World Summit on the Information Society (WSIS)." in text
