"""`make-report check --style`: house-style faults read from the rendered text of each stage,
each located to the workbook cell it was typed in or to the template paragraph."""

from __future__ import annotations

import json
from datetime import date
import shutil
from pathlib import Path

import docx

from builders import FINDINGS, KEY_MESSAGES, TIMETABLE, write_inputs
from clean_text import FULL_DOCUMENTS
from wsis_report.cli import main
from wsis_report.documents.house_style.check import check_stages, faults
from wsis_report.inputs.contract.stages import get_stage

ROOT = Path(__file__).resolve().parents[3]
ALL = [get_stage(s) for s in ("progress", "draft", "ecosoc")]


def located(warnings, stage="progress") -> set[tuple[str, str]]:
    """(fault, location) of each warning of ``stage``."""
    return {(w.fault.split(" (")[0], w.location) for w in warnings if w.stage == stage}


def test_the_sample_comes_out_with_no_warning():
    report, warnings = check_stages(ROOT / "inputs", ROOT / "templates", ALL)
    assert report.valid
    assert [str(w) for w in warnings] == []


def test_faults_typed_in_the_workbooks_are_located_to_their_cells(tmp_path):
    documents = [dict(r) for r in FULL_DOCUMENTS]
    documents[0]["Presented by"] = "A. Director, DTL UNCTAD & Head of CSTD secretariat"
    timetable = TIMETABLE + [{"Start": "April 2025", "Milestone": "The 28th session"},
                             {"Start": "May 2025", "Milestone": "Submission to ECOSOC"}]
    messages = KEY_MESSAGES + [
        {"Group": "Global", "No.": 2, "Message": "Support for Tanzania and the UAE."},
        {"Group": "Global", "No.": 3, "Message": "Held on October 21, 2024 in  7 places."},
        {"Group": "Global", "No.": 4, "Message": "Access to the internet."}]
    findings = FINDINGS + [{"No.": 2, "Finding": "Some 33% of responses."}]
    inputs = write_inputs(tmp_path / "in", Documents=documents, Timetable=timetable,
                          Key_messages=messages, Findings=findings)
    report, warnings = check_stages(inputs, ROOT / "templates", ALL)
    assert report.valid
    assert all(w.source == "workbook" for w in warnings), [str(w) for w in warnings]
    assert located(warnings) == {
        ('"&"', "report.xlsx › Documents › M2"),
        ("UNCTAD used before it is spelled out", "report.xlsx › Documents › M2"),
        ("CSTD used before it is spelled out", "report.xlsx › Documents › M2"),
        ("DTL used before it is spelled out", "report.xlsx › Documents › M2"),
        ("an ordinal in figures", "report.xlsx › Timetable › C4"),
        ("ECOSOC, never abbreviated", "report.xlsx › Timetable › C5"),
        ("a country name that is not the United Nations short name",
         "consultations.xlsx › Key messages › C4"),
        ("a date with an ordinal or a comma", "consultations.xlsx › Key messages › C5"),
        ("a double space", "consultations.xlsx › Key messages › C5"),
        ("a number under 10 in figures", "consultations.xlsx › Key messages › C5"),
        ('"%" in running text', "survey.xlsx › Findings › B3"),
        ('"internet" or "governments" in lower case', "consultations.xlsx › Key messages › C6"),
    }
    tanzania = [w for w in warnings if "Tanzania" in w.text and w.stage == "progress"]
    assert {w.hint for w in tanzania} == {'Write "United Republic of Tanzania".',
                                         'Write "United Arab Emirates".'}
    ordinal = next(w for w in warnings if w.fault.startswith("an ordinal"))
    assert ordinal.hint == 'Spell it out: "twenty-eighth".'


def acronym_faults(*texts: str) -> list[tuple[str, str]]:
    found = faults([("UN Paragraph", text) for text in texts])
    return [(texts[i][start:end], fault) for i, start, end, fault, _ in found
            if "spelled out" in fault]


def test_any_acronym_is_spelled_out_before_it_is_used_alone():
    # The list of known ones gives the full form; any other is caught too (the editor's
    # read of the sample found "AI" never spelled out).
    assert acronym_faults("Issues such as AI governance.", "The ITU and the AI.") == [
        ("AI", "AI used before it is spelled out"), ("ITU", "ITU used before it is spelled out")]
    assert acronym_faults("Artificial intelligence (AI) and then AI.") == []
    assert acronym_faults("The role of ICTs.") == [("ICTs", "ICT used before it is spelled out")]
    assert acronym_faults("Information and communications technologies (ICTs), then ICT.") == []
    # Not acronyms: roman numerals, parts of document symbols and job numbers, single letters.
    assert acronym_faults("See chapter III and annex II.", "Document E/CN.16/2025/3 and "
                          "A/RES/70/125.", "GE.25-01234", "Item 18 (b) of E/2025/61.") == []


def test_an_acronym_the_toolkit_does_not_know_is_located_with_a_hint(tmp_path):
    messages = KEY_MESSAGES + [
        {"Group": "Global", "No.": 2, "Message": "Issues such as AI governance."}]
    inputs = write_inputs(tmp_path / "in", Key_messages=messages)
    _, warnings = check_stages(inputs, ROOT / "templates", ALL[:1])
    (ai,) = [w for w in warnings if w.fault.startswith("AI")]
    assert ai.location == "consultations.xlsx › Key messages › C4"
    assert ai.hint == 'Spell it out at its first use, with "(AI)" after it.'


def test_faults_in_template_prose_are_located_to_the_template_paragraph(tmp_path):
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    body = docx.Document(templates / "_report-body.docx")
    body.add_paragraph("The secretariat thanks its 3 partners & hosts.", style="UN Paragraph")
    body.save(templates / "_report-body.docx")
    count = sum(1 for _ in body.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"))
    _, warnings = check_stages(ROOT / "inputs", templates, ALL[1:])
    where = f"_report-body.docx › paragraph {count} (“The secretariat thanks its 3 partners…”)"
    assert located(warnings, "draft") == located(warnings, "ecosoc") == {
        ("a number under 10 in figures", where), ('"&"', where)}
    assert all(w.source == "template" for w in warnings)


def test_check_style_prints_warnings_and_still_succeeds(tmp_path, capsys):
    documents = [dict(r) for r in FULL_DOCUMENTS]
    documents[0]["Presented by"] = "Head of the secretariat & director"
    inputs = write_inputs(tmp_path / "in", Documents=documents)
    assert main(["check", "--style", "--inputs", str(inputs)]) == 0  # warnings, not errors
    out = capsys.readouterr().out
    assert "House style: 1 warning (editors decide)" in out
    assert "warning report.xlsx › Documents › M2: \"&\": “…ed by Head of the secretariat & " \
        "director”. Write \"and\"." in out
    assert main(["check", "--style", "--json", "--inputs", str(inputs)]) == 0
    (warning,) = json.loads(capsys.readouterr().out)["style"]
    assert warning["location"] == "report.xlsx › Documents › M2"
    assert warning["stage"] == "progress"


def test_every_build_prints_a_house_style_line(tmp_path, capsys):
    documents = [dict(r) for r in FULL_DOCUMENTS]
    documents[0]["Presented by"] = "Head of the secretariat & director"
    inputs = write_inputs(tmp_path / "in", Documents=documents)
    assert main(["--stage", "all", "--inputs", str(inputs), "--out", str(tmp_path / "out")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == ("  house style: 1 warning; `make-report check --style --stage progress` "
                        "lists them with the cell or template paragraph")
    assert lines[3] == lines[5] == "  house style: no warnings"


def test_a_mixed_case_acronym_the_document_defines_is_spelled_out_at_its_first_use():
    # EuroDIG is an acronym because the document gives it in parentheses after its
    # spelled-out form; its capitals are no all-capital acronym's, so it was never checked.
    defined = "Held at the European Dialogue on Internet Governance (EuroDIG) 2024."
    assert acronym_faults("Ahead of EuroDIG 2024.", defined) == [
        ("EuroDIG", "EuroDIG used before it is spelled out")]
    assert acronym_faults("EuroDIG, that is the European Dialogue on Internet Governance "
                          "(EuroDIG).") == [("EuroDIG", "EuroDIG used before it is spelled out")]
    (found,) = faults([("UN Paragraph", "At EuroDIG."), ("UN Paragraph", defined)])
    assert found[4] == 'Write "European Dialogue on Internet Governance (EuroDIG)" at its ' \
                       'first use.'
    assert acronym_faults(defined, "Then EuroDIG again, and the EuroDIG 2025.") == []


def test_a_name_in_mixed_case_is_no_acronym():
    # "eWeek" in "UNCTAD eWeek" is a name: never given after a spelled-out form, it is
    # never an acronym, whatever its capitals; nor is a word in parentheses after words
    # whose initials are not its capitals.
    unctad = "The United Nations Conference on Trade and Development (UNCTAD)."
    assert acronym_faults(unctad, "The UNCTAD eWeek 2023, on YouTube and LinkedIn.") == []
    assert acronym_faults(unctad, "Streamed (YouTube), then YouTube.",
                          "The UNCTAD eWeek (eWeek).") == []


def test_eurodig_used_before_its_definition_is_located_to_its_cell(tmp_path):
    from builders import CONSULTATIONS

    europe = {"ID": "R2", "Scope": "Regional", "Region": "Europe",
              "Title": "Europe consultation", "Start date": date(2024, 6, 17),
              "City": "Vilnius", "Country": "Lithuania", "Format": "Hybrid", "Status": "Held",
              "Host event": "European Dialogue on Internet Governance (EuroDIG) 2024"}
    timetable = TIMETABLE + [{"Start": "June 2024", "Milestone": "Consultation at EuroDIG"}]
    inputs = write_inputs(tmp_path / "in", Consultations=CONSULTATIONS + [europe],
                          Timetable=timetable, Documents=FULL_DOCUMENTS)
    report, warnings = check_stages(inputs, ROOT / "templates", ALL[:1])
    assert report.valid
    assert located(warnings) == {("EuroDIG used before it is spelled out",
                                  "report.xlsx › Timetable › C4")}
    (warning,) = warnings
    assert warning.source == "workbook" and warning.hint == (
        'Write "European Dialogue on Internet Governance (EuroDIG)" at its first use.')
