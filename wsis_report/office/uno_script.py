"""Run by the Python that LibreOffice's UNO bridge belongs to (not the toolkit's):

    python3 uno_script.py SOFFICE PROFILE_URL PIPE SOURCE FILTER TARGET [SOURCE FILTER TARGET]...

Starts a private headless LibreOffice, opens each SOURCE, brings every table of
contents, index and field up to date (Word leaves them as last computed), and
exports it to TARGET with the export filter FILTER (e.g. writer_pdf_Export): each
document its own, so that a report and its slides go through one office start.
FILTER may carry the filter's options as `soffice --convert-to` takes them, a JSON
object after a colon (writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}).
Kept free of the toolkit's own imports.
"""

import json
import re
import subprocess
import sys
import time
import zipfile
from html import unescape
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


def filter_args(filter_spec):
    """`writer_pdf_Export:{json}` -> the store arguments: the filter's name, and its options
    as FilterData (typed as soffice's JSON types them)."""
    name, _, options = filter_spec.partition(":")
    args = [prop("FilterName", name)]
    if options:
        kinds = {"boolean": lambda v: str(v).lower() == "true", "long": int, "string": str}
        data = [prop(key, kinds[typed["type"]](typed["value"]))
                for key, typed in json.loads(options).items()]
        args.append(prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue",
                                               tuple(data))))
    return tuple(args)


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


def custom_marks(doc):
    """A footnote with a mark of its own ("**"): Word writes the mark as text after the
    reference and at the start of the note, and LibreOffice 7.4 takes it for the note's
    label but keeps that text too when the mark is longer than one character, so that
    "review**" reads "review****". The copies are removed before the export."""
    if not hasattr(doc, "getFootnotes"):
        return
    notes = doc.getFootnotes()
    for i in range(notes.getCount()):
        note = notes.getByIndex(i)
        label = note.getLabel()
        if len(label) < 2:
            continue
        anchor = note.getAnchor()
        after = anchor.getText().createTextCursorByRange(anchor.getEnd())
        inside = note.getText().createTextCursor()
        inside.gotoStart(False)
        for cursor in (after, inside):
            cursor.goRight(len(label), True)
            if cursor.getString() == label:
                cursor.setString("")


def chart_descriptions(docx):
    """The alternative text (wp:docPr descr) of each chart of a .docx, in document order."""
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    drawings = re.findall(r"<wp:docPr\b([^>]*)>(?:(?!</w:drawing>).)*?<c:chart\b", xml, re.S)
    return [unescape(m.group(1)) if m else "" for m in
            (re.search(r'\bdescr="([^"]*)"', attrs) for attrs in drawings)]


def describe_charts(doc, source):
    """Gives each chart its alternative text in the PDF, which LibreOffice 7.4 loses: Writer
    does not import a chart's description from a .docx (set here from the file, matched in
    document order, and only when the counts agree); Impress keeps it but writes no /Alt for
    a chart, so each chart is exported as its own picture (the office's rendering of it),
    which carries the title and description, in the same place and stacking order."""
    if hasattr(doc, "getEmbeddedObjects"):  # Writer
        objects = doc.getEmbeddedObjects()
        charts = [objects.getByName(n) for n in objects.getElementNames()]
        charts = [c for c in charts if c.getAnchor() is not None]
        text = doc.getText()
        try:  # compareRegionStarts: -1 when the first starts after the second
            order = sorted(range(len(charts)), key=lambda i: sum(
                text.compareRegionStarts(charts[i].getAnchor(), c.getAnchor()) == -1
                for c in charts))
        except Exception:  # a chart outside the body text (a header, a frame): not guessed
            return
        descriptions = chart_descriptions(source)
        if len(descriptions) == len(charts):
            for i, description in zip(order, descriptions):
                if not charts[i].Description and description:
                    charts[i].Description = description
    elif hasattr(doc, "getDrawPages"):  # Impress
        pages = doc.getDrawPages()
        for i in range(pages.getCount()):
            page = pages.getByIndex(i)
            shapes = [page.getByIndex(j) for j in range(page.getCount())]
            for shape in shapes:
                if shape.getShapeType() != "com.sun.star.drawing.OLE2Shape" or \
                        not shape.Description or shape.Graphic is None:
                    continue
                picture = doc.createInstance("com.sun.star.drawing.GraphicObjectShape")
                page.add(picture)
                picture.Graphic = shape.Graphic
                picture.setPosition(shape.getPosition())
                picture.setSize(shape.getSize())
                picture.Title, picture.Description = shape.Title, shape.Description
                picture.ZOrder = shape.ZOrder
                page.remove(shape)


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
                custom_marks(doc)
                if '"UseTaggedPDF":{"type":"boolean","value":"true"}' in filter_name:
                    describe_charts(doc, source)
                uno.invoke(doc, "storeToURL", (
                    uno.systemPathToFileUrl(str(Path(target).resolve())),
                    filter_args(filter_name)))
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
