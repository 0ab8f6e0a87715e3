"""Conversation shapes. REST: app/views/api/v1/conversations/partials/_conversation.json.jbuilder
(reference inboxes-conversations-messages.md 3.1); push: Conversations::EventDataPresenter#push_data
(realtime-actioncable.md 6.1). `id` is the per-account display_id in both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.agent_bots import agent_bot_slim_json, bot_push_data
from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.contacts import contact_json, contact_push_data
from fakewoot.serializers.messages import message_push_data
from fakewoot.serializers.push import user_push_data
from fakewoot.serializers.teams import team_json, team_push_json

if TYPE_CHECKING:
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store
    from fakewoot.store.teams import Team


def _int(value: float | None) -> int:
    return 0 if value is None else int(value)


def conversation_json(store: Store, conversation: Conversation, user_id: int | None = None) -> dict[str, Any]:
    """`user_id`: Current.user, whose membership the team partial's `is_member` reports."""
    account = store.account(conversation.account_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    contact = account.contacts.get(conversation.contact_id)
    meta: dict[str, Any] = {
        "sender": None if contact is None else contact_json(store, contact),
        "channel": None if inbox is None else inbox.channel_type,
    }
    bot = store.agent_bots.get(conversation.assignee_agent_bot_id)
    if bot is not None:
        meta["assignee"] = agent_bot_slim_json(bot)
        meta["assignee_type"] = "AgentBot"
    elif conversation.assignee_id is not None:
        member = account.members.get(conversation.assignee_id)
        user = store.users.get(conversation.assignee_id)
        if member is not None and user is not None:
            meta["assignee"] = agent_json(store, user, member)
            meta["assignee_type"] = "User"
    team = store.teams.get(conversation.account_id, conversation.team_id)
    if team is not None:
        meta["team"] = team_json(team, user_id)
    meta["hmac_verified"] = hmac_verified(store, conversation)
    last = store.conversations.last_message(conversation, chat_only=False)
    last_chat = store.conversations.last_message(conversation, chat_only=True)
    return {
        "meta": meta,
        "id": conversation.display_id,
        "messages": [] if last is None else [message_push_data(store, last, conversation)],
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
        "muted": store.conversations.is_muted(conversation),
        "snoozed_until": iso8601(conversation.snoozed_until),
        "status": conversation.status,
        "created_at": int(conversation.created_at),
        "updated_at": conversation.updated_at,
        "timestamp": _int(conversation.last_activity_at),
        "first_reply_created_at": _int(conversation.first_reply_created_at),
        "unread_count": store.conversations.unread_count(conversation),
        "last_non_activity_message": None
        if last_chat is None
        else message_push_data(store, last_chat, conversation),
        "last_activity_at": _int(conversation.last_activity_at),
        "priority": conversation.priority,
        "waiting_since": _int(conversation.waiting_since),
        "sla_policy_id": None,
    }


def hmac_verified(store: Store, conversation: Conversation) -> bool | None:
    account = store.account(conversation.account_id)
    link = conversation.contact_inbox_id
    record = None if link is None else account.contact_inboxes.get(link)
    return None if record is None else record.hmac_verified


def assignee_type(conversation: Conversation) -> str | None:
    """Conversation#assignee_type: the bot wins over a user."""
    if conversation.assignee_agent_bot_id is not None:
        return "AgentBot"
    return "User" if conversation.assignee_id is not None else None


def contact_inbox_row_json(store: Store, conversation: Conversation) -> dict[str, Any] | None:
    account = store.account(conversation.account_id)
    record = (
        None
        if conversation.contact_inbox_id is None
        else account.contact_inboxes.get(conversation.contact_inbox_id)
    )
    if record is None:
        return None
    return {
        "id": record.id,
        "contact_id": record.contact_id,
        "inbox_id": record.inbox_id,
        "source_id": record.source_id,
        "created_at": iso8601(record.created_at),
        "updated_at": iso8601(record.updated_at),
        "hmac_verified": record.hmac_verified,
        "pubsub_token": store.contact_inboxes.pubsub_token(record),
    }


def conversation_push_data(store: Store, conversation: Conversation) -> dict[str, Any]:
    account = store.account(conversation.account_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    contact = account.contacts.get(conversation.contact_id)
    last_chat = store.conversations.last_message(conversation, chat_only=True)
    bot = store.agent_bots.get(conversation.assignee_agent_bot_id)
    team = store.teams.get(conversation.account_id, conversation.team_id)
    assignee: dict[str, Any] | None
    if bot is not None:
        assignee = bot_push_data(store, bot, conversation.inbox_id, conversation.account_id)
    elif conversation.assignee_id is not None:
        assignee = user_push_data(store, conversation.assignee_id, conversation.account_id)
    else:
        assignee = None
    return {
        "additional_attributes": conversation.additional_attributes,
        "can_reply": True,
        "channel": None if inbox is None else inbox.channel_type,
        "contact_inbox": contact_inbox_row_json(store, conversation),
        "id": conversation.display_id,
        "inbox_id": conversation.inbox_id,
        "messages": [] if last_chat is None else [message_push_data(store, last_chat, conversation)],
        "labels": conversation.labels,
        "meta": {
            "sender": None if contact is None else contact_push_data(contact),
            "assignee": assignee,
            "assignee_type": assignee_type(conversation),
            "team": None if team is None else team_push_json(team),
            "hmac_verified": hmac_verified(store, conversation),
        },
        "status": conversation.status,
        "custom_attributes": conversation.custom_attributes,
        "snoozed_until": iso8601(conversation.snoozed_until),
        "unread_count": store.conversations.unread_count(conversation),
        "first_reply_created_at": iso8601(conversation.first_reply_created_at),
        "priority": conversation.priority,
        "waiting_since": _int(conversation.waiting_since),
        "agent_last_seen_at": _int(conversation.agent_last_seen_at),
        "contact_last_seen_at": _int(conversation.contact_last_seen_at),
        "last_activity_at": _int(conversation.last_activity_at),
        "timestamp": _int(conversation.last_activity_at),
        "created_at": int(conversation.created_at),
        "updated_at": conversation.updated_at,
    }


def search_conversation_json(
    store: Store,
    conversation: Conversation,
    contact: Contact | None,
    inbox: Inbox | None,
    messages: list[Message],
) -> dict[str, Any]:
    """app/views/api/v1/models/_conversation.json.jbuilder (the search endpoint's shape)."""
    return {
        "id": conversation.display_id,
        "uuid": conversation.uuid,
        "created_at": int(conversation.created_at),
        "contact": {"id": conversation.contact_id, "name": None if contact is None else contact.name},
        "inbox": {
            "id": conversation.inbox_id,
            "name": None if inbox is None else inbox.name,
            "channel_type": None if inbox is None else inbox.channel_type,
        },
        "messages": [_search_message(store, m) for m in messages],
        "account_id": conversation.account_id,
    }


def _search_message(store: Store, message: Message) -> dict[str, Any]:
    body: dict[str, Any] = {"content": message.content, "id": message.id}
    name = _sender_name(store, message)
    if name is not None:
        body["sender_name"] = name
    body["message_type"] = message.message_type
    body["created_at"] = int(message.created_at)
    return body


def _sender_name(store: Store, message: Message) -> str | None:
    if message.sender_id is None:
        return None
    if message.sender_type == "User":
        user = store.users.get(message.sender_id)
        return None if user is None else user.name
    if message.sender_type == "Contact":
        contact = store.account(message.account_id).contacts.get(message.sender_id)
        return None if contact is None else contact.name
    if message.sender_type == "AgentBot":
        bot = store.agent_bots.get(message.sender_id)
        return None if bot is None else bot.name
    return None


def team_record_json(team: Team) -> dict[str, Any]:
    """`render json: @team` (AssignmentsController#set_team): the record's columns in schema order."""
    return {
        "id": team.id,
        "name": team.name,
        "description": team.description,
        "allow_auto_assign": team.allow_auto_assign,
        "account_id": team.account_id,
        "created_at": iso8601(team.created_at),
        "updated_at": iso8601(team.updated_at),
    }
