"""The real documents are kept exactly as their projects published them."""

import csv
import hashlib

from fixtures import REALDOCS, realdocs


def test_every_real_document_is_as_published():
    with open(REALDOCS / "PROVENANCE.tsv", newline="") as f:
        expected = {row["file"]: row["sha256"] for row in csv.DictReader(f, delimiter="\t")}
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in realdocs()}
    assert found == expected
    assert sorted(p.name for p in (REALDOCS / "docs").iterdir()) == sorted(expected)
