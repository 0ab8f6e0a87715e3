"""Saved filters (app/models/custom_filter.rb at v4.10): per user and account, `filter_type` one of
conversation/contact/report, a free JSON `query`, at most 1,000 per user and account.

Upstream has no presence check on `name` (a NOT NULL column) and raises on an unknown enum value:
both 500s there, 422s here (docs/fidelity.md)."""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_BLANK, MSG_INCLUSION, Errors

if TYPE_CHECKING:
    from fakewoot.store.state import Store

FILTER_TYPES = ("conversation", "contact", "report")  # enum values 0, 1, 2
MAX_PER_USER = 1000  # lib/limits.rb MAX_CUSTOM_FILTERS_PER_USER
MSG_LIMIT = (
    "Account Limit reached. The maximum number of allowed custom filters for a user per account is 1000."
)


@dataclass(slots=True)
class CustomFilter:
    id: int
    account_id: int
    user_id: int
    name: str
    filter_type: str
    created_at: float
    updated_at: float
    query: dict[str, Any] = field(default_factory=dict)


def filter_type(value: object) -> str | None:
    """Rails' enum cast: a name, or the integer behind it; anything else is kept (and refused)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(FILTER_TYPES):
        return FILTER_TYPES[value]
    if value is None or value == "":
        return None
    return str(value)


class CustomFilters:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_user(self, account_id: int, user_id: int, kind: str | None = None) -> list[CustomFilter]:
        rows = self._store.account(account_id).custom_filters.values()
        return sorted(
            (f for f in rows if f.user_id == user_id and (kind is None or f.filter_type == kind)),
            key=lambda f: f.id,
        )

    def get(self, account_id: int, user_id: int, filter_id: int) -> CustomFilter | None:
        found = self._store.account(account_id).custom_filters.get(filter_id)
        return found if found is not None and found.user_id == user_id else None

    @staticmethod
    def _check(errors: Errors, name: str | None, kind: str | None) -> None:
        if name is None:
            errors.add("name", MSG_BLANK)
        if kind is None:
            errors.add("filter_type", MSG_BLANK)
        elif kind not in FILTER_TYPES:
            errors.add("filter_type", MSG_INCLUSION)

    def create(
        self,
        account_id: int,
        user_id: int,
        *,
        name: str | None,
        filter_type: str | None = "conversation",
        query: dict[str, Any] | None = None,
        filter_id: int | None = None,
    ) -> CustomFilter:
        store = self._store
        account = store.account(account_id)
        errors = Errors()
        self._check(errors, name, filter_type)
        if len(self.of_user(account_id, user_id)) >= MAX_PER_USER:
            errors.pairs.append(("account_id", MSG_LIMIT))
        errors.raise_if_any()
        assert name is not None and filter_type is not None
        now = store.clock.now()
        record = CustomFilter(
            id=account.custom_filters.next_id() if filter_id is None else filter_id,
            account_id=account_id,
            user_id=user_id,
            name=name,
            filter_type=filter_type,
            created_at=now,
            updated_at=now,
            query={} if query is None else query,
        )
        return account.custom_filters.add(record)

    def update(self, record: CustomFilter, changes: dict[str, Any]) -> None:
        name = changes.get("name", record.name)
        kind = changes.get("filter_type", record.filter_type)
        errors = Errors()
        self._check(errors, name, kind)
        errors.raise_if_any()
        values = {"name": name, "filter_type": kind, "query": changes.get("query", record.query)}
        if any(getattr(record, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(record, key, value)
            record.updated_at = self._store.clock.now()

    def delete(self, record: CustomFilter) -> None:
        self._store.account(record.account_id).custom_filters.remove(record.id)
