"""The contract's workbooks: which file holds which sheets, and each sheet's model.

The columns of a sheet are declared once, as the fields of its pydantic model in
``records.py``. Here each workbook names its file, its help and its sheets, each sheet by
its name and its model; ``SheetSpec`` and ``Column`` are views of a model and of its fields
(header, key, kind of cell, whether required, the choices, the help and width) for the
reader, ``init``, the annotated copies and the JSON Schema. They declare nothing of their own.

This module imports no pydantic: a model is looked up (and pydantic imported) when a view
first needs it, so that a check starts reading the workbooks (``reading.prefetch``) while
the models are built, and an up-to-date build never builds them.
"""

from __future__ import annotations

import importlib
import re
import types
import typing
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic.fields import FieldInfo

    from .cells import Cell, Choice
    from .records import Record

__all__ = ["CONSULTATIONS", "CONTRACT", "Column", "REPORT", "SURVEY", "SheetSpec",
           "WorkbookSpec", "json_schema", "match_key"]


def match_key(text: str) -> str:
    """What two spellings of a choice or header must share to be the same."""
    return re.sub(r"[^0-9a-z]+", "", text.casefold().replace("&", "and"))


@dataclass(frozen=True)
class Column:
    """A field of a sheet's model, as a column: its header, key and kind of cell."""

    name: str
    key: str
    cell: Cell
    required: bool
    help: str
    width: int
    example: str | None
    # The field's type without None: what a filled cell is validated as.
    type: Any = field(repr=False, compare=False)

    @property
    def kind(self) -> str:
        return self.cell.kind

    @property
    def choice(self) -> Choice | None:
        from .cells import Choice

        return self.cell if isinstance(self.cell, Choice) else None

    @classmethod
    def of(cls, key: str, info: FieldInfo) -> Column:
        from .cells import Cell

        annotation, metadata = info.annotation, list(info.metadata)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        if typing.get_origin(annotation) is typing.Annotated:
            metadata = [*annotation.__metadata__, *metadata]
            annotation = typing.get_args(annotation)[0]
        cell = next(m for m in metadata if isinstance(m, Cell))
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        return cls(info.alias or key, key, cell, info.is_required(), info.description or "",
                   int(extra.get("x-width", 18)), info.examples[0] if info.examples else None,
                   typing.Annotated[(annotation, *metadata)])


@dataclass(frozen=True)
class SheetSpec:
    """A sheet of the contract: records one per row under a header row (row 1), or
    (``layout == "fields"``) two columns, a field's name and its value; the rest is read
    from its model."""

    name: str
    model_name: str  # in records.py

    @cached_property
    def model(self) -> type[Record]:
        return getattr(importlib.import_module(".records", __package__), self.model_name)

    @property
    def help(self) -> str:
        return " ".join((self.model.__doc__ or "").split())

    @property
    def _extra(self) -> dict[str, Any]:
        extra = self.model.model_config.get("json_schema_extra")
        return extra if isinstance(extra, dict) else {}

    @property
    def optional(self) -> bool:
        return bool(self._extra.get("x-optional"))

    @property
    def layout(self) -> str:
        return self._extra.get("x-layout", "table")

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """The columns of the sheet: the model's fields, or Field and Value."""
        if self.layout == "fields":
            return SheetSpec("Field | Value", "FieldRow").columns
        return tuple(Column.of(k, i) for k, i in self.model.model_fields.items())

    @cached_property
    def fields(self) -> tuple[Column, ...]:
        """A sheet of fields: one per row, each a field of the model."""
        if self.layout != "fields":
            return ()
        return tuple(Column.of(k, i) for k, i in self.model.model_fields.items())

    def column(self, key: str) -> Column:
        return next(c for c in self.columns + self.fields if c.key == key)

    def json_schema(self) -> dict[str, Any]:
        """The model's JSON Schema by headers, titled with the sheet's name."""
        schema = self.model.model_json_schema(by_alias=True)
        for header, found in schema["properties"].items():
            found.setdefault("title", header)  # pydantic leaves it out beside a $ref
        return {"title": self.name, **{k: v for k, v in schema.items() if k != "title"}}


@dataclass(frozen=True)
class WorkbookSpec:
    """A workbook of the contract: its file name, what it holds, and its sheets."""

    filename: str
    help: str
    sheets: tuple[SheetSpec, ...]

    def sheet(self, name: str) -> SheetSpec:
        return next(s for s in self.sheets if s.name == name)


CONSULTATIONS = WorkbookSpec(
    "consultations.xlsx", "The multistakeholder consultations and their key messages.",
    (SheetSpec("Consultations", "Consultation"), SheetSpec("Key messages", "KeyMessage")))
SURVEY = WorkbookSpec(
    "survey.xlsx", "The online survey: its dates, tallies and findings.",
    (SheetSpec("Survey", "SurveyFields"), SheetSpec("By stakeholder group", "GroupTally"),
     SheetSpec("By region", "RegionTally"), SheetSpec("Findings", "Finding"),
     SheetSpec("Responses", "Response")))
REPORT = WorkbookSpec(
    "report.xlsx", "The timetable, the documents of each stage, the recommendations and "
    "the outcome of the session that discussed the draft.",
    (SheetSpec("Timetable", "Milestone"), SheetSpec("Documents", "Document"),
     SheetSpec("Recommendations", "Recommendation"),
     SheetSpec("Session outcome", "SessionOutcome"), SheetSpec("Deliberations", "Deliberation")))

CONTRACT: tuple[WorkbookSpec, ...] = (CONSULTATIONS, SURVEY, REPORT)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the three workbooks: each sheet's model by its headers (aliases),
    with its columns' descriptions, choices, kinds, widths and examples."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "The wsis-report workbooks",
        "description": "Each workbook's sheets; a sheet's rows are objects keyed by the "
                       "headers in row 1 (matched ignoring case, spaces and punctuation). A "
                       "sheet with x-layout 'fields' has two columns, Field and Value, one "
                       "row per property. x-kind names the kind of cell; x-variants lists "
                       "other spellings accepted for a choice; x-width is the column's width "
                       "in a blank workbook.",
        "workbooks": {
            book.filename: {"description": book.help,
                            "sheets": {s.name: s.json_schema() for s in book.sheets}}
            for book in CONTRACT
        },
    }
