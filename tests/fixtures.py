"""Where the fixtures copied from outside the project are (tests/fixtures/README.md)."""

import csv
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
REALDOCS = FIXTURES / "realdocs"
OOXML_SCHEMAS = FIXTURES / "ooxml-schemas"


def realdocs(kind: str | None = None) -> list[Path]:
    """The real documents, optionally of one kind (C, P, D or R; see their README)."""
    with open(REALDOCS / "PROVENANCE.tsv", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [REALDOCS / "docs" / row["file"] for row in rows if kind in (None, row["kind"])]
