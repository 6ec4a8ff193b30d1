"""Run by LibreOffice's own Python: opens a .docx as a reviewer would, inserts paragraphs
(before the first numbered paragraph and inside the findings) and records a tracked
insertion, then saves it as .docx. (A comment inserted through UNO makes LibreOffice 7.4's
headless build abort while it lays out the comment's margin window; the tests add the
comment with python-docx instead, as Word writes it.)

    python3 lo_edit.py SOFFICE PROFILE_URL PIPE SOURCE TARGET
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


def main():
    soffice, profile, pipe, source, target = sys.argv[1:]
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless",
                               "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"])
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
        paragraphs = text.createEnumeration()
        targets = []
        while paragraphs.hasMoreElements():
            p = paragraphs.nextElement()
            if not p.supportsService("com.sun.star.text.Paragraph"):
                continue
            s = p.getString()
            if s.startswith("In its resolution") or s.startswith("Fewer contributions"):
                targets.append(p)
        for p in targets:  # a new numbered paragraph before each: later numbers move by one
            cursor = text.createTextCursorByRange(p.getStart())
            text.insertString(cursor, "A paragraph a reviewer inserted.", False)
            text.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
        doc.RecordChanges = True
        cursor = text.createTextCursorByRange(targets[-1].getEnd())
        text.insertString(cursor, " (tracked addition)", False)
        doc.RecordChanges = False
        doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


main()
