"""Renumbered paragraphs and chapters, and the cross-references a drafter must check."""

from __future__ import annotations

import zipfile

import pytest

from wsis_report.review.redline.numbers import CROSS_REFERENCE
from wsis_report.review.redline.document import make_redline

from redline_pairs import sample_pair


@pytest.mark.parametrize("text, found", [
    ("as set out in paragraph 12 above", ["paragraph 12"]),
    ("see paras. 4 and 5, and para. 9", ["paras. 4 and 5", "para. 9"]),
    ("Paragraphs 3 to 7 describe", ["Paragraphs 3 to 7"]),
    ("Chapter II describes the methodology, chapters III and IV the rest",
     ["Chapter II", "chapters III and IV"]),
    ("the 12 paragraphs of chapter Vienna", []),
    ("in resolution 2023/3 and paragraph", []),
])
def test_cross_references_are_recognized(text, found):
    assert [m.group() for m in CROSS_REFERENCE.finditer(text)] == found


def renumber_chapters(source, target):
    """``source`` as if a chapter had been added before chapter II."""
    with zipfile.ZipFile(source) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    for old, new in (("IV.", "V."), ("III.", "IV."), ("II.", "III.")):
        xml = xml.replace(f'<w:t xml:space="preserve">{old}</w:t><w:tab/>',
                          f'<w:t xml:space="preserve">{new}</w:t><w:tab/>')
    parts["word/document.xml"] = xml.encode("utf-8")
    with zipfile.ZipFile(target, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return target


def test_renumbered_chapters_are_listed_with_the_references_to_them(tmp_path):
    _, final = sample_pair(tmp_path)
    redline = make_redline(final, renumber_chapters(final, tmp_path / "new.docx"))
    assert [str(r) for r in redline.renumbered] == [
        "chapter II is now III", "chapter III is now IV", "chapter IV is now V"]
    assert redline.renumbered[0].text == "III. Methodology"
    references = [(c.where, c.reference) for c in redline.cross_references]
    assert ("paragraph 2", "Chapter II") in references
    assert ("paragraph 7", "chapter III") in references
    assert all(r.what == "chapter" for r in redline.renumbered)
