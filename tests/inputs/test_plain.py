"""Value classes declared by their fields behave as the dataclasses they replace."""

from __future__ import annotations

import copy
import pickle
from functools import cached_property
from typing import ClassVar

import pytest

from wsis_report.inputs.plain import (MISSING, Frozen, FrozenInstanceError, Plain, asdict, field,
                                      fields, replace)


class Point(Frozen):
    x: int
    y: int = 0
    label: str = field(default="", compare=False, repr=False)


class Tagged(Frozen, kw_only=True):
    where: str | None = field(default=None, init=False, compare=False, repr=False)
    kind: str = "note"
    text: str  # required after a default: allowed when keyword-only


class Note(Tagged, kw_only=True):
    words: tuple[str, ...] = ()


class Basket(Plain):
    name: str
    items: list[str] = field(default_factory=list)
    LIMIT: ClassVar[int] = 3

    @cached_property
    def size(self) -> int:
        return len(self.items)


def test_arguments_by_position_and_keyword_with_defaults():
    assert (Point(1).x, Point(1).y) == (1, 0)
    p = Point(1, y=2, label="a")
    assert (p.x, p.y, p.label) == (1, 2, "a")
    assert Point.y == 0  # a default stays on the class, as with @dataclass
    n = Note(text="t", words=("a",))
    assert (n.kind, n.text, n.words, n.where) == ("note", "t", ("a",), None)


@pytest.mark.parametrize("make, message", [
    (lambda: Point(), "missing required argument: 'x'"),
    (lambda: Point(1, 2, "a", 4), "takes 3 positional arguments but 4 were given"),
    (lambda: Point(1, x=2), "multiple values for argument 'x'"),
    (lambda: Point(1, z=2), "unexpected keyword argument 'z'"),
    (lambda: Note("t"), "takes 0 positional arguments"),
    (lambda: Note(text="t", where="x"), "unexpected keyword argument 'where'"),
    (lambda: Note(), "missing required argument: 'text'"),
])
def test_wrong_arguments_are_refused_as_a_dataclass_refuses_them(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_equality_and_hash_follow_the_compared_fields():
    assert Point(1, 2, "a") == Point(1, 2, "b")
    assert hash(Point(1, 2, "a")) == hash(Point(1, 2, "b"))
    assert Point(1, 2) != Point(2, 1)
    assert Point(1) != (1, 0) and Note(text="t") != Tagged(text="t")  # other classes differ
    assert len({Point(1), Point(1), Point(2)}) == 2
    nan = float("nan")
    assert Point(nan) == Point(nan)  # the same object in each: equal, as in a tuple


def test_repr_shows_the_shown_fields():
    assert repr(Point(1, 2, "hidden")) == "Point(x=1, y=2)"
    assert repr(Note(text="t")) == "Note(kind='note', text='t', words=())"


def test_a_frozen_instance_never_changes_but_where_it_was_read_can_be_set():
    p = Point(1)
    with pytest.raises(FrozenInstanceError):
        p.x = 2
    with pytest.raises(FrozenInstanceError):
        del p.x
    with pytest.raises(FrozenInstanceError):
        p.other = 1
    n = Note(text="t")
    object.__setattr__(n, "where", "B7")  # how records.located sets an origin
    assert n.where == "B7" and n == Note(text="t")


def test_a_plain_instance_changes_has_own_defaults_and_is_unhashable():
    a, b = Basket("a"), Basket("b")
    a.items.append("x")
    assert b.items == [] and a.size == 1
    a.name = "c"
    assert a == Basket("c", ["x"]) and a != Basket("c")
    with pytest.raises(TypeError):
        hash(a)
    assert "LIMIT" not in [f.name for f in fields(Basket)] and Basket.LIMIT == 3


def test_fields_replace_and_asdict():
    assert [f.name for f in fields(Note)] == ["where", "kind", "text", "words"]
    assert [f.name for f in fields(Note(text="t")) if f.required] == ["text"]
    assert fields(Point)[1].default == 0 and fields(Basket)[1].default is MISSING
    n = Note(text="t", words=("a",))
    object.__setattr__(n, "where", "B7")
    m = replace(n, text="u")
    assert (m.text, m.words, m.where) == ("u", ("a",), None)  # not a value: starts afresh
    with pytest.raises(ValueError):
        replace(n, where="C1")
    assert asdict(Point(1, 2, "a")) == {"x": 1, "y": 2, "label": "a"}
    with pytest.raises(TypeError):
        fields(object())


def test_declarations_that_a_dataclass_refuses_are_refused():
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        class Wrong(Frozen):
            a: int = 0
            b: int
    with pytest.raises(ValueError, match="mutable default"):
        class Shared(Plain):
            items: list = []  # noqa: RUF012
    with pytest.raises(ValueError):
        field(default=1, default_factory=int)


def test_copies_and_pickles_are_equal_and_still_frozen():
    n = Note(text="t", words=("a",))
    object.__setattr__(n, "where", "B7")
    for other in (copy.copy(n), copy.deepcopy(n), pickle.loads(pickle.dumps(n))):
        assert other == n and other.where == "B7"
        with pytest.raises(FrozenInstanceError):
            other.text = "u"


def test_pydantic_validates_and_serialises_the_init_fields():
    from pydantic import TypeAdapter

    adapter = TypeAdapter(list[Note])
    n = Note(text="t")
    object.__setattr__(n, "where", "B7")
    assert adapter.validate_python([n])[0] is n  # an instance passes as it is
    assert adapter.dump_python([n]) == [{"kind": "note", "text": "t", "words": ()}]
    assert adapter.validate_json('[{"text": "u"}]') == [Note(text="u")]
    schema = adapter.json_schema()["$defs"]["Note"]
    assert schema["required"] == ["text"] and schema["properties"]["kind"]["default"] == "note"
