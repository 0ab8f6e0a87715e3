"""Notification shapes at v4.10:

- notification_json: one item of app/views/api/v1/accounts/notifications/index.json.jbuilder;
- notification_record_json: `render json: @notification` (the model's as_json: every column in
  schema order, times as ISO 8601 with milliseconds, notification_type as its enum name);
- notification_push_data: Notification#push_event_data (what the /cable events carry);
- notification_cable_data / notification_deleted_cable_data: ActionCableListener's payloads;
- notification_settings_json: app/views/api/v1/accounts/notification_settings/show.json.jbuilder.

push_message_title / push_message_body follow Notification#push_message_title/_body and the
notifications.* strings of config/locales/en.yml.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.conversations import conversation_push_data
from fakewoot.serializers.messages import message_push_data
from fakewoot.serializers.push import user_push_data
from fakewoot.store.messages import INCOMING, OUTGOING
from fakewoot.store.notification_settings import EMAIL_FLAGS, PUSH_FLAGS, NotificationSetting, selected

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.messages import Message
    from fakewoot.store.notifications import Notification
    from fakewoot.store.state import Store

# config/locales/en.yml notifications.*
TITLE_CREATION = "A conversation (#{display_id}) has been created in {inbox_name}"
TITLE_ASSIGNMENT = "A conversation (#{display_id}) has been assigned to you"
TITLE_NEW_MESSAGE = "A new message is created in conversation (#{display_id})"
TITLE_MENTION = "You have been mentioned in conversation (#{display_id})"
TITLE_SLA_FIRST = "SLA target first response missed for conversation (#{display_id})"
TITLE_SLA_NEXT = "SLA target next response missed for conversation (#{display_id})"
TITLE_SLA_RESOLUTION = "SLA target resolution missed for conversation (#{display_id})"
BODY_ATTACHMENT = "Attachment"
BODY_NO_CONTENT = "No content"
TITLES = {
    "conversation_creation": TITLE_CREATION,
    "conversation_assignment": TITLE_ASSIGNMENT,
    "assigned_conversation_new_message": TITLE_NEW_MESSAGE,
    "participating_conversation_new_message": TITLE_NEW_MESSAGE,
    "conversation_mention": TITLE_MENTION,
    "sla_missed_first_response": TITLE_SLA_FIRST,
    "sla_missed_next_response": TITLE_SLA_NEXT,
    "sla_missed_resolution": TITLE_SLA_RESOLUTION,
}
WORD_LIMIT = 10  # content.truncate_words(10)
_TRUNCATE_RE = re.compile(r"\A((?>.+?\s+){" + str(WORD_LIMIT - 1) + r"}.+?)\s+.*", re.S)
# the inline Markdown CommonMarker's to_plaintext drops (links keep their text)
_IMAGE_RE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)\s]*\)")
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^>\s]*)>")
_STRONG_RE = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.S)
_EM_STAR_RE = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*", re.S)
_EM_UNDERSCORE_RE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)", re.S)
_CODE_RE = re.compile(r"`+([^`]*)`+")
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")
_HEADING_RE = re.compile(r"^ {0,3}#{1,6}[ \t]+", re.M)
_QUOTE_RE = re.compile(r"^ {0,3}> ?", re.M)
_HELD_RE = re.compile("\x00(\\d+)\x00")


def truncate_words(text: str) -> str:
    """ActiveSupport's String#truncate_words(10): past ten words, the first ten and '...'."""
    match = _TRUNCATE_RE.match(text)
    return text if match is None else match.group(1) + "..."


def plaintext(text: str) -> str:
    """MessageFormatHelper#transform_user_mention_content: the Markdown as plain text, stripped
    (`[@John](mention://user/1/john)` -> `@John`). The common inline and block markers only; a
    backslash-escaped character is kept literally."""
    escaped: list[str] = []

    def hold(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = _ESCAPE_RE.sub(hold, text.replace("\x00", ""))
    for pattern, repl in (
        (_IMAGE_RE, r"\1"),
        (_LINK_RE, r"\1"),
        (_AUTOLINK_RE, r"\1"),
        (_CODE_RE, r"\1"),
        (_STRONG_RE, r"\2"),
        (_EM_STAR_RE, r"\1"),
        (_EM_UNDERSCORE_RE, r"\1"),
        (_HEADING_RE, ""),
        (_QUOTE_RE, ""),
    ):
        text = pattern.sub(repl, text)
    text = _HELD_RE.sub(lambda match: escaped[int(match.group(1))], text)
    return text.strip()


def _sender_name(store: Store, message: Message | None) -> str:
    if message is None or message.sender_id is None:
        return ""
    if message.sender_type == "User":
        user = store.users.get(message.sender_id)
        return "" if user is None else user.name
    if message.sender_type == "Contact":
        contact = store.account(message.account_id).contacts.get(message.sender_id)
        return "" if contact is None or contact.name is None else contact.name
    bot = store.agent_bots.get(message.sender_id)
    return "" if bot is None or bot.name is None else bot.name


def _content(message: Message | None) -> str:
    content = None if message is None else message.content
    if content is not None and content.strip():
        return plaintext(truncate_words(content))
    return BODY_ATTACHMENT if message is not None and message.attachments else BODY_NO_CONTENT


def _message_body(store: Store, message: Message | None) -> str:
    return f"{_sender_name(store, message)}: {_content(message)}"


def _secondary_message(store: Store, notification: Notification) -> Message | None:
    if notification.secondary_actor_type != "Message" or notification.secondary_actor_id is None:
        return None
    return store.account(notification.account_id).messages.get(notification.secondary_actor_id)


def push_message_title(store: Store, notification: Notification, conversation: Conversation) -> str:
    template = TITLES.get(notification.notification_type)
    if template is None:
        return ""
    inbox = store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
    inbox_name = "" if inbox is None else inbox.name
    return template.format(display_id=conversation.display_id, inbox_name=inbox_name)


def push_message_body(store: Store, notification: Notification, conversation: Conversation) -> str:
    kind = notification.notification_type
    messages = store.messages.of(conversation)
    if kind in ("conversation_creation", "sla_missed_first_response"):
        return _message_body(store, messages[0] if messages else None)
    if kind in (
        "assigned_conversation_new_message",
        "participating_conversation_new_message",
        "conversation_mention",
    ):
        return _message_body(store, _secondary_message(store, notification))
    if kind in ("conversation_assignment", "sla_missed_next_response", "sla_missed_resolution"):
        incoming = [m for m in messages if m.message_type == INCOMING]
        outgoing = [m for m in messages if m.message_type == OUTGOING]
        last = incoming[-1] if incoming else (outgoing[-1] if outgoing else None)
        return _message_body(store, last)
    return ""


def secondary_actor_push_data(store: Store, notification: Notification) -> dict[str, Any] | None:
    """secondary_actor&.push_event_data: the message or the user who acted."""
    if notification.secondary_actor_type == "Message":
        message = _secondary_message(store, notification)
        return None if message is None else message_push_data(store, message)
    if notification.secondary_actor_type == "User" and notification.secondary_actor_id is not None:
        return user_push_data(store, notification.secondary_actor_id, notification.account_id)
    return None


def notification_json(store: Store, notification: Notification, conversation: Conversation) -> dict[str, Any]:
    """One payload item of the index."""
    return {
        "id": notification.id,
        "notification_type": notification.notification_type,
        "push_message_title": push_message_title(store, notification, conversation),
        "push_message_body": push_message_body(store, notification, conversation),
        "primary_actor_type": notification.primary_actor_type,
        "primary_actor_id": notification.primary_actor_id,
        "primary_actor": conversation_push_data(store, conversation),
        "read_at": iso8601(notification.read_at),
        "secondary_actor": secondary_actor_push_data(store, notification),
        "user": user_push_data(store, notification.user_id, notification.account_id),
        "created_at": int(notification.created_at),
        "last_activity_at": int(notification.last_activity_at),
        "snoozed_until": iso8601(notification.snoozed_until),
        "meta": notification.meta,
    }


def notifications_index_json(
    store: Store,
    rows: list[tuple[Notification, Conversation]],
    unread_count: int,
    count: int,
    current_page: Any,
) -> dict[str, Any]:
    """`{data: {meta: {unread_count, count, current_page}, payload: [...]}}`; current_page is
    params[:page] as sent (a query string's "2" stays a string), else 1."""
    return {
        "data": {
            "meta": {"unread_count": unread_count, "count": count, "current_page": current_page},
            "payload": [notification_json(store, n, c) for n, c in rows],
        }
    }


def notification_record_json(notification: Notification) -> dict[str, Any]:
    """Notification#as_json: the columns in schema order."""
    return {
        "id": notification.id,
        "account_id": notification.account_id,
        "user_id": notification.user_id,
        "notification_type": notification.notification_type,
        "primary_actor_type": notification.primary_actor_type,
        "primary_actor_id": notification.primary_actor_id,
        "secondary_actor_type": notification.secondary_actor_type,
        "secondary_actor_id": notification.secondary_actor_id,
        "read_at": iso8601(notification.read_at),
        "created_at": iso8601(notification.created_at),
        "updated_at": iso8601(notification.updated_at),
        "snoozed_until": iso8601(notification.snoozed_until),
        "last_activity_at": iso8601(notification.last_activity_at),
        "meta": notification.meta,
    }


def notification_push_data(store: Store, notification: Notification) -> dict[str, Any]:
    """Notification#push_event_data; the primary actor's keys come last when the conversation
    exists (push_message_title carries the body there too: the model's TODO)."""
    payload: dict[str, Any] = {
        "id": notification.id,
        "notification_type": notification.notification_type,
        "primary_actor_type": notification.primary_actor_type,
        "primary_actor_id": notification.primary_actor_id,
        "read_at": iso8601(notification.read_at),
        "secondary_actor": secondary_actor_push_data(store, notification),
        "user": user_push_data(store, notification.user_id, notification.account_id),
        "created_at": int(notification.created_at),
        "last_activity_at": int(notification.last_activity_at),
        "snoozed_until": iso8601(notification.snoozed_until),
        "meta": notification.meta,
        "account_id": notification.account_id,
    }
    conversation = store.notifications.conversation(notification)
    if conversation is not None:
        body = push_message_body(store, notification, conversation)
        payload["primary_actor"] = conversation_push_data(store, conversation)
        payload["push_message_title"] = body
        payload["push_message_body"] = body
    return payload


def notification_cable_data(store: Store, notification: Notification) -> dict[str, Any]:
    """ActionCableListener#notification_created/_updated: the notification and the user's default
    NotificationFinder counts in its account (the listener's envelope adds account_id, performer);
    sent to the user's pubsub_token."""
    user_id, account_id = notification.user_id, notification.account_id
    return {
        "notification": notification_push_data(store, notification),
        "unread_count": store.notifications.unread_count(user_id, account_id),
        "count": store.notifications.count(user_id, account_id),
    }


def notification_deleted_cable_data(store: Store, notification: Notification) -> dict[str, Any]:
    """ActionCableListener#notification_deleted: only the id, and the counts after the destroy."""
    user_id, account_id = notification.user_id, notification.account_id
    return {
        "notification": {"id": notification.id},
        "unread_count": store.notifications.unread_count(user_id, account_id),
        "count": store.notifications.count(user_id, account_id),
    }


def notification_settings_json(setting: NotificationSetting) -> dict[str, Any]:
    return {
        "id": setting.id,
        "user_id": setting.user_id,
        "account_id": setting.account_id,
        "all_email_flags": list(EMAIL_FLAGS),
        "selected_email_flags": selected(setting.email_flags, EMAIL_FLAGS),
        "all_push_flags": list(PUSH_FLAGS),
        "selected_push_flags": selected(setting.push_flags, PUSH_FLAGS),
    }
