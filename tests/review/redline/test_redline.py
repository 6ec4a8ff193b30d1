"""The redline, read back with our own reader of w:ins/w:del: accepting every change gives
NEW's text, rejecting every change gives OLD's, on the sample and on edited pairs."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest

from wsis_report.review.redline.document import AUTHOR, RedlineProblem, make_redline
from wsis_report.review.redline.tracked import CELL, ROW, document_blocks

from redline_pairs import EDITS, REWORDED, edited_pair, mutated, sample_pair


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    old, new = sample_pair(tmp_path_factory.mktemp("sample"))
    return old, new, make_redline(old, new)


def assert_property(old: Path, new: Path, data: bytes) -> None:
    assert document_blocks(data, "accept") == document_blocks(new.read_bytes())
    assert document_blocks(data, "reject") == document_blocks(old.read_bytes())


def part(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def test_draft_to_final_accepts_to_the_final_and_rejects_to_the_draft(sample):
    old, new, redline = sample
    assert_property(old, new, redline.data)
    xml = part(redline.data)
    # the draft's cover note and Commission session block go, the Council's come in
    deleted = set(re.findall(r"[\w-]+", " ".join(re.findall(r"<w:delText[^>]*>([^<]*)<", xml))))
    assert {"Advance", "unedited", "version", "Commission", "Twenty-eighth"} <= deleted
    inserted = " ".join(re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml))
    assert "2025 session" in inserted and "Council" in inserted
    # both documents have the masthead and Summary tables: they are matched, not replaced
    assert not re.findall(r"<w:trPr>(?:(?!</w:trPr>).)*<w:ins ", xml)
    assert "<w:pPrChange" not in xml


def test_the_headers_and_footers_are_tracked_too(sample):
    data = sample[2].data
    # odd pages: the symbol at the right, "Draft" at the left; even pages the other way round
    assert document_blocks(data, "accept", "word/header1.xml") == ["\tE/2025/61"]
    assert document_blocks(data, "reject", "word/header1.xml") == ["Draft\tE/CN.16/2025/3"]
    assert document_blocks(data, "accept", "word/header2.xml") == ["E/2025/61"]
    assert document_blocks(data, "reject", "word/header2.xml") == ["E/CN.16/2025/3\tDraft"]
    # the whole symbol is replaced, never a few of its characters
    xml = part(data, "word/header1.xml")
    assert re.findall(r"<w:delText[^>]*>([^<]*)<", xml) == ["Draft", "E/CN.16/2025/3"]
    assert re.findall(r"<w:ins [^>]*>.*?<w:t(?: [^>]*)?>([^<]*)<", xml) == ["E/2025/61"]
    # the final report's first page has an empty header of its own: the draft's "Draft"
    # there is a tracked deletion, not a mark gone without trace
    first = re.search(r'<w:headerReference w:type="first" r:id="(\w+)"', part(data))[1]
    rels = part(data, "word/_rels/document.xml.rels")
    name = "word/" + re.search(rf'Id="{first}"[^>]*Target="([^"]+)"', rels)[1]
    assert document_blocks(data, "reject", name) == ["Draft"]
    assert document_blocks(data, "accept", name) == [""]
    assert re.findall(r"<w:delText[^>]*>([^<]*)<", part(data, name)) == ["Draft"]
    # the masthead's notes are footnotes with marks: the draft's (its agenda, its reason for
    # being late) deleted with their references, the final's inserted; each note is read as
    # its text, so the two agendas are two notes
    xml, notes = part(data), part(data, "word/footnotes.xml")
    gone = re.findall(r'<w:del [^>]*>(?:(?!</w:del>).)*?<w:footnoteReference w:id="(\d+)"'
                      r' w:customMarkFollows="1"', xml)
    texts = {i: re.sub(r"<[^>]+>", "", m) for i, m in re.findall(
        r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>', notes)}
    assert [texts[i] for i in gone] == ["*E/CN.16/2025/1.", "**The present report was "
                                        "submitted after the deadline to reflect the "
                                        "consultations and research that ended in "
                                        "January\xa02025."]  # a typed date on one line
    for footer in ("word/footer1.xml", "word/footer2.xml"):  # page numbers, odd and even
        assert document_blocks(data, "reject", footer) == ["1"]


def test_every_change_is_authored_by_the_secretariat_and_dated_with_the_final_report(sample):
    xml = part(sample[2].data)
    stamps = set(re.findall(r'w:author="([^"]*)" w:date="([^"]*)"', xml))
    assert stamps == {(AUTHOR, "2025-05-14T00:00:00Z")}
    ids = re.findall(r'<w:(?:ins|del|moveFrom|moveTo|pPrChange) w:id="(\d+)"', xml)
    assert len(ids) == len(set(ids)) > 0


def test_the_redline_is_byte_reproducible_and_reopens_in_python_docx(sample, tmp_path):
    old, new, redline = sample
    assert make_redline(old, new).data == redline.data
    path = tmp_path / "redline.docx"
    path.write_bytes(redline.data)
    reopened = docx.Document(str(path))
    final = docx.Document(str(new))
    assert reopened.core_properties.title == final.core_properties.title
    assert len(reopened.tables) == len(final.tables)
    # python-docx reads the unchanged text, but skips what is inside w:ins
    assert "Significant achievements have been made through WSIS." in \
        [p.text.split("\t")[-1] for p in reopened.paragraphs]
    shown = " ".join(p.text for p in reopened.paragraphs)  # inserted runs are not read
    assert "2025 session" in " ".join(p.text for p in final.paragraphs)
    assert "2025 session" not in shown
    with zipfile.ZipFile(io.BytesIO(redline.data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2025, 5, 14, 0, 0, 0)}


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_editors_change_to_the_workbooks_is_tracked_exactly(edit, tmp_path):
    old, new = edited_pair(tmp_path, edit)
    before = old.read_bytes(), new.read_bytes()
    redline = make_redline(old, new)
    assert_property(old, new, redline.data)
    assert (old.read_bytes(), new.read_bytes()) == before  # inputs never modified
    assert redline.warnings == []
    xml = part(redline.data)
    if edit == "message reworded":
        assert redline.counts["inserted words"] == 3 and redline.counts["deleted words"] == 0
        assert re.search(r"<w:ins [^>]*><w:r><w:rPr/><w:t [^>]*>and marginalized </w:t>", xml)
    if edit == "consultation added":
        # the title as running text gives it: "the third global consultation, held …"
        assert "third global consultation" in " ".join(re.findall(r"<w:ins .*?</w:ins>", xml))
    if edit == "table row removed":
        assert len(re.findall(r"<w:trPr>(?:(?!</w:trPr>).)*<w:del ", xml)) == 1
    if edit in ("recommendation moved", "message moved to the top"):
        # the letters "(a)", "(b)" are numbering: the item is moved, not deleted and
        # inserted, and each letter that changed is listed, not counted as a word
        assert redline.counts == {"inserted words": 0, "deleted words": 0,
                                  "moved paragraphs": 1}
        assert len(re.findall(r"<w:moveFromRangeStart ", xml)) == 1
        assert len(re.findall(r"<w:moveToRangeStart ", xml)) == 1
        moved_to = re.search(r"<w:moveToRangeStart .*?<w:moveToRangeEnd", xml).group()
        listed = [str(r) for r in redline.renumbered]
    if edit == "recommendation moved":
        assert "Capacity-building for vulnerable groups" in moved_to
        assert listed == [f"subparagraph 18 ({a}) is now 18 ({b})"
                          for a, b in ("ea", "ab", "bc", "cd", "de")]
    if edit == "message moved to the top":
        assert "Concerns relate to the current approach" in moved_to
        assert listed == [f"subparagraph 15 ({a}) is now 15 ({b})"
                          for a, b in ("ca", "ab", "bc")]


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_of_the_final_report_are_tracked_exactly(seed, sample, tmp_path):
    _, final, _ = sample
    changed = mutated(final, tmp_path, seed)
    assert_property(final, changed, make_redline(final, changed).data)


def test_a_changed_picture_is_the_old_one_deleted_and_the_new_one_inserted(sample, tmp_path):
    _, new, _ = sample
    with zipfile.ZipFile(new) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    changed = tmp_path / "changed.docx"
    with zipfile.ZipFile(changed, "w") as z:
        for name, data in parts.items():  # the first chart redrawn: here, as the second
            z.writestr(name, parts["word/media/image2.png"] if name.endswith("image1.png")
                       else data)
    redline = make_redline(new, changed)
    assert_property(new, changed, redline.data)
    xml = part(redline.data)
    assert re.search(r"<w:del [^>]*><w:r><w:drawing>", xml)
    assert re.search(r"<w:ins [^>]*><w:r><w:drawing>", xml)
    with zipfile.ZipFile(io.BytesIO(redline.data)) as z:
        carried = [n for n in z.namelist() if "redline-old" in n]
        assert [z.read(n) for n in carried] == [parts["word/media/image1.png"]]
    docx.Document(io.BytesIO(redline.data))  # the carried image is a valid part


def test_identical_documents_give_a_redline_without_changes(sample):
    _, new, _ = sample
    redline = make_redline(new, new)
    assert redline.changes == 0 and redline.warnings == []
    assert not re.search(r"<w:(ins|del|moveFrom|moveTo) ", part(redline.data))
    assert document_blocks(redline.data) == document_blocks(new.read_bytes())


def test_another_stage_or_report_is_compared_with_a_warning_naming_both_titles(tmp_path):
    from wsis_report import build

    root = Path(__file__).resolve().parents[3]
    progress, final = (d.path for d in build(root / "inputs", ["progress", "ecosoc"],
                                             root / "templates", tmp_path))
    redline = make_redline(progress, final)
    assert_property(progress, final, redline.data)
    (warning,) = redline.warnings
    assert "wsis20-progress.docx" in warning and "progress and ecosoc" in warning
    assert "twenty-year review" in warning


def test_the_tables_are_read_cell_by_cell(sample):
    blocks = document_blocks(sample[0].read_bytes())
    row = blocks.index(ROW)
    row = blocks.index(CELL + "Date") - 1  # the timetable, after the masthead's tables
    assert blocks[row] == ROW and blocks[row + 2] == CELL + "Milestone"
    assert REWORDED[0] in " ".join(blocks)


def test_existing_tracked_changes_are_refused(sample, tmp_path):
    old, new, redline = sample
    path = tmp_path / "tracked.docx"
    path.write_bytes(redline.data)
    with pytest.raises(RedlineProblem, match=r"tracked\.docx already has tracked changes"):
        make_redline(old, path)


@pytest.mark.parametrize("content, expected", [
    (b"", r"empty\.docx is an empty file"),
    (b"Name,Date\nA,1\n", r"empty\.docx is not a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
     "protected with a password"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, r"old Word 97–2003 document"),
])
def test_a_file_that_is_not_a_word_document_is_refused_by_name(content, expected, sample,
                                                              tmp_path):
    bad = tmp_path / "empty.docx"
    bad.write_bytes(content)
    with pytest.raises(RedlineProblem, match=expected):
        make_redline(bad, sample[1])
    with pytest.raises(RedlineProblem, match=expected):
        make_redline(sample[0], bad)


def test_a_damaged_workbook_or_hostile_document_is_refused(sample, tmp_path):
    old, new, _ = sample
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(new.read_bytes()[:20_000])
    with pytest.raises(RedlineProblem, match="damaged or was not copied completely"):
        make_redline(old, truncated)
    workbook = tmp_path / "book.docx"
    shutil.copyfile(Path(__file__).resolve().parents[3] / "inputs" / "report.xlsx", workbook)
    with pytest.raises(RedlineProblem, match="is a spreadsheet, not a Word document"):
        make_redline(old, workbook)
    hostile = tmp_path / "laughs.docx"
    with zipfile.ZipFile(new) as z, zipfile.ZipFile(hostile, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            if name == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1)
            out.writestr(name, data)
    with pytest.raises(RedlineProblem, match=r"laughs\.docx .*declares XML entities"):
        make_redline(old, hostile)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(new) as z, zipfile.ZipFile(broken, "w") as out:
        for name in z.namelist():
            data = z.read(name)
            out.writestr(name, data[:-50] if name == "word/document.xml" else data)
    with pytest.raises(RedlineProblem, match=r"broken\.docx › word/document\.xml: .*damaged"):
        make_redline(old, broken)


def linked(source: Path, target: Path, words: str) -> Path:
    """``source`` with its second numbered paragraph as a hyperlink saying ``words``,
    inside a bookmark (the target of a cross-reference) named "responds"."""
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    run = re.search(r"<w:r><w:rPr/><w:t xml:space=\"preserve\">The present report responds"
                    r"[^<]*</w:t></w:r>", xml).group()
    link = (f'<w:bookmarkStart w:id="7" w:name="responds"/><w:hyperlink r:id="rIdLink">'
            f'<w:r><w:rPr/><w:t xml:space="preserve">{words}</w:t></w:r></w:hyperlink>'
            '<w:bookmarkEnd w:id="7"/>')
    parts["word/document.xml"] = xml.replace(run, link).encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/hyperlink" Target="https://unctad.org/cstd" '
        'TargetMode="External"/></Relationships>')).encode("utf-8")
    with zipfile.ZipFile(target, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


def test_a_change_inside_a_hyperlink_keeps_the_link_and_the_bookmark(sample, tmp_path):
    old = linked(sample[1], tmp_path / "old.docx", "See the CSTD pages for the review.")
    new = linked(sample[1], tmp_path / "new.docx", "See the CSTD web pages for the review.")
    redline = make_redline(old, new)
    assert_property(old, new, redline.data)
    xml = part(redline.data)
    assert re.search(r'<w:hyperlink r:id="rIdLink"><w:r>.*?</w:r><w:ins [^>]*><w:r><w:rPr/>'
                     r'<w:t xml:space="preserve"> web</w:t>', xml)
    assert xml.count('w:name="responds"') == 1
    assert xml.count("<w:bookmarkStart") == xml.count("<w:bookmarkEnd")
    assert "<w:pPrChange" not in xml and "ns0:" not in xml  # same style; Word's prefixes
    revision_ids = re.findall(r'<w:ins w:id="(\d+)"', xml)
    assert "7" not in revision_ids  # revision ids never clash with the bookmark's
    docx.Document(io.BytesIO(redline.data))


def test_olds_section_breaks_are_not_carried_and_a_chart_stops_the_redline(sample, tmp_path):
    """OLD's section break goes with its deleted paragraph (the redline has NEW's
    sections); a chart of OLD that NEW lacks has parts of its own that cannot be carried
    over, so the redline stops and names it rather than lose it on rejecting."""
    _, final, _ = sample
    with zipfile.ZipFile(final) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    drawing = ('<w:r><w:drawing><c:chart xmlns:c="http://schemas.openxmlformats.org/'
               'drawingml/2006/chart" r:id="rIdChart"/></w:drawing></w:r>')
    section = ('<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="rId9"/>'
               '</w:sectPr></w:pPr><w:r><w:t>A section that ended here.</w:t></w:r>'
               'CHART</w:p>')
    first = xml.index("<w:p><w:pPr><w:pStyle w:val=\"UNChapter\"/>")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdChart" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/chart" Target="charts/chart1.xml"/></Relationships>')).encode()
    parts["word/charts/chart1.xml"] = b"<c:chartSpace/>"
    olds = {}
    for name, chart in (("old.docx", ""), ("old-chart.docx", drawing)):
        parts["word/document.xml"] = (xml[:first] + section.replace("CHART", chart)
                                      + xml[first:]).encode("utf-8")
        olds[name] = tmp_path / name
        with zipfile.ZipFile(olds[name], "w") as z:
            for part_name, data in parts.items():
                z.writestr(part_name, data)
    with pytest.raises(RedlineProblem, match="old-chart.docx has a chart or embedded object"):
        make_redline(olds["old-chart.docx"], final)
    redline = make_redline(olds["old.docx"], final)
    assert document_blocks(redline.data, "accept") == document_blocks(final.read_bytes())
    xml = part(redline.data)
    assert "A section that ended here." in xml  # deleted, without its break
    assert xml.count("<w:sectPr") == 1 and "c:chart" not in xml
    with zipfile.ZipFile(final) as z:
        assert part(redline.data, "word/_rels/document.xml.rels") == \
            z.read("word/_rels/document.xml.rels").decode("utf-8")
    docx.Document(io.BytesIO(redline.data))


def test_symbols_and_dates_are_changed_as_whole_words(sample):
    xml = part(sample[2].data)
    deleted = re.findall(r"<w:delText[^>]*>([^<]*)<", xml)
    inserted = re.findall(r"<w:ins [^>]*>(?:(?!</w:ins>).)*?<w:t(?: [^>]*)?>([^<]*)<", xml)
    # "E/~~CN.16/~~2025/~~3~~61" was the old output: the symbol and the date go whole
    assert "E/CN.16/2025/3" in deleted and "E/2025/61" in inserted
    assert "3\u00a0February\u00a02025" in deleted and "14\u00a0May\u00a02025" in inserted
    assert not [t for t in deleted + inserted if t in ("CN", ".16/", "3", "61", "/", "2025")]


def test_a_footnote_kept_is_no_change_and_one_removed_is_carried_back_deleted(tmp_path):
    import shutil

    import openpyxl

    from wsis_report import build

    from redline_pairs import ROOT

    old = build(ROOT / "inputs", ["ecosoc"], ROOT / "templates", tmp_path / "old")[0].path
    inputs = tmp_path / "inputs"
    shutil.copytree(ROOT / "inputs", inputs)
    book = openpyxl.load_workbook(inputs / "consultations.xlsx")
    sheet = book["Consultations"]
    column = [c.value for c in sheet[1]].index("Web page") + 1
    sheet.cell(3, column).value = None  # G2 loses its web page, and its footnote
    book.save(inputs / "consultations.xlsx")
    new = build(inputs, ["ecosoc"], ROOT / "templates", tmp_path / "new")[0].path
    redline = make_redline(old, new)
    xml = part(redline.data)
    notes = part(redline.data, "word/footnotes.xml")
    # every other footnote is the same note in both, whatever its number: no change
    gone = re.findall(r'<w:del [^>]*>(?:(?!</w:del>).)*?<w:footnoteReference w:id="(\d+)"', xml)
    assert len(gone) == 1 and not re.findall(r"<w:ins [^>]*>(?:(?!</w:ins>).)*?"
                                              r"<w:footnoteReference", xml)
    # the deleted reference points at the old note, carried into the footnotes
    carried = re.search(rf'<w:footnote w:id="{gone[0]}">(.*?)</w:footnote>', notes).group(1)
    assert "See https://unctad.org/meeting/unctad-eweek-2023." in re.sub(r"<[^>]+>", "", carried)
    assert len(set(re.findall(r'<w:footnote (?:w:type="\w+" )?w:id="(-?\d+)"', notes))) == \
        len(re.findall(r"<w:footnote ", notes))  # ids unique
    assert_property(old, new, redline.data)
