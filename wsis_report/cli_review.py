"""``make-report facts``, ``changes``, ``comments`` and ``redline``: the review cycle's commands.
Argument parsing, printing and exit codes only; the work is in ``wsis_report.review``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .cli import _common
from .inputs.issues import InputError
from .inputs.contract.stages import STAGES, get_stage


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
    parser.add_argument("copies", type=Path, nargs="+", metavar="REVIEWED",
                        help="reviewed copies: .docx (Word, Google Docs), .odt, or .pdf")
    parser.add_argument("--matrix", type=Path, default=Path("dist/comments.xlsx"),
                        metavar="FILE", help="the matrix to write or add to "
                        "(default: dist/comments.xlsx)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--out", type=Path, default=Path("dist"), metavar="FOLDER",
                        help="where the builds are that a copy without its map (Google Docs, "
                        ".odt, .pdf) is matched to (default: ./dist)")
    parser.add_argument("--against", type=Path, metavar="FILE.docx",
                        help="the build such copies came from, instead of the best match "
                        "in --out")
    return parser


def run_facts(args: argparse.Namespace) -> int:
    from .review.changes.report import facts_text
    from .review.snapshot.part import SnapshotProblem, read_snapshot

    try:
        snapshot = read_snapshot(args.document)
    except SnapshotProblem as exc:
        print(f"make-report facts: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(snapshot, indent=2, ensure_ascii=False, sort_keys=True) if args.json
          else facts_text(args.document, snapshot))
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from .review.changes import report
    from .review.changes.compare import compare, different_reports
    from .review.snapshot.part import SnapshotProblem, read_snapshot, snapshot_of_inputs

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
    warnings = different_reports(old, new, args.old.name,
                                 args.new.name if args.new else f"the workbooks in {args.inputs}")
    if args.json:
        print(json.dumps(report.to_json(changes, old, new, warnings), indent=2,
                         ensure_ascii=False, sort_keys=True))
    else:
        print(report.format_text(changes, old, new, warnings))
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
    """0: every copy read and the matrix written; 3: the matrix written, some copies
    skipped (named); 1: nothing written."""
    from .review.comments.matrix import workbook as matrix_file
    from .review.comments.matrix.merge import fill_reviewers, headers_for, merge
    from .review.comments.rows import summary_lines

    say = sys.stderr if args.json else sys.stdout
    try:
        matrix_file.check_target(args.matrix)
    except matrix_file.MatrixProblem as exc:
        print(f"make-report comments: {exc}", file=sys.stderr)
        return 1
    from .review.comments.copies.forms import read_copies

    copies = read_copies(args.copies, args.out, args.against)
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
        with matrix_file.locked(args.matrix):
            held = matrix_file.read(args.matrix)
            merged, status = merge(held.rows, incoming)
            reviewers = fill_reviewers(merged, held.reviewers)
            matrix_file.write(args.matrix, held, merged, reviewers, headers_for(held.headers))
    except matrix_file.MatrixProblem as exc:
        print(f"make-report comments: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"make-report comments: cannot write {args.matrix}: {exc.strerror}. If it is "
              "open in Excel, close it and run again; the previous file is unchanged.",
              file=sys.stderr)
        return 1
    for warning in held.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.json:
        keys = {r["Key"] for r in incoming}
        print(json.dumps([{**r, "Status": status.get(r["Key"])} for r in merged
                          if r.get("Key") in keys], indent=2, ensure_ascii=False, default=str))
    for line in summary_lines(copies, status):
        print(line, file=say)
    print(f"Wrote {args.matrix} ({len(merged)} rows)", file=say)
    skipped = [copy.path.name for copy in copies if copy.problem]
    if skipped:
        print(f"make-report comments: {len(skipped)} of {len(copies)} copies skipped "
              f"({', '.join(skipped)}); the others are in the matrix.", file=sys.stderr)
        return 3
    return 0


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


def redline_ready(args: argparse.Namespace) -> bool:
    """Before a build with --redline-against: one stage, and an OLD that the build will
    not overwrite and that the container checks accept, so nothing is written in vain."""
    from .review.redline.document import RedlineProblem, check_document

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


def redline_documents(old: Path, new: Path, output: Path | None = None,
                      as_json: bool = False) -> int:
    from .documents.output import write_atomic
    from .review.redline.document import RedlineProblem, make_redline

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


def run_redline(args: argparse.Namespace) -> int:
    return redline_documents(args.old, args.new, args.output, args.json)
