import sys
from pathlib import Path

# The review tests' shared helpers (sample_edits, word_review, the lo_* scripts) sit here,
# above the rooms whose tests use them.
sys.path.insert(0, str(Path(__file__).parent))
