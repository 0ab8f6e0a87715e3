"""What categories and articles share: rows of one account table that belong to a portal, found
in the portal (`portal.<table>.find`) or anywhere in the installation (an unscoped `find`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from fakewoot.store.validation import present

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.base import Table
    from fakewoot.store.portals import Portal
    from fakewoot.store.state import Store


def matches(value: Any, wanted: Any) -> bool:
    """`where(column: wanted) if wanted.present?`: no filter when blank, IN for a list."""
    if not present(wanted):
        return True
    return value in wanted if isinstance(wanted, list) else value == wanted


class PortalRow(Protocol):
    id: int
    portal_id: int


R = TypeVar("R", bound=PortalRow)


class PortalChildren(Generic[R]):
    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self, account: Account) -> Table[R]:
        raise NotImplementedError

    def of(self, portal: Portal) -> list[R]:
        rows = self._table(self._store.account(portal.account_id)).values()
        return sorted((row for row in rows if row.portal_id == portal.id), key=lambda row: row.id)

    def get(self, portal: Portal, row_id: int) -> R | None:
        """portal.<rows>.find(id): None when it is no row of this portal."""
        row = self._table(self._store.account(portal.account_id)).get(row_id)
        return row if row is not None and row.portal_id == portal.id else None

    def find(self, row_id: int | None) -> R | None:
        """<Model>.find_by(id:) across the installation (belongs_to lookups and reorder are not scoped)."""
        if row_id is None:
            return None
        for account in self._store.state.accounts.values():
            row = self._table(account).get(row_id)
            if row is not None:
                return row
        return None
