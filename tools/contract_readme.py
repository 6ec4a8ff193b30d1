"""Writes the README's list of the workbooks, their sheets and columns, from the contract's
models (wsis_report/inputs/contract): the models are its only declaration.

    python tools/contract_readme.py          rewrite the section in README.md
    python tools/contract_readme.py --check  exit 1 if README.md differs
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wsis_report.inputs.contract.workbooks import CONTRACT  # noqa: E402

BEGIN = "<!-- contract: written by tools/contract_readme.py from the models; do not edit -->"
END = "<!-- /contract -->"


def contract_section() -> str:
    lines = [BEGIN, ""]
    for book in CONTRACT:
        lines.append(f"- **{book.filename}**: {book.help[0].lower()}{book.help[1:]}")
        for sheet in book.sheets:
            columns = sheet.fields or sheet.columns
            names = ", ".join(f"**{c.name}**" if c.required else c.name for c in columns)
            layout = " (Field | Value rows)" if sheet.layout == "fields" else ""
            lines.append(f"  - `{sheet.name}`{layout}: {names}. {sheet.help}")
    lines += ["", END]
    return "\n".join(lines)


def with_section(readme: str) -> str:
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no section between {BEGIN!r} and {END!r}")
    return pattern.sub(lambda _: contract_section(), readme)


def main(argv: list[str]) -> int:
    path = ROOT / "README.md"
    current = path.read_text()
    wanted = with_section(current)
    if "--check" in argv:
        return 0 if wanted == current else 1
    path.write_text(wanted)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
