"""Every sentence that carries a list reads right for 0, 1, 2 and 7 items, in every stage that
prints it: the lead-in agrees in number and ends with a colon, two or more items are (a), (b)…,
a single item takes no label, and no item leaves no lead-in and no orphan heading."""

from __future__ import annotations

from datetime import date

import pytest

from builders import CONSULTATIONS, write_inputs
from clean_text import FULL_DOCUMENTS, build_all, debris, paragraphs

COUNTS = [0, 1, 2, 7]
LETTERS = "abcdefgh"


def items_after(document, lead_in: str) -> list[str]:
    """The texts of the (sub)items that follow the paragraph containing ``lead_in``."""
    paras = [(s, t) for s, t in paragraphs(document) if t.strip()]
    start = next(i for i, (_, t) in enumerate(paras) if lead_in in t)
    found = []
    for style, text in paras[start + 1:]:
        if style not in ("UN Sub-item", "UN Recommendation"):
            break
        found.append(text)
    return found


def check_list(document, n: int, one: str, many: str, texts: list[str]) -> None:
    """The lead-in (``one`` or ``many``) and its items, as a reader sees them."""
    assert not debris(document), debris(document)
    whole = "\n".join(t for _, t in paragraphs(document))
    if n == 0:
        assert one not in whole and many not in whole
        return
    lead_in = one if n == 1 else many
    other = many if n == 1 else one
    assert lead_in in whole and other not in whole
    items = items_after(document, lead_in)
    assert len(items) == n
    for i, (item, text) in enumerate(zip(items, texts)):
        label = "" if n == 1 else f"({LETTERS[i]})"
        assert item.startswith(f"{label}\t") and text in item, item


def findings(n):
    return [{"No.": i + 1, "Finding": f"Finding number {i + 1}."} for i in range(n)]


@pytest.mark.parametrize("n", COUNTS)
def test_findings(tmp_path, n):
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS, Findings=findings(n))
    built = build_all(inputs, tmp_path / "out")
    # fragments that complete the lead-in: "…;" and the last "…."
    texts = [f"Finding number {i + 1}{';' if i < n - 1 else '.'}" for i in range(n)]
    check_list(built["progress"], n, "Its main finding is the following:",
               "Its main findings are the following:", texts)
    for stage in ("draft", "ecosoc"):
        check_list(built[stage], n, "The main finding of the online survey is the following:",
                   "The main findings of the online survey are the following:", texts)
    if n:
        items = items_after(built["draft"], "main finding")
        assert [i[-1] for i in items] == [";"] * (n - 1) + ["."]


@pytest.mark.parametrize("n", [1, 2, 7])
def test_recommendations(tmp_path, n):
    rows = [{"No.": i + 1, "Recommendation": f"Recommendation {i + 1}."} for i in range(n)]
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS, Recommendations=rows)
    built = build_all(inputs, tmp_path / "out", ["draft", "ecosoc"])
    texts = [f"Recommendation {i + 1}." for i in range(n)]
    check_list(built["draft"], n, "The Commission may wish to consider the following "
               "recommendation:", "The Commission may wish to consider the following "
               "recommendations:", texts)
    check_list(built["ecosoc"], n, "The Council may wish to consider the following "
               "recommendation:", "The Council may wish to consider the following "
               "recommendations:", texts)


def globals_(n, status="Held", start=date(2023, 10, 10)):
    return [{**CONSULTATIONS[0], "ID": f"G{i + 1}", "Title": f"Global meeting {i + 1}",
             "Status": status, "Start date": start} for i in range(n)]


@pytest.mark.parametrize("n", COUNTS)
def test_global_consultations(tmp_path, n):
    rows = globals_(n) + CONSULTATIONS[1:]
    messages = [{"Group": "Africa", "No.": 1, "Message": "Support civil society."}] + (
        [{"Group": "Global", "No.": 1, "Message": "Achievements."}] if n else [])
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS, Consultations=rows,
                          Key_messages=messages)
    built = build_all(inputs, tmp_path / "out")
    # as running text: with its article, where and when, how
    texts = [f"The global meeting {i + 1}, held in Kyoto, Japan, on 10\u00a0October\u00a02023, "
             "in a hybrid format" for i in range(n)]
    for stage in ("draft", "ecosoc"):
        check_list(built[stage], n, "The global consultation was the following:",
                   "The global consultations were the following:", texts)
    assert not debris(built["progress"])


@pytest.mark.parametrize("n", COUNTS)
def test_consultations_still_planned_are_listed_with_the_others_as_to_be_held(tmp_path, n):
    planned = [{**CONSULTATIONS[1], "ID": f"R{i + 2}", "Region": "Europe",
                "Title": f"Europe meeting {i + 1}", "Start date": date(2024, 11, 18 + i),
                "End date": None, "Status": "Planned", "Date note": f"week {i + 1}"}
               for i in range(n)]
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS,
                          Consultations=CONSULTATIONS + planned)
    progress = build_all(inputs, tmp_path / "out", ["progress"])["progress"]
    held = ("The Africa consultation, held in Dar es Salaam, United Republic of Tanzania, on "
            "9–11\u00a0October\u00a02024, in person")
    check_list(progress, n + 1, "In the regions, the review draws on the following "
               "consultation:", "In the regions, the review draws on the following "
               "consultations:", [held] + [f"The Europe meeting {i + 1}, to be held in Dar es "
                                         f"Salaam, United Republic of Tanzania, in week {i + 1}, "
                                         "in person" for i in range(n)])
    # no chapter of its own repeats them at the end (it was "VII. Consultation still planned")
    whole = "\n".join(t for _, t in paragraphs(progress))
    assert "still planned" not in whole and "still to be held" not in whole


@pytest.mark.parametrize("n", COUNTS)
def test_key_messages_of_the_global_consultations(tmp_path, n):
    messages = [{"Group": "Global", "No.": i + 1, "Message": f"Message {i + 1}."}
                for i in range(n)] + [{"Group": "Africa", "No.": 1, "Message": "Africa one."}]
    inputs = write_inputs(tmp_path / "in", Documents=FULL_DOCUMENTS, Key_messages=messages)
    built = build_all(inputs, tmp_path / "out", ["progress", "draft"])
    for stage, document in built.items():
        assert not debris(document), (stage, debris(document))
        whole = "\n".join(t for _, t in paragraphs(document))
        assert ("(b)\tMessage 2." in whole) == (n >= 2)
        assert ("(g)\tMessage 7." in whole) == (n == 7)
        assert ("\tMessage 1." in whole) == (n >= 1) and ("(a)\tMessage 1." in whole) == (n >= 2)
    progress = "\n".join(t for _, t in paragraphs(built["progress"]))
    # an "A." heading only beside a "B.": with no global message, no A. and no B.
    assert ("A.\tKey messages from the global consultations" in progress) == (n > 0)
