import openpyxl
from openpyxl.comments import Comment

from wsis_report.editors.annotate import annotate_workbooks
from wsis_report.inputs.issues import Issue, ValidationReport


def _workbook(folder):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Consultations"
    ws.append(["ID", "Scope", "City"])
    ws.append(["G1", "Global", "Geneva"])
    ws.append(["R1", "Regional", None])
    ws["C2"].comment = Comment("the editor's own note", "Editor")
    ws.merge_cells("A5:B5")
    path = folder / "consultations.xlsx"
    wb.save(path)
    return path


def _where(**kw):
    return dict(workbook="consultations.xlsx", sheet="Consultations", **kw)


def test_problem_cells_are_highlighted_and_commented_in_a_copy(tmp_path):
    source = _workbook(tmp_path)
    before = source.read_bytes()
    report = ValidationReport([
        Issue("value-missing", "City is empty", "Fill in the city.", **_where(cell="C3")),
        Issue("value-odd", "City looks odd", severity="warning", **_where(cell="C3")),
        Issue("value-odd", "Geneva is spelt oddly", severity="warning", **_where(cell="C2")),
        Issue("duplicate", "the row repeats row 2", **_where(cell="3:3")),
        Issue("merged", "merged cells", severity="warning", **_where(cell="B5")),
        Issue("sheet-missing", "the sheet 'Key messages' is missing",
              workbook="consultations.xlsx", sheet="Key messages"),
        Issue("not-there", "no such file", workbook="survey.xlsx", sheet="Survey", cell="B2"),
    ])
    out = tmp_path / "dist"
    (path,), reasons = annotate_workbooks(tmp_path, report, out)
    assert reasons == []
    assert path == out / "consultations.annotated.xlsx"
    assert source.read_bytes() == before
    assert [p.name for p in out.iterdir()] == [path.name]  # no temporary file left behind

    ws = openpyxl.load_workbook(path)["Consultations"]
    city = ws["C3"]
    assert city.fill.fgColor.rgb.endswith("FFC7CE")  # an error outweighs a warning
    assert city.comment.author == "wsis-report"
    assert city.comment.text == "City is empty. Fill in the city.\n\nCity looks odd."
    assert ws["C2"].fill.fgColor.rgb.endswith("FFEB9C")
    assert ws["C2"].comment.text == "the editor's own note\n\nGeneva is spelt oddly."
    assert ws["A3"].comment.text == "The row repeats row 2."
    assert ws["A5"].comment.text == "Merged cells."
    assert ws["A1"].comment.text == "The sheet 'Key messages' is missing."
    assert ws["B2"].comment is None and ws["B2"].value == "Global"


def test_nothing_is_written_without_issues_or_readable_files(tmp_path):
    (tmp_path / "report.xlsx").write_bytes(b"not a workbook")
    report = ValidationReport([
        Issue("bad", "broken", workbook="report.xlsx", sheet="Timetable", cell="A2"),
        Issue("gone", "missing", workbook="survey.xlsx", sheet="Survey", cell="B2"),
        Issue("general", "no workbook at all"),
    ])
    assert annotate_workbooks(tmp_path, report, tmp_path / "dist") == ([], [])
    assert not (tmp_path / "dist").exists()
