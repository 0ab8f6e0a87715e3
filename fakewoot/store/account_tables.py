"""The reads and id/time stamping every service over one per-account table repeats: the rows in id
order (Chatwoot's `Current.account.<table>` without ORDER BY: PostgreSQL's insertion order), one
row by id, and the id and creation time of a new row (both given by fixtures, else the table's
sequence and the clock)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from fakewoot.store.base import HasId, Table

if TYPE_CHECKING:
    from fakewoot.store.state import Store

R = TypeVar("R", bound=HasId)


class AccountTable(Generic[R]):
    table: str  # the Account attribute holding the rows

    def __init__(self, store: Store) -> None:
        self._store = store

    def rows(self, account_id: int) -> Table[R]:
        return cast("Table[R]", getattr(self._store.account(account_id), self.table))

    def of(self, account_id: int) -> list[R]:
        return sorted(self.rows(account_id), key=lambda row: row.id)

    def get(self, account_id: int, record_id: int | None) -> R | None:
        return None if record_id is None else self.rows(account_id).get(record_id)

    def stamp(self, account_id: int, record_id: int | None, created_at: float | None) -> tuple[int, float]:
        """A new row's id and created_at."""
        new_id = self.rows(account_id).next_id() if record_id is None else record_id
        return new_id, self._store.clock.now() if created_at is None else created_at
