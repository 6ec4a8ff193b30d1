"""``make-report serve``: the editors' page. A workbook dropped in a browser is checked with
the server's other workbooks, its problems shown at their cells, its annotated copy offered,
and what it would change in each stage's document shown, with a preview.

The page is a shell over the same functions as the command line (``check``, the annotated
copies, ``init``'s blank workbooks, ``changes``, ``build``); every piece of work runs in a
process of its own that is stopped when its time is up (``jobs.py``).
"""
