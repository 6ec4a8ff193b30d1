"""Run by LibreOffice's own Python: opens a .docx as a reviewer would, inserts paragraphs
(before the first numbered paragraph and before the eighth) and records a tracked
insertion, then saves it as .docx. (A comment inserted through UNO makes LibreOffice 7.4's
headless build abort while it lays out the comment's margin window; the tests add the
comment with python-docx instead, as Word writes it.)

    python3 lo_edit.py SOFFICE PROFILE_URL PIPE SOURCE TARGET
"""

import sys

from lo_session import paragraph, save_docx, writer

soffice, profile, pipe, source, target = sys.argv[1:]
with writer(soffice, profile, pipe, source) as (ctx, doc):
    text = doc.getText()
    # paragraph 1, not the Summary above it, which opens with the same words
    targets = [paragraph(doc, "The Economic and Social Council requested the Commission on "
                              "Science and Technology for Development (CSTD)"),
               paragraph(doc, "Figures\u00a0I and\u00a0II show")]
    for p in targets:  # a new numbered paragraph before each: later numbers move by one
        cursor = text.createTextCursorByRange(p.getStart())
        text.insertString(cursor, "A paragraph a reviewer inserted.", False)
        text.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
    doc.RecordChanges = True
    text.insertString(text.createTextCursorByRange(targets[-1].getEnd()),
                      " (tracked addition)", False)
    doc.RecordChanges = False
    save_docx(doc, target)
