"""No silent loss through the renderer: every rendered part is well-formed before
docxtpl's lenient re-parse, and holds every value a tag wrote; escape hatches
and text-building filters are neutralised or bounded."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest

from wsis_report.documents.rendering.render import TemplateProblem
from wsis_report.documents.house_style.words import document_text
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[3]
TITLE = "R&D <consultations> & AT&amp;T"


@pytest.fixture
def inputs(tmp_path):
    """The sample inputs with a progress title full of markup characters."""
    folder = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", folder)
    wb = openpyxl.load_workbook(folder / "report.xlsx")
    wb["Documents"]["B2"] = TITLE
    wb.save(folder / "report.xlsx")
    return folder


def add_paragraphs(path: Path, *texts: str) -> None:
    document = docx.Document(path)
    for text in texts:
        document.add_paragraph(text)
    document.save(path)


def refused(inputs: Path, templates: Path, out: Path) -> TemplateProblem:
    with pytest.raises(TemplateProblem) as caught:
        build(inputs, ["progress"], templates, out)
    assert not out.exists()
    return caught.value


def test_safe_cannot_pass_markup_through(inputs, templates, tmp_path):
    add_paragraphs(templates / "progress.docx", "Safe: {{ doc.title|safe }} end",
                   "After & more")
    (doc,) = build(inputs, ["progress"], templates, tmp_path / "out")
    paragraphs = [p.text for p in docx.Document(doc.path).paragraphs]
    assert paragraphs[-2:] == [f"Safe: {TITLE} end", "After & more"]


@pytest.mark.parametrize("tag", ["{{ doc.title|urlize }}", "{{ doc|xmlattr }}",
                                 "{{ doc.title|tojson }}"])
def test_filters_that_make_markup_are_refused_as_broken_tags(inputs, templates, tmp_path, tag):
    add_paragraphs(templates / "progress.docx", f"Link {tag}")
    problem = refused(inputs, templates, tmp_path / "out")
    assert "broken tag" in problem.message and "No filter named" in problem.message
    assert problem.around == f"Link {tag}"


def test_a_block_cutting_across_a_table_cell_stops_with_the_spot(inputs, templates, tmp_path):
    # When the condition is false Jinja drops the markup between the tags, which
    # leaves the table's closing tags unmatched; lxml's recover would drop text.
    document = docx.Document(templates / "progress.docx")
    document.add_paragraph("Before {% if stage.draft %}hidden")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "{% endif %}first cell"
    table.cell(0, 1).text = "second cell"
    document.save(templates / "progress.docx")
    problem = refused(inputs, templates, tmp_path / "out")
    assert problem.template == "progress.docx"
    assert "would not be well-formed" in problem.message
    assert "first cell" in problem.around


def test_a_value_changed_after_it_was_written_is_named_with_its_paragraph(
        inputs, templates, tmp_path):
    add_paragraphs(templates / "progress.docx",
                   "Loud: {% filter upper %}{{ doc.presented_by }}{% endfilter %}")
    problem = refused(inputs, templates, tmp_path / "out")
    assert "'Shamika N. Sirimanne, Director" in problem.message and "is missing" in problem.message
    assert problem.around.startswith("Loud: {% filter upper %}{{ doc.presented_by }}")


def test_a_value_written_and_thrown_away_in_the_shared_body_names_that_file(
        inputs, templates, tmp_path):
    add_paragraphs(templates / "_report-body.docx",
                   "Kept {% set unused %}{{ doc.title }}{% endset %}aside")
    with pytest.raises(TemplateProblem) as caught:
        build(inputs, ["ecosoc"], templates, tmp_path / "out")
    assert caught.value.template == "ecosoc.docx"
    assert caught.value.around.endswith("(in _report-body.docx)")
    assert "Kept {% set unused %}" in caught.value.around


@pytest.mark.parametrize("tag, says", [
    ("{{ doc.title|center(100000000) }}", "width of 100,000,000"),
    ("{{ doc.title|indent(100000000) }}", "width of 100,000,000"),
    ("{{ '%09999999d'|format(1) }}", "more than 1,000,000 characters"),
    ("{{ lipsum(100000) }}", "lipsum is limited"),
    ("{{ doc.title.ljust(5000000) }}", "more than 1,000,000 characters"),
    ("{% for i in range(100000) %}{{ doc.title|center(100000) }}{% endfor %}",
     "more than 10,000,000 characters"),
    ("{% set ns = namespace(t=doc.title) %}{% for i in range(40) %}{% set ns.t = ns.t ~ ns.t %}"
     "{% endfor %}{{ ns.t|length }}", "more memory"),
])
def test_text_building_is_bounded_in_size_and_memory(inputs, templates, tmp_path, tag, says):
    add_paragraphs(templates / "progress.docx", f"Big: {tag}")
    problem = refused(inputs, templates, tmp_path / "out")
    assert problem.template == "progress.docx"
    assert says in problem.message


def test_padding_within_the_bounds_is_rendered_and_counted(inputs, templates, tmp_path):
    add_paragraphs(templates / "progress.docx", "[{{ doc.venue|center(12) }}]")
    (doc,) = build(inputs, ["progress"], templates, tmp_path / "out")
    assert "[   Geneva   ]" in document_text(doc.path.read_bytes())


def test_escaped_values_and_line_breaks_are_accounted_for(inputs, templates, tmp_path):
    add_paragraphs(templates / "progress.docx", "E: {{ doc.title|e }} / {{ 'a\\nb' }}")
    (doc,) = build(inputs, ["progress"], templates, tmp_path / "out")
    assert docx.Document(doc.path).paragraphs[-1].text == f"E: {TITLE} / a\nb"
