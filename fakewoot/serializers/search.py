"""The search views at v4.10 (app/views/api/v1/accounts/search/*): their own contact, inbox and agent
partials, the conversation search result (its first message through api/v1/models/_message), and the
four payload wrappers. An absent contact, inbox or assignee renders an empty object (a jbuilder block
that sets nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.messages import message_json

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store
    from fakewoot.store.users import User


def contact_json(contact: Contact) -> dict[str, Any]:
    """search/_contact."""
    return {
        "email": contact.email,
        "id": contact.id,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "identifier": contact.identifier,
        "additional_attributes": contact.additional_attributes,
        "last_activity_at": None if contact.last_activity_at is None else int(contact.last_activity_at),
    }


def inbox_json(inbox: Inbox) -> dict[str, Any]:
    """search/_inbox."""
    return {
        "id": inbox.id,
        "channel_id": inbox.channel_id,
        "name": inbox.name,
        "channel_type": inbox.channel_type,
    }


def agent_json(user: User, role: str | None) -> dict[str, Any]:
    """search/_agent: `role` is the assignee's role in the current account (nil once removed)."""
    return {
        "id": user.id,
        "available_name": user.available_name,
        "email": user.email,
        "name": user.name,
        "role": role,
    }


def conversation_result_json(
    store: Store, account: Account, conversation: Conversation, first: Message, *, with_attributes: bool
) -> dict[str, Any]:
    """search/_conversation_search_result (index), or the inline copy in conversations.json, which
    adds `additional_attributes` last."""
    contact = account.contacts.get(conversation.contact_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    assignee = None if conversation.assignee_id is None else store.state.users.get(conversation.assignee_id)
    role = None
    if assignee is not None:
        member = account.members.get(assignee.id)
        role = None if member is None else member.role
    body: dict[str, Any] = {
        "id": conversation.display_id,
        "account_id": conversation.account_id,
        "created_at": int(conversation.created_at),
        "message": message_json(store, first),
        "contact": {} if contact is None else contact_json(contact),
        "inbox": {} if inbox is None else inbox_json(inbox),
        "agent": {} if assignee is None else agent_json(assignee, role),
    }
    if with_attributes:
        body["additional_attributes"] = conversation.additional_attributes
    return body
