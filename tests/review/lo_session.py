"""For the scripts LibreOffice's own Python runs in these tests: a private headless office,
reached through the toolkit's own UNO bridge code, quit however the script ends."""

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "wsis_report" / "office"))
import uno  # noqa: E402
from uno_script import connect, prop  # noqa: E402,F401  (the toolkit's bridge code)


@contextmanager
def writer(soffice, profile, pipe, source):
    """The document ``source`` opened, hidden, in a private LibreOffice: (context, doc)."""
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless",
                               "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"])
    desktop = None
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                           (prop("Hidden", True),))
        yield ctx, doc
        doc.close(True)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:  # the bridge closes as the office quits
            pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


def save_docx(doc, target):
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))


def paragraph(doc, starts):
    found = doc.getText().createEnumeration()
    while found.hasMoreElements():
        p = found.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph") and p.getString().startswith(starts):
            return p
    raise LookupError(starts)
