"""``make-report --stage S``: the build's command, as thin as cli.py, which parses its
arguments: the documents checked, rendered and written (``build``), then what each came to,
its PDF (``--pdf``) and its redline (``--redline-against``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import STAGES, InputError, ValidationReport, build
from .cli import _fail, _unusable


def run_build(args: argparse.Namespace) -> int:
    from .documents.errors import OutputRefused, TemplateProblem, WordLimitExceeded

    stages = list(STAGES) if args.stage == "all" else [args.stage]
    for option in ("inputs", "templates", "out"):
        problem = _unusable(f"--{option}", getattr(args, option))
        if problem:
            return _fail(problem)
    if args.redline_against is not None:
        from .cli_review import redline_ready

        if not redline_ready(args):
            return 2 if args.stage == "all" else 1
    try:
        built = build(args.inputs, stages, args.templates, args.out, force=args.force,
                      slides=args.slides, charts=args.charts)
    except InputError as exc:
        print(exc.report.format_text())
        print("Nothing was written: correct the workbooks and run again.", file=sys.stderr)
        return 1
    except (TemplateProblem, WordLimitExceeded, OutputRefused) as exc:
        print(f"make-report: {exc}", file=sys.stderr)
        print("Nothing was written.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"make-report: cannot write {exc.filename or args.out}: {exc.strerror}. "
              "If the document is open in Word, close it and run again. Nothing was "
              "written: the previous documents are unchanged.", file=sys.stderr)
        return 1
    for doc in built:
        limit = f" (limit {doc.word_limit:,})" if doc.word_limit else ""
        timing = "up to date" if doc.up_to_date else f"{doc.seconds:.2f} s"
        print(f"{doc.path}  {doc.words:,} words{limit}, {doc.figures} figures, "
              f"{doc.tables} tables, {timing}")
        print(house_style_line(doc))
        _print_deck(doc)
    warnings = built[0].warnings if built else ()
    if warnings:
        print(ValidationReport(list(warnings)).format_text())
    status = write_pdfs(built, tagged=args.pdf == "tagged") if args.pdf else 0
    if args.redline_against is not None:
        target = built[0].path.with_name(built[0].path.stem + ".redline.docx")
        from .cli_review import redline_documents

        status = max(status, redline_documents(args.redline_against, built[0].path, target))
    return status


def house_style_line(doc) -> str:
    from .documents.house_style.check import style_warnings, summary

    stage = doc.stage.name.value
    return summary(len(style_warnings(doc.data, stage)), stage)


def _print_deck(doc) -> None:
    deck = doc.deck
    if deck is None:
        return
    timing = "up to date" if deck.up_to_date else f"{deck.seconds:.2f} s"
    print(f"{deck.path}  {deck.slides} slides, {deck.figures} charts, {deck.tables} tables, "
          f"{timing}")
    for notice in deck.notices:
        print(f"  note  {notice}")


def write_pdfs(built, tagged: bool = True) -> int:
    from .office.convert import OfficeProblem, is_tagged, to_pdf

    made = [m for doc in built for m in (doc, doc.deck) if m is not None]
    stale = {}
    for m in made:
        pdf = pdf_path(m.path)
        if m.up_to_date and pdf.is_file() and pdf.stat().st_mtime >= m.path.stat().st_mtime \
                and is_tagged(pdf) == tagged:
            print(f"{pdf}  up to date")
        else:
            stale[m.path] = pdf
    try:
        written = to_pdf(list(stale), list(stale.values()), tagged=tagged) if stale else []
    except OfficeProblem as exc:
        kinds = " and ".join(dict.fromkeys(m.path.suffix for m in made))
        print(f"make-report: {exc} The {kinds} files were written.", file=sys.stderr)
        return 1
    for pdf in written:
        print(pdf)
    return 0


def pdf_path(path: Path) -> Path:
    """Where the PDF of a built document or deck goes: a deck has its report's name,
    so its PDF is told apart (wsis20-progress.slides.pdf beside wsis20-progress.pdf)."""
    return path.with_suffix(".slides.pdf" if path.suffix == ".pptx" else ".pdf")
