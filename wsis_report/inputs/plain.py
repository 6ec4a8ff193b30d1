"""Value classes declared by their fields, as dataclasses are, but made without generated code.

``@dataclass`` writes and compiles each class's ``__init__``, ``__repr__`` and ``__eq__``
(a frozen one's ``__hash__``, ``__setattr__`` and ``__delattr__`` too), and it imports
``inspect``. On Python 3.11 the 22 classes a check needs paid about 18 ms for it, a tenth
of ``make-report check`` on a 10,000-response export (issue 14). Those classes take the same
methods from a base here instead, which reads the fields the class declares::

    class Milestone(Frozen, kw_only=True):
        start: dt.date
        end: dt.date | None = None
        text: str

``Frozen`` instances are immutable and hashed by value; ``Plain`` ones can change and are
not hashable. As with ``@dataclass``, equality, hashing and ``repr`` follow each field's
``compare`` and ``repr``, a field's default stays on the class, and ``fields``, ``replace``
and ``asdict`` (shallow) are at hand. pydantic reads such a class as an object of its
``init`` fields (see ``__get_pydantic_core_schema__``). The modules a check never imports
keep ``@dataclass``.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class FrozenInstanceError(AttributeError):
    """An attempt to change a ``Frozen`` instance."""


class Field:
    """One declared field: its name, default (or factory), and what it takes part in."""

    __slots__ = ("name", "default", "default_factory", "init", "compare", "repr", "kw_only")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING,
                 init: bool = True, compare: bool = True, repr: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("a field cannot have both a default and a default_factory")
        self.name = ""
        self.default, self.default_factory = default, default_factory
        self.init, self.compare, self.repr, self.kw_only = init, compare, repr, False

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is MISSING

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default: Any = MISSING, default_factory: Any = MISSING, init: bool = True,
          compare: bool = True, repr: bool = True) -> Any:
    """A field with a factory for its default, or left out of ``__init__``, equality or
    ``repr`` (as ``dataclasses.field``)."""
    return Field(default, default_factory, init, compare, repr)


class _Spec:
    # What the shared methods read, worked out once per class.
    __slots__ = ("positional", "made", "compared", "shown")

    def __init__(self, all_fields: tuple[Field, ...]) -> None:
        self.positional = tuple(f.name for f in all_fields if f.init and not f.kw_only)
        self.made = tuple((f.name, f.init, f.default, f.default_factory) for f in all_fields)
        self.compared = tuple(f.name for f in all_fields if f.compare)
        self.shown = tuple(f.name for f in all_fields if f.repr)


class Plain:
    """Shared ``__init__``, ``__repr__`` and ``__eq__`` for a class of declared fields."""

    __slots__ = ()
    __plain_fields__: tuple[Field, ...] = ()
    __plain_spec__ = _Spec(())

    def __init_subclass__(cls, *, kw_only: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = {f.name: f for f in cls.__plain_fields__}  # a redeclared one keeps its place
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if "ClassVar" in str(annotation):
                continue
            value = cls.__dict__.get(name, MISSING)
            declared[name] = made = value if isinstance(value, Field) else Field(default=value)
            made.name, made.kw_only = name, kw_only
            if isinstance(made.default, (list, dict, set)):
                raise ValueError(f"{cls.__name__}.{name}: a mutable default is shared by every "
                                 "instance; use field(default_factory=...)")
            if made.default is not MISSING:
                setattr(cls, name, made.default)
            elif value is not MISSING:
                delattr(cls, name)
        after_default = False
        for f in declared.values():
            if f.init and not f.kw_only:
                if f.required and after_default:
                    raise TypeError(f"{cls.__name__}: non-default argument {f.name!r} follows "
                                    "default argument")
                after_default = after_default or not f.required
        cls.__plain_fields__ = tuple(declared.values())
        cls.__plain_spec__ = _Spec(cls.__plain_fields__)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        spec = self.__plain_spec__
        name = type(self).__name__
        if len(args) > len(spec.positional):
            raise TypeError(f"{name}() takes {len(spec.positional)} positional arguments but "
                            f"{len(args)} were given")
        given = dict(zip(spec.positional, args))
        for key in kwargs:
            if key in given:
                raise TypeError(f"{name}() got multiple values for argument {key!r}")
        given.update(kwargs)
        # Written to __dict__ directly: a Frozen instance refuses setattr.
        values = self.__dict__
        missing = []
        for field_name, init, default, factory in spec.made:
            if init and field_name in given:
                values[field_name] = given.pop(field_name)
            elif factory is not MISSING:
                values[field_name] = factory()
            elif default is not MISSING:
                values[field_name] = default
            elif init:
                missing.append(field_name)
        if given:
            raise TypeError(f"{name}() got an unexpected keyword argument {next(iter(given))!r}")
        if missing:
            raise TypeError(f"{name}() missing required argument{'s' * (len(missing) > 1)}: "
                            + ", ".join(map(repr, missing)))
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __repr__(self) -> str:
        shown = self.__plain_spec__.shown
        return (f"{type(self).__qualname__}("
                + ", ".join(f"{n}={getattr(self, n)!r}" for n in shown) + ")")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = self.__plain_spec__.compared  # as tuples, as @dataclass compares
        return (tuple(getattr(self, n) for n in compared)
                == tuple(getattr(other, n) for n in compared))

    __hash__ = None  # type: ignore[assignment]  # as @dataclass(eq=True) leaves it

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        # Asked only by the public ``Inputs`` model, which has imported pydantic already:
        # the class is validated and serialised as an object of its ``init`` fields.
        import typing

        from pydantic_core import core_schema as cs

        hints = typing.get_type_hints(cls)
        given = [f for f in cls.__plain_fields__ if f.init]

        def value(f: Field) -> Any:
            schema = handler.generate_schema(hints[f.name])
            if f.default is not MISSING:
                return cs.with_default_schema(schema, default=f.default)
            if f.default_factory is not MISSING:
                return cs.with_default_schema(schema, default_factory=f.default_factory)
            return schema

        as_dict = cs.typed_dict_schema(
            {f.name: cs.typed_dict_field(value(f), required=f.required) for f in given},
            cls=cls, ref=f"{cls.__module__}.{cls.__qualname__}:dict")
        built = cs.no_info_after_validator_function(lambda d: cls(**d), as_dict)
        return cs.json_or_python_schema(
            json_schema=built,
            python_schema=cs.union_schema([cs.is_instance_schema(cls), built]),
            serialization=cs.plain_serializer_function_ser_schema(
                lambda value: {f.name: getattr(value, f.name) for f in given},
                return_schema=as_dict))


class Frozen(Plain):
    """A ``Plain`` class whose instances never change, hashed by the values they compare."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, n) for n in self.__plain_spec__.compared))

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def fields(value: Any) -> tuple[Field, ...]:
    """The fields of a class (or of its instance), in declaration order."""
    if not isinstance(value, type):
        value = type(value)
    if not issubclass(value, Plain):
        raise TypeError(f"{value.__name__} is not a class of declared fields")
    return value.__plain_fields__


def replace(value: T, **changes: Any) -> T:
    """A copy of ``value`` with ``changes`` (fields left out of ``__init__`` start afresh)."""
    for f in fields(value):
        if f.init:
            changes.setdefault(f.name, getattr(value, f.name))
        elif f.name in changes:
            raise ValueError(f"field {f.name!r} is not set through __init__; it cannot be "
                             "replaced")
    return type(value)(**changes)


def asdict(value: Any) -> dict[str, Any]:
    """Each field's name and value (the values themselves, not copies)."""
    return {f.name: getattr(value, f.name) for f in fields(value)}
