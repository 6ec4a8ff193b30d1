"""The main job: validated inputs -> rendered documents in dist/.

Everything is gathered, checked and rendered in memory first; files are
written only once every requested document is known to be good.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from . import InputError, __version__, _read
from .context import build_context
from .output import Properties, reproducible, sha256, write_atomic
from .render import TemplateProblem, render
from .schema import CONTRACT
from .stages import Stage, get_stage
from .words import count_words

AUTHOR = "CSTD secretariat"


class OutputRefused(Exception):
    """The output would overwrite a source file."""


class WordLimitExceeded(Exception):
    def __init__(self, stage: str, words: int, limit: int) -> None:
        super().__init__(
            f"the {stage} report has {words:,} words, over its limit of {limit:,} "
            "(report.xlsx › Documents › Word limit). Shorten the text or the inputs; "
            "nothing was written.")
        self.stage, self.words, self.limit = stage, words, limit


@dataclass(frozen=True)
class Built:
    """One rendered document, before or after it is written."""

    stage: Stage
    path: Path
    data: bytes
    words: int
    word_limit: int | None
    figures: int
    tables: int
    seconds: float


def build(inputs: Path | str = "inputs", stages: Sequence[str] = ("ecosoc",),
          templates: Path | str = "templates", out: Path | str = "dist") -> list[Built]:
    """Checks the inputs for every stage asked for, renders each document, and only
    then writes them all into ``out``. Raises ``InputError``, ``TemplateProblem``
    or ``WordLimitExceeded`` before anything is written."""
    inputs, templates, out = Path(inputs), Path(templates), Path(out)
    chosen = [get_stage(s) for s in stages]
    _refuse_overwriting_sources(inputs, templates, out, chosen)
    facts, report = _read(inputs, chosen)
    if facts is None or not report.valid:
        raise InputError(report)
    hashes = {f"sha256:{spec.filename}": sha256(inputs / spec.filename) for spec in CONTRACT}
    hashes.update({f"sha256:templates/{p.name}": sha256(p) for p in sorted(templates.glob("*.docx"))
                   if not p.name.startswith("~$")})
    built = []
    for stage in chosen:
        started = time.perf_counter()
        template = templates / stage.template
        if not template.is_file():
            raise TemplateProblem(stage.template, f"there is no template {template}")
        context = build_context(facts, stage)
        data, counts = render(template, context)
        document = facts.documents[stage.name]
        props = Properties(
            title=document.title, subject=stage.label.capitalize(), author=AUTHOR,
            day=document.date or facts.survey.circulated,
            custom={"stage": stage.name.value, "toolkit": f"wsis-report {__version__}",
                    **hashes})
        data = reproducible(data, props)
        words = count_words(data)
        limit = document.word_limit or stage.default_word_limit
        if stage.final and limit is not None and words > limit:
            raise WordLimitExceeded(stage.name.value, words, limit)
        built.append(Built(stage, out / stage.output, data, words, limit, counts["figures"],
                           counts["tables"], time.perf_counter() - started))
    for doc in built:
        write_atomic(doc.path, doc.data)
    return built


def _refuse_overwriting_sources(inputs: Path, templates: Path, out: Path,
                                stages: list[Stage]) -> None:
    sources = {p.resolve() for p in inputs.glob("*")} | {p.resolve() for p in templates.glob("*")}
    for stage in stages:
        target = (out / stage.output).resolve()
        if target in sources:
            raise OutputRefused(f"{target} is an input or a template and would be overwritten; "
                                "choose another --out folder")
