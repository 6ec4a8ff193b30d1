"""What a template sees: facts as of the stage's date, tallies in a fixed order."""

from __future__ import annotations

from datetime import date

import pytest

from wsis_report import load_inputs
from wsis_report.documents.context import build_context
from wsis_report.inputs.contract.stages import STAGES

from builders import CONSULTATIONS, DOCUMENTS, KEY_MESSAGES, with_row, write_inputs


@pytest.fixture
def inputs(tmp_path):
    rows = with_row(CONSULTATIONS, 1, **{"Date note": "early October 2024"})
    groups = [{"Stakeholder group": "Civil society", "Responses": 4},
              {"Stakeholder group": "Government", "Responses": 6}]
    docs = with_row(DOCUMENTS, 0, Date=date(2024, 10, 1))
    return load_inputs(write_inputs(tmp_path, Consultations=rows, By_stakeholder_group=groups,
                                    Documents=docs))


def test_a_consultation_after_the_stage_date_is_still_planned(inputs):
    progress = build_context(inputs, STAGES["progress"])
    assert [c.id for c in progress["planned"]] == ["R1"]
    assert [g.name for g in progress["message_groups"]] == ["Global"]
    final = build_context(inputs, STAGES["ecosoc"])
    assert final["planned"] == [] and [c.id for c in final["held"]] == ["G1", "R1"]
    assert [g.name for g in final["message_groups"]] == ["Global", "Africa"]
    assert final["message_groups"][1].messages == (KEY_MESSAGES[1]["Message"],)


def test_tallies_follow_the_choice_list_and_add_up(inputs):
    rows = build_context(inputs, STAGES["progress"])["survey"]["by_group"]
    assert [r.label for r in rows] == ["Government", "Civil society"]
    assert sum(r.share for r in rows) == pytest.approx(100)
    figure = build_context(inputs, STAGES["progress"])["figures"]["by_group"]
    assert figure.total == 10 and figure.source.endswith("(2023).")
