"""The main job: validated inputs -> rendered documents in dist/.

Everything is gathered, checked and rendered in memory first; files are
written only once every requested document is known to be good.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .documents.errors import OutputRefused, TemplateProblem, WordLimitExceeded
from .documents.output import sha256, write_all_atomic
from .inputs.container import DocumentProblem, WorkbookProblem, inspect, inspect_docx
from .inputs.issues import InputError, Issue
from .inputs.schema import CONTRACT
from .inputs.stages import Stage, get_stage
from .version import __version__

AUTHOR = "CSTD secretariat"


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
    up_to_date: bool = False
    warnings: tuple[Issue, ...] = ()  # what the check of the inputs warned of


def build(inputs: Path | str = "inputs", stages: Sequence[str] = ("ecosoc",),
          templates: Path | str = "templates", out: Path | str = "dist",
          force: bool = False) -> list[Built]:
    """Checks the inputs for every stage asked for, renders each document, and only
    then writes them all into ``out``. Raises ``InputError``, ``TemplateProblem``
    or ``WordLimitExceeded`` before anything is written.

    A document already in ``out`` that was built from the same inputs, templates
    and toolkit is left as it is (``force`` rebuilds it all the same)."""
    inputs, templates, out = Path(inputs), Path(templates), Path(out)
    chosen = [get_stage(s) for s in stages]
    _refuse_overwriting_sources(inputs, templates, out, chosen)
    sources = _fingerprints(inputs, templates)
    if not force:
        current = [_up_to_date(out / stage.output, stage, sources) for stage in chosen]
        if all(current):
            return current  # type: ignore[return-value]
    from .documents.context import build_context
    from .documents.output import Properties, reproducible
    from .documents.render import render
    from .documents.words import count_words
    from .inputs.validate import read_inputs

    facts, report = read_inputs(inputs, chosen)
    if facts is None or not report.valid:
        raise InputError(report)
    built = []
    for stage in chosen:
        started = time.perf_counter()
        template = templates / stage.template
        if not template.is_file():
            raise TemplateProblem(stage.template, f"there is no template {template}")
        data, counts = render(template, build_context(facts, stage))
        document = facts.documents[stage.name]
        words = count_words(data)
        limit = document.word_limit or stage.default_word_limit
        if stage.final and limit is not None and words > limit:
            raise WordLimitExceeded(stage.name.value, words, limit)
        measures = {"words": str(words), "figures": str(counts["figures"]),
                    "tables": str(counts["tables"]), "word limit": str(limit or "")}
        props = Properties(
            title=document.title, subject=stage.label.capitalize(), author=AUTHOR,
            day=document.date or facts.survey.circulated,
            custom={**_custom(stage, sources), **measures})
        built.append(Built(stage, out / stage.output, reproducible(data, props), words, limit,
                           counts["figures"], counts["tables"], time.perf_counter() - started,
                           warnings=tuple(report.warnings)))
    write_all_atomic([(doc.path, doc.data) for doc in built])  # all of them, or none
    return built


def _fingerprints(inputs: Path, templates: Path) -> dict[str, str]:
    """SHA-256 of every input workbook and template, and of the toolkit's own code."""
    prints = {f"sha256:{spec.filename}": _checked_sha256(inputs / spec.filename, inspect)
              for spec in CONTRACT if (inputs / spec.filename).is_file()}
    prints.update({f"sha256:templates/{p.name}": _checked_sha256(p, inspect_docx)
                   for p in sorted(templates.glob("*.docx")) if not p.name.startswith("~$")})
    code = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json"):
            code.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    prints["sha256:toolkit"] = code.hexdigest()
    return prints


def _checked_sha256(path: Path, inspect) -> str:
    """The file's hash, once the container check has passed: a 3 GB file named like
    a workbook is refused from its first bytes, not after reading it all. A refused
    file gets no hash, so no document is up to date with it and the build reports it."""
    try:
        inspect(path)
    except (WorkbookProblem, DocumentProblem):
        return "refused"
    return sha256(path)


def _custom(stage: Stage, sources: dict[str, str]) -> dict[str, str]:
    return {"stage": stage.name.value, "toolkit": f"wsis-report {__version__}", **sources}


def _up_to_date(path: Path, stage: Stage, sources: dict[str, str]) -> Built | None:
    """The document at ``path`` if it was built from exactly these sources."""
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("docProps/custom.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    found = dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)</vt:lpwstr>', xml))
    if any(found.get(k) != v for k, v in _custom(stage, sources).items()):
        return None
    try:
        numbers = [int(found.get(k) or 0) for k in ("words", "figures", "tables")]
        limit = int(found["word limit"]) if found.get("word limit") else None
    except ValueError:
        return None
    return Built(stage, path, data, *numbers[:1], limit, *numbers[1:], 0.0, up_to_date=True)


def _refuse_overwriting_sources(inputs: Path, templates: Path, out: Path,
                                stages: list[Stage]) -> None:
    sources = {p.resolve() for p in inputs.glob("*")} | {p.resolve() for p in templates.glob("*")}
    for stage in stages:
        target = (out / stage.output).resolve()
        if target in sources:
            raise OutputRefused(f"{target} is an input or a template and would be overwritten; "
                                "choose another --out folder")
    if out.resolve() in (inputs.resolve(), templates.resolve()):
        raise OutputRefused(f"--out {out} is the folder of the "
                            f"{'inputs' if out.resolve() == inputs.resolve() else 'templates'}; "
                            "choose another --out folder")
