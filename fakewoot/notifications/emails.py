"""The e-mail a new notification sends (Notification#process_notification_delivery at v4.10):
Notification::EmailNotificationJob / EmailNotificationService and
AgentNotifications::ConversationNotificationsMailer.

Nothing for a notification already read, an unconfirmed user, or a user without the
`email_<type>` flag; the two new-message mails are skipped while the agent is online
(OnlineStatusTracker). The SLA types have no mailer method in the open-source build (the job fails
upstream), so they send nothing. Subjects are the mailer's, with Inbox#sanitized_name.
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import TYPE_CHECKING, Any

from fakewoot.store.notification_settings import NOTIFICATION_TYPES

if TYPE_CHECKING:
    from fakewoot.store.notifications import Notification
    from fakewoot.store.state import Store

SUBJECT_CREATION = "{name}, A new conversation [ID - {display_id}] has been created in {inbox_name}."
SUBJECT_ASSIGNMENT = "{name}, A new conversation [ID - {display_id}] has been assigned to you."
SUBJECT_MENTION = "{name}, You have been mentioned in conversation [ID - {display_id}]"
SUBJECT_ASSIGNED_MESSAGE = "{name}, New message in your assigned conversation [ID - {display_id}]."
SUBJECT_PARTICIPATING_MESSAGE = "{name}, New message in your participating conversation [ID - {display_id}]."
SUBJECTS = {
    "conversation_creation": SUBJECT_CREATION,
    "conversation_assignment": SUBJECT_ASSIGNMENT,
    "conversation_mention": SUBJECT_MENTION,
    "assigned_conversation_new_message": SUBJECT_ASSIGNED_MESSAGE,
    "participating_conversation_new_message": SUBJECT_PARTICIPATING_MESSAGE,
}
SKIPPED_WHEN_ONLINE = ("assigned_conversation_new_message", "participating_conversation_new_message")
_FORBIDDEN = re.compile(r"[\\<>@\"!#$%&*+=?^`{|}~:;]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SPACES = re.compile(r"\s+")


def _punct(char: str) -> bool:
    return char in string.punctuation or unicodedata.category(char).startswith("P")


def sanitized_name(name: str | None) -> str:
    """Inbox#sanitized_name: forbidden characters dropped, control characters as spaces, leading and
    trailing punctuation dropped, spaces collapsed (an e-mail inbox's blank name is not derived here)."""
    if name is None or not name.strip():
        return ""
    text = _CONTROL.sub(" ", _FORBIDDEN.sub("", name))
    start, end = 0, len(text)
    while start < end and _punct(text[start]):
        start += 1
    while end > start and _punct(text[end - 1]):
        end -= 1
    return _SPACES.sub(" ", text[start:end]).strip()


def notification_email(
    store: Store, notification: Notification
) -> tuple[str, str, str, dict[str, Any]] | None:
    """(template, to, subject, data) of the mail the notification sends, or None."""
    kind = notification.notification_type
    if notification.read_at is not None or kind not in SUBJECTS:
        return None
    user = store.users.get(notification.user_id)
    if user is None or not user.confirmed:
        return None
    setting = store.notification_settings.get(notification.account_id, notification.user_id)
    if setting is None or not setting.email_flags & (1 << NOTIFICATION_TYPES.index(kind)):
        return None
    if kind in SKIPPED_WHEN_ONLINE and store.presence.is_online(notification.account_id, "User", user.id):
        return None
    conversation = store.notifications.conversation(notification)
    if conversation is None:
        return None
    inbox = store.account(conversation.account_id).inboxes.get(conversation.inbox_id)
    subject = SUBJECTS[kind].format(
        name=user.available_name,
        display_id=conversation.display_id,
        inbox_name=sanitized_name(None if inbox is None else inbox.name),
    )
    data = {
        "account_id": notification.account_id,
        "conversation_id": conversation.display_id,
        "notification_id": notification.id,
    }
    return kind, user.email, subject, data


def send_notification_email(store: Store, notification: Notification) -> None:
    found = notification_email(store, notification)
    if found is None:
        return
    template, to, subject, data = found
    mail = store.mailer.deliver(template, to, **data)
    mail.subject = subject  # Mailer.deliver knows the Devise subjects only
