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
  make-report redline OLD NEW       NEW with tracked changes against OLD

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
    parser.add_argument("--redline-against", type=Path, metavar="OLD.docx",
                        help="also write the document with tracked changes against OLD.docx "
                             "beside it (*.redline.docx)")
    return parser

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
    return parser

def init_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="make-report init",
                                     description="Write the three workbooks, blank, for editors.")
    parser.add_argument("folder", type=Path, help="where to write them (created if missing)")
    return parser

def redline_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report redline",
        description="Write NEW with Word tracked changes against OLD, word by word, and list "
                    "the paragraphs whose number changed.")
    parser.add_argument("old", type=Path, metavar="OLD.docx", help="the earlier version")
    parser.add_argument("new", type=Path, metavar="NEW.docx", help="the later version")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="where to write the redline (default: NEW.redline.docx beside NEW)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["check"]:
            return run_check(check_parser().parse_args(argv[1:]))
        if argv[:1] == ["init"]:
            return run_init(init_parser().parse_args(argv[1:]))
        if argv[:1] == ["redline"]:
            args = redline_parser().parse_args(argv[1:])
            return run_redline(args.old, args.new, args.output, args.json)
        args = build_parser().parse_args(argv)
        if args.stage is None:
            build_parser().print_usage(sys.stderr)
            print("make-report: say which document to build with --stage, or use a command "
                  "(check, init, redline); see make-report --help", file=sys.stderr)
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
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.format_text())
    if args.annotate and report.issues:
        from .editors.annotate import annotate_workbooks

        for path in annotate_workbooks(args.inputs, report, args.out):
            print(f"Annotated copy: {path}", file=sys.stderr if args.json else sys.stdout)
    return 0 if report.valid else 1

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

def run_build(args: argparse.Namespace) -> int:
    from .documents.errors import OutputRefused, TemplateProblem, WordLimitExceeded

    stages = list(STAGES) if args.stage == "all" else [args.stage]
    if args.redline_against is not None and not redline_ready(args):
        return 2 if args.stage == "all" else 1
    try:
        built = build(args.inputs, stages, args.templates, args.out, force=args.force)
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
    warnings = built[0].warnings if built else ()
    if warnings:
        print(ValidationReport(list(warnings)).format_text())
    status = write_pdfs(built) if args.pdf else 0
    if args.redline_against is not None:
        target = built[0].path.with_name(built[0].path.stem + ".redline.docx")
        status = max(status, run_redline(args.redline_against, built[0].path, target))
    return status

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

def redline_ready(args: argparse.Namespace) -> bool:
    """Before a build with --redline-against: one stage, and an OLD that the build will
    not overwrite and that the container checks accept, so nothing is written in vain."""
    from .inputs.stages import get_stage
    from .review.redline import RedlineProblem, check_document

    if args.stage == "all":
        print("make-report: --redline-against compares one document; choose its --stage.",
              file=sys.stderr)
        return False
    if args.redline_against.resolve() == (args.out / get_stage(args.stage).output).resolve():
        print(f"make-report: {args.redline_against} is the document this build writes; copy "
              "the earlier version elsewhere and compare against the copy. Nothing was "
              "written.", file=sys.stderr)
        return False
    try:
        check_document(args.redline_against)
    except RedlineProblem as exc:
        print(f"make-report: {exc} Nothing was written.", file=sys.stderr)
        return False
    return True


def run_redline(old: Path, new: Path, output: Path | None = None, as_json: bool = False) -> int:
    from .documents.output import write_atomic
    from .review.redline import RedlineProblem, make_redline

    target = output or new.with_name(new.stem + ".redline.docx")
    if target.resolve() in (old.resolve(), new.resolve()):
        print(f"make-report redline: {target} is OLD or NEW and would be overwritten; choose "
              "another file with -o. Nothing was written.", file=sys.stderr)
        return 1
    try:
        redline = make_redline(old, new)
    except RedlineProblem as exc:
        print(f"make-report redline: {exc} Nothing was written.", file=sys.stderr)
        return 1
    try:
        write_atomic(target, redline.data)
    except OSError as exc:
        print(f"make-report redline: cannot write {target}: {exc.strerror}. If it is open in "
              "Word, close it and run again; the previous file is unchanged.", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps({"redline": str(target), **redline.to_dict()}, indent=2,
                         ensure_ascii=False))
    else:
        print("\n".join(redline.summary(target)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
