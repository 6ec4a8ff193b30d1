"""A copy that lost its map (a Google Docs export, a copy-paste, an .odt, a PDF): matched to
the build it came from, its words aligned to the build's, each remark placed on the build's
text and given its paragraph and Source, or "unlocated" when that cannot be known."""
