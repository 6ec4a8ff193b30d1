"""Run by the Python that LibreOffice's UNO bridge belongs to, not by the tests' own:

    python3 lo_views.py SOFFICE PROFILE_URL PIPE OUT.json DOCX:VIEW...

Opens each document in a private headless LibreOffice, accepts every tracked change
(VIEW ``accept``), rejects every one (``reject``) or leaves them (``plain``), and writes
the body's text as LibreOffice reads it: one string per paragraph, and for a table
``<row>`` then ``<cell>`` + the cell's text, row by row; the text of the headers and
footers of each page style in use (default, first page, left pages); and, as ``stories``,
the text of every text frame and drawing shape, footnote, endnote and formula, so that
nothing tracked outside the body's paragraphs goes unseen. With ``pdf`` as VIEW, exports
the document to PDF beside OUT.json instead. Starts the office through lo_session.py.
"""

import json
import re
import sys
from pathlib import Path

import uno
from lo_session import office, open_hidden, prop


def redline_count(doc):
    found, enum = 0, doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        enum.nextElement()
        found += 1
    return found


def cell_order(name):
    column, row = re.match(r"([A-Z]+)(\d+)", name).groups()
    return int(row), len(column), column


def blocks(text):
    found = []
    enum = text.createEnumeration()
    while enum.hasMoreElements():
        part = enum.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            row = None
            for name in sorted(part.getCellNames(), key=cell_order):
                if cell_order(name)[0] != row:
                    row = cell_order(name)[0]
                    found.append("<row>")
                found.append("<cell>" + part.getCellByName(name).getString())
        else:
            found.append(part.getString())
    return found


def headers(doc):
    """[page style, part, text] of the headers and footers of the page styles in use, those
    of even pages too; an empty one reads as none."""
    found = []
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in sorted(styles.getElementNames()):
        style = styles.getByName(name)
        if not style.isInUse():
            continue
        for part in ("HeaderText", "HeaderTextFirst", "HeaderTextLeft", "FooterText",
                     "FooterTextFirst", "FooterTextLeft"):
            text = style.getPropertyValue(part)
            if text is not None and text.getString():
                # a page number's value depends on the layout of the view, not its text
                shown = text.getString()
                found.append([name, part, "<page>" if shown.isdigit() else shown])
    return found


def stories(doc):
    """[kind, text] of the text frames, shapes with text, footnotes, endnotes and formulas,
    in the order LibreOffice lists them."""
    found = []
    frames = doc.getTextFrames()
    for name in frames.getElementNames():
        found.append(["frame", frames.getByName(name).getText().getString()])
    page = doc.getDrawPage()
    for i in range(page.getCount()):
        shape = page.getByIndex(i)
        if shape.supportsService("com.sun.star.text.TextFrame"):
            continue  # listed with the frames
        if shape.supportsService("com.sun.star.text.TextEmbeddedObject"):
            continue  # listed with the embedded objects
        if hasattr(shape, "getString"):
            found.append(["shape", shape.getString()])
    objects = doc.getEmbeddedObjects()
    for name in objects.getElementNames():
        model = objects.getByName(name).getEmbeddedObject()
        if model is not None and model.getPropertySetInfo().hasPropertyByName("Formula"):
            found.append(["formula", model.getPropertyValue("Formula")])
    for kind, notes in (("footnote", doc.getFootnotes()), ("endnote", doc.getEndnotes())):
        for i in range(notes.getCount()):
            found.append([kind, notes.getByIndex(i).getString()])
    return found


def without_note_marks(doc):
    """The footnotes taken out of the text once their own text is read: the body is then
    compared without their marks, which LibreOffice 7.4 shows as it pleases for a note with
    a mark of its own ("**" read as the label and kept as text too, or a number in its
    place inside a tracked change). The notes' text is compared with the stories."""
    notes = doc.getFootnotes()
    for note in [notes.getByIndex(i) for i in range(notes.getCount())]:
        note.getAnchor().getText().removeTextContent(note)


def main():
    soffice, profile, pipe, out, *jobs = sys.argv[1:]
    results = {}
    with office(soffice, profile, pipe) as (context, desktop):
        dispatcher = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", context)
        for job in jobs:
            source, view = job.rsplit(":", 1)
            doc = open_hidden(desktop, source)
            try:
                count = redline_count(doc)
                if view == "pdf":
                    target = Path(out).parent / (Path(source).stem + ".pdf")
                    doc.storeToURL(uno.systemPathToFileUrl(str(target.resolve())),
                                   (prop("FilterName", "writer_pdf_Export"),))
                    results[job] = {"pdf": str(target), "redlines": count}
                    continue
                if view in ("accept", "reject"):
                    frame = doc.getCurrentController().getFrame()
                    command = ".uno:AcceptAllTrackedChanges" if view == "accept" \
                        else ".uno:RejectAllTrackedChanges"
                    dispatcher.executeDispatch(frame, command, "", 0, ())
                left = redline_count(doc)
                found_stories = stories(doc)
                without_note_marks(doc)
                results[job] = {"blocks": blocks(doc.getText()), "redlines": count,
                                "left": left, "headers": headers(doc),
                                "stories": found_stories}
            finally:
                doc.close(True)
    Path(out).write_text(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
