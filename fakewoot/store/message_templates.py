"""The message template hooks a new message runs (Message#execute_message_template_hooks):
the out-of-office reply, the greeting, and the web widget's e-mail collection, each a `template`
message without a sender, created through Messages.create (so Liquid and the callbacks apply).

Source: app/services/message_templates/hook_execution_service.rb,
app/services/message_templates/template/{out_of_office,greeting,email_collect}.rb,
app/models/concerns/out_of_offisable.rb, app/models/working_hour.rb, config/locales/en.yml.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from fakewoot.errors import ApiError

if TYPE_CHECKING:
    from fakewoot.store.conversations import Conversation
    from fakewoot.store.inboxes import Inbox
    from fakewoot.store.messages import Message
    from fakewoot.store.state import Store

# config/locales/en.yml conversations.templates.*
EMAIL_COLLECT_PROMPT = "Give the team a way to reach you."
EMAIL_COLLECT_INPUT = "Get notified by email"
OUT_OF_OFFICE_QUIET_SECONDS = 300  # no out-of-office reply within 5 minutes of a public agent reply


def run_template_hooks(store: Store, conversation: Conversation, message: Message) -> None:
    """MessageTemplates::HookExecutionService#perform for `message` (just created)."""
    from fakewoot.store.messages import INCOMING, OUTGOING, TEMPLATE

    if not conversation.incoming_ids:  # conversation.last_incoming_message.blank?
        return
    if _auto_reply_email(store, message):
        return
    account = store.account(conversation.account_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    if inbox is None:
        return
    settings = inbox.settings
    contact = account.contacts.get(conversation.contact_id)
    out_of_office_message = settings.get("out_of_office_message")
    greeting = settings.get("greeting_message")
    may_reply = message.message_type == INCOMING and bool(settings.get("working_hours_enabled"))
    may_greet = bool(settings.get("greeting_enabled")) and _present(greeting)
    may_collect = (
        bool(settings.get("enable_email_collect"))
        and contact is not None
        and contact.email is None  # Ruby: "" is a present value here
        and inbox.channel_type == "Channel::WebWidget"
    )
    if not (may_reply and _present(out_of_office_message)) and not may_greet and not may_collect:
        return  # nothing can fire: skip reading the conversation's messages
    now = store.clock.now()
    messages = store.messages.of(conversation)

    def create(content: Any, content_type: str = "text") -> None:
        # Template#perform rescues every error (a failed create leaves nothing)
        try:
            store.messages.create(
                conversation,
                message_type=TEMPLATE,
                content=None if content is None else str(content),
                content_type=content_type,
                sender_type=None,
                sender_id=None,
                validate=True,
                template_hooks=False,  # their own hooks run after the transaction, and find nothing to do
            )
        except ApiError:
            return
        messages[:] = store.messages.of(conversation)

    if (
        may_reply
        and not any(
            m.message_type == OUTGOING and not m.private and m.created_at > now - OUT_OF_OFFICE_QUIET_SECONDS
            for m in messages
        )
        and out_of_office(inbox, now)
        and not any(m.message_type == TEMPLATE and _same_utc_day(m.created_at, now) for m in messages)
        and _present(out_of_office_message)
    ):
        create(out_of_office_message)
    first_from_contact = not any(m.message_type in (OUTGOING, TEMPLATE) for m in messages)
    if first_from_contact and may_greet:
        create(greeting)
    if may_collect and not any(m.content_type == "input_email" for m in messages):
        create(EMAIL_COLLECT_PROMPT)
        create(EMAIL_COLLECT_INPUT, "input_email")


def out_of_office(inbox: Inbox, now: float) -> bool:
    """OutOfOffisable#out_of_office?: working hours enabled and today's (in the inbox's time zone)
    closed now; open means between the opening and closing minute, both included."""
    if not inbox.settings.get("working_hours_enabled"):
        return False
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # about 4 ms: only inboxes with working hours

    try:
        zone: Any = ZoneInfo(str(inbox.settings.get("timezone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = UTC
    local = datetime.fromtimestamp(now, zone)
    weekday = (local.weekday() + 1) % 7  # Ruby's wday: Sunday is 0
    today = next((day for day in inbox.working_hours if day.get("day_of_week") == weekday), None)
    if today is None:
        return False
    if today.get("closed_all_day"):
        return True
    if today.get("open_all_day"):
        opening, closing = (0, 0), (23, 59)
    else:
        opening = (today.get("open_hour") or 0, today.get("open_minutes") or 0)
        closing = (today.get("close_hour") or 0, today.get("close_minutes") or 0)
    try:
        start = local.replace(hour=int(opening[0]), minute=int(opening[1]), second=0, microsecond=0)
        end = local.replace(hour=int(closing[0]), minute=int(closing[1]), second=0, microsecond=0)
    except (TypeError, ValueError):  # hours the inbox validation would have refused
        return False
    return not start <= local <= end


def _auto_reply_email(store: Store, message: Message) -> bool:
    """Message#auto_reply_email?: an incoming e-mail (or any message of an email inbox) flagged
    `content_attributes.email.auto_reply`."""
    inbox = store.account(message.account_id).inboxes.get(message.inbox_id)
    email_inbox = inbox is not None and inbox.channel_type == "Channel::Email"
    if message.content_type != "incoming_email" and not email_inbox:
        return False
    email = message.content_attributes.get("email")
    return isinstance(email, dict) and email.get("auto_reply") is True


def _same_utc_day(a: float, b: float) -> bool:
    """The `today` scope: date_trunc('day', created_at) = Date.current (UTC)."""
    return datetime.fromtimestamp(a, UTC).date() == datetime.fromtimestamp(b, UTC).date()


def _present(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))
