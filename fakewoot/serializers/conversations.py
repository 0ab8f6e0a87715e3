"""The conversation partial (app/views/api/v1/conversations/partials/_conversation.json.jbuilder):
used by a contact's conversations now, and by the conversations API later. Timestamps are Unix
integers (0 when unset); `id` is the per-account display_id; `messages` holds at most the last
message (none until messages exist)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.contacts import contact_json

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.state import Store


def _int(value: float | None) -> int:
    return 0 if value is None else int(value)


def conversation_json(store: Store, conversation: Conversation) -> dict[str, Any]:
    account = store.account(conversation.account_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    contact = account.contacts.get(conversation.contact_id)
    meta: dict[str, Any] = {
        "sender": None if contact is None else contact_json(store, contact),
        "channel": None if inbox is None else inbox.channel_type,
    }
    if conversation.assignee_id is not None:
        member = account.members.get(conversation.assignee_id)
        user = store.users.get(conversation.assignee_id)
        if member is not None and user is not None:
            meta["assignee"] = agent_json(store, user, member)
    meta["hmac_verified"] = False
    return {
        "meta": meta,
        "id": conversation.display_id,
        "messages": [],
        "account_id": conversation.account_id,
        "uuid": conversation.uuid,
        "additional_attributes": conversation.additional_attributes,
        "agent_last_seen_at": _int(conversation.agent_last_seen_at),
        "assignee_last_seen_at": _int(conversation.assignee_last_seen_at),
        "can_reply": True,
        "contact_last_seen_at": _int(conversation.contact_last_seen_at),
        "custom_attributes": conversation.custom_attributes,
        "inbox_id": conversation.inbox_id,
        "labels": conversation.labels,
        "muted": conversation.muted,
        "snoozed_until": conversation.snoozed_until,
        "status": conversation.status,
        "created_at": int(conversation.created_at),
        "updated_at": conversation.updated_at,
        "timestamp": _int(conversation.last_activity_at),
        "first_reply_created_at": _int(conversation.first_reply_created_at),
        "unread_count": 0,
        "last_non_activity_message": None,
        "last_activity_at": _int(conversation.last_activity_at),
        "priority": conversation.priority,
        "waiting_since": _int(conversation.waiting_since),
        "sla_policy_id": None,
    }
