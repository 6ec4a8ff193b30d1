"""The kinds of cell editors fill in, as pydantic types.

Each kind is an ``Annotated`` type: the Python type a record holds (``str``, ``date``,
``int``, an enum) with a ``Cell`` that turns what the spreadsheet stored into it, or refuses
it in the words editors read (``parsers.py``). A refusal is a ``PydanticCustomError`` whose
type is the problem's code and whose context holds the sentence (``message``) and what to do
(``hint``), so pydantic's own wording never reaches an editor. A blank cell (empty, only
spaces, or a placeholder such as ``N/A``) holds no value: the field takes its default, and
a required one is pydantic's ``missing``.

Messages name the column by its header: a sheet's model registers its headers here
(``HEADERS``); a column validated on its own passes ``context={"column": header}``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Callable, Mapping

from annotated_types import MaxLen
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler, ValidationInfo
from pydantic_core import PydanticUseDefault, core_schema

from .workbooks import match_key
from .parsers import (LONGEST_PLACEHOLDER, MAX_CELL_TEXT, is_blank, parse_country,
                      parse_date, parse_list, parse_month, parse_session, parse_symbol,
                      parse_text, parse_url, parse_whole, problem)
from ..reading.workbook import CellError, Unsaved

# A sheet model's name -> field name -> header; records.Record fills it.
HEADERS: dict[str, dict[str, str]] = {}
PLAIN = "plain"  # the tag of a cell's native schema in pydantic's error locations

# Text with nothing to normalise or refuse: printable ASCII without "_" (which begins the
# _x0001_ escapes), no space at either end, longer than any placeholder ("N/A").
_PLAIN_TEXT = core_schema.str_schema(
    strict=True, pattern=r"^[!-^`-~][ -^`-~]{%d,}[!-^`-~]$" % (LONGEST_PLACEHOLDER - 1),
    max_length=MAX_CELL_TEXT)
# A date cell, or a date-time cell's day (datetime.date is C code: no Python frame per cell).
_PLAIN_DATE = core_schema.union_schema([
    core_schema.date_schema(strict=True),
    core_schema.no_info_after_validator_function(datetime.date,
                                                 core_schema.datetime_schema(strict=True))])
_PLAIN_WHOLE = core_schema.int_schema(strict=True, ge=0)  # bool is no int here


class Cell:
    """A kind of cell: ``parse(raw, header)`` gives its value or raises a ``problem``;
    ``what`` is what editors type in it, ``number_format`` the format ``init`` gives it.

    ``plain``, when given, is a pydantic-core schema of the raw values that need no closer
    look (plain text, a date cell, a whole number stored as one), validated natively, without
    calling Python: it decides most of a large export's cells at a fraction of ``parse``'s
    cost, and decides them as ``parse`` would (tests/inputs/contract/test_cells.py). Anything
    else goes to ``parse``. Its refusals are tagged ``PLAIN`` in pydantic's errors and are not
    problems of their own: the loader reads the careful one beside it."""

    def __init__(self, kind: str, parse: Callable[[Any, str], Any], what: str,
                 number_format: str = "@", plain: core_schema.CoreSchema | None = None) -> None:
        self.kind, self.parse, self.what, self.number_format = kind, parse, what, number_format
        self.plain = plain

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        careful = core_schema.with_info_before_validator_function(self.validate, handler(source))
        if self.plain is None:
            return careful
        return core_schema.union_schema([(self.plain, PLAIN), (careful, "cell")],
                                        mode="left_to_right")

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        if schema["type"] == "union":  # described as what editors may type: the careful way
            schema = schema["choices"][1][0]
        found = handler(schema)
        found["x-kind"] = self.kind
        return found

    def validate(self, raw: Any, info: ValidationInfo) -> Any:
        if is_blank(raw):
            raise PydanticUseDefault()
        column = header(info)
        if type(raw) is CellError:
            raise problem("error-cell", f"{column} holds the spreadsheet error {raw.code}",
                          "Correct the formula, or type the value itself.")
        if type(raw) is Unsaved:
            raise problem(
                "formula-without-value",
                f"{column} holds a formula (={raw.formula}) whose result was not saved in the "
                "file", "Open the workbook in Excel or LibreOffice so that it calculates, save "
                "it, and run again; or type the value itself.")
        return self.parse(raw, column)

    def __repr__(self) -> str:
        return f"Cell({self.kind!r})"


def header(info: ValidationInfo) -> str:
    """The header of the column being validated, as editors see it."""
    context = info.context
    if context and "column" in context:
        return context["column"]
    headers = HEADERS.get((info.config or {}).get("title") or "", {})  # the model's name
    return headers.get(info.field_name or "", info.field_name or "The cell")


class Choice(Cell):
    """A choice column: its values (an enum) and the variants editors type for them."""

    def __init__(self, values: type[StrEnum], variants: Mapping[str, str] | None = None) -> None:
        super().__init__("choice", self._parse, "one of the values in the drop-down list")
        self.values, self.variants = values, dict(variants or {})

    @property
    def allowed(self) -> list[str]:
        return [v.value for v in self.values]

    @cached_property  # a choice is looked up for every distinct value typed
    def spellings(self) -> dict[str, StrEnum]:
        """Every spelling (as ``match_key`` gives it) -> its value."""
        table = {match_key(v.value): v for v in self.values}
        table.update({match_key(k): self.values(v) for k, v in self.variants.items()})
        return table

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> dict[str, Any]:
        found = super().__get_pydantic_json_schema__(schema, handler)
        if self.variants:
            found["x-variants"] = self.variants
        return found

    def _parse(self, raw: Any, column: str) -> StrEnum:
        text = parse_text(raw, column)
        found = self.spellings.get(match_key(text))
        if found is None:
            raise problem("unknown-choice", f"{text!r} is not a known {column.lower()}",
                          "Use one of: " + ", ".join(self.allowed) + ".")
        return found


TEXT = Cell("text", parse_text, "free text", plain=_PLAIN_TEXT)
Text = Annotated[str, MaxLen(MAX_CELL_TEXT), TEXT]
TextList = Annotated[tuple[str, ...], Cell("list", parse_list, "several values separated by ;")]
Whole = Annotated[int, Cell("whole", parse_whole, "a whole number", "0", plain=_PLAIN_WHOLE)]
UNDate = Annotated[date, Cell("date", parse_date, "a date, e.g. 21 October 2024 or 2024-10-21",
                              "d mmmm yyyy", plain=_PLAIN_DATE)]
Month = Annotated[date, Cell("month", parse_month, 'a month, e.g. "April 2024"', "mmmm yyyy")]
Country = Annotated[str, Cell("country", parse_country,
                              "the United Nations short name of the country")]
Symbol = Annotated[str, Cell("symbol", parse_symbol,
                             "a United Nations document symbol such as E/CN.16/2025/3")]
Session = Annotated[str, Cell("session", parse_session, "the session")]
Url = Annotated[str, Cell("url", parse_url, "a web address, e.g. https://unctad.org/…")]


def choice(values: type[StrEnum], variants: Mapping[str, str] | None = None) -> Any:
    """The type of a choice column: one of ``values``, or a variant of one."""
    return Annotated[values, Choice(values, variants)]
