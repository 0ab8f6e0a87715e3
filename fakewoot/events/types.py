"""Chatwoot's event names (lib/events/types.rb and the ActionCable catalogue), defined once."""

from __future__ import annotations

CONTACT_CREATED = "contact.created"
CONTACT_UPDATED = "contact.updated"
CONTACT_DELETED = "contact.deleted"
ACCOUNT_CACHE_INVALIDATED = "account.cache_invalidated"
CONVERSATION_CREATED = "conversation.created"
PRESENCE_UPDATE = "presence.update"

CONTACT_EVENTS = (CONTACT_CREATED, CONTACT_UPDATED, CONTACT_DELETED)
