"""Port of spec/listeners/webhook_listener_spec.rb (Chatwoot v4.10): which webhooks an event is
delivered to and with what payload. The spec hands a built event to the listener and checks the
WebhookJob calls; here the change is made over HTTP, the deliveries reach a real receiver
(tests/receivers.py), and "not triggered" is read from fakewoot's delivery journal
(GET /_fakewoot/webhooks) once every delivery has settled.

Deliveries are signed (X-Chatwoot-Signature, adopted from v4.11.2/v4.13.0 on purpose, see
docs/fidelity.md's version table); the payloads are `webhook_data` + `event` as the spec says."""

from __future__ import annotations

from typing import Any

import pytest

from fakewoot.deliveries import routing, wire
from tests.receivers import Receiver
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_contact, new_conversation, new_user, ok

SPEC = "spec/listeners/webhook_listener_spec.rb"
UPSTREAM_ITS = 26
A = "/api/v1/accounts/1"
# spec/factories/webhooks.rb: the factory's subscriptions
FACTORY_SUBSCRIPTIONS = [
    "conversation_status_changed",
    "conversation_updated",
    "conversation_created",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
]
# app/presenters/inbox/event_data_presenter.rb#push_data, in order
INBOX_PUSH_KEYS = [
    "allow_messages_after_resolved",
    "lock_to_single_conversation",
    "auto_assignment_config",
    "enable_auto_assignment",
    "enable_email_collect",
    "greeting_enabled",
    "greeting_message",
    "csat_survey_enabled",
    "business_name",
    "sender_name_type",
    "timezone",
    "out_of_office_message",
    "working_hours_enabled",
    "working_hours",
    "created_at",
    "updated_at",
    "channel",
]
MC = "#message_created"
CC = "#conversation_created"
CU = "#conversation_updated"
CTC = "#contact_created"
CTU = "#contact_updated"
IC = "#inbox_created"
IU = "#inbox_updated"
TON = "#conversation_typing_on"
TOFF = "#conversation_typing_off"
NOT_CONFIGURED = "when webhook is not configured > does not trigger webhook"
CONFIGURED = "when webhook is configured > triggers webhook"
API_PRESENT = "when inbox is an API Channel > triggers webhook if webhook_url is present"
API_ABSENT = "when inbox is an API Channel > does not trigger webhook if webhook_url is not present"


@pytest.fixture
def setup(http: Any) -> dict[str, Any]:
    """The spec's lets: a user (an agent), an inbox, a conversation of that inbox assigned to the user."""
    user = new_user(http)
    inbox = ok(http.post(f"{A}/inboxes", json={"name": "Hooks", "channel": {"type": "api"}}, headers=ADMIN))
    add_inbox_member(http, inbox["id"], user["id"])  # so the agent may type in its conversations
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=user["id"])
    return {"user": user, "inbox": inbox, "conversation": conversation}


def _webhook(http: Any, receiver: Receiver, subscriptions: list[str] | None = None) -> dict[str, Any]:
    body = {"url": receiver.url(), "subscriptions": subscriptions or FACTORY_SUBSCRIPTIONS}
    hook: dict[str, Any] = ok(http.post(f"{A}/webhooks", json={"webhook": body}, headers=ADMIN))["payload"][
        "webhook"
    ]
    return hook


def _api_inbox(http: Any, webhook_url: str | None) -> dict[str, Any]:
    channel: dict[str, Any] = {"type": "api"}
    if webhook_url is not None:
        channel["webhook_url"] = webhook_url
    inbox: dict[str, Any] = ok(
        http.post(f"{A}/inboxes", json={"name": "API", "channel": channel}, headers=ADMIN)
    )
    return inbox


def _journal(http: Any, fake: Any, event: str) -> list[dict[str, Any]]:
    """Every delivery of `event` fakewoot made, once they have all settled."""
    assert fake.deliveries.settle()
    found: list[dict[str, Any]] = ok(http.get("/_fakewoot/webhooks", params={"event": event}))
    return found


def _delivered(http: Any, fake: Any, receiver: Receiver, event: str, path: str = "/hook") -> dict[str, Any]:
    """The one `event` delivery the receiver got at `path` (exactly one)."""
    assert fake.deliveries.settle()
    got = [e for e in receiver.events(path) if e.get("event") == event]
    assert len(got) == 1, receiver.events()
    return got[0]


def _message(http: Any, conversation: dict[str, Any]) -> dict[str, Any]:
    url = f"{A}/conversations/{conversation['id']}/messages"
    sent: dict[str, Any] = ok(
        http.post(url, json={"content": "outgoing hello", "message_type": "outgoing"}, headers=ADMIN)
    )
    return sent


def _assert_message_payload(payload: dict[str, Any], sent: dict[str, Any], inbox: dict[str, Any]) -> None:
    assert payload["event"] == routing.MESSAGE_CREATED
    assert (payload["id"], payload["content"], payload["message_type"]) == (
        sent["id"],
        sent["content"],
        "outgoing",
    )
    assert payload["inbox"] == {"id": inbox["id"], "name": inbox["name"]}
    assert payload["account"] == {"id": 1, "name": "Acme Inc"}
    assert payload["sender"] == {"id": 1, "name": "John", "email": "john@acme.inc", "type": "user"}
    assert payload["conversation"]["id"] == sent["conversation_id"]
    assert payload["conversation"]["messages"][0]["id"] == sent["id"]
    assert payload["private"] is False


# --- message_created ---------------------------------------------------------------------------------


@ports(f"{MC} > {NOT_CONFIGURED}")
def test_message_created_without_a_webhook_is_not_delivered(http, fake, setup):
    _message(http, setup["conversation"])
    assert _journal(http, fake, routing.MESSAGE_CREATED) == []


@ports(f"{MC} > when webhook is configured and event is subscribed > triggers the webhook event")
def test_message_created_is_delivered_to_a_subscribed_webhook(http, fake, receiver, setup):
    _webhook(http, receiver)
    sent = _message(http, setup["conversation"])
    _assert_message_payload(_delivered(http, fake, receiver, routing.MESSAGE_CREATED), sent, setup["inbox"])
    (row,) = _journal(http, fake, routing.MESSAGE_CREATED)
    assert row["kind"] == wire.ACCOUNT_WEBHOOK


@ports(f"{MC} > when webhook is configured and event is not subscribed > does not trigger the webhook event")
def test_message_created_skips_a_webhook_not_subscribed_to_it(http, fake, receiver, setup):
    _webhook(http, receiver, ["conversation_created"])
    _message(http, setup["conversation"])
    assert _journal(http, fake, routing.MESSAGE_CREATED) == []
    assert [e for e in receiver.events() if e["event"] == routing.MESSAGE_CREATED] == []


@ports(f"{MC} > {API_PRESENT}")
def test_message_created_goes_to_the_api_inbox_webhook_url(http, fake, receiver, setup):
    inbox = _api_inbox(http, receiver.url("/api-inbox"))
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=setup["user"]["id"])
    sent = _message(http, conversation)
    payload = _delivered(http, fake, receiver, routing.MESSAGE_CREATED, "/api-inbox")
    _assert_message_payload(payload, sent, inbox)
    (row,) = _journal(http, fake, routing.MESSAGE_CREATED)
    assert (row["kind"], row["url"]) == (wire.API_INBOX_WEBHOOK, receiver.url("/api-inbox"))


@ports(f"{MC} > {API_ABSENT}")
def test_message_created_api_inbox_without_webhook_url_is_not_delivered(http, fake, setup):
    inbox = _api_inbox(http, None)
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=setup["user"]["id"])
    _message(http, conversation)
    assert _journal(http, fake, routing.MESSAGE_CREATED) == []


# --- conversation_created ----------------------------------------------------------------------------


def _assert_conversation_payload(payload: dict[str, Any], conversation: dict[str, Any], event: str) -> None:
    assert payload["event"] == event
    assert (payload["id"], payload["inbox_id"], payload["status"]) == (
        conversation["id"],
        conversation["inbox_id"],
        conversation["status"],
    )
    assert payload["meta"]["assignee"]["id"] == conversation["meta"]["assignee"]["id"]
    assert payload["meta"]["sender"]["id"] == conversation["meta"]["sender"]["id"]
    assert payload["account"] == {"id": 1, "name": "Acme Inc"}
    assert "changed_attributes" not in payload


@ports(f"{CC} > {NOT_CONFIGURED}")
def test_conversation_created_without_a_webhook_is_not_delivered(http, fake, setup):
    new_conversation(http, inbox_id=setup["inbox"]["id"])
    assert _journal(http, fake, routing.CONVERSATION_CREATED) == []


@ports(f"{CC} > {CONFIGURED}")
def test_conversation_created_is_delivered_to_the_webhook(http, fake, receiver, setup):
    _webhook(http, receiver)
    conversation = new_conversation(http, inbox_id=setup["inbox"]["id"], assignee_id=setup["user"]["id"])
    payload = _delivered(http, fake, receiver, routing.CONVERSATION_CREATED)
    _assert_conversation_payload(payload, conversation, routing.CONVERSATION_CREATED)


@ports(f"{CC} > {API_PRESENT}")
def test_conversation_created_goes_to_the_api_inbox_webhook_url(http, fake, receiver, setup):
    inbox = _api_inbox(http, receiver.url("/api-inbox"))
    add_inbox_member(http, inbox["id"], setup["user"]["id"])
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=setup["user"]["id"])
    payload = _delivered(http, fake, receiver, routing.CONVERSATION_CREATED, "/api-inbox")
    _assert_conversation_payload(payload, conversation, routing.CONVERSATION_CREATED)
    (row,) = _journal(http, fake, routing.CONVERSATION_CREATED)
    assert row["kind"] == wire.API_INBOX_WEBHOOK


@ports(f"{CC} > {API_ABSENT}")
def test_conversation_created_api_inbox_without_webhook_url_is_not_delivered(http, fake, setup):
    inbox = _api_inbox(http, None)
    new_conversation(http, inbox_id=inbox["id"], assignee_id=setup["user"]["id"])
    assert _journal(http, fake, routing.CONVERSATION_CREATED) == []


# --- conversation_updated ----------------------------------------------------------------------------

TESTING = "testing custom attri webhook"


def _custom_attributes(http: Any, conversation: dict[str, Any]) -> None:
    url = f"{A}/conversations/{conversation['id']}/custom_attributes"
    ok(http.post(url, json={"custom_attributes": {"test": TESTING}}, headers=ADMIN))


@pytest.fixture
def with_test_attribute(http: Any, setup: dict[str, Any]) -> dict[str, Any]:
    """The conversation with custom_attributes {test: nil}, as the spec's `let(:custom_attributes)`."""
    url = f"{A}/conversations/{setup['conversation']['id']}/custom_attributes"
    ok(http.post(url, json={"custom_attributes": {"test": None}}, headers=ADMIN))
    return setup["conversation"]


@ports(f"{CU} > {NOT_CONFIGURED}")
def test_conversation_updated_without_a_webhook_is_not_delivered(http, fake, with_test_attribute):
    _custom_attributes(http, with_test_attribute)
    assert _journal(http, fake, routing.CONVERSATION_UPDATED) == []


@ports(f"{CU} > {CONFIGURED}")
def test_conversation_updated_carries_the_changed_custom_attributes(
    http, fake, receiver, with_test_attribute
):
    _webhook(http, receiver)
    _custom_attributes(http, with_test_attribute)
    payload = _delivered(http, fake, receiver, routing.CONVERSATION_UPDATED)
    assert payload["id"] == with_test_attribute["id"]
    assert payload["custom_attributes"] == {"test": TESTING}
    changed = payload["changed_attributes"]
    assert changed[0] == {
        "custom_attributes": {"previous_value": {"test": None}, "current_value": {"test": TESTING}}
    }
    # Rails' previous_changes also lists updated_at, which the spec's hand-built event leaves out
    assert [next(iter(c)) for c in changed] == ["custom_attributes", "updated_at"]
    assert list(payload)[-2:] == ["event", "changed_attributes"]


# --- contact_created / contact_updated ---------------------------------------------------------------


@ports(f"{CTC} > {NOT_CONFIGURED}")
def test_contact_created_without_a_webhook_is_not_delivered(http, fake):
    new_contact(http, inbox_id=None)
    assert _journal(http, fake, routing.CONTACT_CREATED) == []


@ports(f"{CTC} > {CONFIGURED}")
def test_contact_created_is_delivered_with_contact_webhook_data(http, fake, receiver):
    _webhook(http, receiver)
    contact = new_contact(http, inbox_id=None, email="new@hooks.test")
    payload = _delivered(http, fake, receiver, routing.CONTACT_CREATED)
    assert payload == {
        "account": {"id": 1, "name": "Acme Inc"},
        "additional_attributes": contact["additional_attributes"],
        "avatar": "",
        "custom_attributes": contact["custom_attributes"],
        "email": "new@hooks.test",
        "id": contact["id"],
        "identifier": None,
        "name": contact["name"],
        "phone_number": None,
        "thumbnail": "",
        "blocked": False,
        "event": routing.CONTACT_CREATED,
    }


@pytest.fixture
def jane(http: Any) -> dict[str, Any]:
    return new_contact(http, inbox_id=None, name="Jane")


def _rename(http: Any, contact: dict[str, Any], name: str) -> None:
    ok(http.put(f"{A}/contacts/{contact['id']}", json={"name": name}, headers=ADMIN))


@ports(f"{CTU} > {NOT_CONFIGURED}")
def test_contact_updated_without_a_webhook_is_not_delivered(http, fake, jane):
    _rename(http, jane, "Jane Doe")
    assert _journal(http, fake, routing.CONTACT_UPDATED) == []


@ports(f"{CTU} > when webhook is configured and there is no changed attributes > triggers webhook")
def test_contact_updated_without_changes_is_not_delivered(http, fake, receiver, jane):
    _webhook(http, receiver)
    _rename(http, jane, "Jane")  # the same name: nothing changes
    assert _journal(http, fake, routing.CONTACT_UPDATED) == []


@ports(f"{CTU} > when webhook is configured and there are changed attributes > triggers webhook")
def test_contact_updated_carries_the_changed_name(http, fake, receiver, jane):
    _webhook(http, receiver)
    _rename(http, jane, "Jane Doe")
    payload = _delivered(http, fake, receiver, routing.CONTACT_UPDATED)
    assert (payload["id"], payload["name"], payload["event"]) == (
        jane["id"],
        "Jane Doe",
        routing.CONTACT_UPDATED,
    )
    assert payload["blocked"] is False and payload["account"] == {"id": 1, "name": "Acme Inc"}
    changed = payload["changed_attributes"]
    assert changed[0] == {"name": {"previous_value": "Jane", "current_value": "Jane Doe"}}
    assert [next(iter(c)) for c in changed] == ["name", "updated_at"]


# --- inbox_created / inbox_updated -------------------------------------------------------------------


@pytest.fixture
def inbox_events(fake, monkeypatch):
    """The listener spec calls the listener directly; over HTTP the inbox only dispatches its events
    with Chatwoot's ENABLE_INBOX_EVENTS set (fakewoot's `enable_inbox_events`)."""
    monkeypatch.setattr(fake.settings, "enable_inbox_events", True)


@ports(f"{IC} > {NOT_CONFIGURED}")
def test_inbox_created_without_a_webhook_is_not_delivered(http, fake, inbox_events):
    _api_inbox(http, None)
    assert _journal(http, fake, routing.INBOX_CREATED) == []


@ports(f"{IC} > {CONFIGURED}")
def test_inbox_created_is_delivered_with_the_inbox_push_data(http, fake, receiver, inbox_events):
    _webhook(http, receiver, [routing.INBOX_CREATED])
    inbox = _api_inbox(http, None)
    payload = _delivered(http, fake, receiver, routing.INBOX_CREATED)
    assert list(payload) == [*INBOX_PUSH_KEYS, "account", "event"]  # no id or name: the presenter's keys
    assert payload["channel"]["id"] == inbox["channel_id"] and payload["channel"]["account_id"] == 1
    assert payload["event"] == routing.INBOX_CREATED


def _rename_inbox(http: Any, inbox: dict[str, Any], name: str) -> None:
    ok(http.patch(f"{A}/inboxes/{inbox['id']}", json={"name": name}, headers=ADMIN))


@ports(f"{IU} > {NOT_CONFIGURED}")
def test_inbox_updated_without_a_webhook_is_not_delivered(http, fake, inbox_events):
    inbox = _api_inbox(http, None)
    _rename_inbox(http, inbox, "Renamed")
    assert _journal(http, fake, routing.INBOX_UPDATED) == []


@ports(f"{IU} > when webhook is configured and there are no changed attributes > triggers webhook")
def test_inbox_updated_without_changes_is_not_delivered(http, fake, receiver, inbox_events):
    inbox = _api_inbox(http, None)
    _webhook(http, receiver, [routing.INBOX_UPDATED])
    _rename_inbox(http, inbox, "API")  # the same name
    assert _journal(http, fake, routing.INBOX_UPDATED) == []


@ports(f"{IU} > {CONFIGURED}")
def test_inbox_updated_carries_the_changed_name(http, fake, receiver, inbox_events):
    inbox = _api_inbox(http, None)
    _webhook(http, receiver, [routing.INBOX_UPDATED])
    _rename_inbox(http, inbox, "Inbox 2")
    payload = _delivered(http, fake, receiver, routing.INBOX_UPDATED)
    assert list(payload) == [*INBOX_PUSH_KEYS, "account", "event", "changed_attributes"]
    assert payload["channel"]["id"] == inbox["channel_id"] and payload["event"] == routing.INBOX_UPDATED
    changed = payload["changed_attributes"]
    assert changed[0] == {"name": {"previous_value": "API", "current_value": "Inbox 2"}}
    assert [next(iter(c)) for c in changed] == ["name", "updated_at"]  # Rails' previous_changes


# --- conversation_typing_on / off --------------------------------------------------------------------


def _typing(http: Any, setup: dict[str, Any], conversation: dict[str, Any], status: str) -> None:
    url = f"{A}/conversations/{conversation['id']}/toggle_typing_status"
    ok(http.post(url, json={"typing_status": status}, headers=setup["user"]["headers"]))


def _assert_typing_payload(
    payload: dict[str, Any], setup: dict[str, Any], conversation: dict[str, Any], event: str
) -> None:
    user = setup["user"]
    assert list(payload) == ["event", "user", "conversation", "is_private"]
    assert payload["event"] == event
    assert payload["user"] == {"id": user["id"], "name": user["name"], "email": user["email"], "type": "user"}
    assert payload["conversation"]["id"] == conversation["id"]
    assert payload["conversation"]["account"] == {"id": 1, "name": "Acme Inc"}
    assert payload["is_private"] is False


@ports(f"{TON} > {NOT_CONFIGURED}")
def test_typing_on_without_a_webhook_is_not_delivered(http, fake, setup):
    _typing(http, setup, setup["conversation"], "on")
    assert _journal(http, fake, routing.TYPING_ON) == []


@ports(f"{TON} > {CONFIGURED}")
def test_typing_on_is_delivered_to_a_subscribed_webhook(http, fake, receiver, setup):
    _webhook(http, receiver, [routing.TYPING_ON])
    _typing(http, setup, setup["conversation"], "on")
    payload = _delivered(http, fake, receiver, routing.TYPING_ON)
    _assert_typing_payload(payload, setup, setup["conversation"], routing.TYPING_ON)


@ports(f"{TON} > when inbox is an API Channel > triggers webhook if webhook_url is present")
def test_typing_on_goes_to_the_api_inbox_webhook_url(http, fake, receiver, setup):
    inbox = _api_inbox(http, receiver.url("/api-inbox"))
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=setup["user"]["id"])
    add_inbox_member(http, inbox["id"], setup["user"]["id"])
    _typing(http, setup, conversation, "on")
    payload = _delivered(http, fake, receiver, routing.TYPING_ON, "/api-inbox")
    _assert_typing_payload(payload, setup, conversation, routing.TYPING_ON)
    (row,) = _journal(http, fake, routing.TYPING_ON)
    assert row["kind"] == wire.API_INBOX_WEBHOOK


@ports(f"{TOFF} > {NOT_CONFIGURED}")
def test_typing_off_without_a_webhook_is_not_delivered(http, fake, setup):
    _typing(http, setup, setup["conversation"], "off")
    assert _journal(http, fake, routing.TYPING_OFF) == []


@ports(f"{TOFF} > {CONFIGURED}")
def test_typing_off_is_delivered_to_a_subscribed_webhook(http, fake, receiver, setup):
    _webhook(http, receiver, [routing.TYPING_OFF])
    _typing(http, setup, setup["conversation"], "off")
    payload = _delivered(http, fake, receiver, routing.TYPING_OFF)
    _assert_typing_payload(payload, setup, setup["conversation"], routing.TYPING_OFF)
