"""Annotated PDF copies: each annotation a row, traced through the build to its cell.

The PDFs are read by ``pdf_read.py`` in a process of its own, limited in memory and given
``PDF_SECONDS`` per file: a page bomb, a damaged or encrypted file costs that copy alone,
named, and the others are read. Each annotation becomes a remark: a highlight, underline
or strike-out with the words under it, a caret's inserted text, a sticky note or a text
typed on the page (``note``), a reply (``/IRT``) under the annotation it answers. A PDF
that ``--pdf`` wrote carries a named destination for each paragraph, row and value: the
page's words between two of them are aligned with that stretch of the build alone, so
a word repeated elsewhere cannot be mistaken. Another PDF is aligned by its text as a
whole (``align.py``). A note whose icon is in the margin is about its whole paragraph.
"""

from __future__ import annotations

import json
import os
import queue
import re
import selectors
import signal
import subprocess
import sys
import threading
import time
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Iterator

from ..placing import align
from ..placing.builds import Build, Builds
from ..placing.relocate import source_in_build
from .reviewed import Remark
from ..rows import Copy, add_rows, document_name

READER = Path(__file__).with_name("pdf_read.py")
PDF_SECONDS = float(os.environ.get("WSIS_REPORT_PDF_SECONDS", "60"))
TYPES = {"Highlight": "highlight", "Squiggly": "highlight", "Underline": "underline",
         "StrikeOut": "strike-out", "Caret": "insertion", "Text": "note", "FreeText": "note"}
DRAWN = {"Ink": "drawing", "Square": "shape", "Circle": "shape", "Line": "line",
         "Polygon": "shape", "PolyLine": "line", "Stamp": "stamp",
         "FileAttachment": "attached file", "Sound": "sound", "Movie": "movie",
         "Redact": "redaction"}
_ALIGNED: dict[tuple, tuple] = {}
_DATE = re.compile(r"D?:?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?([Zz+\-])?(\d\d)?'?(\d\d)?")


def run_reader(paths: list[Path], seconds: float | None = None) -> Iterator[dict]:
    """What ``pdf_read.py`` read of each path, or {"problem": why not}, each as soon as it
    is read (the caller places one copy while the next is read)."""
    seconds = seconds or PDF_SECONDS
    pending = list(paths)
    while pending:
        process = subprocess.Popen([sys.executable, "-I", str(READER), *map(str, pending)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        done = 0
        try:
            with selectors.DefaultSelector() as selector:
                selector.register(process.stdout, selectors.EVENT_READ)
                buffer = b""
                while done < len(pending):
                    line, buffer, why = _line(process, selector, buffer, seconds)
                    if line is None:
                        done += 1
                        yield {"problem": why}
                        break
                    done += 1
                    yield json.loads(line)
        finally:
            _stop(process)
        pending = pending[done:]


def _line(process, selector, buffer: bytes, seconds: float):
    deadline = time.monotonic() + seconds
    while b"\n" not in buffer:
        left = deadline - time.monotonic()
        if left <= 0:
            return None, buffer, (f"took longer than {seconds:.0f} seconds to read (a page "
                                  "too heavy to lay out?); check that this is the right file")
        if not selector.select(left):
            continue
        chunk = os.read(process.stdout.fileno(), 1 << 20)
        if not chunk:
            return None, buffer, ("could not be read: the PDF reader stopped on it (it may "
                                  "be built to exhaust the computer's memory); check that "
                                  "this is the right file")
        buffer += chunk
    line, _, buffer = buffer.partition(b"\n")
    return line, buffer, ""


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
    process.stdout.close()
    process.wait()


def read_side_by_side(paths: list[Path]) -> Iterator[dict]:
    """``run_reader`` of each path, in order, read by two processes at once when the
    computer has two cores: the first half by one, the second by the other, while the
    caller places each copy as it comes."""
    if len(paths) < 2 or (os.cpu_count() or 1) < 2:
        yield from run_reader(paths)
        return
    half = (len(paths) + 1) // 2
    second: queue.Queue = queue.Queue()

    def read_second() -> None:
        try:
            for result in run_reader(paths[half:]):
                second.put(result)
        except BaseException as exc:  # handed over to the caller below
            second.put(exc)

    thread = threading.Thread(target=read_second, daemon=True)
    thread.start()
    yield from run_reader(paths[:half])
    for _ in paths[half:]:
        result = second.get()
        if isinstance(result, BaseException):
            raise result
        yield result
    thread.join()


def read_pdf_copies(paths: list[Path], builds: Builds) -> list[Copy]:
    copies = []
    for path, result in zip(paths, read_side_by_side(paths)):
        copy = Copy(path)
        if "problem" in result:
            copy.problem = result["problem"]
        else:
            _read(copy, result["ok"], builds)
        copies.append(copy)
    return copies


def iso_date(value: str) -> str:
    """A PDF date ("D:20250420100000+02'00'") as ISO 8601; "" when it is none."""
    m = _DATE.match(value.strip())
    if not m:
        return ""
    year, month, day, hour, minute, second, zone, zh, zm = m.groups()
    text = f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:" \
           f"{second or '00'}"
    if zone in ("Z", "z"):
        return text + "Z"
    return text + (f"{zone}{zh or '00'}:{zm or '00'}" if zone else "")


def _read(copy: Copy, data: dict, builds: Builds) -> None:
    texts = [t.replace("\r\n", "  ") for t in data["texts"]]
    bases, at = [], 0
    for t in texts:
        bases.append(at)
        at += len(t) + 1
    text = " ".join(texts)
    words = align.words_of(text)
    remarks, places = _remarks(data, bases, words)
    build, why, blank = builds.match(data.get("title", ""), words.words)
    if build is None:
        copy.warning = (f"{copy.path.name}: {why}. Its annotations are read by page; "
                        + ("the Source says unlocated." if blank else "the Source is left blank."))
        add_rows(copy, copy.path.name, remarks, [blank] * len(remarks))
        return
    key = (build.path, text, tuple(map(tuple, data["destinations"])))
    if key not in _ALIGNED:  # copies of one PDF share their text: aligned once
        if len(_ALIGNED) > 64:
            _ALIGNED.clear()
        _ALIGNED[key] = _mapping(build, words, text, data["destinations"], bases)
    mapping, how = _ALIGNED[key]
    sources: dict[int, str] = {}
    for n, (remark, (span, whole, root)) in enumerate(zip(remarks, places)):
        if root is None:
            sources[n] = source_in_build(remark, span, mapping, build, whole=whole)
            if remark.order == 0:
                remark.order = 10**6 + int(remark.label.split()[-1])
    for n, (remark, (_, _, root)) in enumerate(zip(remarks, places)):
        if root is not None:  # a reply: where the annotation it answers is
            first = remarks[root]
            remark.label, remark.section, remark.order = first.label, first.section, \
                first.order
            remark.bookmarks, remark.seq = list(first.bookmarks), first.seq
            remark.quoted, remark.thread = first.quoted, first.author
            sources[n] = sources[root]
    add_rows(copy, document_name(build.path, build.snapshot), remarks,
             [sources[n] for n in range(len(remarks))], matched=f"{build.path.name} ({how})")


def _remarks(data: dict, bases: list[int], words: align.Words):
    """The remarks, and for each: (its span on the line, whether it stands for its whole
    paragraph, the index of the remark it answers)."""
    annots = data["annotations"]
    by_nm = {a["nm"]: i for i, a in enumerate(annots) if a["nm"]}
    by_place = {(a["page"], a["index"]): i for i, a in enumerate(annots)}
    remarks, places = [], []
    for seq, a in enumerate(annots, 1):
        base, kind = bases[a["page"]], a["subtype"]
        quoted = " ".join(" ".join(data["texts"][a["page"]][s:e] for s, e in a["spans"]).split())
        parent = None
        if a["irt"] and a["rt"] != "Group":
            parent = by_nm.get(a["irt"]["nm"]) if a["irt"]["nm"] else None
            parent = parent if parent is not None else by_place.get(
                (a["irt"]["page"], a["irt"]["index"]))
            while parent is not None and annots[parent]["irt"] and \
                    annots[parent]["rt"] != "Group" and parent != by_nm.get(a["nm"]):
                up = annots[parent]["irt"]
                parent = by_nm.get(up["nm"], by_place.get((up["page"], up["index"])))
        note = a["contents"] if a["contents"].strip() else ""  # kept exactly
        if kind in TYPES:
            text = note or (quoted if kind == "StrikeOut" else "")
        else:
            label = DRAWN.get(kind, kind.lower())
            text = f"[{label}: {a['name']}]" if kind == "Stamp" and a["name"] else f"[{label}]"
            text = f"{text} {note}".strip()
        remark = Remark("reply" if parent is not None else TYPES.get(kind, "note"),
                        a["author"], iso_date(a["modified"] or a["created"]), text,
                        f"page {a['page'] + 1}", quoted=quoted, part=f"page {a['page'] + 1}",
                        ref=f"annotation|{a['index']}", para_id=a["nm"], seq=seq)
        span, whole = None, False
        if a["spans"]:
            span = (base + a["spans"][0][0], base + a["spans"][-1][1])
        elif kind in ("Caret", "Text") and a["at"] >= 0:
            span = (base + a["at"], base + a["at"])
        elif a["near"] >= 0:  # its paragraph: the one of the word nearest on its line
            k = min(bisect_right(words.ends, base + a["near"]), len(words.ends) - 1)
            span, whole = (words.starts[k], words.ends[k]), True
        remarks.append(remark)
        places.append((span, whole, parent))
    return remarks, places


def _mapping(build: Build, words: align.Words, text: str, dests: list, bases: list[int]):
    """The PDF's words aligned to the build's: stretch by stretch between the named
    destinations the build also has (in the same order on both), or as a whole."""
    starts = {name: s for s, _, name in build.line.ranges}
    starts.update({name: span[0] for name, span in build.line.blocks.items()})
    marks = sorted((bases[page] + at, starts[name]) for name, page, at in dests
                   if name in starts)
    kept = align.increasing(marks)
    if len(kept) < max(1, len(build.blocks) // 2):
        return align.mapping(build.words, words, build.line.text, text), "by text"
    to_build: list[int | None] = [None] * len(words.words)
    bounds = [(0, 0)] + kept + [(len(text) + 1, len(build.line.text) + 1)]
    for (c0, b0), (c1, b1) in zip(bounds, bounds[1:]):
        ci, cj = _index(words, c0), _index(words, c1)
        bi, bj = _index(build.words, b0), _index(build.words, b1)
        for k, found in enumerate(align.align(build.words.words[bi:bj], words.words[ci:cj])):
            if found is not None:
                to_build[ci + k] = bi + found
    return align.Mapping(build.words, words, to_build, build.line.text, text), \
        "by its named destinations"


def _index(words: align.Words, offset: int) -> int:
    return bisect_left(words.starts, offset)
