"""A store service over one per-account Table of records (`id`, `account_id`, `updated_at`): the
account's rows in id order, a lookup that takes a missing id, and ActiveRecord's `update!` save,
which writes (and touches updated_at) only when a value changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from fakewoot.store.row_changes import save_changes

if TYPE_CHECKING:
    from fakewoot.store.base import Table
    from fakewoot.store.state import Store


class AccountRecord(Protocol):
    id: int
    account_id: int
    updated_at: float


R = TypeVar("R", bound=AccountRecord)


class AccountRecords(Generic[R]):
    table_name: str  # the Account field holding the Table

    def __init__(self, store: Store) -> None:
        self._store = store

    def table(self, account_id: int) -> Table[R]:
        table: Table[R] = getattr(self._store.account(account_id), self.table_name)
        return table

    def of(self, account_id: int) -> list[R]:
        return sorted(self.table(account_id), key=lambda record: record.id)

    def get(self, account_id: int, record_id: int | None) -> R | None:
        return None if record_id is None else self.table(account_id).get(record_id)

    def _insert(
        self,
        account_id: int,
        record_id: int | None,
        created_at: float | None,
        build: Callable[[int, float], R],
    ) -> R:
        """`create!` once valid: `build(id, now)` gets the next id (or the fixture's) and the time."""
        table = self.table(account_id)
        now = self._store.clock.now() if created_at is None else created_at
        return table.add(build(table.next_id() if record_id is None else record_id, now))

    def _save(self, record: R, values: Mapping[str, Any]) -> bool:
        """`update!`'s save (row_changes.save_changes at the clock's time): whether it wrote."""
        return save_changes(record, values, self._store.clock.now())
