"""Plain record tables: a dict by id plus a shared sequence."""

from __future__ import annotations

from collections.abc import Iterator, ValuesView
from typing import Generic, Protocol, TypeVar

from fakewoot.ids import Sequences


class HasId(Protocol):
    id: int


T = TypeVar("T", bound=HasId)


class Table(Generic[T]):
    """Rows of one record type keyed by integer id; ids come from `sequences` under `name`."""

    __slots__ = ("monotonic", "name", "rows", "sequences")

    def __init__(self, name: str, sequences: Sequences) -> None:
        self.name = name
        self.sequences = sequences
        self.rows: dict[int, T] = {}
        self.monotonic = True  # rows were added in increasing id order: iteration order is id order

    def next_id(self) -> int:
        return self.sequences.next(self.name)

    def add(self, record: T) -> T:
        """Store a record whose id is already set (fixtures may set ids; the sequence follows)."""
        if record.id in self.rows:
            raise ValueError(f"{self.name}: duplicate id {record.id}")
        if self.rows and record.id < next(reversed(self.rows)):
            self.monotonic = False
        self.sequences.bump(self.name, record.id)
        self.rows[record.id] = record
        return record

    def get(self, record_id: int) -> T | None:
        return self.rows.get(record_id)

    def remove(self, record_id: int) -> T | None:
        return self.rows.pop(record_id, None)

    def __iter__(self) -> Iterator[T]:
        """A copy: callers may add or remove rows while iterating."""
        return iter(list(self.rows.values()))

    def values(self) -> ValuesView[T]:
        """The live rows, for read-only scans (no copy: 100,000 contacts cost 1 ms to copy)."""
        return self.rows.values()

    def __len__(self) -> int:
        return len(self.rows)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.rows
