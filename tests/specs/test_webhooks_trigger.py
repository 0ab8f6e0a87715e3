"""Port of spec/lib/webhooks/trigger_spec.rb (Chatwoot v4.10): how a delivery is POSTed and what a
failed one does. Over HTTP: deliveries go to real receivers (tests/receivers.py) that answer 200 or
fail with 500; the effects are read back through the Application API (the message's status, the
conversation's status and its activity messages).

Adopted on purpose (docs/fidelity.md's version table): deliveries are signed, and an agent bot's
429/500 is retried 3 times, 3 s apart on the fake's clock (v4.10 gives up at once); the handoff
after the last failure is v4.10's. The bot failures here answer 503 (not retried), so the
handoff comes at once as in the spec."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from fakewoot.deliveries import routing
from fakewoot.deliveries.outbound import MSG_BOT_ERROR_MOVED_TO_OPEN
from tests.receivers import Receiver
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_conversation, ok

SPEC = "spec/lib/webhooks/trigger_spec.rb"
UPSTREAM_ITS = 8
SKIPPED = {
    "when webhook timeout configuration is blank > falls back to default timeout": (
        "not implemented: the WEBHOOK_TIMEOUT installation config (fakewoot takes --webhook-timeout, "
        "default 5, and refuses a blank or non-positive value at start)"
    ),
    "when webhook timeout configuration is invalid > falls back to default timeout": (
        "not implemented: the WEBHOOK_TIMEOUT installation config (fakewoot takes --webhook-timeout, "
        "default 5, and refuses a blank or non-positive value at start)"
    ),
}
A = "/api/v1/accounts/1"
EX = "#execute"


@pytest.fixture
def failing() -> Iterator[Receiver]:
    found = Receiver(lambda path, body: (500, b"error"))
    yield found
    found.close()


@pytest.fixture
def unavailable() -> Iterator[Receiver]:
    found = Receiver(lambda path, body: (503, b"error"))
    yield found
    found.close()


def _api_inbox(http: Any, url: str) -> dict[str, Any]:
    body = {"name": "Trigger", "channel": {"type": "api", "webhook_url": url}}
    inbox: dict[str, Any] = ok(http.post(f"{A}/inboxes", json=body, headers=ADMIN))
    return inbox


def _message(http: Any, conversation: dict[str, Any], content: str = "hello") -> dict[str, Any]:
    url = f"{A}/conversations/{conversation['id']}/messages"
    sent: dict[str, Any] = ok(http.post(url, json={"content": content}, headers=ADMIN))
    return sent


def _listed(http: Any, conversation: dict[str, Any]) -> list[dict[str, Any]]:
    url = f"{A}/conversations/{conversation['id']}/messages"
    found: list[dict[str, Any]] = ok(http.get(url, headers=ADMIN))["payload"]
    return found


def _shown(http: Any, conversation: dict[str, Any], message_id: int) -> dict[str, Any]:
    return next(m for m in _listed(http, conversation) if m["id"] == message_id)


def _until(check: Any, timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


@ports(f"{EX} > triggers webhook")
def test_a_delivery_is_a_json_post(http, fake, receiver):
    row = ok(
        http.post("/_fakewoot/webhooks/send", json={"url": receiver.url(), "payload": {"hello": "hello"}})
    )
    assert fake.deliveries.settle()
    ((path, headers, body),) = receiver.requests
    assert path == "/hook" and json.loads(body) == {"hello": "hello"}
    assert headers["Content-Type"] == "application/json" and headers["Accept"] == "application/json"
    shown = ok(http.get(f"/_fakewoot/webhooks/{row['id']}"))
    assert shown["state"] == "delivered" and shown["status"] == 200


@ports(f"{EX} > updates message status if webhook fails for message-created event")
def test_a_failed_api_inbox_message_created_marks_the_message_failed(http, fake, failing):
    inbox = _api_inbox(http, failing.url())
    conversation = new_conversation(http, inbox_id=inbox["id"])
    sent = _message(http, conversation)
    assert sent["status"] == "sent"
    assert fake.deliveries.settle()
    shown = _until(lambda: (m := _shown(http, conversation, sent["id"]))["status"] == "failed" and m)
    assert shown["status"] == "failed"
    assert shown["content_attributes"]["external_error"] == "500 Internal Server Error"


@ports(f"{EX} > updates message status if webhook fails for message-updated event")
def test_a_failed_api_inbox_message_updated_marks_the_message_failed(http, fake, receiver):
    inbox = _api_inbox(http, receiver.url())
    conversation = new_conversation(http, inbox_id=inbox["id"])
    sent = _message(http, conversation)
    assert fake.deliveries.settle()
    assert _shown(http, conversation, sent["id"])["status"] == "sent"
    receiver.responder = lambda path, body: (500, b"error")  # fails from now on
    url = f"{A}/conversations/{conversation['id']}/messages/{sent['id']}"
    ok(http.patch(url, json={"status": "delivered"}, headers=ADMIN))
    assert fake.deliveries.settle()
    updated = [
        json.loads(b) for _, _, b in receiver.requests if json.loads(b)["event"] == routing.MESSAGE_UPDATED
    ]
    assert updated and updated[0]["id"] == sent["id"]
    shown = _until(lambda: (m := _shown(http, conversation, sent["id"]))["status"] == "failed" and m)
    assert shown["status"] == "failed"


def _bot_inbox(http: Any, url: str) -> tuple[dict[str, Any], dict[str, Any]]:
    bot = ok(http.post(f"{A}/agent_bots", json={"name": "Failing", "outgoing_url": url}, headers=ADMIN))
    inbox = ok(http.post(f"{A}/inboxes", json={"name": "Bot", "channel": {"type": "api"}}, headers=ADMIN))
    assert (
        http.post(
            f"{A}/inboxes/{inbox['id']}/set_agent_bot", json={"agent_bot": bot["id"]}, headers=ADMIN
        ).status_code
        == 200
    )
    return bot, inbox


BOT = f"{EX} > when webhook type is agent bot"


@ports(f"{BOT} > reopens conversation and enqueues activity message if pending")
def test_a_failed_bot_delivery_opens_a_pending_conversation(http, fake, unavailable):
    _, inbox = _bot_inbox(http, unavailable.url("/bot"))
    conversation = new_conversation(http, inbox_id=inbox["id"])
    url = f"{A}/conversations/{conversation['id']}"
    ok(http.post(f"{url}/toggle_status", json={"status": "pending"}, headers=ADMIN))
    assert ok(http.get(url, headers=ADMIN))["status"] == "pending"
    sent = _message(http, conversation, "incoming hello")
    assert fake.deliveries.settle()
    assert _until(lambda: ok(http.get(url, headers=ADMIN))["status"] == "open")
    assert _shown(http, conversation, sent["id"])["status"] == "sent"  # the message is left alone
    last = _listed(http, conversation)[-1]
    assert (last["message_type"], last["content"]) == (2, MSG_BOT_ERROR_MOVED_TO_OPEN)


@ports(f"{BOT} > does not change message status or enqueue activity when conversation is not pending")
def test_a_failed_bot_delivery_leaves_an_open_conversation_alone(http, fake, unavailable):
    _, inbox = _bot_inbox(http, unavailable.url("/bot"))
    conversation = new_conversation(http, inbox_id=inbox["id"])
    url = f"{A}/conversations/{conversation['id']}"
    ok(http.post(f"{url}/toggle_status", json={"status": "open"}, headers=ADMIN))
    before = _listed(http, conversation)
    sent = _message(http, conversation, "to an open conversation")
    assert fake.deliveries.settle()
    assert any(json.loads(b)["event"] == routing.MESSAGE_CREATED for _, _, b in unavailable.requests)
    time.sleep(0.2)
    assert ok(http.get(url, headers=ADMIN))["status"] == "open"
    after = _listed(http, conversation)
    assert [m["id"] for m in after] == [*[m["id"] for m in before], sent["id"]]  # no activity message
    assert after[-1]["status"] == "sent"


@ports("does not update message status if webhook fails for other events")
def test_a_failed_conversation_created_delivery_changes_no_message(http, fake, failing, receiver):
    inbox = _api_inbox(http, receiver.url())
    conversation = new_conversation(http, inbox_id=inbox["id"])
    sent = _message(http, conversation)
    assert fake.deliveries.settle()
    ok(
        http.patch(
            f"{A}/inboxes/{inbox['id']}", json={"channel": {"webhook_url": failing.url()}}, headers=ADMIN
        )
    )
    other = new_conversation(http, inbox_id=inbox["id"])
    assert fake.deliveries.settle()
    created = [
        json.loads(b)
        for _, _, b in failing.requests
        if json.loads(b)["event"] == routing.CONVERSATION_CREATED
    ]
    assert [c["id"] for c in created] == [other["id"]]
    rows = ok(
        http.get("/_fakewoot/webhooks", params={"event": routing.CONVERSATION_CREATED, "url": failing.url()})
    )
    assert [r["state"] for r in rows] == ["failed"]
    time.sleep(0.2)
    assert _shown(http, conversation, sent["id"])["status"] == "sent"
