"""The toolkit's version, kept apart so that the pipeline can stamp it without
importing the public API above it."""

__version__ = "0.1.0"
