"""The editors' workbooks, from file to checked facts.

The contract (``contract/``: the workbooks, one pydantic model per sheet, the kinds of cell
and the vocabularies), reading (``reading/``: container -> workbook -> table, read ahead),
validating each row by its model (``load``), the rules across records and stages
(``rules``), all of it in order (``validate``), and the problems found (``issues``).
Imports nothing else of the package.
"""
