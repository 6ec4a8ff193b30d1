"""Run by LibreOffice's own Python: two reviewers make tracked changes in a .docx, as
LibreOffice records them (Edit › Track Changes › Record), then it is saved as .docx.

    python3 lo_review.py SOFFICE PROFILE_URL PIPE SOURCE TARGET

Each reviewer is the user named in LibreOffice's profile while the change is made. (A
comment inserted through UNO makes LibreOffice 7.4's headless build abort while it lays out
the comment's margin window, so comments are tested as Word writes them instead.)
"""

import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def reviewer(ctx, given, family):
    provider = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def paragraph(doc, starts):
    found = doc.getText().createEnumeration()
    while found.hasMoreElements():
        p = found.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph") and p.getString().startswith(starts):
            return p
    raise LookupError(starts)


def main():
    soffice, profile, pipe, source, target = sys.argv[1:]
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless",
                               "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"])
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 60
        while True:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                           (prop("Hidden", True),))
        text = doc.getText()
        doc.RecordChanges = True

        reviewer(ctx, "Ana", "Ruiz")
        europe = paragraph(doc, "(c)\tConcerns relate")  # 12 (c), Key messages › C14
        text.insertString(text.createTextCursorByRange(europe.getEnd()), " (as amended)", False)
        heading = paragraph(doc, "B.\tKey messages")
        text.insertString(text.createTextCursorByRange(heading.getEnd()), " and outcomes",
                          False)
        table = doc.getTextTables().getByIndex(2)  # Table 3, by region; A5 is Europe
        cell = table.getCellByName("A5")
        cell.insertString(cell.createTextCursorByRange(cell.getEnd()), " (provisional)", False)

        reviewer(ctx, "Wei", "Li")
        first = paragraph(doc, "The present report responds")  # paragraph 2
        cursor = text.createTextCursorByRange(first.getStart())
        cursor.goRight(len("The present report"), True)
        cursor.setString("")  # a tracked deletion
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


main()
