"""A PowerPoint template the deck cannot be made from: named before anything is written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pptx import Presentation

from wsis_report.cli import main
from wsis_report.pipeline import build
from wsis_report.documents.errors import TemplateProblem

ROOT = Path(__file__).resolve().parents[3]


def edit_template(folder: Path, change) -> None:
    prs = Presentation(str(folder / "progress.pptx"))
    change(prs)
    prs.save(str(folder / "progress.pptx"))


def layout(prs, name):
    return next(l for l in prs.slide_layouts if l.name == name)


def rename_layout(prs, old="Chart", new="Graph"):
    layout(prs, old)._element.cSld.set("name", new)


def rename_placeholder(prs):
    source = next(p for p in layout(prs, "Chart").placeholders if p.name == "Source")
    source._element.nvSpPr.cNvPr.set("name", "Footnote")


@pytest.mark.parametrize("change, message", [
    (rename_layout, "progress.pptx: no layout named 'Chart' (the template has: 'Title slide', "
                    "'Table', 'List', 'Graph', 'Closing')"),
    (rename_placeholder, "progress.pptx: layout 'Chart' has no placeholder named 'Source' "
                         "(it has: 'Title', 'Chart', 'Footnote', 'Slide number')"),
])
def test_a_missing_layout_or_placeholder_is_named_and_nothing_is_written(
        templates, tmp_path, change, message):
    edit_template(templates, change)
    out = tmp_path / "dist"
    with pytest.raises(TemplateProblem) as caught:
        build(ROOT / "inputs", ["progress"], templates, out, slides=True)
    assert str(caught.value).startswith(message)
    assert not out.exists()


def test_the_command_says_so_and_exits_1(templates, tmp_path, capsys):
    (templates / "progress.pptx").write_text("not a deck")
    out = tmp_path / "dist"
    code = main(["--stage", "progress", "--slides", "--templates", str(templates),
                 "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    assert "progress.pptx: is not a PowerPoint presentation" in err
    assert "Nothing was written." in err and not out.exists()


def test_progress_needs_a_deck_template_other_stages_may_have_none(templates, tmp_path):
    (templates / "progress.pptx").unlink()
    with pytest.raises(TemplateProblem, match="there is no template .*progress.pptx"):
        build(ROOT / "inputs", ["progress"], templates, tmp_path / "a", slides=True)
    [draft] = build(ROOT / "inputs", ["draft"], templates, tmp_path / "b", slides=True)
    assert draft.deck is None and sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "wsis20-draft.docx"]
    [plain] = build(ROOT / "inputs", ["progress"], templates, tmp_path / "c")
    assert plain.deck is None


def test_example_slides_and_extra_placeholders_in_the_template_leave_no_trace(templates,
                                                                               tmp_path):
    def add_example(prs):
        slide = prs.slides.add_slide(layout(prs, "List"))
        slide.shapes.title.text = "An example slide the drafter left"

    edit_template(templates, add_example)
    [doc] = build(ROOT / "inputs", ["progress"], templates, tmp_path, slides=True)
    deck = Presentation(str(doc.deck.path))
    assert all(s.shapes.title.text_frame.text != "An example slide the drafter left"
               for s in deck.slides)
    assert len(deck.slides) == 10



def children() -> list[int]:
    """This process's child processes, zombies included (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not hasattr(os, "fork"),
                    reason="needs /proc and fork")
def test_a_document_that_fails_beside_its_deck_leaves_no_process_behind(templates, tmp_path):
    import gc

    import docx

    broken = docx.Document()
    broken.add_paragraph("{{ no_such_name }}")
    broken.save(str(templates / "progress.docx"))
    before = children()
    with pytest.raises(TemplateProblem, match="no_such_name"):
        build(ROOT / "inputs", ["progress"], templates, tmp_path / "out", slides=True)
    gc.collect()
    assert children() == before and not (tmp_path / "out").exists()


def test_a_larger_font_in_the_list_placeholder_gives_more_slides_not_overflow(templates,
                                                                               tmp_path):
    from deck_reading import overflowing, titles

    def enlarge(prs):
        box = next(p for p in layout(prs, "List").placeholders if p.name == "List")
        size = box._element.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}"
                                 "lvl1pPr/{http://schemas.openxmlformats.org/drawingml/2006/"
                                 "main}defRPr")
        size.set("sz", "3200")

    [before] = build(ROOT / "inputs", ["progress"], templates, tmp_path / "a", slides=True)
    edit_template(templates, enlarge)
    [after] = build(ROOT / "inputs", ["progress"], templates, tmp_path / "b", slides=True)
    old, new = Presentation(str(before.deck.path)), Presentation(str(after.deck.path))
    count = lambda prs: sum(t.startswith("Key messages from global") for t in titles(prs))
    assert (count(old), count(new)) == (1, 2)
    assert overflowing(new) == [] and after.deck.slides > before.deck.slides


def test_the_bundled_template_is_what_the_tool_writes():
    """tools/make_slides_template.py writes templates/progress.pptx byte for byte, so a
    change to the tool (the slide numbers on the layouts) reaches the bundled template."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_slides_template",
                                                  ROOT / "tools" / "make_slides_template.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.build() == (ROOT / "templates" / "progress.pptx").read_bytes()
