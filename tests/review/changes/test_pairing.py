"""`changes` pairs records by identity, then by the best matching of their texts overall:
the scenarios that paired the wrong records, each with its exact list of changes."""

from __future__ import annotations

import random

import pytest

from wsis_report.review.changes import pairing
from wsis_report.review.changes.compare import compare, name_of
from wsis_report.review.changes.report import change_line


def message(group: str, number: int, text: str, row: int) -> dict:
    return {"key": f"key-message:{group}:{number}", "kind": "key-message",
            "values": {"group": group, "number": number, "text": text},
            "workbook": "consultations.xlsx", "sheet": "Key messages", "row": row,
            "cells": {"group": f"A{row}", "number": f"B{row}", "text": f"C{row}"}}


def snapshot(messages: list[tuple[str, str]]) -> dict:
    """Messages (group, text) as an editor keeps them: numbered in each group, in rows."""
    numbers: dict[str, int] = {}
    records = []
    for row, (group, text) in enumerate(messages, 2):
        numbers[group] = numbers.get(group, 0) + 1
        records.append(message(group, numbers[group], text, row))
    return {"stage": "draft", "title": "T", "records": records}


def listed(changes) -> list[tuple]:
    return sorted((c.kind, c.key, c.field, c.cell, c.before if c.kind == "moved" else None,
                   c.after if c.kind == "moved" else None) for c in changes)


GLOBAL = ["Significant achievements have been made through WSIS.",
          "The inclusivity of the WSIS process should be maintained and extended.",
          "There is common recognition of the value of the IGF.",
          "Universal connectivity remains a challenge for poor developing countries.",
          "Financing for public digital infrastructure and education remains crucial.",
          "Support to vulnerable groups should be increased.",
          "International cooperation frameworks should evolve to meet today's challenges."]
AFRICA = ["The Global Digital Compact should be considered in the review.",
          "Support to the civil society should be increased.",
          "African countries need digital infrastructure and skills."]


def test_a_removal_a_move_and_a_small_edit_are_said_as_they_were_made():
    old = snapshot([("Global", t) for t in GLOBAL] + [("Africa", t) for t in AFRICA])
    # Global message 6 removed (7 becomes 6); Africa's message 2 moved to the top with one
    # word added, so that its message 1 is now 2.
    new = snapshot([("Global", t) for i, t in enumerate(GLOBAL) if i != 5]
                   + [("Africa", "Support to the civil society should be increased further."),
                      ("Africa", AFRICA[0]), ("Africa", AFRICA[2])])
    changes = compare(old, new)
    assert listed(changes) == sorted([
        ("removed", "key-message:Global:6", None, "C7", None, None),
        ("moved", "key-message:Global:6", None, "C7", "Global, message 7", "Global, message 6"),
        ("moved", "key-message:Africa:1", None, "C8", "Africa, message 2", "Africa, message 1"),
        ("edited", "key-message:Africa:1", "text", "C8", None, None),
        ("moved", "key-message:Africa:2", None, "C9", "Africa, message 1", "Africa, message 2"),
    ])
    removed = next(c for c in changes if c.kind == "removed")
    assert removed.before == GLOBAL[5]
    edited = next(c for c in changes if c.kind == "edited")
    assert change_line(edited, None, None) == (
        "edited: Africa, message 1 (moved from Africa, message 2): Support to the civil "
        "society should be [-increased.-]{+increased further.+}")


def test_renumbering_lists_every_message_that_moved():
    europe = ["Meaningful Internet connectivity should be stressed.",
              "A thorough review of the action lines could be conducted.",
              "Concerns relate to the current approach to public policy issues."]
    old = snapshot([("Europe", t) for t in europe])
    new = snapshot([("Europe", "Data governance deserves a place of its own.")]
                   + [("Europe", t) for t in europe])
    assert listed(compare(old, new)) == [
        ("added", "key-message:Europe:1", None, "C2", None, None),
        ("moved", "key-message:Europe:2", None, "C3", "Europe, message 1", "Europe, message 2"),
        ("moved", "key-message:Europe:3", None, "C4", "Europe, message 2", "Europe, message 3"),
        ("moved", "key-message:Europe:4", None, "C5", "Europe, message 3", "Europe, message 4"),
    ]


STEMS = ("digital", "data", "policy", "skill", "network", "public", "market", "rights",
         "access", "trust", "energy", "climate", "health", "school", "court")
VOCABULARY = [f"{a}{b}" for a in STEMS[:10]
              for b in ("", "s", "ed", "ing", "ise", "ity", "al", "ive", "ism", "ware")]
OTHER_WORDS = [f"{a}{b}" for a in STEMS[10:] for b in ("", "s", "ed", "ing", "al")]


def many_messages(seed: int, count: int, vocabulary: list[str] = VOCABULARY) -> list[str]:
    """Messages that share many words, more than real ones do: a common opening, then eight
    words of a vocabulary of a hundred (two of them share three or more now and then)."""
    rng = random.Random(seed)
    return [f"Stakeholders stressed that the {' '.join(rng.sample(vocabulary, 8))} matter."
            for _ in range(count)]


@pytest.mark.parametrize("small", [pairing.SMALL, 0])  # counted in Python, and by SciPy
def test_two_thousand_similar_messages_pair_each_with_its_own_edit(monkeypatch, small):
    monkeypatch.setattr(pairing, "SMALL", small)
    rng = random.Random(7)
    texts = many_messages(1, 2_000)
    removed = set(rng.sample(range(2_000), 15))
    edited = set(rng.sample(sorted(set(range(2_000)) - removed), 40))
    added = many_messages(2, 15, OTHER_WORDS)  # new messages: only the opening in common
    kept, new_texts = [], []
    for i, text in enumerate(texts):
        if i in removed:
            continue
        if i in edited:  # one word replaced by another of the vocabulary
            words = text.split()
            words[5] = rng.choice([w for w in VOCABULARY if w not in words])
            text = " ".join(words)
        kept.append(i)
        new_texts.append(text)
    new_texts += added
    old, new = snapshot([("Global", t) for t in texts]), snapshot([("Global", t) for t in new_texts])
    expected = [("removed", f"key-message:Global:{i + 1}", None, f"C{i + 2}", None, None)
                for i in removed]
    expected += [("added", f"key-message:Global:{n}", None, f"C{n + 1}", None, None)
                 for n in range(len(kept) + 1, len(new_texts) + 1)]
    for n, i in enumerate(kept, 1):
        if n != i + 1:
            expected.append(("moved", f"key-message:Global:{n}", None, f"C{n + 1}",
                             f"Global, message {i + 1}", f"Global, message {n}"))
        if i in edited:
            expected.append(("edited", f"key-message:Global:{n}", "text", f"C{n + 1}", None,
                             None))
    assert listed(compare(old, new)) == sorted(expected)


def test_a_text_replaced_by_another_is_removed_and_added_not_edited():
    old = snapshot([("Global", GLOBAL[0]), ("Global", GLOBAL[1])])
    new = snapshot([("Global", GLOBAL[0]), ("Global", AFRICA[2])])
    assert listed(compare(old, new)) == [
        ("added", "key-message:Global:2", None, "C3", None, None),
        ("removed", "key-message:Global:2", None, "C3", None, None)]


def test_the_best_matching_overall_wins_over_the_first_good_enough_one():
    # Old 1 is fairly like new 1 and very like new 2; old 2 is like new 1 only. A greedy
    # pairing gives new 2 away... the best overall gives each its own.
    a = "alpha beta gamma delta epsilon zeta eta theta"
    b = "alpha beta gamma delta iota kappa lambda mu"
    old = snapshot([("Global", a), ("Global", b)])
    new = snapshot([("Global", "alpha beta gamma delta epsilon zeta iota kappa"),
                    ("Global", "alpha beta gamma delta epsilon zeta eta nu")])
    pairs, gone, come = pairing.pair(old["records"], new["records"])
    assert [(x["key"], y["key"]) for x, y in pairs] == [
        ("key-message:Global:1", "key-message:Global:2"),
        ("key-message:Global:2", "key-message:Global:1")]
    assert not gone and not come


def test_a_record_of_an_unknown_kind_is_named_by_its_kind_and_key():
    record = {"key": "award:3", "kind": "award", "values": {"text": "x"}}
    assert name_of(record) == "award award:3"
    assert name_of({"key": "survey", "kind": "survey", "values": {}}) == "survey"
