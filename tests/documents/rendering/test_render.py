"""Templates: faults named with the template and the spot; values rendered literally."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from wsis_report.pipeline import build
from wsis_report.documents.rendering.render import TemplateProblem
from wsis_report.documents.house_style.words import document_text

from zip_parts import with_note

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = ["R&D", "a < b > c", "AT&amp;T", "{{ 7*7 }}", "{% for x in y %}", "{_{ x }_}",
           '<w:p><w:r><w:t>injected</w:t></w:r></w:p>', "]]>"]


def add_paragraph(path: Path, text: str) -> None:
    document = docx.Document(path)
    document.add_paragraph(text)
    document.save(path)


def refused(stage: str, templates: Path, out: Path) -> TemplateProblem:
    """The problem a build of ``stage`` stops with; nothing may be written."""
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", [stage], templates, out)
    assert not out.exists()
    return caught.value


def test_a_misspelled_name_is_reported_with_the_template_and_the_spot(templates, tmp_path):
    add_paragraph(templates / "progress.docx", "Responses: {{ survy.total }} in all")
    problem = refused("progress", templates, tmp_path / "out")
    assert problem.template == "progress.docx"
    assert "'survy'" in problem.message
    assert problem.around == "Responses: {{ survy.total }} in all"


def test_a_misspelled_attribute_in_the_shared_body_is_found_too(templates, tmp_path):
    add_paragraph(templates / "_report-body.docx", "Dated {{ doc.titel }}")
    problem = refused("ecosoc", templates, tmp_path / "out")
    assert problem.template == "ecosoc.docx"
    assert "titel" in problem.message
    assert "Dated {{ doc.titel }}" in problem.around
    assert "_report-body.docx" in problem.around


def test_a_broken_tag_is_reported_with_the_template_and_the_spot(templates, tmp_path):
    add_paragraph(templates / "draft.docx", "Closing {% if stage.draft %} without an end")
    problem = refused("draft", templates, tmp_path / "out")
    assert problem.template == "draft.docx"
    assert "broken tag" in problem.message
    assert "Closing {% if stage.draft %}" in str(problem)


@pytest.mark.parametrize("text", ["{{ cycler.__init__.__globals__ }}",
                                  "{{ doc.__class__.__mro__ }}",
                                  "{{ 'x' * 100000000 }}"])
def test_templates_cannot_reach_python_internals_or_build_huge_text(templates, tmp_path, text):
    add_paragraph(templates / "progress.docx", text)
    problem = refused("progress", templates, tmp_path / "out")
    assert problem.template == "progress.docx"


def test_a_failed_build_leaves_the_previous_output_and_no_stray_files(templates, tmp_path):
    out = tmp_path / "out"
    build(ROOT / "inputs", ["ecosoc"], templates, out)
    before = (out / "wsis20-ecosoc.docx").read_bytes()
    add_paragraph(templates / "ecosoc.docx", "{{ nope }}")
    with pytest.raises(TemplateProblem):
        build(ROOT / "inputs", ["ecosoc"], templates, out)
    assert [p.name for p in out.iterdir()] == ["wsis20-ecosoc.docx"]
    assert (out / "wsis20-ecosoc.docx").read_bytes() == before


def set_cells(path: Path, sheet: str, changes: dict[str, object]) -> None:
    wb = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        wb[sheet][ref] = value
    wb.save(path)


def test_markup_in_values_is_rendered_literally_in_body_tables_and_headers(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    title = " | ".join(HOSTILE)
    # The ecosoc title is in the body; the symbol's header repeats on every page;
    # consultation titles fill the annex table; key messages are body sub-items.
    set_cells(inputs / "report.xlsx", "Documents", {"B4": title, "M2": "Presenter " + title})
    set_cells(inputs / "consultations.xlsx", "Consultations", {"D2": "Launch " + title})
    set_cells(inputs / "consultations.xlsx", "Key messages", {"C2": "Message " + title})
    out = tmp_path / "dist"
    built = {d.stage.name.value: d for d in build(inputs, ["progress", "ecosoc"],
                                                   ROOT / "templates", out)}
    final = built["ecosoc"].path.read_bytes()
    body = document_text(final)
    assert body.count(title) >= 2  # the title and the key message
    document = docx.Document(built["ecosoc"].path)
    annex = next(t for t in document.tables if t.cell(0, 0).text == "Consultation")
    assert any(cell.text == "Launch " + title for row in annex.rows for cell in row.cells)
    assert docx.Document(built["ecosoc"].path).core_properties.title == title
    progress = document_text(built["progress"].path.read_bytes())
    assert "Presenter " + title in progress
    assert "injected" not in [p.text for p in document.paragraphs]


def test_a_half_typed_tag_points_at_its_paragraph(templates, tmp_path):
    add_paragraph(templates / "progress.docx", "Total {{ survey.total }")
    add_paragraph(templates / "progress.docx", "A later paragraph")
    problem = refused("progress", templates, tmp_path / "out")
    assert problem.around.startswith("Total {{ survey.total }")


def with_header_and_footnote(path: Path, text: str) -> None:
    """Adds ``text`` to the header and as a footnote of the template at ``path``."""
    document = docx.Document(path)
    document.sections[0].header.paragraphs[0].add_run(" " + text)
    document.save(path)
    with_note(path, "footnote", text)


def test_markup_in_values_is_literal_in_headers_and_footnotes_too(templates, tmp_path):
    import zipfile

    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    title = " | ".join(HOSTILE)
    set_cells(inputs / "report.xlsx", "Documents", {"B2": title})
    with_header_and_footnote(templates / "progress.docx", "Header: {{ doc.title }}")
    (built,) = build(inputs, ["progress"], templates, tmp_path / "dist")
    data = built.path.read_bytes()
    assert document_text(data, ("word/footnotes.xml",)).strip().splitlines()[0] == \
        "Header: " + title
    with zipfile.ZipFile(built.path) as z:
        headers = [n for n in z.namelist() if n.startswith("word/header")]
    assert any(("Header: " + title) in document_text(data, (h,)) for h in headers)


def test_a_template_that_runs_too_long_is_stopped(templates, tmp_path, monkeypatch):
    import wsis_report.documents.rendering.render as render_module

    monkeypatch.setattr(render_module, "RENDER_SECONDS", 1)
    add_paragraph(templates / "progress.docx",
                  "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                  "{% endfor %}")
    problem = refused("progress", templates, tmp_path / "out")
    assert "rendering was stopped after 1 s" in problem.message
    assert not (tmp_path / "out").exists()
