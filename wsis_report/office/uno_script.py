"""Run by the Python that LibreOffice's UNO bridge belongs to (not the toolkit's):

    python3 uno_script.py SOFFICE PROFILE_URL PIPE SOURCE FILTER TARGET [SOURCE FILTER TARGET]...

Starts a private headless LibreOffice, opens each SOURCE, brings every table of
contents, index and field up to date (Word leaves them as last computed), and
exports it to TARGET with the export filter FILTER (e.g. writer_pdf_Export): each
document its own, so that a report and its slides go through one office start.
Kept free of the toolkit's own imports.
"""

import subprocess
import sys
import time
from pathlib import Path

import uno  # noqa: E402  (only the system Python has it)
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def refresh(doc):
    if not hasattr(doc, "getDocumentIndexes"):  # a spreadsheet: nothing to bring up to date
        return
    indexes = doc.getDocumentIndexes()
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()
    doc.getTextFields().refresh()
    doc.refresh()
    # A table of contents lists page numbers, which the update above may move.
    for i in range(indexes.getCount()):
        indexes.getByIndex(i).update()


def main():
    soffice, profile, pipe, *jobs = sys.argv[1:]
    if not jobs or len(jobs) % 3:
        sys.exit("usage: uno_script.py SOFFICE PROFILE_URL PIPE (SOURCE FILTER TARGET)...")
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
         "--norestore", "--nolockcheck", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"])
    try:
        context = connect(pipe)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context)
        for source, filter_name, target in zip(jobs[0::3], jobs[1::3], jobs[2::3]):
            url = uno.systemPathToFileUrl(str(Path(source).resolve()))
            # No macro runs and no link is updated (MacroExecutionMode and
            # UpdateDocMode 0: NEVER_EXECUTE, NO_UPDATE); the profile blocks the rest.
            doc = desktop.loadComponentFromURL(url, "_blank", 0, (
                prop("Hidden", True), prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0)))
            try:
                refresh(doc)
                doc.storeToURL(uno.systemPathToFileUrl(str(Path(target).resolve())),
                               (prop("FilterName", filter_name),))
            finally:
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge closes as the office quits
            pass
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()


if __name__ == "__main__":
    main()
