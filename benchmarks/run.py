"""Benchmarks: every figure is a ratio against a floor measured in the same run.

    python benchmarks/run.py [--runs 5] [--skip-scale] [--json FILE]

Whole processes are timed (what a drafter waits for), interleaved with their
floor so that a noisy machine slows both alike; medians are compared, and
min–max shown. Peak memory is the child process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
PY = sys.executable
MAKE_REPORT = [PY, "-m", "wsis_report.cli"]


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one run of ``cmd`` in a fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.wait()
    if proc.returncode not in (0, None):
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err}")
    return seconds, usage.ru_maxrss / 1024


def timed_reported(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """The seconds ``cmd`` prints it took for its work (not its own start), and its peak MB."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(cmd)}\n{err.decode()}")
    return float(out), 0.0


def settle() -> None:
    """Flushes what earlier benchmarks wrote: the kernel's writeback would otherwise take a
    core away from the first runs of the next comparison (a two-threaded subject loses more
    from it than a single-threaded floor)."""
    if hasattr(os, "sync"):
        os.sync()


def compare(name: str, subject: list[str], floor: list[str], runs: int, target: float,
            prepare=None, reported: bool = False) -> dict:
    """``reported``: the subject prints the seconds its work took, which are compared (a
    client of a running server: what a browser waits for has no interpreter to start)."""
    settle()
    times: dict[str, list[float]] = {"subject": [], "floor": []}
    memory: dict[str, list[float]] = {"subject": [], "floor": []}
    for _ in range(runs):
        for key, cmd in (("subject", subject), ("floor", floor)):
            if prepare:
                prepare(key)
            seconds, mb = (timed_reported if reported and key == "subject" else timed)(cmd)
            times[key].append(seconds)
            memory[key].append(mb)
    med = {k: statistics.median(v) for k, v in times.items()}
    ratio = med["subject"] / med["floor"]
    return {"name": name, "runs": runs,
            "subject_s": med["subject"], "floor_s": med["floor"],
            "subject_range_s": [min(times["subject"]), max(times["subject"])],
            "floor_range_s": [min(times["floor"]), max(times["floor"])],
            "subject_peak_mb": max(memory["subject"]), "floor_peak_mb": max(memory["floor"]),
            "ratio": ratio, "target": target, "met": ratio <= target}


def compare_added(name: str, base: list[str], extended: list[str], floor: list[str], runs: int,
                  target: float, prepare) -> dict:
    """What ``extended`` adds to ``base``, as a multiple of the floor: the three are run
    interleaved and their medians compared."""
    settle()
    times: dict[str, list[float]] = {"base": [], "extended": [], "floor": []}
    peak = 0.0
    for _ in range(runs):
        for key, cmd in (("base", base), ("extended", extended), ("floor", floor)):
            prepare(key)
            seconds, mb = timed(cmd)
            times[key].append(seconds)
            peak = max(peak, mb) if key == "extended" else peak
    med = {k: statistics.median(v) for k, v in times.items()}
    added = med["extended"] - med["base"]
    ratio = added / med["floor"]
    return {"name": name, "runs": runs, "subject_s": added, "floor_s": med["floor"],
            "subject_range_s": [min(times["extended"]), max(times["extended"])],
            "floor_range_s": [min(times["floor"]), max(times["floor"])],
            "base_s": med["base"], "extended_s": med["extended"],
            "subject_peak_mb": peak, "floor_peak_mb": 0.0,
            "ratio": ratio, "target": target, "met": ratio <= target}


def survey_with_responses(rows: int) -> Path:
    """A folder of inputs whose survey.xlsx has ``rows`` raw responses (cached)."""
    folder = CACHE / f"inputs-{rows}"
    if (folder / "survey.xlsx").exists():
        return folder
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("consultations.xlsx", "report.xlsx"):
        shutil.copyfile(ROOT / "inputs" / name, folder / name)
    groups = ["Government", "Private sector", "Civil society", "Technical community",
              "Academic community", "International or regional organization", "Other"]
    regions = ["Africa", "Arab region", "Asia and the Pacific", "Europe",
               "Latin America and the Caribbean", "North America", "Other or not stated"]
    wb = openpyxl.Workbook(write_only=True)
    survey = wb.create_sheet("Survey")
    for row in (["Field", "Value"], ["Questionnaire circulated", date(2023, 9, 16)],
                ["Total responses", rows]):
        survey.append(row)
    findings = wb.create_sheet("Findings")
    findings.append(["No.", "Finding"])
    findings.append([1, "A strong focus on infrastructure."])
    responses = wb.create_sheet("Responses")
    responses.append(["Response ID", "Submitted", "Stakeholder group", "Region"])
    start = datetime(2023, 9, 16, 9)
    for i in range(rows):
        responses.append([f"R{i:06d}", start + timedelta(minutes=7 * i), groups[i % 7],
                          regions[(i * 3 + i // 11) % 7]])
    wb.create_sheet("By stakeholder group").append(["Stakeholder group", "Responses"])
    wb.create_sheet("By region").append(["Region", "Responses"])
    wb.save(folder / "survey.xlsx")
    return folder


MESSAGE_WORDS = ("digital", "infrastructure", "skills", "financing", "governance", "cooperation",
                 "inclusion", "data", "connectivity", "innovation", "trust", "capacity")


def inputs_with_messages(extra: int) -> Path:
    """The sample inputs with ``extra`` more global key messages, which share their words
    (cached): a progress report of thousands of subparagraphs."""
    folder = CACHE / f"inputs-messages-{extra}"
    if (folder / "consultations.xlsx").exists():
        return folder
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    for book in (ROOT / "inputs").glob("*.xlsx"):
        shutil.copyfile(book, folder / book.name)
    wb = openpyxl.load_workbook(folder / "consultations.xlsx")
    sheet = wb["Key messages"]
    start = max(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)
                if row[0] == "Global") + 1
    for i in range(extra):
        words = " ".join(MESSAGE_WORDS[(i * k + k) % len(MESSAGE_WORDS)] for k in range(1, 10))
        sheet.append(["Global", start + i, f"Message {i + 1} on {words}."])
    wb.save(folder / "consultations.xlsx")
    return folder


def edited_inputs(folder: Path) -> Path:
    """The sample inputs with one key message reworded and one tally changed."""
    import openpyxl

    folder.mkdir(parents=True)
    for book in (ROOT / "inputs").glob("*.xlsx"):
        shutil.copyfile(book, folder / book.name)
    wb = openpyxl.load_workbook(folder / "consultations.xlsx")
    wb["Key messages"]["C14"] = "A reworded message on the governance of data flows."
    wb.save(folder / "consultations.xlsx")
    return folder


def reviewed_copies(source: Path, folder: Path, copies: int = 30, each: int = 50) -> list[str]:
    """``copies`` reviewed copies of ``source``, each with ``each`` comments and tracked
    insertions spread over its paragraphs, as Word writes them."""
    import io
    import zipfile

    from lxml import etree

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    paths = []
    for n in range(copies):
        body = etree.fromstring(parts["word/document.xml"])
        paragraphs = [p for p in body.iter(f"{{{w}}}p") if p.find(f".//{{{w}}}t") is not None]
        comments = []
        for i in range(each):
            p = paragraphs[(i * 7 + n) % len(paragraphs)]
            if i % 2:
                ins = etree.SubElement(p, f"{{{w}}}ins", {f"{{{w}}}id": str(5000 + i),
                                                          f"{{{w}}}author": f"Reviewer {n}",
                                                          f"{{{w}}}date": "2025-04-20T00:00:00Z"})
                etree.SubElement(etree.SubElement(ins, f"{{{w}}}r"), f"{{{w}}}t").text = " more"
                continue
            p.insert(1, etree.Element(f"{{{w}}}commentRangeStart", {f"{{{w}}}id": str(i)}))
            p.append(etree.Element(f"{{{w}}}commentRangeEnd", {f"{{{w}}}id": str(i)}))
            ref = etree.SubElement(p, f"{{{w}}}r")
            etree.SubElement(ref, f"{{{w}}}commentReference", {f"{{{w}}}id": str(i)})
            comments.append(f'<w:comment w:id="{i}" w:author="Reviewer {n}" w:initials="R" '
                            f'w:date="2025-04-20T00:00:00Z"><w:p><w:r><w:t>Comment {i} of '
                            f"copy {n}</w:t></w:r></w:p></w:comment>")
        copy = dict(parts)
        copy["word/document.xml"] = etree.tostring(body)
        copy["word/comments.xml"] = (f'<w:comments xmlns:w="{w}">' + "".join(comments)
                                     + "</w:comments>").encode()
        copy["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdC" Type="http://schemas.openxmlformats'
            b'.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>'
            b"</Relationships>")
        copy["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", b'<Override PartName="/word/comments.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>')
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in copy.items():
                z.writestr(name, data)
        path = folder / f"reviewed-{n:02d}.docx"
        path.write_bytes(out.getvalue())
        paths.append(str(path))
    return paths


def peer_check(folder: Path) -> list[str]:
    """The barest check with the same stack (benchmarks/peer_check.py)."""
    return [PY, str(Path(__file__).resolve().parent / "peer_check.py"), str(folder)]


def pdf_export(tmp: Path, report: Path, runs: int) -> list[dict]:
    """A tagged PDF/UA export of the final report and the progress deck (one office start)
    against the untagged export of the same two, as --pdf and --pdf untagged run them."""
    from wsis_report.office.convert import soffice, uno_python

    if not (soffice() and uno_python()):
        print("skipped: tagged vs untagged PDF (LibreOffice with python3-uno is not installed)")
        return []
    decks = tmp / "deck"
    subprocess.run([*MAKE_REPORT, "--stage", "progress", "--slides", "--out", str(decks)],
                   cwd=ROOT, check=True, capture_output=True)
    sources = [str(report), str(decks / "wsis20-progress.pptx")]
    export = ("import sys; from pathlib import Path; from wsis_report.office.convert import "
              "to_pdf; s = [Path(a) for a in sys.argv[2:]]; to_pdf(s, [Path(sys.argv[1]) / "
              "(p.stem + p.suffix.replace('.', '-') + '.pdf') for p in s], "
              "tagged=sys.argv[1].endswith('tagged'))")
    (tmp / "tagged").mkdir()
    (tmp / "plain").mkdir()
    return [compare("tagged PDF/UA export (report and deck) vs untagged",
                    [PY, "-c", export, str(tmp / "tagged"), *sources],
                    [PY, "-c", export, str(tmp / "plain"), *sources], runs, 1.1)]


def annotated_pdfs(pdf: Path, folder: Path, copies: int = 30, each: int = 20) -> list[str]:
    """``copies`` copies of ``pdf``, each with ``each`` highlights (with a note) over words
    spread across its pages and a reply to every other one, as Acrobat writes them."""
    import re

    import pikepdf
    import pypdfium2 as pdfium

    folder.mkdir(parents=True)
    document = pdfium.PdfDocument(str(pdf))
    words = []  # (page, quad) of words of five letters or more, over every page
    for n in range(len(document)):
        text = document[n].get_textpage()
        page_text = text.get_text_range()
        for m in re.finditer(r"\w{5,}", page_text):
            boxes = [text.get_charbox(i) for i in range(m.start(), m.end())]
            words.append((n, min(b[0] for b in boxes), min(b[1] for b in boxes),
                          max(b[2] for b in boxes), max(b[3] for b in boxes)))
    document.close()
    paths = []
    for c in range(copies):
        with pikepdf.open(pdf) as out:
            for i in range(each):
                n, x0, y0, x1, y1 = words[(i * 37 + c * 11) % len(words)]
                page = out.pages[n]
                if "/Annots" not in page.obj:
                    page.obj.Annots = out.make_indirect(pikepdf.Array())
                mark = out.make_indirect(pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Highlight,
                    Rect=[x0, y0, x1, y1], QuadPoints=[x0, y1, x1, y1, x0, y0, x1, y0],
                    T=f"Reviewer {c}", Contents=f"Remark {i} of copy {c}",
                    M="D:20250420100000+02'00'", NM=f"c{c}-{i}"))
                page.obj.Annots.append(mark)
                if i % 2:
                    page.obj.Annots.append(out.make_indirect(pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, IRT=mark,
                        RT=pikepdf.Name.R, Rect=[x0, y0, x1, y1], T="Secretariat",
                        Contents="Noted.", NM=f"c{c}-{i}-r")))
            path = folder / f"annotated-{c:02d}.pdf"
            out.save(path)
        paths.append(str(path))
    return paths


def pdf_copies(tmp: Path, runs: int) -> list[dict]:
    """``comments`` reading 30 annotated PDFs (the draft as --pdf writes it) into a matrix,
    against PDFium opening them and reading what any reader of their remarks must: every
    page's text and every annotation's strings."""
    from wsis_report.office.convert import soffice

    if not soffice():
        print("skipped: annotated PDF copies (LibreOffice is not installed)")
        return []
    dist = tmp / "pdf-dist"
    subprocess.run([*MAKE_REPORT, "--stage", "draft", "--pdf", "--out", str(dist)], cwd=ROOT,
                   check=True, capture_output=True)
    copies = annotated_pdfs(dist / "wsis20-draft.pdf", tmp / "annotated")
    matrix = tmp / "pdf-comments.xlsx"
    floor = ("import sys, pypdfium2 as p, pypdfium2.raw as c\n"
             "for f in sys.argv[1:]:\n"
             " d = p.PdfDocument(f)\n"
             " for n in range(len(d)):\n"
             "  g = d[n]; g.get_textpage().get_text_range()\n"
             "  for i in range(c.FPDFPage_GetAnnotCount(g.raw)):\n"
             "   a = c.FPDFPage_GetAnnot(g.raw, i)\n"
             "   for k in (b'T', b'Contents', b'M', b'NM'):\n"
             "    c.FPDFAnnot_GetStringValue(a, k, None, 0)\n"
             "   c.FPDFPage_CloseAnnot(a)\n")

    def fresh(key: str) -> None:
        matrix.unlink(missing_ok=True)

    return [compare("comments, 30 annotated PDF copies (600 highlights, 300 replies), vs "
                    "PDFium opening them", [*MAKE_REPORT, "comments", *copies, "--matrix",
                                            str(matrix), "--out", str(dist)],
                    [PY, "-c", floor, *copies], runs, 2.0, prepare=fresh)]


def page_rows(tmp: Path, runs: int) -> list[dict]:
    """Checking workbooks through the editors' page vs ``make-report check`` of the same
    workbooks: the sample ones (valid, so both also read the house style of each stage's
    document, as ``check --style``), and with two faults in the consultations. The page's
    time is what its client waits for, from asking for the page to reading the result; the
    check's is its whole process, what a drafter waits for."""
    import openpyxl

    from page import client, serving

    faulty = tmp / "page-faulty"
    faulty.mkdir()
    for book in (ROOT / "inputs").glob("*.xlsx"):
        shutil.copyfile(book, faulty / book.name)
    wb = openpyxl.load_workbook(faulty / "consultations.xlsx")
    wb["Consultations"]["I7"], wb["Consultations"]["E3"] = "Tanzania", "01/03/2024"
    wb.save(faulty / "consultations.xlsx")
    rows = []
    for name, folder, style in (("sample workbooks, with house style", ROOT / "inputs", True),
                                ("two faults", faulty, False)):
        books = sorted(folder.glob("*.xlsx"))
        with serving(folder, ROOT) as url:
            rows.append(compare(f"page: check through the server, {name}, vs make-report check",
                                client(url, books),
                                [*MAKE_REPORT, "check", "--inputs", str(folder),
                                 *(["--style"] if style else [])], max(runs, 7), 1.5,
                                reported=True))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-scale", action="store_true",
                        help="skip the large survey and the progress reports of many messages")
    parser.add_argument("--json", type=Path, default=CACHE / "results.json")
    args = parser.parse_args()
    # Byte-compile the package first: an editable install under PYTHONDONTWRITEBYTECODE
    # would otherwise compile it from source in every timed process, as no user's does.
    compileall.compile_dir(str(ROOT / "wsis_report"), quiet=1)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        out, floor_out = tmp / "dist", tmp / "floor"
        floor_out.mkdir()
        first = [*MAKE_REPORT, "--stage", "ecosoc", "--out", str(out)]
        subprocess.run(first, cwd=ROOT, check=True, capture_output=True)
        reference = out / "wsis20-ecosoc.docx"
        shutil.copyfile(reference, tmp / "reference.docx")
        floor = [PY, "-c", "import docx, sys; docx.Document(sys.argv[1]).save(sys.argv[2])",
                 str(tmp / "reference.docx"), str(floor_out / "out.docx")]

        def clear(key: str) -> None:
            if key == "subject":
                shutil.rmtree(out, ignore_errors=True)

        def clear_builds(key: str) -> None:
            if key != "floor":
                shutil.rmtree(out, ignore_errors=True)

        results.append(compare("first ecosoc build vs python-docx open+save", first, floor,
                               args.runs, 3.0, prepare=clear))
        results.append(compare("repeat ecosoc build vs python-docx open+save", first, floor,
                               args.runs, 2.0))
        results.append(compare("make-report --help vs python -c pass",
                               [*MAKE_REPORT, "--help"], [PY, "-c", "pass"], args.runs, 10.0))
        edited = edited_inputs(tmp / "edited")
        subprocess.run([*MAKE_REPORT, "--stage", "ecosoc", "--inputs", str(edited), "--out",
                        str(tmp / "edited-dist")], cwd=ROOT, check=True, capture_output=True)
        pair = [str(tmp / "reference.docx"), str(tmp / "edited-dist" / "wsis20-ecosoc.docx")]
        results.append(compare("changes between two ecosoc builds vs python-docx opening both",
                               [*MAKE_REPORT, "changes", *pair],
                               [PY, "-c", "import docx, sys; [docx.Document(p) for p in "
                                "sys.argv[1:]]", *pair], args.runs, 2.0))
        copies = reviewed_copies(reference, tmp / "reviewed")
        matrix = tmp / "comments.xlsx"

        def fresh_matrix(key: str) -> None:
            matrix.unlink(missing_ok=True)

        thirty = compare("comments, 30 copies with 1,500 remarks, vs python-docx opening "
                         "them", [*MAKE_REPORT, "comments", *copies, "--matrix", str(matrix)],
                         [PY, "-c", "import docx, sys; [docx.Document(p) for p in "
                          "sys.argv[1:]]", *copies], args.runs, 2.0, prepare=fresh_matrix)
        results.append(thirty)
        many = reviewed_copies(reference, tmp / "reviewed-200", copies=200, each=100)
        big = tmp / "comments-200.xlsx"

        def fresh_big(key: str) -> None:
            big.unlink(missing_ok=True)

        result = compare("comments, 200 copies with 20,000 remarks, vs python-docx opening "
                         "them", [*MAKE_REPORT, "comments", *many, "--matrix", str(big)],
                         [PY, "-c", "import docx, sys; [docx.Document(p) for p in "
                          "sys.argv[1:]]", *many], max(3, args.runs // 2), 3.0,
                         prepare=fresh_big)
        # bounded memory: the matrix is streamed, the copies read one at a time (the floor
        # holds all 200 documents); writing 20,000 rows with openpyxl is most of the time
        result["memory_target_mb"] = 400
        result["met"] = result["met"] and result["subject_peak_mb"] < 400
        results.append(result)
        growth = result["subject_s"] / thirty["subject_s"]
        results.append({"name": "comments growth, 1,500 -> 20,000 remarks", "runs": 0,
                        "subject_s": result["subject_s"], "floor_s": thirty["subject_s"],
                        "subject_range_s": result["subject_range_s"],
                        "floor_range_s": thirty["subject_range_s"],
                        "subject_peak_mb": result["subject_peak_mb"],
                        "floor_peak_mb": thirty["subject_peak_mb"], "ratio": growth,
                        "target": 20_000 / 1_500, "met": growth <= 20_000 / 1_500})
        progress = [*MAKE_REPORT, "--stage", "progress", "--out", str(out)]
        subprocess.run(progress, cwd=ROOT, check=True, capture_output=True)
        shutil.copyfile(out / "wsis20-progress.docx", tmp / "progress.docx")
        progress_floor = [PY, "-c", "import docx, sys; docx.Document(sys.argv[1]).save(sys.argv[2])",
                          str(tmp / "progress.docx"), str(floor_out / "progress.docx")]
        results.append(compare_added("--slides added to a first progress build, vs floor",
                                     progress, [*progress, "--slides"], progress_floor,
                                     args.runs, 1.0, prepare=clear_builds))
        draft = tmp / "draft" / "wsis20-draft.docx"
        subprocess.run([*MAKE_REPORT, "--stage", "draft", "--out", str(draft.parent)], cwd=ROOT,
                       check=True, capture_output=True)
        both = ("import docx, sys; [docx.Document(a).save(b) for a, b in "
                "((sys.argv[1], sys.argv[3]), (sys.argv[2], sys.argv[4]))]")
        results.append(compare(
            "redline draft -> ecosoc vs python-docx open+save both",
            [*MAKE_REPORT, "redline", str(draft), str(tmp / "reference.docx"), "-o",
             str(tmp / "redline.docx")],
            [PY, "-c", both, str(draft), str(tmp / "reference.docx"),
             str(floor_out / "a.docx"), str(floor_out / "b.docx")], args.runs, 3.0))
        results += pdf_export(tmp, reference, args.runs)
        results += page_rows(tmp, args.runs)
        results += pdf_copies(tmp, args.runs)
        singles = " && ".join(f"{PY} -m wsis_report.cli --stage {s} --force --out {tmp / 'single'}"
                              for s in ("progress", "draft", "ecosoc"))
        results.append(compare("--stage all vs three single-stage builds",
                               [*MAKE_REPORT, "--stage", "all", "--force", "--out", str(tmp / "all")],
                               ["sh", "-c", singles], args.runs, 1.0))
    if not args.skip_scale:
        scale = []
        for rows in (10_000, 100_000):
            folder = survey_with_responses(rows)
            # A check of 10,000 responses lasts about 0.15 s, within a shared machine's jitter:
            # more runs settle its median. 100,000 take a second; five runs do.
            runs = max(11, args.runs) if rows == 10_000 else max(5, args.runs // 2)
            result = compare(f"check with {rows:,} responses vs the peer script",
                             [*MAKE_REPORT, "check", "--stage", "progress", "--inputs",
                              str(folder)], peer_check(folder), runs, 1.0)
            result["memory_target_mb"] = 150
            result["met"] = result["met"] and result["subject_peak_mb"] <= 150
            results.append(result)
            scale.append(result)
        # Linear growth: ten times the rows may cost at most ten times the time.
        growth = scale[1]["subject_s"] / scale[0]["subject_s"]
        results.append({"name": "check growth, 10,000 -> 100,000 responses", "runs": 0,
                        "subject_s": scale[1]["subject_s"], "floor_s": scale[0]["subject_s"],
                        "subject_range_s": scale[1]["subject_range_s"],
                        "floor_range_s": scale[0]["subject_range_s"],
                        "subject_peak_mb": scale[1]["subject_peak_mb"], "floor_peak_mb":
                        scale[0]["subject_peak_mb"], "ratio": growth, "target": 10.0,
                        "met": growth <= 10.0})
        results += message_scale(args.runs)
    report(results, args.json)
    return 0


def message_scale(runs: int) -> list[dict]:
    """The progress report built with 100, 1,000 and 10,000 more key messages: each against
    python-docx opening and saving what it built, and the growth per ten times more
    messages (at most 12 times: a build's cost grows with the document, not its square)."""
    results, timed_builds = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for extra in (100, 1_000, 10_000):
            folder, out = inputs_with_messages(extra), Path(tmp) / f"m{extra}"
            build = [*MAKE_REPORT, "--stage", "progress", "--inputs", str(folder), "--out",
                     str(out), "--force"]
            subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
            copy = Path(tmp) / f"m{extra}.docx"
            shutil.copyfile(out / "wsis20-progress.docx", copy)
            floor = [PY, "-c", "import docx, sys; docx.Document(sys.argv[1]).save(sys.argv[2])",
                     str(copy), str(Path(tmp) / f"f{extra}.docx")]
            # "10,000 within a few seconds": python-docx opens and saves that report in about
            # 0.3 s on the 2-core machine, so a few seconds is 15 times it
            result = compare(f"progress build, {extra:,} more key messages, vs python-docx "
                             "open+save", build, floor, max(3, runs // 2 if extra == 10_000
                                                            else runs), 15.0)
            results.append(result)
            timed_builds.append(result)
    for small, large in zip(timed_builds, timed_builds[1:]):
        growth = large["subject_s"] / small["subject_s"]
        results.append({"name": "progress build growth, ten times the messages", "runs": 0,
                        "subject_s": large["subject_s"], "floor_s": small["subject_s"],
                        "subject_range_s": large["subject_range_s"],
                        "floor_range_s": small["subject_range_s"],
                        "subject_peak_mb": large["subject_peak_mb"],
                        "floor_peak_mb": small["subject_peak_mb"], "ratio": growth,
                        "target": 12.0, "met": growth <= 12.0})
    return results


def report(results: list[dict], path: Path) -> None:
    print(f"{'benchmark':<52} {'subject':>9} {'floor':>9} {'ratio':>7} {'target':>7}  peak MB")
    for r in results:
        verdict = "ok" if r["met"] else "MISSED"
        print(f"{r['name']:<52} {r['subject_s']:>8.3f}s {r['floor_s']:>8.3f}s "
              f"{r['ratio']:>6.2f}x {r['target']:>6.1f}x  {r['subject_peak_mb']:>6.0f}  {verdict}")
        print(f"{'':<52} {r['subject_range_s'][0]:.3f}–{r['subject_range_s'][1]:.3f}s "
              f"{r['floor_range_s'][0]:.3f}–{r['floor_range_s'][1]:.3f}s")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"date": date.today().isoformat(), "python": platform.python_version(),
                                "machine": platform.machine(), "results": results}, indent=2))
    print(f"\nWritten {path}")


if __name__ == "__main__":
    sys.exit(main())
