"""Run by LibreOffice's own Python: opens a .docx, joins the paragraph that begins with
FIRST's text (after its list label) to the next one by deleting the paragraph mark between
them, as a reviewer pressing Delete at its end does, and saves it as .docx.

    python3 lo_merge.py SOFFICE PROFILE_URL PIPE SOURCE TARGET FIRST
"""

import sys

from lo_session import paragraph, save_docx, writer

soffice, profile, pipe, source, target, first = sys.argv[1:]
with writer(soffice, profile, pipe, source) as (ctx, doc):
    text = doc.getText()
    p = paragraph(doc, "(a)\t" + first)
    cursor = text.createTextCursorByRange(p.getEnd())
    cursor.goRight(1, True)  # the paragraph mark
    cursor.setString("")
    save_docx(doc, target)
