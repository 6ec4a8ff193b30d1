"""The ``make-report`` command: argument parsing, printing and exit codes; nothing else.

Exit codes: 0 done, 1 problems in the inputs (or templates), 2 usage error.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Sequence

from . import STAGES, __version__, check, init_workbooks

STAGE_CHOICES = [*STAGES, "all"]
EPILOG = """\
commands:
  make-report --stage ecosoc        build a document (progress, draft, ecosoc or all)
  make-report check [--stage S]     check the workbooks and list every problem
  make-report check --schema        the JSON Schema of the workbooks, for other tools
  make-report init FOLDER           write blank workbooks for editors
  make-report calendar [--ics FILE] each document's slot: submission date, word limit
  make-report facts DOC.docx        what a built document was built from
  make-report changes OLD.docx [NEW.docx]
                                    what changed in the facts since OLD was built
  make-report comments COPY.docx…   gather reviewers' comments into a comments matrix
  make-report redline OLD NEW       NEW with tracked changes against OLD
  make-report serve                 the editors' page: check workbooks in a browser

Exit status: 0 done, 1 problems in the inputs, 2 usage error."""
SHELLS = {"facts": "cli_review", "changes": "cli_review", "comments": "cli_review",
          "redline": "cli_review", "calendar": "cli_calendar"}

def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--inputs", type=Path, default=Path("inputs"), metavar="FOLDER",
                        help="folder holding the workbooks (default: ./inputs)")

class _Once(argparse.Action):
    """An option that may be given once: `--stage draft --stage ecosoc` would otherwise
    build only the last, silently."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest) is not None:
            parser.error(f"{option_string} is given twice; give it once (--stage all builds "
                         "every document)")
        setattr(namespace, self.dest, values)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Build the CSTD WSIS+20 review reports from the editors' workbooks.",
        epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"wsis-report {__version__}")
    parser.add_argument("--stage", choices=STAGE_CHOICES, action=_Once,
                        help="the document to build")
    _common(parser)
    parser.add_argument("--templates", type=Path, default=Path("templates"), metavar="FOLDER",
                        help="folder holding the Word templates (default: ./templates)")
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="FOLDER",
                        help="folder for the documents (default: ./dist)")
    parser.add_argument("--pdf", nargs="?", const="tagged", choices=("tagged", "untagged"),
                        help="also write a tagged PDF/UA beside each document (needs LibreOffice; "
                             "--pdf untagged: as earlier versions, no structure for screen "
                             "readers); with --slides, the deck's as NAME.slides.pdf")
    parser.add_argument("--force", action="store_true",
                        help="rebuild even when a document is up to date with its sources")
    _deck_options(parser)
    parser.add_argument("--redline-against", type=Path, metavar="OLD.docx",
                        help="also write the document with tracked changes against OLD.docx "
                             "beside it (*.redline.docx)")
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
    parser.add_argument("--stage", choices=STAGE_CHOICES, action=_Once,
                        help="also apply the rules of this stage (default: all)")
    _common(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--schema", action="store_true",
                        help="print the JSON Schema of the three workbooks (their sheets, "
                             "headers, descriptions and choices) instead of checking")
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

class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so that the office is stopped and temporary
    files removed on the way out, as for Ctrl+C."""


def _terminate(signum, frame) -> None:
    raise Terminated()


def _written() -> list:
    output = sys.modules.get("wsis_report.documents.output")  # not loaded: nothing written
    return output.written() if output is not None else []


def _what_was_written(before: int) -> str:
    paths = _written()[before:]
    if not paths:
        return "nothing was written"
    return (f"{', '.join(str(p) for p in paths)} {'was' if len(paths) == 1 else 'were'} "
            "written before it; every other file is as it was")

def main(argv: Sequence[str] | None = None) -> int:
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: SIGTERM keeps its own handler
        previous = None
    try:
        return _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

def _main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    before = len(_written())
    try:
        if argv[:1] == ["check"]:
            return run_check(check_parser().parse_args(argv[1:]))
        if argv[:1] == ["init"]:
            return run_init(init_parser().parse_args(argv[1:]))
        if argv[:1] == ["serve"]:  # the editors' page, wsis_report/server/
            from .server.serve import main as serve
            return serve(argv[1:])
        if argv[:1] and argv[0] in SHELLS:  # a command module of its own (cli_review, …)
            shell = importlib.import_module(f".{SHELLS[argv[0]]}", __package__)
            command = getattr(shell, f"{argv[0]}_parser")().parse_args(argv[1:])
            return getattr(shell, f"run_{argv[0]}")(command)
        args = build_parser().parse_args(argv)
        if args.stage is None:
            build_parser().print_usage(sys.stderr)
            print("make-report: say which document to build with --stage, or use a command "
                  "(check, init, calendar, facts, changes, comments, redline, serve); see "
                  "make-report --help", file=sys.stderr)
            return 2
        from .cli_build import run_build

        return run_build(args)
    except SystemExit as exc:  # argparse's usage errors and --help
        if exc.code and argv[:1] == ["check"] and "--json" in argv:  # JSON, come what may
            print_json({"valid": False, "error": "usage error (see make-report check --help)",
                        "issues": []})
        return int(exc.code or 0)
    except KeyboardInterrupt as exc:
        print(f"make-report: interrupted; {_what_was_written(before)}.", file=sys.stderr)
        return 143 if isinstance(exc, Terminated) else 130
    except BrokenPipeError:  # the reader went away (| head); stdout is not flushed to it again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:  # the last line of defence: never a traceback for editors
        if os.environ.get("WSIS_REPORT_DEBUG"):
            raise
        message = (f"internal error ({type(exc).__name__}: {exc}). "
                   f"{_what_was_written(before).replace('nothing', 'Nothing', 1)}. Please "
                   "report this, with the command you ran; set WSIS_REPORT_DEBUG=1 to see "
                   "the details.")
        return _fail(message, json_wanted=argv[:1] == ["check"] and "--json" in argv)

def _fail(message: str, json_wanted: bool = False) -> int:
    """Prints ``message``, and with --json a JSON document that says it: a script
    reading the output always gets JSON."""
    print(f"make-report: {message}", file=sys.stderr)
    if json_wanted:
        print_json({"valid": False, "error": message, "issues": []})
    return 1


def print_json(document: dict) -> None:
    import json  # only --json needs it: a check's startup is what a large export waits on

    print(json.dumps(document, indent=2, ensure_ascii=False))


def _unusable(option: str, folder: Path) -> str | None:
    """Why ``folder`` cannot be used at all (a name the system refuses, a loop of links,
    no permission), checked with the longest name the toolkit writes in it."""
    for path in (folder, folder / "consultations.annotated.xlsx"):
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            shown = str(folder) if len(str(folder)) <= 80 else f"{str(folder)[:77]}…"
            return (f"cannot use {option} {shown}: {exc.strerror}. Choose another folder "
                    "(a shorter path, or one you may use).")
    return None

def run_check(args: argparse.Namespace) -> int:
    if args.schema:
        from .inputs.contract.workbooks import json_schema

        print_json(json_schema())
        return 0
    stage = None if args.stage in (None, "all") else args.stage
    for option, folder in (("--inputs", args.inputs), ("--out", args.out)):
        problem = _unusable(option, folder)
        if problem:
            return _fail(problem, args.json)
    report = check(args.inputs, stage)
    style = house_style(args, report) if args.style else None
    if args.json:
        print_json({**report.to_dict(), **({"style": [w.to_dict() for w in style]}
                                           if style is not None else {})})
    else:
        print(report.format_text())
        if style is not None:
            print_style(style, report.valid)
    if args.annotate and report.issues:
        from .editors.annotate import annotate_workbooks

        try:
            written, reasons = annotate_workbooks(args.inputs, report, args.out)
        except OSError as exc:
            print(f"make-report: cannot write the annotated copies in {args.out} "
                  f"({exc.strerror}). Choose a folder you may write to with --out.",
                  file=sys.stderr)
            return 1
        for line in [f"Annotated copy: {path}" for path in written] + reasons:
            print(line, file=sys.stderr if args.json else sys.stdout)
    return 0 if report.valid else 1

def house_style(args: argparse.Namespace, report) -> list:
    """The house-style warnings of the stages checked; none while the inputs have errors."""
    from .documents.errors import TemplateProblem
    from .documents.house_style.check import check_stages
    from .inputs.contract.stages import get_stage

    if not report.valid:
        return []
    stages = [get_stage(s) for s in (STAGES if args.stage in (None, "all") else [args.stage])]
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

def run() -> None:
    """The ``make-report`` console script: ``main``, then the process ends."""
    code = main()
    # What the command made is about to go with the process: spare the interpreter's last
    # garbage collections a walk over every object (about 2% of a check's instructions).
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
