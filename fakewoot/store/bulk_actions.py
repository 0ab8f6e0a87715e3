"""Bulk actions (BulkActionsJob and Contacts::BulkActionService at v4.10), run as the job runs them,
through the store's own saves so every callback (events, activity messages) happens.

Conversations (by display id, any of the account's: the job checks no inbox access): labels to
remove come off every conversation first, then each conversation gets its labels to add, its
`snoozed_until`, and one `update` of `status` / `assignee_id` / `team_id` (a nil status is dropped;
an unknown one makes Rails' enum raise, so that conversation's update does not happen).
Contacts: `delete` destroys them; otherwise `labels.add` are added; anything else does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.store.conversations import STATUSES

if TYPE_CHECKING:
    from fakewoot.store.state import Store


class BulkActions:
    def __init__(self, store: Store) -> None:
        self._store = store

    def conversations(
        self,
        account_id: int,
        user_id: int,
        ids: list[int],
        *,
        fields: dict[str, Any] | None,
        snoozed_until: float | None,
        snooze_given: bool,
        add: list[str] | None,
        remove: list[str] | None,
    ) -> None:
        store = self._store
        conversations = store.conversations
        wanted = set(ids)
        records = [c for c in store.account(account_id).conversations.values() if c.display_id in wanted]
        if remove is not None:
            for conversation in records:
                kept = [name for name in conversation.labels if name not in remove]
                conversations.set_labels(conversation, kept, user_id)
        members = store.account(account_id).members
        for conversation in records:
            if add:
                conversations.set_labels(conversation, [*conversation.labels, *add], user_id)
            before = conversations.columns(conversation)
            if snooze_given:
                conversation.snoozed_until = snoozed_until
            values = dict(fields or {})
            if values.get("status", "") is None:
                values.pop("status")
            if "status" in values and values["status"] not in STATUSES:
                conversation.snoozed_until = before["snoozed_until"]  # the update raised: nothing saved
                continue
            if "status" in values:
                conversation.status = values["status"]
            if "assignee_id" in values:
                assignee = values["assignee_id"]
                conversation.assignee_id = assignee if assignee in members else None
                if conversation.assignee_id is not None:
                    conversation.assignee_agent_bot_id = None
            if "team_id" in values:
                conversation.team_id = values["team_id"]
            if conversation.status != "snoozed":
                conversation.snoozed_until = None  # ensure_snooze_until_reset
            conversations.save(conversation, before, user_id)

    def contacts(
        self, account_id: int, user_id: int, ids: list[int], *, delete: bool, add: list[str]
    ) -> None:
        store = self._store
        table = store.account(account_id).contacts
        records = [table.get(i) for i in dict.fromkeys(ids)]
        for contact in (c for c in records if c is not None):
            if delete:
                store.contacts.delete(contact, performer_id=user_id)
            elif add:
                store.contacts.set_labels(contact, [*contact.labels, *add], performer_id=user_id)
