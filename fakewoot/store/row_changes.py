"""Row writes as ActiveRecord does them: `save` assigns the attributes and touches `updated_at` only
when one of them changed; `where(...).delete_all` drops the rows that match."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fakewoot.store.base import HasId, Table

R = TypeVar("R", bound=HasId)


def save_changes(record: Any, values: Mapping[str, Any], now: float) -> bool:
    """Assign `values` (all of them: a JSON value equal to the old one keeps the order just
    assigned, as the in-memory record does); bump `record.updated_at` to `now` if any differed.
    Whether it wrote."""
    changed = False
    for key, value in values.items():
        changed = changed or getattr(record, key) != value
        setattr(record, key, value)
    if changed:
        record.updated_at = now
    return changed


def remove_where(table: Table[R], matches: Callable[[R], bool]) -> list[R]:
    """Remove the rows `matches` accepts; the removed rows."""
    gone = [row for row in table if matches(row)]
    for row in gone:
        table.remove(row.id)
    return gone
