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
from .inputs.reading.container import (DocumentProblem, WorkbookProblem, inspect, inspect_docx,
                               inspect_presentation)
from .inputs.issues import InputError, Issue
from .inputs.contract.workbooks import CONTRACT
from .inputs.contract.stages import Stage, get_stage
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
    deck: Built | None = None  # the stage's slides, with --slides
    slides: int = 0
    notices: tuple[str, ...] = ()  # what the console should say about how it was made


def build(inputs: Path | str = "inputs", stages: Sequence[str] = ("ecosoc",),
          templates: Path | str = "templates", out: Path | str = "dist",
          force: bool = False, slides: bool = False, charts: str = "picture") -> list[Built]:
    """Checks the inputs for every stage asked for, renders each document, and only
    then writes them all into ``out``. Raises ``InputError``, ``TemplateProblem``
    or ``WordLimitExceeded`` before anything is written.

    A document already in ``out`` that was built from the same inputs, templates
    and toolkit is left as it is (``force`` rebuilds it all the same).

    ``slides`` also renders each stage's deck from its PowerPoint template (progress
    must have one); ``charts="native"`` draws the figures as editable Word charts."""
    inputs, templates, out = Path(inputs), Path(templates), Path(out)
    chosen = [get_stage(s) for s in stages]
    _refuse_overwriting_sources(inputs, templates, out, chosen, slides)
    # How the figures are drawn is recorded beside the hashes: a document built with
    # pictures is not up to date for a build that asks for native charts.
    sources = {**_fingerprints(inputs, templates), "charts": charts}
    if not force:
        current = [_up_to_date(out / stage.output, stage, sources) for stage in chosen]
        if slides:
            current = [_with_current_deck(doc, templates, out, sources) if doc else None
                       for doc in current]
        if all(current):
            return current  # type: ignore[return-value]
    from .documents.context import build_context
    from .documents.output import Properties, reproducible
    from .documents.rendering.render import render_mapped
    from .documents.house_style.words import count_words
    from .inputs.validate import read_inputs
    from .review.snapshot.facts import fact_records
    from .review.snapshot.paragraph_map import map_paragraphs
    from .review.snapshot.part import embed, new_snapshot

    facts, report = read_inputs(inputs, chosen)
    if facts is None or not report.valid:
        raise InputError(report)
    built = []
    for stage in chosen:
        started = time.perf_counter()
        template = templates / stage.template
        if not template.is_file():
            raise TemplateProblem(stage.template, f"there is no template {template}")
        context = build_context(facts, stage)
        # The deck renders in another process meanwhile; if this stage fails, it is
        # stopped when `deck` is let go (Beside.__del__).
        deck = _start_deck(stage, templates, out, context, facts, sources) if slides else None
        data, counts, ranges = render_mapped(template, context, charts=charts)
        document = facts.documents[stage.name]
        records = fact_records(facts, document.date)
        body, paragraphs = map_paragraphs(data, records, ranges, stage.template)
        data = embed(data, new_snapshot(
            stage=stage.name.value, as_of=document.date and document.date.isoformat(),
            title=document.title, toolkit=f"wsis-report {__version__}", sources=sources,
            records=records, paragraphs=paragraphs, ranges=ranges), body)
        words = count_words(data)
        limit = document.word_limit or stage.default_word_limit
        if stage.final and limit is not None and words > limit:
            raise WordLimitExceeded(stage.name.value, words, limit)
        measures = {"words": str(words), "figures": str(counts["figures"]),
                    "tables": str(counts["tables"]), "word limit": str(limit or "")}
        props = Properties(
            title=document.title, subject=stage.heading, author=AUTHOR,
            day=document.date or facts.survey.circulated,
            custom={**_custom(stage, sources), **measures})
        built.append(Built(stage, out / stage.output, reproducible(data, props), words, limit,
                           counts["figures"], counts["tables"], time.perf_counter() - started,
                           warnings=tuple(report.warnings),
                           deck=deck.result() if deck else None))
    # every document and deck of the run, or none of them
    write_all_atomic([(doc.path, doc.data) for doc in built]
                     + [(doc.deck.path, doc.deck.data) for doc in built if doc.deck])
    return built


def _deck_paths(stage: Stage, templates: Path, out: Path) -> tuple[Path, Path]:
    """The stage's PowerPoint template and deck: its Word names, ending in .pptx."""
    return (templates / Path(stage.template).with_suffix(".pptx"),
            out / Path(stage.output).with_suffix(".pptx"))


def _start_deck(stage: Stage, templates: Path, out: Path, context: dict, facts,
                sources: dict[str, str]):
    """The stage's deck, started rendering beside its document (``documents/beside.py``),
    or None for a stage without a deck template (progress must have one)."""
    from .documents.beside import Beside

    template, path = _deck_paths(stage, templates, out)
    if not template.is_file():
        if stage.name.value == "progress":
            raise TemplateProblem(template.name, f"there is no template {template}; "
                                  "python tools/make_slides_template.py writes one")
        return None
    document = facts.documents[stage.name]
    day = document.date or facts.survey.circulated
    return Beside(lambda: _deck(stage, template, path, context, document.title, day, sources))


def _deck(stage: Stage, template: Path, path: Path, context: dict, title: str, day,
          sources: dict[str, str]) -> Built:
    """The deck rendered in memory, with the document's properties and its own counts."""
    from .documents.output import Properties, reproducible
    from .documents.slides.deck import render_deck

    started = time.perf_counter()
    deck = render_deck(template, context)
    counts = {"slides": str(deck.slides), "figures": str(deck.charts),
              "tables": str(deck.tables)}
    props = Properties(title=title, subject=stage.heading, author=AUTHOR, day=day,
                       custom={**_custom(stage, sources), **counts})
    return Built(stage, path, reproducible(deck.data, props), 0, None, deck.charts,
                 deck.tables, time.perf_counter() - started, slides=deck.slides,
                 notices=tuple(deck.notices))


def _with_current_deck(doc: Built, templates: Path, out: Path,
                       sources: dict[str, str]) -> Built | None:
    """``doc`` with its deck if that is up to date too; a stage without a deck
    template has none (but progress must)."""
    from dataclasses import replace

    template, path = _deck_paths(doc.stage, templates, out)
    if not template.is_file():
        return None if doc.stage.name.value == "progress" else doc
    deck = _up_to_date(path, doc.stage, sources)
    return replace(doc, deck=deck) if deck else None


def _fingerprints(inputs: Path, templates: Path) -> dict[str, str]:
    """SHA-256 of every input workbook and template, and of the toolkit's own code."""
    from .inputs.reading.files import workbook_path  # the .xlsx, or the .ods an editor keeps

    found = [workbook_path(inputs, spec) for spec in CONTRACT]
    prints = {f"sha256:{path.name}": _checked_sha256(path, inspect)
              for path in found if path is not None}
    prints.update({f"sha256:templates/{p.name}": _checked_sha256(
        p, inspect_docx if p.suffix == ".docx" else inspect_presentation)
        for p in sorted([*templates.glob("*.docx"), *templates.glob("*.pptx")])
        if not p.name.startswith("~$")})
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
    from .review.snapshot.part import NAMESPACE

    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("docProps/custom.xml").decode("utf-8")
            # a document whose snapshot was lost or damaged is built again (decks carry none)
            if path.suffix == ".docx" and not any(NAMESPACE.encode() in z.read(n)[:300] for n in z.namelist()
                       if n.startswith("customXml/item") and "Props" not in n):
                return None
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
    return Built(stage, path, data, *numbers[:1], limit, *numbers[1:], 0.0, up_to_date=True,
                 slides=int(found["slides"]) if found.get("slides", "").isdigit() else 0)


def _refuse_overwriting_sources(inputs: Path, templates: Path, out: Path,
                                stages: list[Stage], slides: bool = False) -> None:
    sources = {p.resolve() for p in inputs.glob("*")} | {p.resolve() for p in templates.glob("*")}
    targets = [out / stage.output for stage in stages]
    targets += [_deck_paths(stage, templates, out)[1] for stage in stages] if slides else []
    for target in (t.resolve() for t in targets):
        if target in sources:
            raise OutputRefused(f"{target} is an input or a template and would be overwritten; "
                                "choose another --out folder")
    if out.resolve() in (inputs.resolve(), templates.resolve()):
        raise OutputRefused(f"--out {out} is the folder of the "
                            f"{'inputs' if out.resolve() == inputs.resolve() else 'templates'}; "
                            "choose another --out folder")
