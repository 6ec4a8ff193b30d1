"""The package's folders are the pipeline's steps, and imports run one way between them.

Read with ``ast`` from the source, so that a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "wsis_report"

# What each part of the package may import, besides itself. "wsis_report" is the public API
# in __init__.py: only the shells over it may import it, the command line and the editors'
# page it serves (server/, which only cli.py's `serve` starts).
ALLOWED: dict[str, set[str]] = {
    "inputs": set(),
    "documents": {"inputs"},
    "office": {"documents"},
    "editors": {"inputs", "documents", "office"},
    "review": {"inputs", "documents", "office"},
    "version": set(),
    "pipeline": {"inputs", "documents", "review", "version"},
    "wsis_report": {"inputs", "documents", "editors", "pipeline", "version"},
    "server": {"wsis_report", "inputs", "documents", "office", "editors", "review",
               "pipeline", "version"},
    "cli": {"wsis_report", "inputs", "documents", "office", "editors", "review", "pipeline",
            "cli_build", "cli_review", "cli_calendar", "server"},
    "cli_build": {"cli", "wsis_report", "documents", "office", "cli_review"},
    "cli_review": {"cli", "inputs", "documents", "office", "review"},
    "cli_calendar": {"cli", "inputs", "documents"},
}
MAX_LINES = 400


def part_of(module: str) -> str:
    """``wsis_report.inputs.load`` -> ``inputs``; ``wsis_report.cli`` -> ``cli``;
    ``wsis_report`` -> ``wsis_report`` (the public API)."""
    names = module.split(".")
    if names[0] != "wsis_report":
        return ""
    return names[1] if len(names) > 1 and names[1] != "__init__" else "wsis_report"


def module_name(path: Path) -> str:
    names = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(names[:-1] if names[-1] == "__init__" else names)


def imported(source: str, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module of the package that ``source`` imports, absolute, with its line."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                base = ".".join(here[: len(here) - node.level + 1] + [node.module or ""]).strip(".")
            found.append((node.lineno, base))
            # `from . import style` names a module, not an attribute of the package
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names
                      if (PACKAGE.parent / f"{base}.{a.name}".replace(".", "/")).with_suffix(
                          ".py").is_file()]
    return [(line, name) for line, name in found if name.split(".")[0] == "wsis_report"]


def faults(source: str, module: str, is_package: bool = False) -> list[str]:
    part = part_of(module)
    allowed = ALLOWED[part] | {part}
    wrong = []
    for line, name in imported(source, module, is_package):
        target = part_of(name)
        if target == "wsis_report" and name != "wsis_report":
            continue  # a submodule named through its package: judged by its own entry
        if target not in allowed:
            wrong.append(f"{module}:{line} imports {name} ({part} may not use {target})")
    return wrong


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_part_of_the_package_has_a_rule():
    parts = {part_of(module_name(p)) for p in modules()}
    assert parts <= set(ALLOWED), parts - set(ALLOWED)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path):
    source = path.read_text(encoding="utf-8")
    assert faults(source, module_name(path), path.name == "__init__.py") == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_short(path: Path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("source, module, expected", [
    ("from ... import check", "wsis_report.documents.rendering.render",
     "may not use wsis_report"),
    ("from ..pipeline import build", "wsis_report.inputs.load", "may not use pipeline"),
    ("from ..documents.style import date", "wsis_report.inputs.values", "may not use documents"),
    ("import wsis_report.editors.blank", "wsis_report.documents.output", "may not use editors"),
    ("def f():\n    from ..review import x", "wsis_report.office.convert", "may not use review"),
    ("from . import InputError", "wsis_report.pipeline", "may not use wsis_report"),
    ("from ...server.work import check_upload", "wsis_report.review.changes.report",
     "may not use server"),
    ("from ..cli import main", "wsis_report.server.app", "may not use cli"),
])
def test_an_upward_or_sideways_import_is_caught(source, module, expected):
    found = faults(source, module)
    assert len(found) == 1 and expected in found[0]


def test_the_allowed_imports_pass():
    assert faults("from ..inputs.models import Inputs", "wsis_report.documents.context") == []
    assert faults("from ..house_style import style",
                  "wsis_report.documents.rendering.templates") == []
    assert faults("from . import check, build", "wsis_report.cli") == []
