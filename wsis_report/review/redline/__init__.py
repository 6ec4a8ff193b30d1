"""The redline: NEW with Word tracked changes against OLD, and the reading of a document's
text with its changes accepted or rejected."""
