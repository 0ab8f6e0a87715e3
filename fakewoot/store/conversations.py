"""Conversations as records (their own API comes with the conversations issue): enough for a
contact's conversations, fixtures and contactable inboxes. Addressed by the per-account display_id."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.state import Store

STATUSES = ("open", "resolved", "pending", "snoozed")
PRIORITIES = ("low", "medium", "high", "urgent")


@dataclass(slots=True)
class Conversation:
    id: int
    display_id: int
    account_id: int
    inbox_id: int
    contact_id: int
    contact_inbox_id: int | None
    uuid: str
    created_at: float
    updated_at: float
    last_activity_at: float
    status: str = "open"
    priority: str | None = None
    assignee_id: int | None = None
    team_id: int | None = None
    labels: list[str] = field(default_factory=list)
    additional_attributes: dict[str, Any] = field(default_factory=dict)
    custom_attributes: dict[str, Any] = field(default_factory=dict)
    muted: bool = False
    snoozed_until: float | None = None
    agent_last_seen_at: float | None = None
    assignee_last_seen_at: float | None = None
    contact_last_seen_at: float | None = None
    first_reply_created_at: float | None = None
    waiting_since: float | None = None


class Conversations:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of_contact(self, account_id: int, contact_id: int) -> list[Conversation]:
        return [c for c in self._store.account(account_id).conversations if c.contact_id == contact_id]

    def create(
        self,
        *,
        account_id: int,
        inbox_id: int,
        contact_id: int,
        contact_inbox_id: int | None = None,
        status: str = "open",
        assignee_id: int | None = None,
        labels: list[str] | None = None,
        created_at: float | None = None,
    ) -> Conversation:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now() if created_at is None else created_at
        account.display_ids += 1
        conversation = Conversation(
            id=account.conversations.next_id(),
            display_id=account.display_ids,
            account_id=account_id,
            inbox_id=inbox_id,
            contact_id=contact_id,
            contact_inbox_id=contact_inbox_id,
            uuid=store.contact_inboxes.random_uuid(),
            created_at=now,
            updated_at=now,
            last_activity_at=now,
            status=status,
            assignee_id=assignee_id,
            labels=list(labels or []),
            waiting_since=now,
        )
        account.conversations.add(conversation)
        store.publish("conversation.created", conversation=conversation)
        return conversation

    def remove_contact(self, account_id: int, contact_id: int) -> None:
        account = self._store.account(account_id)
        for conversation in self.of_contact(account_id, contact_id):
            account.conversations.remove(conversation.id)
