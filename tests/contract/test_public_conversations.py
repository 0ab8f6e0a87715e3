"""Client API conversations (v4.10): index, create, show, toggle_status, toggle_typing,
update_last_seen under /public/api/v1/inboxes/:identifier/contacts/:source_id/conversations.
Shapes: app/views/public/api/v1/inboxes/conversations/*.json.jbuilder, models/_conversation and
_message; rules: inboxes/conversations_controller.rb, conversation_builder.rb."""

from __future__ import annotations

import orjson

from fakewoot.deliveries import routing
from fakewoot.store.client_api import ACTIVITY_CONTACT_RESOLVED
from fakewoot.store.messages import ACTIVITY
from tests.contract.public_api import (
    ADMIN,
    CONTACT_RECORD_KEYS,
    CONVERSATION_KEYS,
    MESSAGE_KEYS,
    RAILS_NOT_FOUND,
    assert_keys,
    base_url,
    identifier_hash,
    new_api_inbox,
    new_customer,
    start_conversation,
)
from tests.contract.shapes import CONTACT_WEBHOOK_KEYS

APP = "/api/v1/accounts/1/conversations"


def _setup(client):
    inbox = new_api_inbox(client)
    base = base_url(inbox)
    customer = new_customer(client, base, name="Ada", email="ada@example.com")
    return inbox, base, customer, f"{base}/contacts/{customer['source_id']}/conversations"


def test_create_shape_and_what_it_writes(client, fake, events):
    inbox, base, customer, _url = _setup(client)
    body = start_conversation(client, base, customer["source_id"])
    assert_keys(body, CONVERSATION_KEYS)
    assert_keys(body["contact"], CONTACT_RECORD_KEYS)
    assert (body["inbox_id"], body["status"], body["messages"]) == (inbox["id"], "open", [])
    assert (body["contact_last_seen_at"], body["agent_last_seen_at"]) == (0, 0)
    assert (body["contact"]["id"], body["contact"]["email"]) == (customer["id"], "ada@example.com")
    conversation = fake.store.conversations.by_display_id(1, body["id"])
    assert conversation.uuid == body["uuid"] and conversation.contact_id == customer["id"]
    assert "conversation.created" in [e.name for e in events]
    assert client.get(f"{APP}/{body['id']}", headers=ADMIN).json()["meta"]["sender"]["id"] == customer["id"]


def test_create_keeps_custom_attributes_only_and_the_bot_inbox_starts_pending(client, fake):
    _, _base, _customer, url = _setup(client)
    sent = {"custom_attributes": {"order": "A-1"}, "additional_attributes": {"x": 1}, "status": "snoozed"}
    body = client.post(url, json=sent).json()
    conversation = fake.store.conversations.by_display_id(1, body["id"])
    assert (conversation.custom_attributes, conversation.additional_attributes) == ({"order": "A-1"}, {})
    assert body["status"] == "open"
    bot_inbox = fake.store.account(1).inboxes.get(1).channel["identifier"]  # Acme API has Acme Bot
    bot_base = f"/public/api/v1/inboxes/{bot_inbox}"
    other = new_customer(client, bot_base)
    assert start_conversation(client, bot_base, other["source_id"])["status"] == "pending"
    too_long = client.post(url, json={"custom_attributes": {"note": "x" * 1501}})
    assert too_long.status_code == 422 and too_long.json()["attributes"] == ["custom_attributes"]


def test_lock_to_single_conversation_returns_the_last_one(client):
    inbox, base, customer, _url = _setup(client)
    client.patch(
        f"/api/v1/accounts/1/inboxes/{inbox['id']}", json={"lock_to_single_conversation": True}, headers=ADMIN
    )
    first = start_conversation(client, base, customer["source_id"])
    assert start_conversation(client, base, customer["source_id"])["id"] == first["id"]


def test_index_and_show_list_chat_messages_only(client, fake):
    _, base, customer, url = _setup(client)
    body = start_conversation(client, base, customer["source_id"])
    one = f"{APP}/{body['id']}/messages"
    client.post(one, json={"content": "public reply"}, headers=ADMIN)
    client.post(one, json={"content": "a note", "private": True}, headers=ADMIN)
    client.post(
        f"{APP}/{body['id']}/toggle_priority", json={"priority": "high"}, headers=ADMIN
    )  # an activity
    conversation = fake.store.conversations.by_display_id(1, body["id"])
    assert any(m.message_type == ACTIVITY for m in fake.store.messages.of(conversation))
    listed = client.get(url).json()
    assert [c["id"] for c in listed] == [body["id"]]
    messages = listed[0]["messages"]
    assert [m["content"] for m in messages] == ["public reply"]
    assert_keys(messages[0], MESSAGE_KEYS)
    assert (messages[0]["message_type"], messages[0]["sender"]["type"]) == (1, "user")
    shown = client.get(f"{url}/{body['id']}").json()
    assert shown == listed[0]


def test_a_contact_inbox_sees_its_own_conversations_unless_hmac_verified(client, fake):
    inbox, base, customer, url = _setup(client)
    mine = start_conversation(client, base, customer["source_id"])
    second = new_customer(client, base, email="ada@example.com")  # the same contact, a new contact inbox
    assert second["id"] == customer["id"]
    theirs = start_conversation(client, base, second["source_id"])
    assert [c["id"] for c in client.get(url).json()] == [mine["id"]]
    assert client.get(f"{url}/{theirs['id']}").status_code == 404
    good = identifier_hash(inbox["hmac_token"], "ada")
    client.get(
        f"{base}/contacts/{customer['source_id']}", params={"identifier": "ada", "identifier_hash": good}
    )
    assert [c["id"] for c in client.get(url).json()] == [mine["id"], theirs["id"]]
    assert client.get(f"{url}/{theirs['id']}").status_code == 200


def test_unknown_conversations_are_rails_404(client):
    _, base, _customer, url = _setup(client)
    stranger = new_customer(client, base)
    other = start_conversation(client, base, stranger["source_id"])
    for suffix in ("", "/toggle_status", "/toggle_typing", "/update_last_seen"):
        method = "GET" if suffix == "" else "POST"
        for display_id in (other["id"], 999, "abc"):
            answer = client.request(method, f"{url}/{display_id}{suffix}")
            assert (answer.status_code, answer.json()) == (404, RAILS_NOT_FOUND), (suffix, display_id)


def test_toggle_status_resolves_as_the_contact_once(client, fake, events):
    _, base, customer, url = _setup(client)
    body = start_conversation(client, base, customer["source_id"])
    resolved = client.post(f"{url}/{body['id']}/toggle_status")
    assert resolved.status_code == 200
    assert_keys(resolved.json(), CONVERSATION_KEYS)
    assert resolved.json()["status"] == "resolved"
    conversation = fake.store.conversations.by_display_id(1, body["id"])
    activities = [m.content for m in fake.store.messages.of(conversation) if m.message_type == ACTIVITY]
    assert activities == [ACTIVITY_CONTACT_RESOLVED.format(contact_name="Ada")]
    assert "conversation.status_changed" in [e.name for e in events]
    count = len(events)
    again = client.post(f"{url}/{body['id']}/toggle_status")
    assert again.status_code == 200 and again.json()["status"] == "resolved"
    assert len(events) == count


def test_toggle_typing_dispatches_on_and_off_only(client, fake, events):
    _, base, customer, url = _setup(client)
    body = start_conversation(client, base, customer["source_id"])
    typing = f"{url}/{body['id']}/toggle_typing"
    for status in ("on", "off", "maybe", None):
        answer = client.post(typing, json={} if status is None else {"typing_status": status})
        assert (answer.status_code, answer.content) == (200, b"")
    typed = [e for e in events if e.name.startswith("conversation.typing")]
    assert [e.name for e in typed] == ["conversation.typing_on", "conversation.typing_off"]
    assert all(e.data["contact_id"] == customer["id"] and e.data["user_id"] is None for e in typed)


def test_update_last_seen_marks_the_replies_read(client, fake, events):
    _, base, customer, url = _setup(client)
    body = start_conversation(client, base, customer["source_id"])
    reply = client.post(f"{APP}/{body['id']}/messages", json={"content": "hello"}, headers=ADMIN).json()
    client.post(f"{url}/{body['id']}/messages", json={"content": "hi"})
    seen = client.post(f"{url}/{body['id']}/update_last_seen")
    assert (seen.status_code, seen.content) == (200, b"")
    conversation = fake.store.conversations.by_display_id(1, body["id"])
    assert conversation.contact_last_seen_at is not None
    statuses = {m.id: m.status for m in fake.store.messages.of(conversation)}
    assert statuses[reply["id"]] == "read"
    assert [s for i, s in statuses.items() if i != reply["id"]] == ["sent"]  # the customer's own stays
    assert "conversation.read" in [e.name for e in events]
    assert client.get(f"{url}/{body['id']}").json()["contact_last_seen_at"] == int(
        conversation.contact_last_seen_at
    )


def test_typing_webhook_names_the_contact_as_its_user(client, fake, events):
    """WebhookListener#handle_typing_status sends `user: user.webhook_data`; the Client API dispatches
    the conversation's contact as that user, so the API inbox's callback gets the contact's data."""
    inbox = new_api_inbox(client, webhook_url="http://127.0.0.1:9/hook")
    base = base_url(inbox)
    customer = new_customer(client, base, name="Ada", email="ada@example.com")
    body = start_conversation(client, base, customer["source_id"])
    url = f"{base}/contacts/{customer['source_id']}/conversations/{body['id']}/toggle_typing"
    assert client.post(url, json={"typing_status": "on"}).status_code == 200
    typed = next(e for e in events if e.name == "conversation.typing_on")
    (planned,) = routing.plan(fake.store, typed)
    payload = orjson.loads(planned.body)
    assert payload["event"] == "conversation_typing_on" and payload["is_private"] is False
    user = payload["user"]  # Contact#webhook_data: no `type` key, unlike a user's
    assert list(user) == CONTACT_WEBHOOK_KEYS
    assert (user["id"], user["name"], user["email"]) == (customer["id"], "Ada", "ada@example.com")
