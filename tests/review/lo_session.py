"""For the scripts LibreOffice's own Python runs in these tests: a private headless office,
reached through the toolkit's own UNO bridge code, quit however the script ends."""

import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "wsis_report" / "office"))
import uno  # noqa: E402
from uno_script import connect, prop  # noqa: E402,F401  (the toolkit's bridge code)


@contextmanager
def office(soffice, profile, pipe):
    """A private headless LibreOffice: (context, desktop). It runs in its own process
    group, so that all of it is stopped however the script ends."""
    process = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
         "--norestore", "--nolockcheck", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        start_new_session=True)
    desktop = None
    try:
        ctx = connect(pipe)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        yield ctx, desktop
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:  # the bridge closes as the office quits
            pass
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def open_hidden(desktop, source):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(Path(source).resolve())),
                                        "_blank", 0, (prop("Hidden", True),))


@contextmanager
def writer(soffice, profile, pipe, source):
    """The document ``source`` opened, hidden, in a private LibreOffice: (context, doc)."""
    with office(soffice, profile, pipe) as (ctx, desktop):
        doc = open_hidden(desktop, source)
        yield ctx, doc
        doc.close(True)


def save_docx(doc, target):
    """Saved as Word, or as OpenDocument when ``target`` ends in .odt."""
    kind = "writer8" if str(target).endswith(".odt") else "MS Word 2007 XML"
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", kind),))


def paragraph(doc, starts):
    found = doc.getText().createEnumeration()
    while found.hasMoreElements():
        p = found.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph") and p.getString().startswith(starts):
            return p
    raise LookupError(starts)
