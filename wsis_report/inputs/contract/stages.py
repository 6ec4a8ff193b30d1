"""The three stages of the review as data: what each needs and what it produces."""

from __future__ import annotations

from enum import StrEnum

from dataclasses import dataclass


class StageName(StrEnum):
    PROGRESS = "progress"
    DRAFT = "draft"
    ECOSOC = "ecosoc"


@dataclass(frozen=True)
class Stage:
    name: StageName
    label: str
    template: str
    output: str
    needs_recommendations: bool = False
    needs_symbol: bool = False
    needs_date: bool = False
    # The final report states facts, not plans: every consultation held by
    # its date, and key messages from every group that held one.
    final: bool = False
    default_word_limit: int | None = None
    draft: bool = False

    @property
    def heading(self) -> str:
        """The label as it opens a line or a property: its acronyms as written."""
        return self.label[:1].upper() + self.label[1:]


STAGES: dict[str, Stage] = {
    s.name.value: s
    for s in (
        Stage(StageName.PROGRESS, "progress report to the CSTD inter-sessional panel",
              "progress.docx", "wsis20-progress.docx"),
        Stage(StageName.DRAFT, "draft report for the twenty-eighth session of the Commission",
              "draft.docx", "wsis20-draft.docx", needs_recommendations=True, draft=True),
        Stage(StageName.ECOSOC, "final report to the Economic and Social Council",
              "ecosoc.docx", "wsis20-ecosoc.docx", needs_recommendations=True,
              needs_symbol=True, needs_date=True, final=True, default_word_limit=8500),
    )
}


def get_stage(name: str) -> Stage:
    try:
        return STAGES[name]
    except KeyError:
        raise ValueError(f"unknown stage {name!r}; use one of: {', '.join(STAGES)}") from None
