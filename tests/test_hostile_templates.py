"""A hostile-template corpus, built here: each case either renders with the context's
value exactly where the template puts it, once, or stops with the template and the
paragraph, exit 1, nothing written; all in bounded time (60 s a case) and memory
(the whole run under a 1 GB address-space limit, as the workbook mutation tests)."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from template_corpus import TITLE

HERE = Path(__file__).resolve().parent

RENDERS = {  # paragraph -> its text in the document
    "plain": ("Plain: {{ doc.title }}", f"Plain: {TITLE}"),
    "safe": ("Safe: {{ doc.title|safe }}", f"Safe: {TITLE}"),
    "escaped twice over": ("E: {{ doc.title|e }}", f"E: {TITLE}"),
    "autoescape off": ("A: {% autoescape false %}{{ doc.title }}{% endautoescape %}",
                       f"A: {TITLE}"),
    "macro": ("M: {% macro m(v) %}[{{ v }}]{% endmacro %}{{ m(doc.title) }}", f"M: [{TITLE}]"),
    "markup around": ("W: {{ '</w:t></w:r><w:r><w:t>' ~ doc.title }}",
                      f"W: </w:t></w:r><w:r><w:t>{TITLE}"),
    "padded a little": ("C: [{{ doc.title|center(50) }}]", f"C: [{TITLE:^50}]"),
}
STOPS = {  # paragraph -> what the message says
    "padded hugely": ("{{ doc.title|center(1000000000) }}", "width of 1,000,000,000"),
    "format to a gigabyte": ("{{ '%01000000000d'|format(1) }}", "memory"),
    "lipsum": ("{{ lipsum(1000000) }}", "lipsum is limited"),
    "repeated large strings": ("{% for i in range(100000) %}{{ doc.title|center(900000) }}"
                               "{% endfor %}", "more than 10,000,000 characters"),
    "doubling": ("{% set ns = namespace(t=doc.title) %}{% for i in range(60) %}"
                 "{% set ns.t = ns.t ~ ns.t %}{% endfor %}{{ ns.t|length }}", "memory"),
    "replace multiplying": ("{{ doc.title|replace('', doc.title * 1000) }}", "1,000,000"),
    "urlize": ("{{ doc.title|urlize }}", "No filter named 'urlize'"),
    "thrown away": ("T: {% set kept %}{{ doc.title }}{% endset %}", "is missing from the"),
    "changed after": ("U: {% filter upper %}{{ doc.presented_by }}{% endfilter %}", "is missing from"),
    "markup changed after": ("U: {% filter upper %}{{ doc.title }}{% endfilter %}",
                             "would not be well-formed"),
    "macro recursion": ("{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}", "calls itself"),
    "include absolute": ('{%p include "/etc/passwd.docx" %}', "by its name alone"),
    "include itself": ('{%p include "progress.docx" %}', "includes it in turn"),
    "extends": ('{% extends "progress.docx" %}', "{% extends %}"),
    "python internals": ("{{ doc.__class__.__mro__ }}", "cannot be rendered"),
    "cut across": ("Before {% if stage.draft %}hidden\t{% endif %}in a cell",
                   "would not be well-formed"),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    work = tmp_path_factory.mktemp("corpus")
    cases = {name: paragraph for name, (paragraph, _) in {**RENDERS, **STOPS}.items()}
    (work / "cases.json").write_text(json.dumps(cases))

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    run = subprocess.run([sys.executable, str(HERE / "template_corpus.py"),
                          str(work / "cases.json"), str(work / "results.json")],
                         capture_output=True, text=True, timeout=60 * len(cases),
                         preexec_fn=limit_memory)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads((work / "results.json").read_text())


@pytest.mark.parametrize("name", RENDERS)
def test_a_case_that_renders_has_the_value_once_where_the_template_puts_it(results, name):
    result = results[name]
    assert result["code"] == 0, result["message"]
    assert result["last"] == RENDERS[name][1]
    assert result["titles"] == results["plain"]["titles"]  # each case adds the title once
    assert result["seconds"] < 60


@pytest.mark.parametrize("name", STOPS)
def test_a_case_that_stops_is_located_and_writes_nothing(results, name):
    result = results[name]
    assert result["code"] == 1
    assert result["written"] == []
    message = result["message"]
    assert message.startswith("make-report: progress.docx"), message
    assert STOPS[name][1] in message
    assert "\n    near: " in message, message
    assert "internal error" not in message and "Traceback" not in message
    assert result["seconds"] < 60
