"""Problems found in the inputs, as data: each one carries its location.

Every check adds ``Issue`` records to one ``ValidationReport`` instead of
stopping at the first problem, so an editor sees everything in one pass.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any, Iterable, Literal

from dataclasses import asdict, dataclass, field

Severity = Literal["error", "warning"]

SEPARATOR = " › "


@dataclass(frozen=True)
class Issue:
    """One problem, located as precisely as the input allows.

    ``message`` says what is wrong in plain words; ``hint`` says what to do.
    """

    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    workbook: str | None = None
    sheet: str | None = None
    cell: str | None = None
    column: str | None = None
    value: str | None = None

    @property
    def location(self) -> str:
        return SEPARATOR.join(p for p in (self.workbook, self.sheet, self.cell) if p)

    def __str__(self) -> str:
        text = _sentence(self.message)
        if self.hint:
            text += " " + _sentence(self.hint)
        return f"{self.location}: {text}" if self.location else text

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "location": self.location, "text": str(self)}


def _sentence(text: str) -> str:
    text = text.strip()
    # "(day/month or month/day)" ends a sentence that still needs its full stop; "(… Text.)"
    # carries its own.
    return text if text.endswith((".", "?", "!", ".)")) else text + "."


@dataclass
class ValidationReport:
    """Every problem found in one pass over the inputs."""

    issues: list[Issue] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def add(self, issue: Issue) -> None:
        self.issues.append(issue)

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def flatten(self, keys: Iterable[str] = ("code", "sheet", "cell")) -> list[tuple]:
        """The issues reduced to tuples of the named fields, for tests and scripts."""
        keys = tuple(keys)
        return [tuple(getattr(i, k) for k in keys) for i in self.issues]

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "stats": self.stats,
            "issues": [i.to_dict() for i in self.sorted()],
        }

    def sorted(self) -> list[Issue]:
        """Issues grouped by workbook and sheet, in reading order within a sheet."""
        return sorted(self.issues, key=_reading_order)

    def format_text(self) -> str:
        lines: list[str] = []
        for (workbook, sheet), group in groupby(self.sorted(), key=lambda i: (i.workbook, i.sheet)):
            heading = SEPARATOR.join(p for p in (workbook, sheet) if p) or "General"
            lines.append(heading)
            for issue in group:
                lines.append(f"  {issue.severity:<7} {issue}")
        lines.append(self.summary())
        return "\n".join(lines)

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        verdict = "No errors" if not e else f"{e} error{'s' * (e != 1)}"
        return f"{verdict}, {w} warning{'s' * (w != 1)}."


def _reading_order(issue: Issue) -> tuple:
    row, col = _split_cell(issue.cell)
    return (issue.workbook or "", issue.sheet or "", row, len(col), col, issue.code)


def _split_cell(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    return (int(digits) if digits else 0, letters)


class InputError(Exception):
    """The inputs have errors; ``report`` lists every one of them."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(report.summary())
        self.report = report
