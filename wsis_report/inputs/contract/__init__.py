"""The input contract: which workbook holds which sheets (``workbooks``), one pydantic model
per sheet whose fields are its columns (``records``), the kinds of cell as pydantic types
(``cells``, reading what editors type with ``parsers``), and the vocabularies they draw on:
choices, countries, sessions, stages."""
