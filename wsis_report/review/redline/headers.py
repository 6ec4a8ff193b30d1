"""Headers and footers in the redline: each of NEW's, tracked against OLD's of the same
kind (default, first page, even pages), so that the draft's "Draft" header shows as
replaced by the symbol; and each of OLD's of a kind NEW has none of (the draft's first
page "Draft" mark, where the final report's first page has no header) carried over with
its text deleted, so that nothing disappears untracked. A header with pictures or links
of its own is left as NEW has it: its parts would need carrying over, as the body's are."""

from __future__ import annotations

import copy
import posixpath

from lxml import etree

from .blocks import Context, diff_blocks
from .package import relationships
from .tracked import NSMAP, R, image_hashes, parse_xml, w
from .wordiff import Revisions, Side

KINDS = ("headerReference", "footerReference")


def _references(parts: dict[str, bytes], body: etree._Element) -> dict[tuple[str, str], str]:
    """(headerReference or footerReference, type) -> part name, from the last section."""
    section = body.find(w("sectPr"))
    if section is None:
        return {}
    targets = {r.get("Id"): posixpath.normpath(posixpath.join("word", r.get("Target", "")))
               for r in relationships(parts)}
    found = {}
    for kind in KINDS:
        for ref in section.findall(w(kind)):
            target = targets.get(ref.get(f"{{{R}}}id"))
            if target in parts:
                found[(kind, ref.get(w("type"), "default"))] = target
    return found


def _self_contained(root: etree._Element) -> bool:
    return not any(k.startswith(f"{{{R}}}") for el in root.iter() if isinstance(el.tag, str)
                   for k in el.attrib)


def track_headers(old_parts: dict[str, bytes], old_body: etree._Element,
                  new_parts: dict[str, bytes], new_body: etree._Element,
                  revs: Revisions) -> dict[str, bytes]:
    """NEW's header and footer parts with their changes against OLD's tracked, by name."""
    olds = _references(old_parts, old_body)
    changed = {}
    for key, name in _references(new_parts, new_body).items():
        new_root = parse_xml(new_parts[name])
        old_root = parse_xml(old_parts[olds[key]]) if key in olds else None
        if not _self_contained(new_root) or (old_root is not None
                                             and not _self_contained(old_root)):
            continue
        new_blocks = [c for c in new_root if isinstance(c.tag, str)]
        if old_root is not None:
            old_blocks = [c for c in old_root if isinstance(c.tag, str)]
        else:  # a header OLD did not have: diffed against an empty one, all of it inserted
            empty = etree.Element(w("p"), nsmap=NSMAP)
            style = new_blocks[-1].find(w("pPr")) if new_blocks else None
            if style is not None:
                empty.append(copy.deepcopy(style))
            old_blocks = [empty]
        ctx = Context(revs, Side(image_hashes(old_parts, olds.get(key, name))),
                      Side(image_hashes(new_parts, name)))
        blocks = diff_blocks(old_blocks, new_blocks, ctx)
        for child in list(new_root):
            new_root.remove(child)
        new_root.extend(blocks)
        changed[name] = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
    return changed


def gone_headers(old_parts: dict[str, bytes], old_body: etree._Element,
                 new_parts: dict[str, bytes], new_body: etree._Element,
                 revs: Revisions) -> list[tuple[str, str, bytes]]:
    """OLD's headers and footers of a kind NEW lacks, each as (reference tag, type, the
    part's XML with all its text tracked as deleted)."""
    news = _references(new_parts, new_body)
    found = []
    for (tag, kind), name in _references(old_parts, old_body).items():
        root = parse_xml(old_parts[name])
        if (tag, kind) in news or not _self_contained(root):
            continue
        old_blocks = [c for c in root if isinstance(c.tag, str)]
        empty = etree.Element(w("p"), nsmap=NSMAP)  # NEW's page has no header: an empty one
        style = old_blocks[0].find(w("pPr")) if old_blocks else None
        if style is not None:
            empty.append(copy.deepcopy(style))
        ctx = Context(revs, Side(image_hashes(old_parts, name)), Side({}))
        blocks = diff_blocks(old_blocks, [empty], ctx)
        for child in list(root):
            root.remove(child)
        root.extend(blocks)
        found.append((tag, kind, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)))
    return found
