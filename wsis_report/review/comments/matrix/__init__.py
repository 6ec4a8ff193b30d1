"""The comments matrix: its columns, new rows merged into those it holds without losing what
the secretariat typed, the workbook written whole or not at all, and cells that keep a
reviewer's text as text (shared with ``changes --xlsx``)."""
