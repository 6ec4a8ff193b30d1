"""Bounds on what a template can make the renderer build: text size, output
size and memory, besides the time limit in ``render.py``.

A template comes from outside (a partner's Word file, a drafter's mistake), and
Jinja lets it build text in many ways: filters that pad (``center``, ``indent``,
``format``), string methods, ``~`` in a loop, ``lipsum``. Capping each way is
whack-a-mole, so three general bounds hold whatever the way: every value that
reaches the document is at most ``MAX_TEXT`` characters, every rendered part at
most ``MAX_PART_CHARS``, and the whole rendering may allocate at most
``MEMORY_BUDGET`` bytes more than the process held when it began. The filters
below are capped as well only to stop early, with a plain message.
"""

from __future__ import annotations

import functools
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterable

from jinja2 import filters as jinja_filters
from jinja2.exceptions import SecurityError
from jinja2.utils import generate_lorem_ipsum

try:
    import resource
except ImportError:  # Windows: no address-space limit, the time limit still holds
    resource = None  # type: ignore[assignment]

MAX_TEXT = 1_000_000          # characters in one value, as docs/templates.md says
MAX_PART_CHARS = 10_000_000   # characters of XML in one rendered part (a body: 50,000)
MEMORY_BUDGET = 512 * 2**20   # bytes a rendering may add to the process
MAX_LIPSUM_PARAGRAPHS, MAX_LIPSUM_WORDS = 20, 200


class TooLarge(SecurityError):
    """The template builds more than the bounds allow."""


def too_long(what: str = "a text") -> TooLarge:
    return TooLarge(f"the template builds {what} of more than {MAX_TEXT:,} characters")


def _width_checked(name: str, function: Callable, position: int,
                   keyword: str = "width") -> Callable:
    """``function`` refusing a width argument (at ``position``) above ``MAX_TEXT``."""
    checked = _length_checked(function)

    @functools.wraps(function)  # keeps Jinja's mark of what to pass it first
    def bounded(*args: Any, **kwargs: Any) -> Any:
        width = args[position] if len(args) > position else kwargs.get(keyword, 0)
        if isinstance(width, int) and width > MAX_TEXT:
            raise TooLarge(f"the filter {name!r} is asked for a width of {width:,} "
                           f"characters; the limit is {MAX_TEXT:,}")
        return checked(*args, **kwargs)

    return bounded


def _length_checked(function: Callable) -> Callable:
    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if isinstance(result, str) and len(result) > MAX_TEXT:
            raise too_long()
        return result

    return bounded


def _lipsum(n: int = 5, html: bool = False, min: int = 20, max: int = 100) -> str:
    if n > MAX_LIPSUM_PARAGRAPHS or max > MAX_LIPSUM_WORDS or min > MAX_LIPSUM_WORDS:
        raise TooLarge(f"lipsum is limited to {MAX_LIPSUM_PARAGRAPHS} paragraphs of at most "
                       f"{MAX_LIPSUM_WORDS} words")
    return str(generate_lorem_ipsum(n, False, min, max))


def _as_text(value: Any) -> Any:
    """``safe`` in the sandbox: the value stays a value, escaped like any other.
    Nothing in a template is trusted as Word markup (docs/templates.md)."""
    return str(value) if isinstance(value, str) else value


BOUNDED_FILTERS = {
    "center": _width_checked("center", jinja_filters.do_center, 1),
    "indent": _width_checked("indent", jinja_filters.do_indent, 1),
    "wordwrap": _width_checked("wordwrap", jinja_filters.do_wordwrap, 2),
    "truncate": _width_checked("truncate", jinja_filters.do_truncate, 2, "length"),
    "format": _length_checked(jinja_filters.do_format),
    "replace": _length_checked(jinja_filters.do_replace),
    "join": _length_checked(jinja_filters.do_join),
    "safe": _as_text,
}
# Filters that make HTML or JSON markup from text have no place in a Word document
# and would be ways round the escaping: a template that uses one is refused.
REMOVED_FILTERS = ("urlize", "xmlattr", "tojson")
BOUNDED_GLOBALS = {"lipsum": _lipsum}


def bounded_concat(pieces: Iterable[str]) -> str:
    """Jinja's ``concat``, counting as it goes: a loop that writes a small text a
    million times is stopped before the whole is held."""
    out, total = [], 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_PART_CHARS:
            problem = TooLarge(f"the template writes more than {MAX_PART_CHARS:,} characters "
                               "into one part of the document; does a loop run too often?")
            if hasattr(pieces, "throw"):  # raised at the template's tag, which names it
                pieces.throw(problem)
            raise problem
        out.append(piece)
    return "".join(out)


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def memory_budget(budget: int = MEMORY_BUDGET):
    """Lets the code inside allocate at most ``budget`` more bytes of address space;
    past it, allocations fail with ``MemoryError`` rather than exhausting the
    machine. Only where the address space can be measured and limited (Linux)."""
    used = _address_space() if resource is not None else None
    if used is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = used + budget
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield  # an outer limit is already tighter
        return
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
