"""``Inputs``: the public, serialisable model of the facts (pydantic).

What ``load_inputs`` returns to a program: the checked records of ``records.py``,
gathered in one pydantic model so that a caller can ``model_dump()`` them, write them as
JSON (``model_dump_json()``) or read their JSON schema. The toolkit's own steps read the
plain ``Facts`` and never import pydantic, which costs a check or a build a tenth of a
second; the records are passed through as they were read, with their origins.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .plain import fields
from .records import (Consultation, Document, Facts, KeyMessage, Milestone,  # noqa: F401
                      Numbered, Origin, Record, Survey)
from .stages import StageName


class Inputs(BaseModel):
    """Everything the three workbooks say, validated."""

    model_config = ConfigDict(frozen=True)

    consultations: tuple[Consultation, ...]
    key_messages: tuple[KeyMessage, ...]
    survey: Survey
    timetable: tuple[Milestone, ...]
    documents: dict[StageName, Document]
    recommendations: tuple[Numbered, ...]

    @classmethod
    def of(cls, facts: Facts) -> "Inputs":
        return cls(**{f.name: getattr(facts, f.name) for f in fields(facts)})
