"""Message shapes: the REST one (app/views/api/v1/models/_message.json.jbuilder) and the fuller push
one (Message#push_event_data) that events and a conversation's `messages[]` carry.
Reference: inboxes-conversations-messages.md 4.2, realtime-actioncable.md 6.2 and 6.3."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.agent_bots import bot_push_data
from fakewoot.serializers.contacts import contact_push_data
from fakewoot.serializers.push import user_push_data

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store


def sender_push_data(store: Store, message: Message) -> dict[str, Any] | None:
    if message.sender_id is None:
        return None
    if message.sender_type == "User":
        return user_push_data(store, message.sender_id, message.account_id)
    if message.sender_type == "Contact":
        contact = store.account(message.account_id).contacts.get(message.sender_id)
        return None if contact is None else contact_push_data(contact)
    bot = store.agent_bots.get(message.sender_id)
    # AgentBot#push_event_data(inbox): `avatar_url || inbox&.avatar_url`, and Avatarable#avatar_url is
    # "" without an avatar, which Ruby takes as true: the inbox's avatar never shows (no inbox passed)
    return None if bot is None else bot_push_data(store, bot, None, message.account_id)


def _display_id(store: Store, message: Message) -> int | None:
    conversation = store.account(message.account_id).conversations.get(message.conversation_id)
    return None if conversation is None else conversation.display_id


def attachment_json(attachment: dict[str, Any]) -> dict[str, Any]:
    body = {
        "id": attachment["id"],
        "message_id": attachment["message_id"],
        "file_type": attachment["file_type"],
        "account_id": attachment["account_id"],
        "extension": attachment.get("extension"),
        "data_url": attachment["data_url"],
        "thumb_url": attachment.get("thumb_url", ""),
        "file_size": attachment["file_size"],
        "width": attachment.get("width"),
        "height": attachment.get("height"),
    }
    if attachment["file_type"] == "audio":  # Attachment#audio_metadata: the file keys + transcribed_text
        body["transcribed_text"] = attachment.get("transcribed_text") or ""
    return body


def message_json(store: Store, message: Message) -> dict[str, Any]:
    """The REST message: message_type as an integer, conversation_id as the display_id."""
    body: dict[str, Any] = {"id": message.id, "content": message.content, "inbox_id": message.inbox_id}
    if message.echo_id is not None:
        body["echo_id"] = message.echo_id
    body.update(
        {
            "conversation_id": _display_id(store, message),
            "message_type": message.message_type,
            "content_type": message.content_type,
            "status": message.status,
            "content_attributes": message.content_attributes,
            "created_at": int(message.created_at),
            "private": message.private,
            "source_id": message.source_id,
        }
    )
    sender = sender_push_data(store, message)
    if sender is not None:  # `json.sender ... if message.sender`: no key without a sender
        body["sender"] = sender
    if message.attachments:
        body["attachments"] = [attachment_json(a) for a in message.attachments]
    return body


def message_push_data(
    store: Store, message: Message, conversation: Conversation | None = None
) -> dict[str, Any]:
    """Every column, created_at as an int, updated_at as a time, plus `conversation` (mandatory for the
    dashboard), `sender`, `echo_id` when set and `attachments` when present."""
    account = store.account(message.account_id)
    conversation = conversation or account.conversations.get(message.conversation_id)
    contact_inbox = (
        None
        if conversation is None or conversation.contact_inbox_id is None
        else (account.contact_inboxes.get(conversation.contact_inbox_id))
    )
    body: dict[str, Any] = {
        "id": message.id,
        "content": message.content,
        "account_id": message.account_id,
        "inbox_id": message.inbox_id,
        "conversation_id": None if conversation is None else conversation.display_id,
        "message_type": message.message_type,
        "created_at": int(message.created_at),
        "updated_at": iso8601(message.updated_at),
        "private": message.private,
        "status": message.status,
        "source_id": message.source_id,
        "content_type": message.content_type,
        "content_attributes": message.content_attributes,
        "sender_type": message.sender_type,
        "sender_id": message.sender_id,
        "external_source_ids": message.external_source_ids,
        "additional_attributes": message.additional_attributes,
        "processed_message_content": message.processed_message_content,
        "sentiment": {},
        "conversation": None
        if conversation is None
        else {
            "assignee_id": conversation.assignee_id,
            "unread_count": store.conversations.unread_count(conversation),
            "last_activity_at": int(conversation.last_activity_at),
            "contact_inbox": {"source_id": None if contact_inbox is None else contact_inbox.source_id},
        },
    }
    if message.echo_id is not None:
        body["echo_id"] = message.echo_id
    sender = sender_push_data(store, message)
    if sender is not None:
        body["sender"] = sender
    if message.attachments:
        body["attachments"] = [attachment_json(a) for a in message.attachments]
    return body
