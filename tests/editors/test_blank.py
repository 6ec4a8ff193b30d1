import openpyxl
import pytest

from wsis_report.editors.blank import write_blank_workbooks
from wsis_report.inputs.contract.workbooks import CONTRACT


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("blank") / "new"  # created by the call
    return folder, write_blank_workbooks(folder)


def _rules(ws, letter):
    return [dv for dv in ws.data_validations.dataValidation if f"{letter}2" in dv]


def test_writes_the_three_workbooks_with_readme_first_and_contract_sheets(written):
    folder, paths = written
    assert paths == [folder / spec.filename for spec in CONTRACT]
    for spec, path in zip(CONTRACT, paths):
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames[0] == "README"
        assert [s.name for s in spec.sheets] == [n for n in wb.sheetnames
                                                  if n not in ("README", "Lists")]
        readme = "\n".join(str(c.value) for row in wb["README"].iter_rows() for c in row
                           if c.value)
        assert spec.help in readme
        for sheet in spec.sheets:
            assert sheet.help in readme
            ws = wb[sheet.name]
            assert [c.value for c in ws[1]] == [c.name for c in sheet.columns]
            assert all(c.font.bold for c in ws[1])
            assert ws.freeze_panes == "A2"
            for letter, column in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", sheet.columns):
                assert ws.column_dimensions[letter].width == column.width


def test_every_column_has_a_prompt_and_choices_draw_on_the_lists_sheet(written):
    _, paths = written
    for spec, path in zip(CONTRACT, paths):
        wb = openpyxl.load_workbook(path)
        for sheet in spec.sheets:
            if sheet.layout == "fields":
                continue
            ws = wb[sheet.name]
            for index, column in enumerate(sheet.columns, start=1):
                letter = openpyxl.utils.get_column_letter(index)
                (rule,) = _rules(ws, letter)
                assert rule.showInputMessage and rule.promptTitle == column.name[:32]
                assert rule.prompt.endswith("Required.") == column.required
                if column.kind != "choice":
                    assert rule.type is None
                    continue
                assert rule.type == "list" and not rule.showErrorMessage
                assert rule.formula1.lstrip("=").startswith("Lists!$")
                ref = rule.formula1.lstrip("=").removeprefix("Lists!")
                values = [c.value for (c,) in wb["Lists"][ref.replace("$", "")]]
                assert values == column.choice.allowed


def test_number_formats_follow_the_kind(written):
    _, paths = written
    ws = openpyxl.load_workbook(paths[0])["Consultations"]
    assert ws.column_dimensions["E"].number_format == "d mmmm yyyy"  # Start date
    assert ws.column_dimensions["N"].number_format == "0"  # Participants
    assert ws.column_dimensions["D"].number_format == "@"  # Title
    timetable = openpyxl.load_workbook(paths[2])["Timetable"]
    assert timetable.column_dimensions["A"].number_format == "mmmm yyyy"


def test_survey_fields_are_prefilled_with_a_format_and_prompt_per_value(written):
    _, paths = written
    spec = CONTRACT[1].sheet("Survey")
    ws = openpyxl.load_workbook(paths[1])["Survey"]
    assert [c.value for c in ws["A"][1:]] == [f.name for f in spec.fields]
    assert ws["B2"].number_format == "d mmmm yyyy"  # Questionnaire circulated
    assert ws["B4"].number_format == "0"  # Total responses
    (rule,) = _rules(ws, "A")
    assert rule.showInputMessage
    prompts = {dv.promptTitle: dv.prompt for dv in ws.data_validations.dataValidation}
    assert prompts["Total responses"].startswith("When given")


def test_refuses_to_overwrite_and_leaves_the_files_alone(tmp_path):
    write_blank_workbooks(tmp_path)
    (tmp_path / "report.xlsx").unlink()
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    with pytest.raises(FileExistsError, match="consultations.xlsx.*survey.xlsx"):
        write_blank_workbooks(tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def _sentences(text: str) -> list[str]:
    import re

    return [s.strip().casefold() for s in re.split(r"(?<=[.:])\s+", text) if s.strip()]


def test_the_readme_says_each_thing_once(written):
    """Was 'A month, e.g. "April 2024". A month, e.g. "April 2024".' and 'progress, draft or
    ecosoc. One of: progress, draft, ecosoc.'"""
    _, paths = written
    for path in paths:
        ws = openpyxl.load_workbook(path)["README"]
        for row in ws.iter_rows(min_col=3, max_col=3):
            text = str(row[0].value or "")
            said = _sentences(text)
            assert len(said) == len(set(said)), text
            if text.startswith("progress, draft or ecosoc"):
                assert "One of" not in text
        readme = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
        if path.name == "report.xlsx":
            assert 'A month, e.g. "April 2024".' in readme
            assert any(t.startswith("The session as it is named") for t in readme)


def _words(pdf) -> list[tuple[int, float, float, float, float, str]]:
    """Every word LibreOffice printed, with its page and box (pdftotext -bbox)."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    words, page = [], 0
    for line in html.splitlines():
        if "<page " in line:
            page += 1
        found = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                          r"([^<]*)</word>", line)
        if found:
            x0, y0, x1, y1 = map(float, found.groups()[:4])
            words.append((page, x0, y0, x1, y1, found.group(5)))
    return words


def test_the_readme_prints_in_libreoffice_with_no_line_over_another(written, tmp_path):
    """Rows are as high as their wrapped text: LibreOffice printed overlapping lines before
    (it does not fit row heights to wrapped text of its own accord)."""
    import html
    import shutil

    from office_tools import need
    from wsis_report.office.convert import convert, soffice

    need(soffice(), "LibreOffice")
    need(shutil.which("pdftotext"), "pdftotext (poppler-utils)")
    _, paths = written
    copies = [tmp_path / p.name for p in paths]
    for path, copy in zip(paths, copies):
        shutil.copyfile(path, copy)
    for path, pdf in zip(paths, convert(copies, ".pdf", "pdf:calc_pdf_Export")):
        words = _words(pdf)
        printed = " ".join(html.unescape(w[-1]) for w in words)
        readme = [str(c.value) for row in openpyxl.load_workbook(path)["README"].iter_rows()
                  for c in row if c.value]
        for text in readme:  # every word printed, none cut off at the page's edge
            assert all(word in printed for word in text.split()), text
        boxes = sorted(words)
        for i, (page, x0, y0, x1, y1, word) in enumerate(boxes):
            for other in boxes[i + 1:]:
                if other[0] != page or other[1] >= x1:
                    break
                # the boxes of two lines one under the other touch (a word's box holds the
                # font's ascent and descent); lines printed over each other share most of it
                shared = min(y1, other[4]) - max(y0, other[2])
                assert shared < 0.3 * (y1 - y0), (path.name, word, other)
