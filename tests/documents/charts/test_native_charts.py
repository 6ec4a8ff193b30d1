"""--charts native: the report's figures as Word charts, reopened part by part."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from wsis_report.cli import main
from wsis_report.pipeline import build

ROOT = Path(__file__).resolve().parents[3]
CHART_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
GROUPS = [("Government", 38), ("Private sector", 12), ("Civil society", 27),
          ("Technical community", 9), ("Academic community", 14),
          ("International or regional organization", 8), ("Other", 4)]


@pytest.fixture(scope="module")
def native(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    [doc] = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", out, charts="native")
    return doc


def chart_parts(path: Path) -> list:
    document = docx.Document(str(path))
    return [rel.target_part for rel in document.part.rels.values()
            if rel.reltype == CHART_REL]


def test_each_figure_is_a_chart_part_with_its_numbers_in_a_workbook(native):
    charts = chart_parts(native.path)
    assert native.figures == 2 and len(charts) == 2
    xml = charts[0].blob.decode("utf-8")
    assert '<c:barDir val="bar"/>' in xml  # horizontal bars
    assert re.findall(r"<c:pt idx=\"\d+\"><c:v>([^<]*)</c:v>", xml)[1:8] == [g for g, _ in GROUPS]
    assert "38 (33.9%)" in xml and "4 (3.6%)" in xml  # value and per cent labels
    series = re.findall(r"<c:ser>.*?</c:ser>", xml, re.S)
    assert len(series) == 1 and "<c:dPt>" not in series[0]  # one colour for every bar
    assert set(re.findall(r'<a:srgbClr val="(\w+)"', series[0])) == {"1F4E79"}
    assert re.search(r'<c:chartSpace.*</c:chart><c:spPr><a:noFill/><a:ln><a:noFill/>', xml)
    assert set(re.findall(r'sz="(\d+)"', xml)) == {"900"}  # 9 pt text
    [book] = [rel.target_part for rel in charts[0].rels.values()]
    rid = re.search(r'<c:externalData r:id="(rId\d+)"', xml)[1]
    assert charts[0].rels[rid].target_part is book
    sheet = openpyxl.load_workbook(io.BytesIO(book.blob)).worksheets[0]
    assert [tuple(r) for r in sheet.iter_rows(min_row=2, values_only=True)] == GROUPS


def test_charts_keep_the_caption_source_and_alt_text(native):
    with zipfile.ZipFile(native.path) as z:
        body = z.read("word/document.xml").decode("utf-8")
        names = z.namelist()
    inline = re.findall(r'<wp:inline.*?</wp:inline>', body)
    assert len(inline) == 2 and all('uri="http://schemas.openxmlformats.org/drawingml/2006/'
                                    'chart"' in i for i in inline)
    assert 'descr="Responses to the online survey by stakeholder group (112 responses): ' \
           'Government 38 (33.9 per cent);' in inline[0]
    text = " ".join(p.text for p in docx.Document(str(native.path)).paragraphs)
    assert "Figure I Responses to the online survey by stakeholder group" in " ".join(text.split()) \
        or "Figure I" in text
    assert text.count("Source: CSTD secretariat, online survey (2023–2024).") >= 2
    assert not [n for n in names if n.startswith("word/media/")]  # no picture of a chart


def test_pictures_stay_the_default_and_switching_rebuilds(tmp_path, native):
    [picture] = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path)
    assert chart_parts(picture.path) == []
    [switched] = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path,
                       charts="native")
    assert not switched.up_to_date and len(chart_parts(switched.path)) == 2
    assert switched.path.read_bytes() == native.path.read_bytes()  # byte-reproducible
    [again] = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path, charts="native")
    assert again.up_to_date


def test_the_command_takes_picture_or_native_only(capsys):
    assert main(["--stage", "ecosoc", "--charts", "svg"]) == 2
    assert "invalid choice: 'svg'" in capsys.readouterr().err


@pytest.mark.parametrize("rows", [[("Europe", 5)], [("Africa", 0), ("Europe", 0)],
                                  [(f"Region {n}", n) for n in range(1, 41)]])
def test_one_row_all_zeros_or_forty_rows_still_give_a_chart_that_reads(rows):
    from dataclasses import replace

    from wsis_report import load_inputs
    from wsis_report.documents.context import TallyRow, build_context
    from wsis_report.documents.rendering.render import render
    from wsis_report.inputs.contract.stages import get_stage

    context = build_context(load_inputs(ROOT / "inputs"), get_stage("progress"))
    figure = context["figures"]["by_region"]
    tally = tuple(TallyRow(label, count, 0.0) for label, count in rows)
    figures = {**context["figures"], "by_region": replace(
        figure, rows=tally, total=sum(c for _, c in rows))}
    data, _ = render(ROOT / "templates" / "progress.docx", {**context, "figures": figures},
                     charts="native")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/charts/chart2.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert f'<c:ptCount val="{len(rows)}"/>' in xml
    assert '<c:tickLblSkip val="1"/>' in xml  # every label shown, however many
    assert float(re.search(r'<c:max val="([^"]+)"/>', xml)[1]) > 0  # no empty 0-to-0 axis
    total = sum(c for _, c in rows)
    first = rows[0][1]
    assert f"{first} ({100 * first / total if total else 0:.1f}%)" in xml
    heights = [int(h) for h in re.findall(r'<wp:extent cx="\d+" cy="(\d+)"/>', body)]
    assert max(heights) <= 200 * 36_000  # within a page
