"""The editors' workbooks, from file to checked facts.

The contract (``schema``, ``vocab``, ``countries`` and its data, ``stages``), reading
(``container`` -> ``workbook`` -> ``values`` -> ``load``), the rules across records and
stages (``validate``), the facts (``models``) and the problems found (``issues``).
Imports nothing else of the package.
"""
