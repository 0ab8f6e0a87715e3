"""Chatwoot's event names (lib/events/types.rb and the ActionCable catalogue), defined once."""

from __future__ import annotations

CONTACT_CREATED = "contact.created"
CONTACT_UPDATED = "contact.updated"
CONTACT_DELETED = "contact.deleted"
CONTACT_MERGED = "contact.merged"
ACCOUNT_CACHE_INVALIDATED = "account.cache_invalidated"
COPILOT_MESSAGE_CREATED = "copilot.message.created"  # enterprise ActionCableListener: the thread's user
CONVERSATION_CREATED = "conversation.created"
PRESENCE_UPDATE = "presence.update"

CONTACT_EVENTS = (CONTACT_CREATED, CONTACT_UPDATED, CONTACT_DELETED, CONTACT_MERGED)
CONVERSATION_STATUS_CHANGED = "conversation.status_changed"
CONVERSATION_UPDATED = "conversation.updated"
CONVERSATION_READ = "conversation.read"
ASSIGNEE_CHANGED = "assignee.changed"
CONVERSATION_CONTACT_CHANGED = "conversation.contact_changed"
CONVERSATION_MENTIONED = "conversation.mentioned"
TEAM_CHANGED = "team.changed"
TYPING_ON = "conversation.typing_on"
TYPING_OFF = "conversation.typing_off"
MESSAGE_CREATED = "message.created"
MESSAGE_UPDATED = "message.updated"
FIRST_REPLY_CREATED = "first.reply.created"

MESSAGE_EVENTS = (MESSAGE_CREATED, MESSAGE_UPDATED, FIRST_REPLY_CREATED)
CONVERSATION_EVENTS = (
    CONVERSATION_CREATED,
    CONVERSATION_STATUS_CHANGED,
    CONVERSATION_UPDATED,
    CONVERSATION_READ,
    ASSIGNEE_CHANGED,
    TEAM_CHANGED,
    CONVERSATION_CONTACT_CHANGED,
)
# ActionCableBroadcastJob::CONVERSATION_UPDATE_EVENTS: the payload is rebuilt at send time as
# push_event_data + account_id, so these never carry `performer`
REBUILT_CONVERSATION_EVENTS = (
    CONVERSATION_READ,
    CONVERSATION_UPDATED,
    TEAM_CHANGED,
    ASSIGNEE_CHANGED,
    CONVERSATION_STATUS_CHANGED,
)
# these reach the contact's widget too; the others reach agents only
CONTACT_VISIBLE_CONVERSATION_EVENTS = (
    CONVERSATION_CREATED,
    CONVERSATION_STATUS_CHANGED,
    CONVERSATION_UPDATED,
)
NOTIFICATION_CREATED = "notification.created"
NOTIFICATION_UPDATED = "notification.updated"
NOTIFICATION_DELETED = "notification.deleted"
NOTIFICATION_EVENTS = (NOTIFICATION_CREATED, NOTIFICATION_UPDATED, NOTIFICATION_DELETED)
INBOX_CREATED = "inbox.created"
INBOX_UPDATED = "inbox.updated"
# a web widget opened by a contact (Chatwoot's webwidget.triggered); no store verb fires it yet
WEBWIDGET_TRIGGERED = "webwidget.triggered"
