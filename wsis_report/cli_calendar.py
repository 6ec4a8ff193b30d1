"""``make-report calendar``: each stage's document slotted by the United Nations Office at
Geneva's rules, and ``--ics`` for a drafter's calendar. Argument parsing, printing and exit
codes only; the dates are worked out in ``inputs/slots.py``, worded in ``documents/calendar.py``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import _common, print_json


def calendar_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-report calendar",
        description="Give each stage's document its forecast, confirmation, submission and "
                    "issuance dates and its word limit, from the Documents sheet (its Slot and "
                    "session), and say whether its date makes it late.")
    _common(parser)
    parser.add_argument("--ics", type=Path, metavar="FILE",
                        help="also write the dates as an iCalendar file to add to a calendar")
    parser.add_argument("--json", action="store_true", help="print the slots as JSON")
    return parser


def run_calendar(args: argparse.Namespace) -> int:
    from .documents import calendar
    from .documents.output import write_atomic
    from .inputs.validate import read_inputs

    facts, report = read_inputs(args.inputs)
    if facts is None:
        print(report.format_text())
        print("make-report calendar: the workbooks have errors; correct them and run again.",
              file=sys.stderr)
        return 1
    found = calendar.entries(facts)
    if args.json:
        print_json({"documents": calendar.as_json(found)})
    else:
        print(calendar.text(found))
    if args.ics is not None:
        try:
            write_atomic(args.ics, calendar.ics(found))
        except OSError as exc:
            print(f"make-report calendar: cannot write {args.ics} ({exc.strerror}). Choose a "
                  "file you may write.", file=sys.stderr)
            return 1
        print(f"Wrote {args.ics}", file=sys.stderr if args.json else sys.stdout)
    return 0
