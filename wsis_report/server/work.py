"""What the page asks of the toolkit, as jobs (``jobs.py`` runs each in a process of its own).

Each calls the functions the command line calls: ``check`` and the house-style check of
``check --style``, the annotated copies of ``check --annotate``, ``init``'s blank workbooks,
``changes`` against the last build of each stage, and ``build`` (with the PDF of ``--pdf``)
for the preview. Answers are plain data for the page: the messages as ``check`` words them.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Any

from .. import STAGES, InputError, ValidationReport, build, check, init_workbooks
from ..documents.errors import OutputRefused, TemplateProblem, WordLimitExceeded
from ..documents.house_style.check import check_stages, paragraphs
from ..inputs.contract.stages import get_stage


def check_upload(inputs: str, templates: str, out: str) -> dict[str, Any]:
    """``make-report check --style`` of ``inputs``, as data, and what the workbooks would
    change in each stage's document last built into ``out``."""
    report = check(inputs)  # every stage's rules, as `check` without --stage
    style, style_note = [], ""
    if report.valid:
        try:  # check() applied every stage's rules, so each stage renders
            style = [w.to_dict() for w in check_stages(
                Path(inputs), Path(templates), list(STAGES.values()))[1]]
        except TemplateProblem as exc:
            style_note = f"House style not read: {exc}"
    return {"report": report.to_dict(), "text": report.format_text(), "style": style,
            "style_note": style_note,
            "changes": {stage: changes_since(Path(out) / STAGES[stage].output, Path(inputs),
                                             stage)
                        for stage in STAGES if (Path(out) / STAGES[stage].output).is_file()}}


def changes_since(document: Path, inputs: Path, stage: str) -> dict[str, Any]:
    """``make-report changes DOCUMENT --inputs INPUTS --stage STAGE``, as data for the page."""
    from ..review.changes import report
    from ..review.changes.compare import compare, word_diff
    from ..review.snapshot.part import SnapshotProblem, read_snapshot, snapshot_of_inputs

    try:
        old = read_snapshot(document)
    except SnapshotProblem as exc:
        return {"problem": str(exc).replace(str(document), document.name)}
    built = {"document": document.name, "built": report.describe(old)}
    try:
        new = snapshot_of_inputs(inputs, stage)
    except InputError as exc:
        return {**built, "problem": "Not compared: the workbooks do not yet pass the checks "
                f"of this stage ({exc.report.summary()[:-1].lower()})."}
    changes = compare(old, new)
    before, after = report.totals(old), report.totals(new)
    groups = []
    for (book, sheet), group in groupby(changes, key=lambda c: (c.workbook, c.sheet)):
        lines = []
        for c in group:
            line = {"cell": c.cell or "", "text": report.change_line(c, before, after)}
            if c.kind == "edited":  # word by word, shown as <del> and <ins> on the page
                line["text"] = f"edited: {c.record}:"
                line["runs"] = word_diff(c.before or "", c.after or "")
            lines.append(line)
        groups.append({"heading": f"{book} › {sheet}", "lines": lines})
    return {**built, "summary": report.summary(changes, old, new), "groups": groups}


def annotate(inputs: str, out: str, workbooks: list[str]) -> dict[str, Any]:
    """``check --annotate`` for the uploaded ``workbooks`` only: their copies in ``out``, and
    why each other one with problems got none."""
    from ..editors.annotate import annotate_workbooks

    report = check(inputs)
    theirs = ValidationReport([i for i in report.issues if i.workbook in workbooks])
    written, reasons = annotate_workbooks(inputs, theirs, out)
    return {"written": [p.name for p in written], "reasons": reasons}


def blank_workbooks(folder: str) -> list[str]:
    """``make-report init FOLDER``: the names of the blank workbooks written."""
    return [p.name for p in init_workbooks(folder)]


def preview(inputs: str, templates: str, out: str, stage: str, pdf: bool) -> dict[str, Any]:
    """The stage's document built from ``inputs`` into ``out`` (``make-report --stage S
    --force``, and ``--pdf`` when LibreOffice is there), with its text for the page."""
    try:
        doc = build(inputs, [stage], templates, out, force=True)[0]
    except InputError as exc:
        return {"report": exc.report.to_dict()}
    except (TemplateProblem, WordLimitExceeded, OutputRefused) as exc:
        return {"problem": str(exc)}
    answer: dict[str, Any] = {
        "document": doc.path.name, "words": doc.words, "word_limit": doc.word_limit,
        "figures": doc.figures, "tables": doc.tables, "label": get_stage(stage).label,
        "paragraphs": [{"style": name, "text": text} for name, text in paragraphs(doc.data)
                       if text.strip()]}
    if pdf:
        from ..office.convert import OfficeProblem, to_pdf

        try:
            answer["pdf"] = to_pdf([doc.path])[0].name
        except OfficeProblem as exc:
            answer["pdf_problem"] = str(exc)
    return answer
