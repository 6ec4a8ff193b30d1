"""Tools for the people who keep the workbooks: ``blank`` (make-report init) and
``annotate`` (check --annotate)."""
