"""What a delivery looks like on the wire: Chatwoot's header names, its JSON encoding and its
signature. Pure functions, no I/O.

Source: lib/webhooks/trigger.rb (newest, PRs #13573 and #13892; reference webhooks-bots.md 3.2):
`X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret, "{timestamp}.{raw body}")>`.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import orjson

HEADER_SIGNATURE = "X-Chatwoot-Signature"
HEADER_TIMESTAMP = "X-Chatwoot-Timestamp"
HEADER_DELIVERY = "X-Chatwoot-Delivery"
SIGNATURE_PREFIX = "sha256="
CONTENT_TYPE = "application/json"
# Net::HTTP's defaults (SafeFetch posts with it); not Chatwoot code (reference 3.2, inferred)
USER_AGENT = "Ruby"
ACCEPT_ENCODING = "gzip;q=1.0,deflate;q=0.6,identity;q=0.3"

ACCOUNT_WEBHOOK = "account_webhook"
API_INBOX_WEBHOOK = "api_inbox_webhook"
AGENT_BOT_WEBHOOK = "agent_bot_webhook"
MANUAL = "manual"  # a hand-made event sent through the control API
KINDS = (ACCOUNT_WEBHOOK, API_INBOX_WEBHOOK, AGENT_BOT_WEBHOOK, MANUAL)

# ActiveSupport's escape_html_entities_in_json (on by default) and its U+2028/2029 escapes. These
# characters can only stand inside JSON strings, so replacing the bytes is exact.
_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def encode(payload: Any) -> bytes:
    """payload.to_json as Rails writes it: compact, keys in insertion order, HTML-safe escapes."""
    body = orjson.dumps(payload)
    for raw, escaped in _ESCAPES:
        if raw in body:
            body = body.replace(raw, escaped)
    return bytes(memoryview(body))  # an exact-size copy: orjson's buffer is over-allocated


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """`sha256=` + lowercase hex HMAC-SHA256 keyed with the secret string over "{timestamp}.{body}"."""
    message = str(timestamp).encode() + b"." + body
    return SIGNATURE_PREFIX + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, given: str) -> bool:
    """What a receiver does: recompute over the raw bytes and compare in constant time."""
    return hmac.compare_digest(signature(secret, timestamp, body), given)


def headers(body: bytes, secret: str | None, delivery_id: str | None, timestamp: int) -> dict[str, str]:
    """Trigger#request_headers: JSON content type and accept, the delivery id, and when the target
    has a secret the timestamp and signature."""
    found = {
        "Content-Type": CONTENT_TYPE,
        "Accept": CONTENT_TYPE,
        "User-Agent": USER_AGENT,
        "Accept-Encoding": ACCEPT_ENCODING,
    }
    if delivery_id:
        found[HEADER_DELIVERY] = delivery_id
    if secret:
        found[HEADER_TIMESTAMP] = str(timestamp)
        found[HEADER_SIGNATURE] = signature(secret, timestamp, body)
    return found


# Chatwoot's webhook event names (the `event` key), defined once
CONVERSATION_CREATED = "conversation_created"
CONVERSATION_STATUS_CHANGED = "conversation_status_changed"
CONVERSATION_UPDATED = "conversation_updated"
CONVERSATION_OPENED = "conversation_opened"  # agent bots only
CONVERSATION_RESOLVED = "conversation_resolved"  # agent bots only
MESSAGE_CREATED = "message_created"
MESSAGE_UPDATED = "message_updated"
CONTACT_CREATED = "contact_created"
CONTACT_UPDATED = "contact_updated"
TYPING_ON = "conversation_typing_on"
TYPING_OFF = "conversation_typing_off"
WEBWIDGET_TRIGGERED = "webwidget_triggered"
INBOX_CREATED = "inbox_created"
INBOX_UPDATED = "inbox_updated"
