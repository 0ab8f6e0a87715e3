"""Contact events reach the cable listener with Chatwoot's push payloads (reference realtime 4, 6.3)."""

from __future__ import annotations

import pytest

from fakewoot.events.cable_listener import CableListener
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, token

CONTACT_PUSH_KEYS = [
    "additional_attributes",
    "custom_attributes",
    "email",
    "id",
    "identifier",
    "name",
    "phone_number",
    "thumbnail",
    "blocked",
    "type",
    "account_id",
]
USER_PUSH_KEYS = ["id", "name", "available_name", "avatar_url", "type", "availability_status", "thumbnail"]


@pytest.fixture
def sent(fake):
    """The cable messages the listener produced during the test."""
    messages = []
    unsubscribe = fake.bus.subscribe(
        CableListener(fake.store, lambda streams, message: messages.append((streams, message)))
    )
    yield messages
    unsubscribe()


def test_contact_lifecycle_events_over_the_api(client, fake, sent):
    created = client.post(
        "/api/v1/accounts/1/contacts",
        json={"name": "Evan", "email": "evan@x.test"},
        headers=token(AGENT_TOKEN),
    ).json()["payload"]["contact"]
    client.patch(
        f"/api/v1/accounts/1/contacts/{created['id']}", json={"name": "Evan B"}, headers=token(AGENT_TOKEN)
    )
    client.post(
        f"/api/v1/accounts/1/contacts/{created['id']}/labels",
        json={"labels": ["vip"]},
        headers=token(AGENT_TOKEN),
    )
    client.delete(f"/api/v1/accounts/1/contacts/{created['id']}", headers=token(ADMIN_TOKEN))
    assert [(streams, m["event"]) for streams, m in sent] == [
        (["account_1"], "contact.created"),
        (["account_1"], "contact.updated"),
        (["account_1"], "contact.updated"),
        (["account_1"], "contact.deleted"),
    ]
    first = sent[0][1]["data"]
    assert list(first) == [*CONTACT_PUSH_KEYS, "performer"]
    assert (first["type"], first["account_id"], first["email"]) == ("contact", 1, "evan@x.test")
    assert list(first["performer"]) == USER_PUSH_KEYS and first["performer"]["id"] == 2
    assert sent[1][1]["data"]["name"] == "Evan B"
    assert sent[3][1]["data"]["performer"]["id"] == 1


def test_store_changes_without_a_user_have_no_performer(fake, sent):
    fake.store.contacts.create(1, {"name": "Fixture-like", "email": "f@x.test"})
    assert "performer" not in sent[0][1]["data"]
    assert sent[0][1]["data"]["account_id"] == 1


def test_import_publishes_created_and_updated(client, fake, sent):
    csv = b"name,email\nAlice Again,alice@customer.test\nNew One,new1@x.test\n"
    client.post(
        "/api/v1/accounts/1/contacts/import",
        files={"import_file": ("c.csv", csv, "text/csv")},
        headers=token(ADMIN_TOKEN),
    )
    assert [m["event"] for _, m in sent] == ["contact.updated", "contact.created"]


def test_cache_invalidation_reaches_every_member(client, fake, sent):
    client.post("/api/v1/accounts/1/labels", json={"title": "fresh"}, headers=token(ADMIN_TOKEN))
    streams, message = next((s, m) for s, m in sent if m["event"] == "account.cache_invalidated")
    assert sorted(streams) == sorted(fake.store.users.get(i).pubsub_token for i in (1, 2))
    assert list(message["data"]["cache_keys"]) == ["label", "inbox", "team"]
    assert message["data"]["cache_keys"]["label"] != "0000000000" and message["data"]["account_id"] == 1


def test_message_updated_carries_the_previous_changes_the_store_hands_over(fake, sent):
    """ActionCableListener#message_updated merges `previous_changes` (column -> [old, new], times as
    ISO 8601) into the push data; without them from the store the key is left out."""
    from fakewoot.events.bus import Event

    account = fake.store.account(1)
    message = next(iter(account.messages.values()))
    changes = {"status": ("sent", "read"), "updated_at": (1_700_000_000.25, 1_700_000_060.5)}
    fake.bus.publish(Event("message.updated", {"message": message, "previous_changes": changes}))
    fake.bus.publish(Event("message.updated", {"message": message}))
    first, second = (m["data"] for _, m in sent)
    assert first["previous_changes"] == {
        "status": ["sent", "read"],
        "updated_at": ["2023-11-14T22:13:20.250Z", "2023-11-14T22:14:20.500Z"],
    }
    assert list(first)[-1] == "previous_changes"  # account_id is a column already: it keeps its place
    assert "previous_changes" not in second


def test_hmac_verified_fan_out_is_for_messages_and_conversations_not_typing(fake, sent):
    """contact_inbox_tokens: a hmac_verified contact inbox fans out to every verified contact inbox
    of the contact (messages, conversation events); typing_event_listener_tokens uses the
    conversation's own contact inbox token only."""
    store = fake.store
    account = store.account(1)
    conversation = account.conversations.get(1)
    own = account.contact_inboxes.get(conversation.contact_inbox_id)
    own.hmac_verified = True
    contact = account.contacts.get(conversation.contact_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    verified = store.contact_inboxes.find_or_create(contact, inbox, "other-verified", hmac_verified=True)
    plain = store.contact_inboxes.find_or_create(contact, inbox, "other-plain")
    tokens = {r.id: store.contact_inboxes.pubsub_token(r) for r in (own, verified, plain)}
    store.conversations.typing(conversation, True, user_id=2, is_private=False)
    store.conversations.set_status(conversation, "pending")
    by_event = {m["event"]: streams for streams, m in sent}
    typing, status = by_event["conversation.typing_on"], by_event["conversation.status_changed"]
    assert tokens[own.id] in typing and tokens[verified.id] not in typing
    assert tokens[own.id] in status and tokens[verified.id] in status and tokens[plain.id] not in status


def test_the_store_hands_over_rails_previous_changes(fake, sent):
    """Messages::StatusUpdateService and Messages#destroy save through Messages.saved: message.updated
    carries the columns that changed, in the order Rails records them, updated_at last."""
    message = next(m for m in fake.store.account(1).messages.values() if m.content)
    old_status, old_content = message.status, message.content
    fake.store.messages.update_status(message, "failed", "boom")
    fake.store.messages.soft_delete(message)
    status_frame, delete_frame = (m["data"] for _, m in sent if m["event"] == "message.updated")
    changes = status_frame["previous_changes"]
    assert list(changes) == ["status", "content_attributes", "updated_at"]
    assert changes["status"] == [old_status, "failed"]
    assert changes["content_attributes"][1]["external_error"] == "boom"
    deleted = delete_frame["previous_changes"]
    assert list(deleted)[:3] == ["content", "content_attributes", "processed_message_content"]
    assert deleted["content"] == [old_content, "This message was deleted"]
    assert list(deleted)[-1] == "updated_at"
