"""wsis-report: the CSTD secretariat's WSIS+20 review reports, built from Excel workbooks.

The public API is small; the ``make-report`` command is a thin shell over it::

    from wsis_report import check, load_inputs
    report = check("inputs", stage="ecosoc")
    if report.valid:
        inputs = load_inputs("inputs")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from .inputs.issues import InputError, Issue, ValidationReport
from .inputs.contract.stages import STAGES, Stage, get_stage
from .version import __version__

if TYPE_CHECKING:
    from .inputs.contract.records import Inputs

__all__ = ["Inputs", "InputError", "Issue", "STAGES", "Stage", "ValidationReport",
           "build", "check", "init_workbooks", "load_inputs", "__version__"]


def check(folder: Path | str = "inputs", stage: str | None = None) -> ValidationReport:
    """Validate the workbooks in ``folder`` against the contract and the rules of
    ``stage`` (every stage when ``None``), reporting every problem in one pass."""
    return _read(folder, [get_stage(stage)] if stage else list(STAGES.values()))[1]


def load_inputs(folder: Path | str = "inputs", stage: str | None = None) -> Inputs:
    """The validated facts of ``folder``; raises ``InputError`` if anything is wrong."""
    inputs, report = _read(folder, [get_stage(stage)] if stage else [])
    if inputs is None or not report.valid:
        raise InputError(report)
    return inputs


def build(inputs: Path | str = "inputs", stages: Sequence[str] = ("ecosoc",),
          templates: Path | str = "templates", out: Path | str = "dist", force: bool = False,
          slides: bool = False, charts: str = "picture"):
    """Checks the inputs, renders each stage's document and writes them into ``out``;
    see ``wsis_report.pipeline.build``."""
    from .pipeline import build as _build

    return _build(inputs, stages, templates, out, force=force, slides=slides, charts=charts)


def init_workbooks(folder: Path | str) -> list[Path]:
    """Writes the three workbooks, blank and ready for editors; refuses to overwrite."""
    from .editors.blank import write_blank_workbooks

    return write_blank_workbooks(folder)


def __getattr__(name: str) -> Any:
    # The contract's models are built on first use, not on ``import wsis_report``.
    if name == "Inputs":
        from .inputs.contract.records import Inputs

        return Inputs
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _read(folder: Path | str, stages: list[Stage]) -> tuple[Inputs | None, ValidationReport]:
    from .inputs.validate import read_inputs

    return read_inputs(folder, stages)
