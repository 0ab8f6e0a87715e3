"""The Client API's shapes (app/views/public/api/v1/inboxes/** and public/api/v1/models/_*.json.jbuilder
at v4.10): the public inbox, contact (with its source_id and pubsub_token), conversation and message,
plus the Contact record as `render json:` gives it (ActiveRecord#as_json: every column in
db/schema.rb order, times ISO 8601, the contact_type enum by name)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.messages import attachment_json, sender_push_data
from fakewoot.store.messages import ACTIVITY

if TYPE_CHECKING:
    from fakewoot.store.contact_inboxes import ContactInbox
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store


def public_inbox_json(inbox: Inbox) -> dict[str, Any]:
    """inboxes/show: the channel's identifier and hmac_mandatory, then models/_inbox (working_hours is
    weekly_schedule: the seven days by day_of_week, without ids)."""
    settings = inbox.settings
    return {
        "identifier": inbox.channel.get("identifier"),
        "identity_validation_enabled": inbox.channel.get("hmac_mandatory"),
        "name": inbox.name,
        "timezone": settings.get("timezone"),
        "working_hours": [dict(day) for day in sorted(inbox.working_hours, key=lambda d: d["day_of_week"])],
        "working_hours_enabled": settings.get("working_hours_enabled"),
        "csat_survey_enabled": settings.get("csat_survey_enabled"),
        "greeting_enabled": settings.get("greeting_enabled"),
    }


def public_contact_json(store: Store, record: ContactInbox, contact: Contact) -> dict[str, Any]:
    """contacts/create and contacts/show: source_id, pubsub_token, then models/_contact."""
    return {
        "source_id": record.source_id,
        "pubsub_token": store.contact_inboxes.pubsub_token(record),
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
    }


def contact_record_json(contact: Contact) -> dict[str, Any]:
    """Contact#as_json (contacts/update's `render json:` and a public conversation's `contact`).
    middle_name, last_name, location and country_code are their column defaults: the fake never sets
    them."""
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "account_id": contact.account_id,
        "created_at": iso8601(contact.created_at),
        "updated_at": iso8601(contact.updated_at),
        "additional_attributes": contact.additional_attributes,
        "identifier": contact.identifier,
        "custom_attributes": contact.custom_attributes,
        "last_activity_at": iso8601(contact.last_activity_at),
        "contact_type": contact.contact_type,
        "middle_name": "",
        "last_name": "",
        "location": "",
        "country_code": "",
        "blocked": contact.blocked,
        "company_id": None,
    }


def public_message_json(store: Store, message: Message, display_id: int) -> dict[str, Any]:
    """models/_message: message_type as its integer, conversation_id as the display id; attachments
    only when present, sender (push_event_data) only with a sender."""
    body: dict[str, Any] = {
        "id": message.id,
        "content": message.content,
        "message_type": message.message_type,
        "content_type": message.content_type,
        "content_attributes": message.content_attributes,
        "created_at": int(message.created_at),
        "conversation_id": display_id,
    }
    if message.attachments:
        body["attachments"] = [attachment_json(a) for a in message.attachments]
    sender = sender_push_data(store, message)
    if sender is not None:
        body["sender"] = sender
    return body


def public_conversation_json(store: Store, conversation: Conversation) -> dict[str, Any]:
    """models/_conversation: the display id as `id`, seen-at times as integers (nil is 0), the chat
    messages (no activity, no private note) oldest first, and the contact record."""
    contact = store.account(conversation.account_id).contacts.get(conversation.contact_id)
    chat = [m for m in store.messages.of(conversation) if m.message_type != ACTIVITY and not m.private]
    return {
        "id": conversation.display_id,
        "uuid": conversation.uuid,
        "inbox_id": conversation.inbox_id,
        "contact_last_seen_at": int(conversation.contact_last_seen_at or 0),
        "status": conversation.status,
        "agent_last_seen_at": int(conversation.agent_last_seen_at or 0),
        "messages": [public_message_json(store, m, conversation.display_id) for m in chat],
        "contact": None if contact is None else contact_record_json(contact),
    }
