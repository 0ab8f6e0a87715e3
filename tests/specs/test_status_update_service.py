"""Port of spec/services/messages/status_update_service_spec.rb (Chatwoot v4.10), through
PATCH .../messages/:id (MessagesController#update runs Messages::StatusUpdateService)."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_messages import conversation_in, conversation_url, messages, new_inbox, post_message

SPEC = "spec/services/messages/status_update_service_spec.rb"
UPSTREAM_ITS = 5
_VALID = "#perform > when status is valid"
_INVALID = "#perform > when status is invalid"


def _message(http: Any) -> tuple[dict[str, Any], str]:
    conversation = conversation_in(http, new_inbox(http, "api")["id"])
    message = ok(post_message(http, conversation, content="hello", message_type="incoming"))
    return conversation, conversation_url(conversation) + f"/messages/{message['id']}"


def _update(http: Any, url: str, **body: Any) -> dict[str, Any]:
    return ok(http.patch(url, json=body, headers=ADMIN))  # type: ignore[no-any-return]


@ports(f"{_VALID} > updates the status of the message")
def test_updates_status(http):
    conversation, url = _message(http)
    assert _update(http, url, status="delivered")["status"] == "delivered"
    assert messages(http, conversation)[0]["status"] == "delivered"


@ports(f"{_VALID} > clears external_error when status is not failed")
def test_clears_external_error(http):
    conversation, url = _message(http)
    _update(http, url, status="failed", external_error="previous error")
    body = _update(http, url, status="delivered")
    assert body["status"] == "delivered"
    assert body["content_attributes"].get("external_error") is None
    assert messages(http, conversation)[0]["content_attributes"].get("external_error") is None


@ports(f"{_VALID} > updates external_error when status is failed")
def test_sets_external_error(http):
    conversation, url = _message(http)
    body = _update(http, url, status="failed", external_error="some error")
    assert (body["status"], body["content_attributes"]["external_error"]) == ("failed", "some error")
    assert messages(http, conversation)[0]["status"] == "failed"


@ports(f"{_INVALID} > returns false for invalid status")
def test_invalid_status_changes_nothing(http, events):
    conversation, url = _message(http)
    seen = len(events)
    body = _update(http, url, status="invalid_status")  # still 200 with the message
    assert body["status"] == "sent"
    assert messages(http, conversation)[0]["status"] == "sent"
    assert [e.name for e in events[seen:]] == []


@ports(f"{_INVALID} > prevents transition from read to delivered")
def test_read_to_delivered_refused(http):
    conversation, url = _message(http)
    _update(http, url, status="read")
    assert _update(http, url, status="delivered")["status"] == "read"
    assert messages(http, conversation)[0]["status"] == "read"
