"""What Chatwoot POSTs to webhooks and agent bots: each model's `webhook_data`, built once per event.

Newest upstream shapes (reference webhooks-bots.md 2.3-2.7 and 7): `account: {id, name}` in the
conversation and inbox payloads (PR #12445), message `content` raw and normalised (PRs #13896, #13950,
#14272), message `created_at` an ISO time and `message_type` a string (unlike the push data), and a
conversation's `messages[]` in push shape. Sources: app/models/{message,contact,contact_inbox,user,
agent_bot,inbox,account}.rb#webhook_data, app/presenters/conversations/event_data_presenter.rb,
app/presenters/inbox/event_data_presenter.rb, app/listeners/base_listener.rb (changed_attributes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.conversations import conversation_push_data
from fakewoot.serializers.messages import attachment_json

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.agent_bots import AgentBot
    from fakewoot.store.contact_inboxes import ContactInbox
    from fakewoot.store.contacts import Contact
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store
    from fakewoot.store.users import User

MESSAGE_TYPE_NAMES = {0: "incoming", 1: "outgoing", 2: "activity", 3: "template"}
# columns whose values are times: rendered as Rails renders a Time in JSON
TIME_COLUMNS = frozenset(
    {
        "created_at",
        "updated_at",
        "snoozed_until",
        "waiting_since",
        "first_reply_created_at",
        "last_activity_at",
        "agent_last_seen_at",
        "assignee_last_seen_at",
        "contact_last_seen_at",
    }
)


def normalize_content(content: str | None) -> str | None:
    """Messages::WebhookContentNormalizer: a CommonMark hard break (backslash-newline) becomes a
    newline, and trailing newlines go."""
    if content is None:
        return None
    return content.replace("\\\n", "\n").rstrip("\n")


def account_webhook_data(account: Account) -> dict[str, Any]:
    return {"id": account.id, "name": account.name}


def inbox_webhook_data(inbox: Inbox) -> dict[str, Any]:
    return {"id": inbox.id, "name": inbox.name}


def user_webhook_data(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "email": user.email, "type": "user"}


def agent_bot_webhook_data(bot: AgentBot) -> dict[str, Any]:
    return {"id": bot.id, "name": bot.name, "type": "agent_bot"}


def contact_webhook_data(store: Store, contact: Contact) -> dict[str, Any]:
    return {
        "account": account_webhook_data(store.account(contact.account_id)),
        "additional_attributes": contact.additional_attributes,
        "avatar": contact.avatar_url,
        "custom_attributes": contact.custom_attributes,
        "email": contact.email,
        "id": contact.id,
        "identifier": contact.identifier,
        "name": contact.name,
        "phone_number": contact.phone_number,
        "thumbnail": contact.avatar_url,
        "blocked": contact.blocked,
    }


def conversation_webhook_data(store: Store, conversation: Conversation) -> dict[str, Any]:
    """push_data with the last chat message's text normalised, then `account`."""
    body = conversation_push_data(store, conversation)
    for message in body["messages"]:
        message["content"] = normalize_content(message["content"])
        message["processed_message_content"] = normalize_content(message["processed_message_content"])
    body["account"] = account_webhook_data(store.account(conversation.account_id))
    return body


def sender_webhook_data(store: Store, message: Message) -> dict[str, Any] | None:
    if message.sender_id is None:
        return None
    if message.sender_type == "User":
        user = store.users.get(message.sender_id)
        return None if user is None else user_webhook_data(user)
    if message.sender_type == "Contact":
        contact = store.account(message.account_id).contacts.get(message.sender_id)
        return None if contact is None else contact_webhook_data(store, contact)
    bot = store.agent_bots.get(message.sender_id)
    return None if bot is None else agent_bot_webhook_data(bot)


def message_webhook_data(store: Store, message: Message) -> dict[str, Any] | None:
    """Message#webhook_data (None when its conversation or inbox is gone)."""
    account = store.account(message.account_id)
    conversation = account.conversations.get(message.conversation_id)
    inbox = account.inboxes.get(message.inbox_id)
    if conversation is None or inbox is None:
        return None
    body: dict[str, Any] = {
        "account": account_webhook_data(account),
        "additional_attributes": message.additional_attributes,
        "content_attributes": message.content_attributes,
        "content_type": message.content_type,
        "content": normalize_content(message.content),
        "conversation": conversation_webhook_data(store, conversation),
        "created_at": iso8601(message.created_at),
        "id": message.id,
        "inbox": inbox_webhook_data(inbox),
        "message_type": MESSAGE_TYPE_NAMES[message.message_type],
        "private": message.private,
        "sender": sender_webhook_data(store, message),
        "source_id": message.source_id,
    }
    if message.attachments:
        body["attachments"] = [attachment_json(a) for a in message.attachments]
    return body


def contact_inbox_webhook_data(store: Store, record: ContactInbox) -> dict[str, Any] | None:
    """ContactInbox#webhook_data (webwidget_triggered): the contact, inbox, account and the latest
    conversation of this contact inbox."""
    account = store.account(record.account_id)
    inbox = account.inboxes.get(record.inbox_id)
    if inbox is None:
        return None
    contact = account.contacts.get(record.contact_id)
    latest = [c for c in account.conversations.values() if c.contact_inbox_id == record.id]
    return {
        "id": record.id,
        "contact": None if contact is None else contact_webhook_data(store, contact),
        "inbox": inbox_webhook_data(inbox),
        "account": account_webhook_data(account),
        "current_conversation": conversation_webhook_data(store, latest[-1]) if latest else None,
        "source_id": record.source_id,
    }


def _working_hours(inbox: Inbox) -> list[dict[str, Any]]:
    """The inbox's working_hours rows as ActiveRecord renders them (times ISO)."""
    created = iso8601(inbox.created_at)
    return [
        {
            "id": (inbox.id - 1) * 7 + index + 1,
            "inbox_id": inbox.id,
            "account_id": inbox.account_id,
            **day,
            "created_at": created,
            "updated_at": created,
        }
        for index, day in enumerate(inbox.working_hours)
    ]


def inbox_webhook_event_data(store: Store, inbox: Inbox) -> dict[str, Any]:
    """Inbox::EventDataPresenter#push_data, then `account` (inbox_created / inbox_updated). No id or
    name: that is upstream's presenter."""
    settings = inbox.settings
    channel = {
        "id": inbox.channel_id,
        "account_id": inbox.account_id,
        **inbox.channel,
        "created_at": iso8601(inbox.created_at),
        "updated_at": iso8601(inbox.updated_at),
    }
    return {
        "allow_messages_after_resolved": settings.get("allow_messages_after_resolved"),
        "lock_to_single_conversation": settings.get("lock_to_single_conversation"),
        "auto_assignment_config": settings.get("auto_assignment_config"),
        "enable_auto_assignment": settings.get("enable_auto_assignment"),
        "enable_email_collect": settings.get("enable_email_collect"),
        "greeting_enabled": settings.get("greeting_enabled"),
        "greeting_message": settings.get("greeting_message"),
        "csat_survey_enabled": settings.get("csat_survey_enabled"),
        "business_name": settings.get("business_name"),
        "sender_name_type": settings.get("sender_name_type"),
        "timezone": settings.get("timezone"),
        "out_of_office_message": settings.get("out_of_office_message"),
        "working_hours_enabled": settings.get("working_hours_enabled"),
        "working_hours": _working_hours(inbox),
        "created_at": iso8601(inbox.created_at),
        "updated_at": iso8601(inbox.updated_at),
        "channel": channel,
        "account": account_webhook_data(store.account(inbox.account_id)),
    }


def _column_value(column: str, value: Any) -> Any:
    if column in TIME_COLUMNS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return iso8601(float(value))
    return value


def changed_attributes(changes: dict[str, tuple[Any, Any]] | None) -> list[dict[str, Any]] | None:
    """BaseListener#extract_changed_attributes: one `{column: {previous_value, current_value}}` per
    changed column, or null when nothing is given."""
    if not changes:
        return None
    return [
        {
            column: {
                "previous_value": _column_value(column, before),
                "current_value": _column_value(column, after),
            }
        }
        for column, (before, after) in changes.items()
    ]


def typing_webhook_data(
    store: Store,
    event: str,
    conversation: Conversation,
    actor: dict[str, Any] | None,
    is_private: bool,
) -> dict[str, Any]:
    """handle_typing_status: the event name comes first in this payload."""
    return {
        "event": event,
        "user": actor,
        "conversation": conversation_webhook_data(store, conversation),
        "is_private": is_private,
    }
