"""The review cycle: what a built document carries of its sources, and what comes back
from its reviewers. Uses ``inputs``, ``documents`` and ``office``; nothing below imports it."""
