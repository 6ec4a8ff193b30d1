"""A reviewer's copy read, whatever its form: a Word .docx (comments, replies and every
tracked change, once each, with exact text), an .odt through LibreOffice, an annotated PDF."""
