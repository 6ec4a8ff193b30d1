"""Which file in a folder holds each workbook of the contract: the .xlsx, or the .ods that
LibreOffice Calc saves by default. Light on imports: a build asks it for every up-to-date check.
"""

from __future__ import annotations

from pathlib import Path

from ..contract.workbooks import WorkbookSpec


def opendocument_name(spec: WorkbookSpec) -> str:
    """consultations.xlsx -> consultations.ods."""
    return Path(spec.filename).with_suffix(".ods").name


def workbook_path(folder: Path, spec: WorkbookSpec) -> Path | None:
    """The file an editor keeps for ``spec``: the .xlsx, or else the .ods; the .ods when both
    are there (so that the caller can refuse the ambiguity); None when neither is."""
    ods = folder / opendocument_name(spec)
    if ods.is_file():
        return ods
    path = folder / spec.filename
    return path if path.is_file() else None
