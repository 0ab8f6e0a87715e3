"""The Client API: /public/api/v1/inboxes/:inbox_identifier/... (Chatwoot's public API for custom chat
interfaces on an API inbox). No authentication: an API inbox's identifier and a contact inbox's
source id are the credentials; the contacts endpoints check identity validation (HMAC)."""
