"""Port of spec/listeners/action_cable_listener_spec.rb (Chatwoot v4.10): who hears each event on
/cable and what it carries. The spec hands a built event to the listener and checks the tokens and
payload given to ActionCableBroadcastJob; here the change is made over HTTP and real WebSocket
subscribers (the administrator, the inbox's agent, an agent outside the inbox, the contact's widget)
show who got the broadcast, once, and what it held.

Setup as the spec's: a new inbox whose only member is a new agent, a conversation assigned to that
agent. Requests carry a signed-in user, so `performer` is added where Chatwoot adds it (the spec
runs with Current.user nil); the five conversation events ActionCableBroadcastJob rebuilds never
carry it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fakewoot.events import types
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_contact, new_conversation, new_user, ok
from tests.specs.support_realtime import Cable

SPEC = "spec/listeners/action_cable_listener_spec.rb"
UPSTREAM_ITS = 10
SKIPPED = {
    "#typing_on with contact > sends message to account admins, inbox agents and the contact": (
        "not implemented: the public (widget) API, where a contact toggles typing"
    ),
}
A = "/api/v1/accounts/1"


@pytest.fixture
def cable(server: Any, fake: Any) -> Iterator[Cable]:
    found = Cable(server.url, fake)
    yield found
    found.close()


@pytest.fixture
def setup(http: Any, cable: Cable) -> dict[str, Any]:
    """The spec's lets: an inbox with one agent member, a conversation assigned to that agent, and a
    subscriber for each party (jane, an agent of the account outside the inbox, hears nothing)."""
    inbox = ok(http.post(f"{A}/inboxes", json={"name": "Cable", "channel": {"type": "api"}}, headers=ADMIN))
    agent = new_user(http)
    add_inbox_member(http, inbox["id"], agent["id"])
    conversation = new_conversation(http, inbox_id=inbox["id"], assignee_id=agent["id"])
    assert conversation["meta"]["assignee"]["id"] == agent["id"]
    return {
        "inbox": inbox,
        "agent": agent,
        "conversation": conversation,
        "admin_socket": cable.user_id(1),
        "agent_socket": cable.user(agent),
        "outsider_socket": cable.user_id(2),
        "contact_socket": cable.conversation_contact(conversation["id"]),
    }


def _message(http: Any, conversation: dict[str, Any]) -> dict[str, Any]:
    url = f"{A}/conversations/{conversation['id']}/messages"
    sent: dict[str, Any] = ok(
        http.post(url, json={"content": "hello", "message_type": "outgoing"}, headers=ADMIN)
    )
    return sent


@ports("#message_created > sends message to account admins, inbox agents and the contact")
def test_message_created_reaches_admins_inbox_agents_and_the_contact(http, cable, setup):
    conversation = setup["conversation"]
    sent = _message(http, conversation)
    data = cable.heard(
        types.MESSAGE_CREATED, [setup["admin_socket"], setup["agent_socket"], setup["contact_socket"]]
    )
    assert (data["id"], data["content"], data["message_type"]) == (sent["id"], "hello", 1)
    assert (data["conversation_id"], data["inbox_id"], data["account_id"]) == (
        conversation["id"],
        setup["inbox"]["id"],
        1,
    )
    assert data["performer"]["id"] == 1 and data["performer"]["type"] == "user"


@ports("#message_created > sends message to all hmac verified contact inboxes")
def test_message_created_reaches_every_hmac_verified_contact_inbox(http, fake, cable, setup):
    conversation = setup["conversation"]
    record = fake.store.conversations.by_display_id(1, conversation["id"])
    own = fake.store.account(1).contact_inboxes.get(record.contact_inbox_id)
    own.hmac_verified = True  # `contact_inbox.update(hmac_verified: true)`: no API writes it
    links = f"{A}/contacts/{record.contact_id}/contact_inboxes"
    inbox_id = setup["inbox"]["id"]
    ok(http.post(links, json={"inbox_id": inbox_id, "source_id": "plain"}, headers=ADMIN))
    body = {"inbox_id": inbox_id, "source_id": "verified", "hmac_verified": True}
    ok(http.post(links, json=body, headers=ADMIN))
    made = {r.source_id: r for r in fake.store.account(1).contact_inboxes.values() if r.inbox_id == inbox_id}
    plain, verified = made["plain"], made["verified"]
    assert (plain.hmac_verified, verified.hmac_verified) == (False, True)
    plain_socket = cable.contact_inbox(plain.id)
    verified_socket = cable.contact_inbox(verified.id)
    sent = _message(http, conversation)
    data = cable.heard(
        types.MESSAGE_CREATED,
        [setup["admin_socket"], setup["agent_socket"], setup["contact_socket"], verified_socket],
    )
    assert data["id"] == sent["id"] and data["account_id"] == 1
    assert plain_socket.events(types.MESSAGE_CREATED) == []


def _typing(http: Any, setup: dict[str, Any], status: str) -> None:
    url = f"{A}/conversations/{setup['conversation']['id']}/toggle_typing_status"
    ok(http.post(url, json={"typing_status": status}, headers=setup["agent"]["headers"]))


def _assert_typing_payload(data: dict[str, Any], setup: dict[str, Any]) -> None:
    agent = setup["agent"]
    assert list(data) == ["conversation", "user", "is_private", "account_id", "performer"]
    assert data["conversation"]["id"] == setup["conversation"]["id"]
    assert data["conversation"]["meta"]["assignee"]["id"] == agent["id"]
    assert data["user"] == {
        "id": agent["id"],
        "name": agent["name"],
        "available_name": agent["available_name"],
        "avatar_url": agent["avatar_url"],
        "type": "user",
        "availability_status": data["user"]["availability_status"],
        "thumbnail": agent["avatar_url"],
    }
    assert data["user"]["availability_status"] in ("online", "offline", "busy")
    assert (data["is_private"], data["account_id"]) == (False, 1)
    assert data["performer"] == data["user"]  # Current.user: the typing agent


@ports("#typing_on > sends message to account admins, inbox agents and the contact")
def test_typing_on_reaches_everyone_but_the_typing_agent(http, cable, setup):
    _typing(http, setup, "on")
    data = cable.heard(types.TYPING_ON, [setup["admin_socket"], setup["contact_socket"]])
    _assert_typing_payload(data, setup)


@ports("#typing_off > sends message to account admins, inbox agents and the contact")
def test_typing_off_reaches_everyone_but_the_typing_agent(http, cable, setup):
    _typing(http, setup, "off")
    data = cable.heard(types.TYPING_OFF, [setup["admin_socket"], setup["contact_socket"]])
    _assert_typing_payload(data, setup)


@ports("#contact_deleted > sends message to account admins, inbox agents")
def test_contact_deleted_goes_to_the_account_stream(http, cable, setup):
    contact = new_contact(http, inbox_id=None)
    assert http.delete(f"{A}/contacts/{contact['id']}", headers=ADMIN).status_code == 200
    # the account stream: every user subscribed to the account, the contact's widget not
    data = cable.heard(
        types.CONTACT_DELETED, [setup["admin_socket"], setup["agent_socket"], setup["outsider_socket"]]
    )
    assert data["id"] == contact["id"] and data["name"] == contact["name"] and data["type"] == "contact"
    assert data["account_id"] == 1 and data["performer"]["id"] == 1


def _label(http: Any, cable: Cable, setup: dict[str, Any]) -> dict[str, Any]:
    """`conversation.add_labels(['support'])` (a label the default account has), then who heard it."""
    url = f"{A}/conversations/{setup['conversation']['id']}/labels"
    ok(http.post(url, json={"labels": ["support"]}, headers=ADMIN))
    return cable.heard(
        types.CONVERSATION_UPDATED, [setup["agent_socket"], setup["admin_socket"], setup["contact_socket"]]
    )


@ports("#conversation_updated > sends update to inbox members")
def test_conversation_updated_reaches_inbox_members_admins_and_the_contact(http, cable, setup):
    data = _label(http, cable, setup)
    assert data["id"] == setup["conversation"]["id"] and data["account_id"] == 1
    assert "performer" not in data  # rebuilt by ActionCableBroadcastJob: push_event_data + account_id


@ports("#conversation_updated > broadcast event with label data")
def test_conversation_updated_carries_the_labels(http, cable, setup):
    data = _label(http, cable, setup)
    url = f"{A}/conversations/{setup['conversation']['id']}"
    assert data["labels"] == ok(http.get(url, headers=ADMIN))["labels"] == ["support"]


def _notifications(http: Any, agent: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ok(http.get(f"{A}/notifications", headers=agent["headers"]))["data"][
        "payload"
    ]
    return found


@ports("#notification_deleted > sends message to account admins, inbox agents")
def test_notification_deleted_goes_to_its_user_with_the_counts(http, cable, setup):
    agent = setup["agent"]
    # a second assignment notification, so one is left (unread) after the destroy, as in the spec
    new_conversation(http, inbox_id=setup["inbox"]["id"], assignee_id=agent["id"])
    first = min(n["id"] for n in _notifications(http, agent))
    assert http.delete(f"{A}/notifications/{first}", headers=agent["headers"]).status_code == 200
    data = cable.heard(types.NOTIFICATION_DELETED, [setup["agent_socket"]])
    assert {k: data[k] for k in ("notification", "unread_count", "count", "account_id")} == {
        "notification": {"id": first},
        "unread_count": 1,
        "count": 1,
        "account_id": 1,
    }


@ports("#notification_updated > sends notification to account admins, inbox agents")
def test_notification_updated_goes_to_its_user_with_the_push_data_and_counts(http, cable, setup):
    agent = setup["agent"]
    (notification,) = _notifications(http, agent)
    one = f"{A}/notifications/{notification['id']}"
    ok(http.patch(one, json={}, headers=agent["headers"]))  # read
    ok(http.post(f"{one}/unread", headers=agent["headers"]))  # unread again: unread_count back to 1
    setup["agent_socket"].wait(types.NOTIFICATION_UPDATED, 2)
    for socket in (setup["admin_socket"], setup["outsider_socket"], setup["contact_socket"]):
        assert socket.events(types.NOTIFICATION_UPDATED) == []
    read, unread = setup["agent_socket"].events(types.NOTIFICATION_UPDATED)
    assert (read["unread_count"], read["count"]) == (0, 0)  # the default finder leaves read ones out
    assert (unread["unread_count"], unread["count"], unread["account_id"]) == (1, 1, 1)
    pushed = unread["notification"]
    assert (pushed["id"], pushed["notification_type"], pushed["read_at"]) == (
        notification["id"],
        "conversation_assignment",
        None,
    )
    assert pushed["primary_actor_type"] == "Conversation"
    assert pushed["primary_actor"]["id"] == setup["conversation"]["id"]  # the conversation's push data
    assert pushed["user"]["id"] == agent["id"] and pushed["account_id"] == 1
    assert pushed["push_message_title"] == pushed["push_message_body"]
