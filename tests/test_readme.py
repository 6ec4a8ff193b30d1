"""The README's two set-up commands, and CI running the very same test command."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands():
    return re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(), re.S)


def test_the_readme_gives_exactly_two_commands_to_set_up():
    main, tests = commands()
    assert main.endswith("make-report --stage ecosoc")
    assert "pytest" in tests and ".[test]" in tests


def test_ci_runs_the_readme_test_command():
    _, tests = commands()
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert tests in ci


def test_the_layout_section_names_every_module():
    layout = (ROOT / "README.md").read_text().split("## Layout", 1)[1]
    package = ROOT / "wsis_report"
    missing = [str(p.relative_to(package)) for p in package.rglob("*.py")
               if p.name != "__init__.py" and p.name not in layout]
    missing += [f"{d.name}/" for d in package.iterdir()
                if d.is_dir() and (d / "__init__.py").is_file() and f"{d.name}/" not in layout]
    assert missing == []
