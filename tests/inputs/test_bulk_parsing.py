"""The bulk path a large export takes decides each value as the cell-by-cell path would."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import example, given, settings, strategies as st

from wsis_report.inputs.schema import Column
from wsis_report.inputs.values import PLACEHOLDERS, ValueProblem, is_blank, parse, parse_many

TEXT = Column("Response ID", "id", "text", required=True)
DATE = Column("Submitted", "submitted", "date")

raw_values = st.one_of(
    st.text(max_size=12),
    st.sampled_from(sorted(PLACEHOLDERS) + [" N/A ", "NA", "\t", "", " R1", "R1 ", "a\rb",
                                              "_x0001_", "\x00", "\ufffe", "x" * 40_000]),
    st.dates(min_value=date(1800, 1, 1)),
    st.datetimes(min_value=datetime(1800, 1, 1)),
    st.integers(),
    st.floats(allow_nan=False),
)


def one_by_one(raw, column):
    if is_blank(raw):
        return "blank"
    try:
        return parse(raw, column)
    except ValueProblem as problem:
        return problem.code


@settings(max_examples=300, deadline=None)
@given(raws=st.sets(raw_values, max_size=30))
@example(raws={"R1", "R2", "n/a"})
@example(raws={"R1", " "})
@example(raws={"R1", "R2\x01"})
@example(raws={"R1", "\uf900"})  # NFC makes it U+8C48, as the cell reader keeps it
def test_every_value_decided_in_bulk_is_what_the_cell_reader_gives(raws):
    for column in (TEXT, DATE):
        for raw, value in parse_many(raws, column).items():
            assert one_by_one(raw, column) == value, (column.kind, raw)
