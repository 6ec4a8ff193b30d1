"""What changed in the facts between two snapshots, and that told as text, JSON or a table."""
