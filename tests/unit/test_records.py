"""fakewoot.records.dataclass behaves as the standard library's @dataclass for every feature fakewoot's
declarations use: each check runs against both and compares."""

from __future__ import annotations

import dataclasses
import pickle
import re
from pathlib import Path
from typing import Any, ClassVar

import pytest

import fakewoot
from fakewoot import records

MAKERS = pytest.mark.parametrize(
    "make", [dataclasses.dataclass, records.dataclass], ids=["stdlib", "fakewoot"]
)


def _counter() -> list[int]:
    return [1, 2]


# module-level classes so that pickle finds them by name
@records.dataclass(slots=True)
class Plain:
    id: int
    name: str = "x"
    tags: list[int] = dataclasses.field(default_factory=_counter)
    hidden: int = dataclasses.field(init=False, default=7)
    unset: int = dataclasses.field(init=False)
    ignored: int = dataclasses.field(default=0, compare=False, repr=False)


@records.dataclass(frozen=True, slots=True)
class Frozen:
    method: str
    path: str
    pending: bool = False


def _declare(make: Any, **options: Any) -> type:
    class Item:
        KIND: ClassVar[str] = "item"
        id: int
        name: str = "x"
        tags: list[int] = dataclasses.field(default_factory=_counter)
        hidden: int = dataclasses.field(init=False, default=7)
        ignored: int = dataclasses.field(default=0, compare=False, repr=False)

        def label(self) -> str:
            return f"{self.KIND} {self.name}"

    return make(**options)(Item)  # type: ignore[no-any-return]


@MAKERS
@pytest.mark.parametrize("options", [{}, {"slots": True}, {"eq": False}, {"frozen": True, "slots": True}])
def test_the_same_class_as_dataclass(make: Any, options: dict[str, Any]) -> None:
    Item = _declare(make, **options)
    first, second = Item(1), Item(1, "x", [1, 2], ignored=5)
    assert (first.id, first.name, first.tags, first.hidden, first.label()) == (1, "x", [1, 2], 7, "item x")
    assert first.tags is not Item(1).tags
    assert Item.KIND == "item"
    assert [f.name for f in dataclasses.fields(Item)] == ["id", "name", "tags", "hidden", "ignored"]
    assert dataclasses.is_dataclass(Item) and dataclasses.is_dataclass(first)
    assert dataclasses.asdict(first) == {"id": 1, "name": "x", "tags": [1, 2], "hidden": 7, "ignored": 0}
    assert dataclasses.replace(first, name="y").name == "y"
    assert Item.__match_args__ == ("id", "name", "tags", "ignored")
    assert repr(first).endswith("Item(id=1, name='x', tags=[1, 2], hidden=7)")
    if options.get("eq", True):
        assert first == second and first != Item(2) and first != (1, "x")
    else:
        assert first != second and first == first  # identity
    if options.get("slots"):
        assert not hasattr(first, "__dict__")
        assert Item.__slots__ == ("id", "name", "tags", "hidden", "ignored")
    if options.get("frozen"):
        with pytest.raises(dataclasses.FrozenInstanceError):
            first.name = "z"
        with pytest.raises(dataclasses.FrozenInstanceError):
            del first.name
        assert hash(Item(1, tags=())) == hash(Item(1, tags=(), ignored=5)) != hash(Item(2, tags=()))
    elif options.get("eq", True):
        assert Item.__hash__ is None
    else:
        assert hash(first) == object.__hash__(first)


@MAKERS
def test_post_init_and_argument_order(make: Any) -> None:
    class Settings:
        port: int = 3000

        def __post_init__(self) -> None:
            self.port = int(self.port)

    assert make(Settings)("3001").port == 3001
    with pytest.raises(TypeError, match="non-default argument"):

        class Wrong:
            a: int = 1
            b: int

        make(Wrong)


@MAKERS
def test_a_mutable_default_is_refused(make: Any) -> None:
    class Wrong:
        items: list[int] = []

    with pytest.raises(ValueError, match="mutable default"):
        make(Wrong)


def test_instances_pickle_and_compare() -> None:
    item = Plain(3, "y")
    copy = pickle.loads(pickle.dumps(item))
    assert not hasattr(copy, "unset")  # init=False without a default stays unset, as dataclass leaves it
    item.unset = copy.unset = 1
    assert copy == item and copy.hidden == 7
    route = Frozen("GET", "/x")
    assert pickle.loads(pickle.dumps(route)) == route
    assert {route: 1}[Frozen("GET", "/x")] == 1


def test_inheritance_between_them_is_refused() -> None:
    with pytest.raises(TypeError, match="inheriting"):

        @records.dataclass
        class Child(Plain):  # type: ignore[misc]
            extra: int = 0


def test_fakewoot_declares_its_dataclasses_with_fakewoot_records() -> None:
    """The standard decorator costs about 1 ms per class at every start (see fakewoot/records.py)."""
    package = Path(fakewoot.__file__).parent
    uses = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if re.search(
            r"^from dataclasses import .*\bdataclass\b|@dataclasses\.dataclass", path.read_text(), re.M
        )
    ]
    assert uses == []


def test_init_is_compiled_on_the_first_instance() -> None:
    @records.dataclass(slots=True)
    class Lazy:
        id: int
        name: str = "x"

    stand_in = Lazy.__init__
    assert Lazy(1, name="y").name == "y"
    assert Lazy.__init__ is not stand_in
    assert Lazy.__init__.__qualname__.endswith("Lazy.__init__")
    assert (Lazy(2).id, Lazy(id=3).id) == (2, 3)
    with pytest.raises(TypeError):
        Lazy()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Lazy(1, "y", "z")  # type: ignore[call-arg]


@records.dataclass(slots=True)
class Row:
    id: int
    tags: list[str] = dataclasses.field(default_factory=list)


def test_a_slotted_record_pickles_as_its_class_and_values() -> None:
    row = Row(1, ["a"])
    assert row.__reduce__() == (Row, (1, ["a"]))
    assert Frozen("GET", "/x").__reduce__() == (Frozen, ("GET", "/x", False))
    copy = pickle.loads(pickle.dumps([row, row]))
    assert copy == [row, row] and copy[0] is copy[1]  # shared records stay shared
    # fields outside __init__ (Plain.hidden) keep the slot-by-slot state
    assert "__reduce__" not in Plain.__dict__


def test_pickles_written_slot_by_slot_still_load() -> None:
    """State files written before records pickled as (class, values) hold NEWOBJ + BUILD with the
    slot-by-slot state dataclass gave: a frozen record's list, another's (None, {slot: value})."""
    import copyreg
    import io

    class OldPickler(pickle.Pickler):
        def reducer_override(self, obj: Any) -> Any:
            if isinstance(obj, Frozen):
                return (copyreg.__newobj__, (Frozen,), obj.__getstate__())
            if isinstance(obj, Row):
                return (copyreg.__newobj__, (Row,), (None, {"id": obj.id, "tags": obj.tags}))
            return NotImplemented

    buffer = io.BytesIO()
    OldPickler(buffer, protocol=5).dump([Frozen("GET", "/x", True), Row(2, ["b"])])
    assert b"__newobj__" not in buffer.getvalue()  # protocol 5 writes NEWOBJ, as the old files
    assert pickle.loads(buffer.getvalue()) == [Frozen("GET", "/x", True), Row(2, ["b"])]
