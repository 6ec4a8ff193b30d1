"""The rows of a Word copy that lost its map (Google Docs, a copy-paste, Word's Compare
output, an OpenDocument copy converted): matched to its build, then each remark placed on
the build by its words (``relocate.py``)."""

from __future__ import annotations

from . import align
from .builds import Builds, core_title
from .relocate import copy_line, sources, spans
from ..copies.reviewed import Remark
from ..rows import Copy, add_rows, document_name

def read_unmapped(copy: Copy, data: bytes, remarks: list[Remark], builds: Builds,
                  how: str = "by text") -> Copy:
    line = copy_line(data)
    words = align.words_of(line.text)
    build, why, blank = builds.match(core_title(data), words.words)
    if build is None:
        copy.warning = (f"{copy.path.name} was not built by wsis-report, or lost its map on "
                        f"the way (Google Docs, a copy-paste): {why}. Its remarks are read "
                        "numbered from its own numbering; "
                        + ("the Source says unlocated." if blank else "the Source is left blank."))
        add_rows(copy, copy.path.name, remarks, [blank] * len(remarks))
        return copy
    copy.warning = ""
    placed = spans(remarks, line)
    found = sources(placed, line.text, words, build)
    add_rows(copy, document_name(build.path, build.snapshot), remarks, found,
             matched=f"{build.path.name} ({how})")
    return copy
