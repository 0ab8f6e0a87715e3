"""Port of spec/listeners/agent_bot_listener_spec.rb (Chatwoot v4.10): which agent bots an event is
delivered to (AgentBots::WebhookJob) and with what payload. Bots, their inbox and the conversation's
bot assignee are set over HTTP; the deliveries reach a real receiver (tests/receivers.py); "not
sent" is read from fakewoot's delivery journal once every delivery has settled. A web widget being
opened has no Application API: the control API's webwidget_triggered does what the widget's events
endpoint does."""

from __future__ import annotations

from typing import Any

import pytest

from fakewoot.deliveries import routing, wire
from tests.receivers import Receiver
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_conversation, new_user, ok

SPEC = "spec/listeners/agent_bot_listener_spec.rb"
UPSTREAM_ITS = 5
A = "/api/v1/accounts/1"
MC = "#message_created"
CONFIGURED = f"{MC} > when agent bot is configured"


@pytest.fixture
def setup(http: Any) -> dict[str, Any]:
    """The spec's lets: a user, an inbox, a conversation of that inbox assigned to the user."""
    user = new_user(http)
    inbox = ok(http.post(f"{A}/inboxes", json={"name": "Bots", "channel": {"type": "api"}}, headers=ADMIN))
    add_inbox_member(http, inbox["id"], user["id"])
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=user["id"])
    return {"user": user, "inbox": inbox, "conversation": conversation}


def _bot(http: Any, url: str, name: str = "Bot") -> dict[str, Any]:
    bot: dict[str, Any] = ok(
        http.post(f"{A}/agent_bots", json={"name": name, "outgoing_url": url}, headers=ADMIN)
    )
    return bot


def _connect(http: Any, inbox: dict[str, Any], bot: dict[str, Any]) -> None:
    """create(:agent_bot_inbox, inbox:, agent_bot:): the inbox's active bot."""
    url = f"{A}/inboxes/{inbox['id']}/set_agent_bot"
    assert http.post(url, json={"agent_bot": bot["id"]}, headers=ADMIN).status_code == 200


def _message(http: Any, conversation: dict[str, Any]) -> dict[str, Any]:
    url = f"{A}/conversations/{conversation['id']}/messages"
    sent: dict[str, Any] = ok(
        http.post(url, json={"content": "to the bot", "message_type": "outgoing"}, headers=ADMIN)
    )
    return sent


def _bot_deliveries(http: Any, fake: Any, event: str) -> list[dict[str, Any]]:
    assert fake.deliveries.settle()
    rows: list[dict[str, Any]] = ok(
        http.get("/_fakewoot/webhooks", params={"event": event, "kind": wire.AGENT_BOT_WEBHOOK})
    )
    return rows


def _received(receiver: Receiver, path: str, event: str) -> list[dict[str, Any]]:
    return [e for e in receiver.events(path) if e.get("event") == event]


def _assert_message_payload(payload: dict[str, Any], sent: dict[str, Any], inbox: dict[str, Any]) -> None:
    """message.webhook_data.merge(event: 'message_created')"""
    assert payload["event"] == routing.MESSAGE_CREATED
    assert (payload["id"], payload["content"], payload["message_type"]) == (
        sent["id"],
        "to the bot",
        "outgoing",
    )
    assert payload["inbox"] == {"id": inbox["id"], "name": inbox["name"]}
    assert payload["sender"] == {"id": 1, "name": "John", "email": "john@acme.inc", "type": "user"}
    assert payload["conversation"]["id"] == sent["conversation_id"]
    assert payload["account"] == {"id": 1, "name": "Acme Inc"}


@ports(f"{MC} > when agent bot is not configured > does not send message to agent bot")
def test_no_bot_no_delivery(http, fake, setup):
    _message(http, setup["conversation"])
    assert _bot_deliveries(http, fake, routing.MESSAGE_CREATED) == []


@ports(f"{CONFIGURED} > sends message to agent bot")
def test_message_created_goes_to_the_inbox_bot(http, fake, receiver, setup):
    bot = _bot(http, receiver.url("/bot"))
    _connect(http, setup["inbox"], bot)
    sent = _message(http, setup["conversation"])
    assert fake.deliveries.settle()
    (payload,) = _received(receiver, "/bot", routing.MESSAGE_CREATED)
    _assert_message_payload(payload, sent, setup["inbox"])
    (row,) = _bot_deliveries(http, fake, routing.MESSAGE_CREATED)
    assert (row["target_id"], row["url"]) == (bot["id"], receiver.url("/bot"))


@ports(f"{CONFIGURED} > does not send message to agent bot if url is empty")
def test_a_bot_without_outgoing_url_gets_nothing(http, fake, setup):
    bot = _bot(http, "")
    assert bot["outgoing_url"] == ""
    _connect(http, setup["inbox"], bot)
    _message(http, setup["conversation"])
    assert _bot_deliveries(http, fake, routing.MESSAGE_CREATED) == []


@ports(
    f"{CONFIGURED} > when conversation has a different assignee agent bot > sends message to both bots exactly once"
)
def test_the_assigned_bot_and_the_inbox_bot_each_get_it_once(http, fake, receiver, setup):
    inbox_bot = _bot(http, receiver.url("/inbox-bot"), "Inbox Bot")
    conversation_bot = _bot(http, receiver.url("/conversation-bot"), "Conversation Bot")
    _connect(http, setup["inbox"], inbox_bot)
    url = f"{A}/conversations/{setup['conversation']['id']}/assignments"
    ok(
        http.post(
            url, json={"assignee_id": conversation_bot["id"], "assignee_type": "AgentBot"}, headers=ADMIN
        )
    )
    shown = ok(http.get(f"{A}/conversations/{setup['conversation']['id']}", headers=ADMIN))
    assert (
        shown["meta"]["assignee_type"] == "AgentBot"
        and shown["meta"]["assignee"]["id"] == conversation_bot["id"]
    )
    sent = _message(http, setup["conversation"])
    assert fake.deliveries.settle()
    (to_inbox_bot,) = _received(receiver, "/inbox-bot", routing.MESSAGE_CREATED)
    (to_conversation_bot,) = _received(receiver, "/conversation-bot", routing.MESSAGE_CREATED)
    assert to_inbox_bot == to_conversation_bot  # the same payload
    _assert_message_payload(to_inbox_bot, sent, setup["inbox"])
    rows = _bot_deliveries(http, fake, routing.MESSAGE_CREATED)
    assert sorted(r["target_id"] for r in rows) == sorted([inbox_bot["id"], conversation_bot["id"]])


@ports("#webwidget_triggered > when agent bot is configured > send message to agent bot URL")
def test_webwidget_triggered_goes_to_the_inbox_bot(http, fake, receiver, setup):
    bot = _bot(http, receiver.url("/bot"))
    _connect(http, setup["inbox"], bot)
    record = fake.store.conversations.by_display_id(1, setup["conversation"]["id"])
    body = {"account_id": 1, "contact_inbox_id": record.contact_inbox_id, "event_info": {"country": "US"}}
    ok(http.post("/_fakewoot/webhooks/webwidget_triggered", json=body))
    assert fake.deliveries.settle()
    (payload,) = _received(receiver, "/bot", routing.WEBWIDGET_TRIGGERED)
    # contact_inbox.webhook_data.merge(event:, event_info:)
    assert list(payload) == [
        "id",
        "contact",
        "inbox",
        "account",
        "current_conversation",
        "source_id",
        "event",
        "event_info",
    ]
    assert payload["id"] == record.contact_inbox_id
    assert payload["contact"]["id"] == record.contact_id
    assert payload["inbox"] == {"id": setup["inbox"]["id"], "name": setup["inbox"]["name"]}
    assert payload["account"] == {"id": 1, "name": "Acme Inc"}
    assert payload["current_conversation"]["id"] == setup["conversation"]["id"]
    assert payload["event_info"] == {"country": "US"}
