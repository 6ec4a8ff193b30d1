"""The drafter's PowerPoint template: opened safely, checked for the layouts and
placeholders the deck fills, and read for the room and type each placeholder gives.

The deck finds what it fills by *name* (View › Slide Master in PowerPoint shows them),
so a drafter may move, resize, recolour and restyle everything; docs/templates.md
lists the names. Everything is checked before anything is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...inputs.reading.container import WorkbookProblem, inspect_presentation
from ..errors import TemplateProblem
from .fit import Frame

# The layouts the deck uses, and the placeholders each must hold.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "Title slide": ("Title", "Presenter", "Date and venue"),
    "Table": ("Title", "Table"),
    "List": ("Title", "List"),
    "Chart": ("Title", "Chart", "Source"),
    "Closing": ("Title",),
}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
EMU_PER_PT = 12700
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # left, top, right, bottom: PowerPoint's own
_TITLE_TYPES = {"title", "ctrTitle"}


@dataclass(frozen=True)
class Layout:
    layout: Any  # pptx SlideLayout
    placeholders: dict[str, Any]  # name -> LayoutPlaceholder


def open_template(path: Path) -> tuple[Any, dict[str, Layout]]:
    """The presentation (its slides removed) and its layouts by name; raises
    ``TemplateProblem`` naming the first layout or placeholder that is missing."""
    try:
        inspect_presentation(path)
    except WorkbookProblem as exc:
        raise TemplateProblem(path.name, f"{exc.issue.message}. {exc.issue.hint}") from None
    from pptx import Presentation

    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises many kinds on a malformed package
        raise TemplateProblem(path.name, "cannot be opened as a PowerPoint presentation "
                              f"({type(exc).__name__}); save it again from PowerPoint as "
                              "PowerPoint Presentation (.pptx)") from None
    found = {layout.name: layout for master in prs.slide_masters
             for layout in master.slide_layouts}
    layouts = {}
    for name, needed in LAYOUTS.items():
        if name not in found:
            have = ", ".join(repr(n) for n in found) or "none"
            raise TemplateProblem(path.name, f"no layout named {name!r} (the template has: "
                                  f"{have}); in PowerPoint, View › Slide Master, rename a "
                                  "layout or add one")
        by_name = {ph.name: ph for ph in found[name].placeholders}
        for wanted in needed:
            if wanted not in by_name:
                have = ", ".join(repr(n) for n in by_name) or "none"
                raise TemplateProblem(path.name, f"layout {name!r} has no placeholder named "
                                      f"{wanted!r} (it has: {have}); name one in the "
                                      "Selection Pane (Home › Arrange › Selection Pane)")
        layouts[name] = Layout(found[name], by_name)
    _drop_slides(prs)
    return prs, layouts


def _drop_slides(prs: Any) -> None:
    """A template may carry example slides; the deck starts from none."""
    id_list = prs.slides._sldIdLst
    for entry in list(id_list):
        prs.part.drop_rel(entry.rId)
        id_list.remove(entry)


def frame(placeholder: Any, master: Any) -> Frame:
    """The text room of a layout placeholder and the look of its first level, each
    taken from the nearest of: the placeholder, the master's placeholder of its type,
    the master's text styles, PowerPoint's defaults."""
    kind = placeholder.element.ph_type
    kind_name = getattr(kind, "name", "")
    is_title = kind_name in ("TITLE", "CENTER_TITLE")
    chain = [placeholder.element]
    inherited = _master_placeholder(master, "title" if is_title else "body")
    if inherited is not None:
        chain.append(inherited)
    styles = master.element.find(f"{P}txStyles")
    style = None if styles is None else styles.find(f"{P}{'titleStyle' if is_title else 'bodyStyle'}")
    levels = [e.find(f"{P}txBody/{A}lstStyle/{A}lvl1pPr") for e in chain]
    levels.append(None if style is None else style.find(f"{A}lvl1pPr"))
    levels = [lvl for lvl in levels if lvl is not None]
    size = int(_first(levels, f"{A}defRPr", "sz") or 1800) / 100
    bold = _first(levels, f"{A}defRPr", "b") in ("1", "true")
    typeface = _typeface(levels, master)
    margin = int(_first(levels, None, "marL") or 0) / EMU_PER_PT
    before = _space_before(levels, size)
    insets = [_inset(chain, side, default) for side, default in
              zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS)]
    width = (placeholder.width - insets[0] - insets[2]) / EMU_PER_PT
    height = (placeholder.height - insets[1] - insets[3]) / EMU_PER_PT
    return Frame(width, height, typeface, size, bold, before, margin)


def _master_placeholder(master: Any, kind: str) -> Any:
    for ph in master.placeholders:
        if (ph.element.ph_type.name in ("TITLE", "CENTER_TITLE")) == (kind == "title") \
                and ph.element.ph_type.name in ("TITLE", "CENTER_TITLE", "BODY", "OBJECT"):
            return ph.element
    return None


def _first(levels: list, child: str | None, attr: str) -> str | None:
    """The attribute from the nearest level that sets it (on ``child`` of the level)."""
    for lvl in levels:
        element = lvl if child is None else lvl.find(child)
        if element is not None and element.get(attr) is not None:
            return element.get(attr)
    return None


def _typeface(levels: list, master: Any) -> str:
    for lvl in levels:
        latin = lvl.find(f"{A}defRPr/{A}latin")
        if latin is not None and latin.get("typeface"):
            face = latin.get("typeface")
            if face.startswith("+"):
                return _theme_font(master, "major" if face.startswith("+mj") else "minor")
            return face
    return _theme_font(master, "minor")


def _theme_font(master: Any, which: str) -> str:
    import re

    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        xml = master.part.part_related_by(RT.THEME).blob.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return "Calibri"
    found = re.search(rf'<a:{which}Font>\s*<a:latin typeface="([^"]*)"', xml)
    return found.group(1) if found else "Calibri"


def _space_before(levels: list, size: float) -> float:
    for lvl in levels:
        before = lvl.find(f"{A}spcBef")
        if before is None:
            continue
        points, percent = before.find(f"{A}spcPts"), before.find(f"{A}spcPct")
        if points is not None:
            return int(points.get("val", "0")) / 100
        if percent is not None:
            return int(percent.get("val", "0")) / 100_000 * size * 1.2
    return 0.0


def _inset(chain: list, side: str, default: int) -> int:
    for element in chain:
        body = element.find(f"{P}txBody/{A}bodyPr")
        if body is not None and body.get(side) is not None:
            return int(body.get(side))
    return default
