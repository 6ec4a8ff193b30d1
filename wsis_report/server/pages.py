"""What each page shows, from the jobs' answers: the problems grouped by workbook and sheet
as ``check`` groups them, in its words and cell notation, and the files offered."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from .. import __version__
from ..inputs.reading.files import workbook_path
from ..inputs.issues import SEPARATOR, Issue
from .jobs import Busy, TimedOut
from .uploads import ROLES, Upload

# As the documents and `make-report changes` name the stages.
STAGE_NAMES = {"progress": "progress report", "draft": "draft report", "ecosoc": "final report"}
HTTP_MESSAGES = {
    404: "There is no such page here. Go back to the first page and start again.",
    405: "The page cannot be used this way. Go back to the first page and use its form.",
    413: "The upload is larger than the page takes. A workbook is rarely that large: remove "
         "unused rows and formatting and save it again.",
}


def day(moment: datetime) -> str:
    """3 February 2025, as the documents write a date."""
    return f"{moment.day} {moment:%B %Y}"


def listed(names: list[str]) -> str:
    """"a, b and c"."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def held(inputs: Path) -> list[dict[str, str]]:
    """The server's own workbooks, which an upload is checked with: name and date changed."""
    found = []
    for role, spec in ROLES.items():
        path = workbook_path(inputs, spec)
        if path is not None:
            found.append({"role": role, "name": path.name,
                          "changed": day(datetime.fromtimestamp(path.stat().st_mtime))})
    return found


def refusals(refused: list[tuple[str, str, Issue]]) -> list[dict[str, str]]:
    """Each file the container checks refused, named as the browser named it."""
    return [{"given": given, "role": role, "text": str(issue).removeprefix(f"{issue.location}: ")}
            for role, given, issue in refused]


def result(upload: Upload) -> dict[str, Any]:
    """The result page's parts."""
    answer = upload.check or {}
    report = answer.get("report", {})
    groups = []
    for (book, sheet), issues in groupby(report.get("issues", []),
                                         key=lambda i: (i["workbook"], i["sheet"])):
        heading = SEPARATOR.join(p for p in (book, sheet) if p) or "General"
        groups.append({
            "heading": heading, "id": "at-" + "-".join(
                "".join(c if c.isalnum() else "-" for c in (p or "")) for p in (book, sheet)),
            "uploaded": book in upload.given, "kept": book in upload.kept,
            "issues": [{**i, "says": i["text"].removeprefix(f"{i['location']}: ")}
                       for i in issues]})
    style = []
    for stage, warnings in groupby(answer.get("style", []), key=lambda w: w["stage"]):
        style.append({"stage": stage, "name": STAGE_NAMES.get(stage, stage),
                      "warnings": list(warnings)})
    with_problems = {i["workbook"] for i in report.get("issues", [])}
    return {"report": report, "groups": groups, "style": style,
            "style_note": answer.get("style_note", ""), "changes": answer.get("changes", {}),
            "annotated": [name for name in sorted(upload.given) if name in with_problems],
            "summary": answer.get("text", "").rsplit("\n", 1)[-1],
            "kept": listed(upload.kept),
            "checked": day(datetime.fromtimestamp(upload.created))}


def checked_set(upload: Upload) -> bytes:
    """The workbooks the check passed, byte for byte, and what the check said, in a zip for
    the drafter to put in place of ``inputs/``."""
    uploaded = ", ".join(f"{name} (from “{given}”)" for name, given in sorted(upload.given.items()))
    kept = ", ".join(upload.kept) or "none"
    note = (f"Checked by wsis-report {__version__} on {day(datetime.fromtimestamp(upload.created))}"
            f" against the input contract and the rules of the three stages.\n"
            f"Uploaded: {uploaded}.\nFrom the server's inputs: {kept}.\n\n"
            f"{upload.check['text']}\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(upload.inputs.iterdir()):
            z.write(path, path.name)
        z.writestr("check.txt", note)
    return buffer.getvalue()


def job_failure(exc: Exception, settings, what: str) -> str:
    """What the page says when a job could not answer."""
    if isinstance(exc, Busy):
        return ("The server is busy with other editors' workbooks. Try again in a minute; "
                "nothing of yours was kept.")
    if isinstance(exc, TimedOut):
        limit = {"the check": settings.check_seconds,
                 "the preview": settings.preview_seconds}.get(what, settings.annotate_seconds)
        return (f"{what[:1].upper()}{what[1:]} took longer than {int(limit)} seconds and was "
                "stopped. A workbook that slow to read usually holds a stray value far below "
                "or beside its data: press Ctrl+End in it to find the last cell, clear what is "
                "beyond the data, save it and upload it again.")
    import sys

    print(f"wsis-report serve: {what} failed: {exc}", file=sys.stderr)
    return (f"{what[:1].upper()}{what[1:]} failed because of an internal error. Please report "
            "it, with the workbook if you can; the details are in the server's console.")
