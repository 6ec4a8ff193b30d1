"""Headers and footers in the redline: each of NEW's, in every section, tracked against
OLD's shown in the same place (default, first page, even pages), so that the draft's
"Draft" header shows as replaced by the symbol. A header with pictures or links of its
own is left as NEW has it when its words are OLD's; if they changed, its parts would need
carrying over, and the redline stops naming it. A header OLD shows where NEW shows none of
that kind cannot be tracked at all: the redline warns, naming it."""

from __future__ import annotations

import copy
import posixpath

from lxml import etree

from .blocks import Context, diff_blocks
from .package import Untrackable, relationships
from .tracked import NSMAP, R, image_hashes, parse_xml, w
from .wordiff import Revisions, Side

KINDS = ("headerReference", "footerReference")


def _slots(parts: dict[str, bytes], body: etree._Element) -> dict[tuple, str]:
    """(section number, reference kind, type) -> the part shown there, for every section
    (a section without a reference of a type shows the previous section's)."""
    targets = {r.get("Id"): posixpath.normpath(posixpath.join("word", r.get("Target", "")))
               for r in relationships(parts)}
    sections = [s for s in body.iter(w("sectPr")) if s.getparent().tag != w("sectPrChange")]
    shown: dict[tuple[str, str], str] = {}
    found = {}
    for number, section in enumerate(sections, 1):
        for kind in KINDS:
            for ref in section.findall(w(kind)):
                target = targets.get(ref.get(f"{{{R}}}id"))
                if target in parts:
                    shown[(kind, ref.get(w("type"), "default"))] = target
        found.update({(number, *key): part for key, part in shown.items()})
    return found


def dropped(old_parts: dict[str, bytes], old_body: etree._Element,
            new_parts: dict[str, bytes], new_body: etree._Element) -> list[str]:
    """Warnings for each header or footer with text that OLD shows where NEW shows none
    of that kind (the draft's first-page header, gone from the final). A header part
    cannot be tracked as deleted, so rejecting every change will not bring it back: the
    drafter is told which, rather than the redline stopping for a header."""
    news = _slots(new_parts, new_body)
    found = []
    for (number, kind, kind_of), part in _slots(old_parts, old_body).items():
        if (number, kind, kind_of) in news:
            continue
        text = " ".join("".join(t.text or "" for t in parse_xml(old_parts[part]).iter(w("t")))
                        .split())
        if text:
            what = "header" if kind == "headerReference" else "footer"
            what = {"first": f"first-page {what}", "even": f"even-page {what}"}.get(
                kind_of, what)
            found.append(f"OLD's {what} in section {number} (“{text[:60]}”) is not in NEW "
                         "and cannot be tracked: rejecting every change will not bring it "
                         "back.")
    return found


def _self_contained(root: etree._Element) -> bool:
    return not any(k.startswith(f"{{{R}}}") for el in root.iter() if isinstance(el.tag, str)
                   for k in el.attrib)


def _words(root: etree._Element) -> str:
    return "".join(t.text or "" for t in root.iter(w("t")))


def track_headers(old_parts: dict[str, bytes], old_body: etree._Element,
                  new_parts: dict[str, bytes], new_body: etree._Element,
                  revs: Revisions) -> dict[str, bytes]:
    """NEW's header and footer parts, in every section, with their changes against the
    OLD ones shown in the same places tracked, by name. Raises ``Untrackable`` where that
    cannot be exact: one NEW header standing where OLD had different ones, or a header
    with pictures or links of its own (whose parts would need carrying over) that
    changed."""
    olds = _slots(old_parts, old_body)
    counterparts: dict[str, set[str]] = {}
    for slot, name in _slots(new_parts, new_body).items():
        counterparts.setdefault(name, set()).update({olds[slot]} if slot in olds else set())
    changed = {}
    for name, old_names in counterparts.items():
        new_root = parse_xml(new_parts[name])
        if len(old_names) > 1:
            raise Untrackable(f"different headers or footers where NEW has one ({name})")
        old_name = next(iter(old_names), None)
        old_root = parse_xml(old_parts[old_name]) if old_name else None
        if not _self_contained(new_root) or (old_root is not None
                                             and not _self_contained(old_root)):
            if old_root is not None and _words(old_root) == _words(new_root):
                continue  # the same words: NEW's, pictures and all
            raise Untrackable(f"a header or footer with a picture or link of its own whose "
                              f"text changed ({old_name or name})")
        new_blocks = [c for c in new_root if isinstance(c.tag, str)]
        if old_root is not None:
            old_blocks = [c for c in old_root if isinstance(c.tag, str)]
        else:  # a header OLD did not have: diffed against an empty one, all of it inserted
            empty = etree.Element(w("p"), nsmap=NSMAP)
            style = new_blocks[-1].find(w("pPr")) if new_blocks else None
            if style is not None:
                empty.append(copy.deepcopy(style))
            old_blocks = [empty]
        ctx = Context(revs, Side(image_hashes(old_parts, old_name or name)),
                      Side(image_hashes(new_parts, name)))
        blocks = diff_blocks(old_blocks, new_blocks, ctx)
        for child in list(new_root):
            new_root.remove(child)
        new_root.extend(blocks)
        changed[name] = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
    return changed
