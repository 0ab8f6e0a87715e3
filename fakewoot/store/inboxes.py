"""Inboxes (minimal for now: enough for fixtures, bots and later resources)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.state import Store

CHANNEL_TYPES = ("Channel::Api", "Channel::WebWidget", "Channel::Email")


@dataclass(slots=True)
class Inbox:
    id: int
    account_id: int
    name: str
    channel_type: str
    created_at: float
    updated_at: float
    channel: dict[str, Any] = field(default_factory=dict)


class Inboxes:
    def __init__(self, store: Store) -> None:
        self._store = store

    def create(
        self,
        *,
        account_id: int,
        name: str,
        channel_type: str = "Channel::Api",
        inbox_id: int | None = None,
        channel: dict[str, Any] | None = None,
        created_at: float | None = None,
    ) -> Inbox:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now() if created_at is None else created_at
        inbox = Inbox(
            id=inbox_id if inbox_id is not None else account.inboxes.next_id(),
            account_id=account_id,
            name=name,
            channel_type=channel_type,
            created_at=now,
            updated_at=now,
            channel=dict(channel or {}),
        )
        account.inboxes.add(inbox)
        store.accounts.invalidate_cache_key(account, "inbox")
        store.publish("inbox.created", inbox=inbox)
        return inbox
