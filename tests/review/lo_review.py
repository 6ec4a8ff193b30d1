"""Run by LibreOffice's own Python: two reviewers make tracked changes in a .docx, as
LibreOffice records them (Edit › Track Changes › Record), then it is saved as .docx.
Each reviewer is the user named in LibreOffice's profile while the change is made. (A
comment inserted through UNO makes LibreOffice 7.4's headless build abort while it lays out
the comment's margin window, so comments are tested as Word writes them instead.)

    python3 lo_review.py SOFFICE PROFILE_URL PIPE SOURCE TARGET FIRST

FIRST is how the paragraph that the second reviewer shortens begins.
"""

import sys

from lo_session import paragraph, prop, save_docx, writer


def reviewer(ctx, given, family):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


soffice, profile, pipe, source, target, first = sys.argv[1:]
with writer(soffice, profile, pipe, source) as (ctx, doc):
    text = doc.getText()
    doc.RecordChanges = True

    reviewer(ctx, "Ana", "Ruiz")
    europe = paragraph(doc, "(c)\tConcerns relate")  # 12 (c), Key messages › C14
    text.insertString(text.createTextCursorByRange(europe.getEnd()), " (as amended)", False)
    heading = paragraph(doc, "B.\tKey messages")
    text.insertString(text.createTextCursorByRange(heading.getEnd()), " and outcomes", False)
    tables = doc.getTextTables()
    by_region = next(tables.getByIndex(i) for i in range(tables.getCount())
                     if tables.getByIndex(i).getCellByName("A1").getString() == "Region")
    cell = by_region.getCellByName("A5")  # Europe
    cell.insertString(cell.createTextCursorByRange(cell.getEnd()), " (provisional)", False)

    reviewer(ctx, "Wei", "Li")
    cursor = text.createTextCursorByRange(paragraph(doc, first).getStart())
    cursor.goRight(len(first), True)
    cursor.setString("")  # a tracked deletion
    save_docx(doc, target)
