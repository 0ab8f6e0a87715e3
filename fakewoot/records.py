"""`dataclass`: the standard library's `@dataclass`, minus what costs at import.

fakewoot declares about ninety classes with `@dataclass`; building them was 40% of importing fakewoot
(0.08-0.12 s of every start): `dataclasses` compiles an `__init__`, `__repr__` and `__eq__` per class,
matches every string annotation against regular expressions and computes an `inspect.signature` for a
docstring, and `slots=True` builds each class twice. This `dataclass` takes the same declarations
(keywords, `dataclasses.field()` specifiers, `__post_init__`) and gives the same class: slots, the
`__init__` dataclass would write (compiled on the class's first instance: fast per call, and not paid
by the many classes a start from the start cache never instantiates),
`__dataclass_fields__` of real `dataclasses.Field`s (so `dataclasses.fields()`, `is_dataclass()`,
`replace()` and `asdict()` work), and `__eq__`/`__hash__`/`__repr__`/`__match_args__` and frozen
instances' pickling as dataclass defines them, shared rather than generated per class. One difference:
a slotted class whose fields all go through `__init__` (and without `__post_init__`) pickles as
`(cls, values)`, so unpickling calls the class (40% faster and 25% smaller than slot-by-slot state).

Not supported (fakewoot does not use them; a declaration that asks is refused): inheritance between
these classes, `order`, `kw_only`, `InitVar`, `unsafe_hash`, `weakref_slot`.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, cast, dataclass_transform, overload

T = TypeVar("T")

_MISSING: Any = dataclasses.MISSING
_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]  # what dataclasses.fields() keeps
_FIELD_CLASSVAR = dataclasses._FIELD_CLASSVAR  # type: ignore[attr-defined]


@overload
def dataclass(cls: type[T], /) -> type[T]: ...


@overload
def dataclass(
    *, slots: bool = False, frozen: bool = False, eq: bool = True, repr: bool = True
) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(
    cls: type[T] | None = None,
    /,
    *,
    slots: bool = False,
    frozen: bool = False,
    eq: bool = True,
    repr: bool = True,
) -> type[T] | Callable[[type[T]], type[T]]:
    """`@dataclass` / `@dataclass(slots=True, frozen=True, eq=False, repr=False)`: the standard one's."""

    def wrap(cls: type[T]) -> type[T]:
        return _build(cls, slots=slots, frozen=frozen, eq=eq, repr_=repr)

    return wrap if cls is None else wrap(cls)


def _build(cls: type[T], *, slots: bool, frozen: bool, eq: bool, repr_: bool) -> type[T]:
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"dataclass {cls.__qualname__}: inheriting from another dataclass is not supported")
    namespace = cls.__dict__
    fields: dict[str, dataclasses.Field[Any]] = {}
    for name, annotation in namespace.get("__annotations__", {}).items():
        field = _field(cls, name, annotation, namespace.get(name, _MISSING))
        fields[name] = field
    own = [f for f in fields.values() if f._field_type is _FIELD]  # type: ignore[attr-defined]

    members: dict[str, Any] = {
        "__dataclass_fields__": fields,
        "__init__": _init(cls, own, frozen, "__post_init__" in namespace),
        "__match_args__": tuple(f.name for f in own if f.init),
    }
    if repr_ and "__repr__" not in namespace:
        members["__repr__"] = _repr(cls.__qualname__, [f.name for f in own if f.repr])
    if eq and "__eq__" not in namespace:
        members["__eq__"] = _eq([f.name for f in own if f.compare])
    if "__hash__" not in namespace:
        if eq and frozen:
            members["__hash__"] = _hash([f.name for f in own if (f.compare if f.hash is None else f.hash)])
        elif eq:
            members["__hash__"] = None
    if frozen:
        members["__setattr__"] = _frozen_setattr
        members["__delattr__"] = _frozen_delattr
    if frozen and slots:  # the default pickling sets slots with setattr, which a frozen one refuses
        # (kept with __reduce__ below too: pickles written before it still load)
        members["__getstate__"] = _getstate([f.name for f in own])
        members["__setstate__"] = _setstate([f.name for f in own])
    if slots and "__post_init__" not in namespace and all(f.init for f in own):
        # pickled as the class and its values: unpickling calls the class, about 40% faster and 25%
        # smaller than slot-by-slot state (100,000 contacts from the start cache: ~0.2 s less)
        members["__reduce__"] = _reduce([f.name for f in own])

    if slots:
        names = {f.name for f in own}
        body = {key: value for key, value in namespace.items() if key not in names}
        for key, value in body.items():  # dataclass (3.11) leaves a zero-argument super() broken too
            if "__class__" in getattr(getattr(value, "__code__", None), "co_freevars", ()):
                raise TypeError(
                    f"dataclass {cls.__qualname__}.{key}: super() and __class__ are not supported"
                )
        body.pop("__dict__", None)
        body.pop("__weakref__", None)
        body["__slots__"] = tuple(f.name for f in own)
        body.update(members)
        metaclass: type = type(cls)
        built = cast("type[T]", metaclass(cls.__name__, cls.__bases__, body))
        built.__qualname__ = cls.__qualname__
        repr_function = members.get("__repr__")
        if repr_function is not None:
            repr_function.__qualname__ = f"{cls.__qualname__}.__repr__"
        return built
    for field in own:  # dataclass keeps plain defaults as class attributes, drops the rest
        if field.default is not _MISSING:
            setattr(cls, field.name, field.default)
        elif field.name in namespace:
            delattr(cls, field.name)
    for key, value in members.items():
        setattr(cls, key, value)
    return cls


def _field(cls: type, name: str, annotation: object, default: Any) -> dataclasses.Field[Any]:
    field: dataclasses.Field[Any] = (
        default if isinstance(default, dataclasses.Field) else dataclasses.field(default=default)
    )
    field.name = name
    field.type = annotation
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    if text.startswith(("ClassVar", "typing.ClassVar")):
        setattr(field, "_field_type", _FIELD_CLASSVAR)  # noqa: B010  (a private slot of Field)
        return field
    if text.startswith(("InitVar", "dataclasses.InitVar", "KW_ONLY")) or field.kw_only is True:
        raise TypeError(f"dataclass {cls.__qualname__}.{name}: InitVar and kw_only are not supported")
    if field.default is not _MISSING and field.default.__class__.__hash__ is None:
        raise ValueError(
            f"mutable default {type(field.default)} for field {name} is not allowed: use default_factory"
        )
    setattr(field, "_field_type", _FIELD)  # noqa: B010  (what dataclasses.fields() keeps)
    return field


def _init(cls: type, fields: list[dataclasses.Field[Any]], frozen: bool, post_init: bool) -> Any:
    """A stand-in `__init__` that compiles the one dataclass writes for these fields on the first
    instance and puts it in its place: a start from the start cache unpickles records without
    calling `__init__`, so most classes never need theirs (about 0.1 ms each to compile)."""
    source, scope = _init_source(cls, fields, frozen, post_init)
    where = f"<dataclass {cls.__module__}.{cls.__qualname__}>"
    qualname = f"{cls.__qualname__}.__init__"

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        exec(compile(source, where, "exec"), scope)
        init = scope["__init__"]
        init.__qualname__ = qualname
        owner = next(klass for klass in type(self).__mro__ if klass.__dict__.get("__init__") is __init__)
        type.__setattr__(owner, "__init__", init)
        init(self, *args, **kwargs)

    return __init__


def _init_source(
    cls: type, fields: list[dataclasses.Field[Any]], frozen: bool, post_init: bool
) -> tuple[str, dict[str, Any]]:
    """The source of the `__init__` dataclass writes for these fields, and the names it uses."""
    scope: dict[str, Any] = {"MISSING": _MISSING, "object": object}
    arguments = ["self"]
    lines = []
    seen_default = False
    for field in fields:
        name = field.name
        if field.default_factory is not _MISSING:
            scope[f"_factory_{name}"] = field.default_factory
            if field.init:
                arguments.append(f"{name}=MISSING")
                value = f"_factory_{name}() if {name} is MISSING else {name}"
            else:
                value = f"_factory_{name}()"
        elif field.init:
            if field.default is not _MISSING:
                scope[f"_default_{name}"] = field.default
                arguments.append(f"{name}=_default_{name}")
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {name!r} follows default argument")
            else:
                arguments.append(name)
            value = name
        elif field.default is not _MISSING:
            scope[f"_default_{name}"] = field.default
            value = f"_default_{name}"
        else:
            continue  # init=False without a default: left unset, as dataclass does
        if field.init and field.default_factory is not _MISSING:
            seen_default = True
        if frozen:
            lines.append(f"  object.__setattr__(self, {name!r}, {value})")
        else:
            lines.append(f"  self.{name} = {value}")
    if post_init:
        lines.append("  self.__post_init__()")
    source = f"def __init__({', '.join(arguments)}):\n" + ("\n".join(lines) or "  pass") + "\n"
    return source, scope


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda _: ()
    getter = attrgetter(*names)
    if len(names) == 1:
        return lambda item: (getter(item),)
    return getter


def _repr(qualname: str, names: list[str]) -> Any:
    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{qualname}({shown})"

    return __repr__


def _eq(names: list[str]) -> Any:
    values = _values(names)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _hash(names: list[str]) -> Any:
    values = _values(names)

    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _reduce(names: list[str]) -> Any:
    values = _values(names)

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return (type(self), values(self))

    return __reduce__


def _getstate(names: list[str]) -> Any:
    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    return __getstate__


def _setstate(names: list[str]) -> Any:
    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    return __setstate__
