"""The map is rendering's own record: every hidden range's text is exactly the rendered value
of the record and field it names, and a paragraph names no record it does not show, for
the three sample documents and for random inputs whose messages, consultations and findings
share words, cities and dates (what made the old text search name the wrong cell)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from lxml import etree

from wsis_report.documents.house_style import prose, style
from wsis_report.documents.context import acting_body
from wsis_report.documents.ranges import RANGE_PREFIX
from wsis_report.pipeline import build
from wsis_report.review.snapshot.part import read_snapshot

from builders import CONSULTATIONS, write_inputs
from sample_edits import ROOT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def range_texts(data: bytes) -> dict[str, str]:
    """The text inside each range bookmark of the body, headers, footers and footnotes."""
    found: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist()
                 if n in ("word/document.xml", "word/footnotes.xml")
                 or n.startswith(("word/header", "word/footer"))]
        for name in names:
            root = etree.fromstring(z.read(name))
            open_: dict[str, str] = {}
            for node in root.iter(f"{W}t", f"{W}tab", f"{W}bookmarkStart", f"{W}bookmarkEnd"):
                if node.tag == f"{W}bookmarkStart" and \
                        (node.get(f"{W}name") or "").startswith(RANGE_PREFIX):
                    open_[node.get(f"{W}id")] = node.get(f"{W}name")
                    found[node.get(f"{W}name")] = ""
                elif node.tag == f"{W}bookmarkEnd":
                    open_.pop(node.get(f"{W}id"), None)
                else:
                    for name_ in open_.values():
                        found[name_] += node.text or "" if node.tag == f"{W}t" else "\t"
    return found


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def renderings(records: dict[str, dict], origins: list[list[str]]) -> set[str]:
    """Every way the house style writes the named fields of the named records."""
    keys = {key for key, _ in origins}
    fields = [field for _, field in origins]
    if len(keys) > 1:
        if set(fields) == {"responses", "total"}:  # a share: a row's count over the total
            count = next(records[k]["values"]["responses"] for k, f in origins
                         if f == "responses")
            return {style.share(100 * count / records["survey"]["values"]["total"])}
        if len(set(fields)) == 1:  # a count of records (consultations held, ...)
            counts = {len(keys)}
            if fields[0] == "status":
                shown = [records[k]["shown"]["status"] for k in keys]
                counts |= {shown.count("Held"), shown.count("Planned")}
            if fields[0] == "scope":
                scopes = [records[k]["values"]["scope"] for k in keys]
                counts |= {scopes.count("Global"), scopes.count("Regional")}
            if fields[0] == "group":  # a group's heading: the name the messages share
                return {records[k]["values"]["group"] for k in keys}
            return {f(n) for n in counts for f in (style.number, style.grouped)}
        raise AssertionError(f"a range names several records: {origins}")
    [key] = keys
    record = records[key]
    values = record["values"]
    if fields == ["start", "end"] or fields == ["session_start", "session_end"]:
        a, b = (_date(values.get(f)) for f in fields)
        return {style.date_range(a, b), style.month_range(a, b)}
    assert len(fields) == 1, origins
    [field] = fields
    value = (record.get("shown") or {}).get(field, values.get(field))
    if value is None:
        raise AssertionError(f"{key}.{field} is blank but shown")
    out: set[str] = set()
    if isinstance(value, int):
        out |= {style.number(value), style.grouped(value)}
    elif isinstance(value, list):
        out |= set(value)
    else:
        out |= {value, value.lower(), style.capitalize_first(value.lower()),
                style.unbreakable_dates(value)}
        # as running text gives it (documents/prose.py): a title with its article, a name in
        # short, a format as a phrase, a fragment without its full stop
        for shown in (prose.with_article(value), prose.with_article(prose.abbreviated(value)),
                      prose.as_format(value), value.rstrip(".")):
            out |= {str(shown), style.capitalize_first(str(shown))}
        day = _date(value) if len(value) == 10 and value[4] == "-" else None
        if day:
            out |= {style.un_date(day), style.month(day), str(day.year)}
        if field == "body":
            out |= {acting_body(value), style.capitalize_first(acting_body(value))}
        if field == "session":
            out.add(style.ordinal(value))
    return out


def check_map(path: Path) -> int:
    """Asserts the two properties of the map of the built document at ``path``; returns how
    many ranges it holds."""
    data = path.read_bytes()
    snapshot = read_snapshot(path)
    records = {r["key"]: r for r in snapshot["records"]}
    texts = range_texts(data)
    assert set(texts) == set(snapshot["ranges"])  # every range bookmarked, none lost
    for name, origins in snapshot["ranges"].items():
        assert texts[name] in renderings(records, origins), (name, origins, texts[name])
    for entry in snapshot["paragraphs"]:
        named = {key for name in entry.get("ranges", ()) for key, _ in snapshot["ranges"][name]}
        assert {s["key"] for s in entry.get("sources", ())} == named
        # a paragraph that shows one message, finding or consultation names that one only (a
        # lead-in that names where and when the consultations of a group were held shows
        # their places and dates, not the consultations: those are named by their titles)
        single = {key for name in entry.get("ranges", ()) if len(snapshot["ranges"][name]) == 1
                  or len({k for k, _ in snapshot["ranges"][name]}) == 1
                  for key, field in snapshot["ranges"][name]
                  if key.split(":")[0] in ("key-message", "finding", "recommendation")
                  or (key.startswith("consultation:") and field == "title")}
        assert len(single) <= 1, (entry["label"], single)
    return len(texts)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    return build(ROOT / "inputs", ["progress", "draft", "ecosoc"], ROOT / "templates", out)


def test_the_sample_documents_map_every_value_to_its_record(built):
    for doc in built:
        assert check_map(doc.path) > 100


WORDS = ["digital", "data", "access", "skills", "trust", "policy", "Internet", "governance",
         "should", "be", "increased", "the", "of", "and"]
PLACES = [("Geneva", "Switzerland"), ("Nairobi", "Kenya"), ("Kyoto", "Japan"),
          ("Geneva", "Switzerland")]
DAYS = [date(2023, 10, 10), date(2024, 5, 22), date(2024, 10, 9)]
sentences = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(
    lambda words: " ".join(words).capitalize() + ".")


@st.composite
def inputs(draw):
    globals_ = draw(st.integers(1, 3))
    consultations = []
    for n in range(globals_ + 1):
        city, country = draw(st.sampled_from(PLACES))
        start = draw(st.sampled_from(DAYS))
        row = {"ID": f"C{n}", "Scope": "Global" if n < globals_ else "Regional",
               "Title": f"Consultation number {n}", "Start date": start, "City": city,
               "Country": country, "Format": draw(st.sampled_from(["Hybrid", "Online"])),
               "Status": "Held"}
        if n >= globals_:
            row["Region"] = "Africa"
        if draw(st.booleans()):
            row["End date"] = draw(st.sampled_from(DAYS + [start]))
            if row["End date"] < start:
                del row["End date"]
        consultations.append(row)
    messages = []
    for group in ("Global", "Africa"):
        texts = draw(st.lists(sentences, min_size=1, max_size=4))
        if draw(st.booleans()):  # one message the beginning of another
            texts.append(f"{texts[0]} {draw(sentences)}")
        messages += [{"Group": group, "No.": i, "Message": t} for i, t in enumerate(texts, 1)]
    findings = [{"No.": i, "Finding": t}
                for i, t in enumerate(draw(st.lists(sentences, min_size=1, max_size=4)), 1)]
    return consultations, messages, findings


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs())
def test_random_inputs_sharing_words_places_and_dates_map_exactly(generated):
    consultations, messages, findings = generated
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_inputs(Path(tmp) / "inputs", Consultations=consultations,
                              Key_messages=messages, Findings=findings)
        docs = build(folder, ["draft"], ROOT / "templates", Path(tmp) / "dist")
        assert check_map(docs[0].path) > len(messages) + len(findings)


def test_the_builders_default_inputs_are_what_the_random_ones_vary():
    assert {c["City"] for c in CONSULTATIONS} <= {p[0] for p in PLACES} | {"Dar es Salaam"}
