"""The ``make-report`` command: argument parsing, printing and exit codes; nothing else.

Exit codes: 0 done, 1 problems in the inputs (or templates), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from . import STAGES, InputError, ValidationReport, __version__, build, check, init_workbooks

STAGE_CHOICES = [*STAGES, "all"]
EPILOG = """\
commands:
  make-report --stage ecosoc        build a document (progress, draft, ecosoc or all)
  make-report check [--stage S]     check the workbooks and list every problem
  make-report init FOLDER           write blank workbooks for editors
  make-report facts DOC.docx        what a built document was built from
  make-report changes OLD.docx [NEW.docx]
                                    what changed in the facts since OLD was built
  make-report comments COPY.docx…   gather reviewers' comments into a comments matrix

Exit status: 0 done, 1 problems in the inputs, 2 usage error."""

def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inputs", type=Path, default=Path("inputs"), metavar="FOLDER",
                        help="folder holding the workbooks (default: ./inputs)")

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the CSTD WSIS+20 review reports from the editors' workbooks.",
        epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"wsis-report {__version__}")
    parser.add_argument("--stage", choices=STAGE_CHOICES, help="the document to build")
    _common(parser)
    parser.add_argument("--templates", type=Path, default=Path("templates"), metavar="FOLDER",
                        help="folder holding the Word templates (default: ./templates)")
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="FOLDER",
                        help="folder for the documents (default: ./dist)")
    parser.add_argument("--pdf", action="store_true",
                        help="also write a PDF beside each document (needs LibreOffice)")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even when a document is up to date with its sources")
    _deck_options(parser)
    return parser

def _deck_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--slides", action="store_true",
                        help="also write the stage's slides (.pptx) from its PowerPoint "
                             "template, e.g. templates/progress.pptx")
    parser.add_argument("--charts", choices=("picture", "native"), default="picture",
                        help="figures as pictures (default) or as native Word charts whose "
                             "data can be edited")

def check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report check",
        description="Check the workbooks against the input contract and list every problem.")
    parser.add_argument("--stage", choices=STAGE_CHOICES, default="all",
                        help="also apply the rules of this stage (default: all)")
    _common(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--annotate", action="store_true",
                        help="write copies of the workbooks with problem cells highlighted")
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="FOLDER",
                        help="folder for the annotated copies (default: ./dist)")
    parser.add_argument("--style", action="store_true",
                        help="also read each stage's document, rendered in memory, for "
                             "house-style faults, each located to its cell or template "
                             "paragraph (warnings)")
    parser.add_argument("--templates", type=Path, default=Path("templates"), metavar="FOLDER",
                        help="templates for --style (default: ./templates)")
    return parser

def init_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make-report init",
                                     description="Write the three workbooks, blank, for editors.")
    parser.add_argument("folder", type=Path, help="where to write them (created if missing)")
    return parser

def facts_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make-report facts",
                                     description="Show what a built document was built from.")
    parser.add_argument("document", type=Path, help="a .docx built by make-report")
    parser.add_argument("--json", action="store_true", help="print the whole snapshot as JSON")
    return parser


def changes_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report changes",
        description="List what changed in the facts since OLD was built: against NEW's "
                    "snapshot, or against the workbooks in --inputs as of --stage's date.")
    parser.add_argument("old", type=Path, metavar="OLD.docx", help="a .docx built by make-report")
    parser.add_argument("new", type=Path, nargs="?", metavar="NEW.docx",
                        help="a later .docx (default: the current workbooks)")
    _common(parser)
    parser.add_argument("--stage", choices=list(STAGES),
                        help="the stage whose date applies to the workbooks (default: OLD's)")
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.add_argument("--xlsx", type=Path, metavar="FILE",
                        help="also write the changes as a table a reviewer can filter")
    return parser


def comments_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report comments",
        description="Gather the comments and tracked changes of reviewed copies into one "
                    "comments matrix, each located to its paragraph and source cells.")
    parser.add_argument("copies", type=Path, nargs="+", metavar="REVIEWED.docx")
    parser.add_argument("--matrix", type=Path, default=Path("dist/comments.xlsx"),
                        metavar="FILE", help="the matrix to write or add to "
                        "(default: dist/comments.xlsx)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["check"]:
            return run_check(check_parser().parse_args(argv[1:]))
        if argv[:1] == ["init"]:
            return run_init(init_parser().parse_args(argv[1:]))
        if argv[:1] == ["facts"]:
            return run_facts(facts_parser().parse_args(argv[1:]))
        if argv[:1] == ["comments"]:
            return run_comments(comments_parser().parse_args(argv[1:]))
        if argv[:1] == ["changes"]:
            return run_changes(changes_parser().parse_args(argv[1:]))
        args = build_parser().parse_args(argv)
        if args.stage is None:
            build_parser().print_usage(sys.stderr)
            print("make-report: say which document to build with --stage, or use a command "
                  "(check, init); see make-report --help", file=sys.stderr)
            return 2
        return run_build(args)
    except SystemExit as exc:  # argparse's usage errors and --help
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("make-report: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: never a traceback for editors
        if os.environ.get("WSIS_REPORT_DEBUG"):
            raise
        print(f"make-report: internal error ({type(exc).__name__}: {exc}). Nothing was "
              "written. Please report this, with the command you ran; set "
              "WSIS_REPORT_DEBUG=1 to see the details.", file=sys.stderr)
        return 1

def run_check(args: argparse.Namespace) -> int:
    stage = None if args.stage == "all" else args.stage
    report = check(args.inputs, stage)
    style = house_style(args, report) if args.style else None
    if args.json:
        print(json.dumps({**report.to_dict(), **({"style": [w.to_dict() for w in style]}
                                                 if style is not None else {})},
                         indent=2, ensure_ascii=False))
    else:
        print(report.format_text())
        if style is not None:
            print_style(style, report.valid)
    if args.annotate and report.issues:
        from .editors.annotate import annotate_workbooks

        for path in annotate_workbooks(args.inputs, report, args.out):
            print(f"Annotated copy: {path}", file=sys.stderr if args.json else sys.stdout)
        from .editors.annotate import not_annotated

        for reason in not_annotated(args.inputs, report):
            print(reason, file=sys.stderr if args.json else sys.stdout)
    return 0 if report.valid else 1

def house_style(args: argparse.Namespace, report) -> list:
    """The house-style warnings of the stages checked; none while the inputs have errors."""
    from .documents.errors import TemplateProblem
    from .documents.house_style_check import check_stages
    from .inputs.stages import get_stage

    if not report.valid:
        return []
    stages = [get_stage(s) for s in (STAGES if args.stage == "all" else [args.stage])]
    try:  # check() applied every stage's rules, so each stage renders
        return check_stages(args.inputs, args.templates, stages)[1]
    except TemplateProblem as exc:
        print(f"make-report: house style not read: {exc}", file=sys.stderr)
        return []


def print_style(warnings: list, inputs_valid: bool) -> None:
    if not inputs_valid:
        print("House style: not read, as the workbooks have errors.")
        return
    if not warnings:
        print("House style: no warnings.")
        return
    print(f"House style: {len(warnings)} warning{'s' * (len(warnings) != 1)} (editors decide)")
    for stage in dict.fromkeys(w.stage for w in warnings):
        print(f"  {stage}")
        for w in (w for w in warnings if w.stage == stage):
            print(f"    warning {w}")


def run_init(args: argparse.Namespace) -> int:
    try:
        paths = init_workbooks(args.folder)
    except FileExistsError as exc:
        print(f"make-report init: {exc}. Nothing was written; choose an empty folder.",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"make-report init: cannot write in {args.folder} ({exc.strerror}). Choose a "
              "folder you may write to.", file=sys.stderr)
        return 1
    for path in paths:
        print(f"Wrote {path}")
    return 0

def run_facts(args: argparse.Namespace) -> int:
    from .review.change_report import facts_text
    from .review.snapshot import SnapshotProblem, read_snapshot

    try:
        snapshot = read_snapshot(args.document)
    except SnapshotProblem as exc:
        print(f"make-report facts: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(snapshot, indent=2, ensure_ascii=False, sort_keys=True) if args.json
          else facts_text(args.document, snapshot))
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from .review import change_report as report
    from .review.changes import compare
    from .review.snapshot import SnapshotProblem, read_snapshot, snapshot_of_inputs

    try:
        old = read_snapshot(args.old)
        if args.new is not None:
            new = read_snapshot(args.new)
        else:
            new = snapshot_of_inputs(args.inputs, args.stage or old.get("stage") or "ecosoc")
    except SnapshotProblem as exc:
        print(f"make-report changes: {exc}", file=sys.stderr)
        return 1
    except InputError as exc:
        print(exc.report.format_text())
        print("make-report changes: correct the workbooks and run again.", file=sys.stderr)
        return 1
    changes = compare(old, new)
    if args.json:
        print(json.dumps(report.to_json(changes, old, new), indent=2, ensure_ascii=False,
                         sort_keys=True))
    else:
        print(report.format_text(changes, old, new))
    if args.xlsx:
        try:
            report.write_xlsx(changes, args.xlsx)
        except OSError as exc:
            print(f"make-report changes: cannot write {args.xlsx}: {exc.strerror}. If it is "
                  "open in Excel, close it and run again.", file=sys.stderr)
            return 1
        print(f"Wrote {args.xlsx}", file=sys.stderr if args.json else sys.stdout)
    return 0


def run_comments(args: argparse.Namespace) -> int:
    from .review.comments import read_copy, summary_lines
    from .review.matrix import MatrixProblem, fill_reviewers, merge, read_matrix, write_matrix

    copies = [read_copy(path) for path in args.copies]
    say = sys.stderr if args.json else sys.stdout
    for copy in copies:
        if copy.warning:
            print(f"warning: {copy.warning}", file=sys.stderr)
    if all(copy.problem for copy in copies):
        for line in summary_lines(copies, {}):
            print(line, file=sys.stderr)
        print("make-report comments: no copy could be read; nothing was written.",
              file=sys.stderr)
        return 1
    incoming = [row for copy in copies for row in copy.rows]
    try:
        headers, rows, reviewers = read_matrix(args.matrix)
        merged, status = merge(rows, incoming)
        reviewers = fill_reviewers(merged, reviewers)
        write_matrix(args.matrix, headers, merged, reviewers, held_before=len(rows))
    except MatrixProblem as exc:
        print(f"make-report comments: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"make-report comments: cannot write {args.matrix}: {exc.strerror}. If it is "
              "open in Excel, close it and run again; the previous file is unchanged.",
              file=sys.stderr)
        return 1
    if args.json:
        keys = {r["Key"] for r in incoming}
        print(json.dumps([{**r, "Status": status.get(r["Key"])} for r in merged
                          if r.get("Key") in keys], indent=2, ensure_ascii=False, default=str))
    for line in summary_lines(copies, status):
        print(line, file=say)
    print(f"Wrote {args.matrix} ({len(merged)} rows)", file=say)
    return 1 if any(copy.problem for copy in copies) else 0


def run_build(args: argparse.Namespace) -> int:
    from .documents.errors import OutputRefused, TemplateProblem, WordLimitExceeded

    stages = list(STAGES) if args.stage == "all" else [args.stage]
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
              "If the document is open in Word, close it and run again; the previous "
              "file is unchanged.", file=sys.stderr)
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
    return write_pdfs(built) if args.pdf else 0

def house_style_line(doc) -> str:
    from .documents.house_style_check import style_warnings, summary

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


def write_pdfs(built) -> int:
    from .office.convert import OfficeProblem, to_pdf

    stale = []
    for doc in built:
        pdf = doc.path.with_suffix(".pdf")
        if doc.up_to_date and pdf.is_file() and pdf.stat().st_mtime >= doc.path.stat().st_mtime:
            print(f"{pdf}  up to date")
        else:
            stale.append(doc.path)
    if not stale:
        return 0
    try:
        written = to_pdf(stale)
    except OfficeProblem as exc:
        print(f"make-report: {exc} The .docx files were written.", file=sys.stderr)
        return 1
    for pdf in written:
        print(pdf)
    return 0

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
