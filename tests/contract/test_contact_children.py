"""A contact's conversations, contact inboxes, labels and notes (seed #39-#46).
Source: ../shared/reference/contacts.md; app/controllers/api/v1/accounts/contacts/*_controller.rb,
app/views/api/v1/models/_note.json.jbuilder, _conversation.json.jbuilder, notes spec."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from fakewoot.store.contact_inboxes import MSG_SOURCE_ID_TAKEN
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import NoneType, assert_shape
from tests.contract.test_agents import assert_agent
from tests.contract.test_contacts import SLIM_INBOX, assert_contact

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
C = "/api/v1/accounts/1/contacts"
CONVERSATION_ORDER = [
    "meta",
    "id",
    "messages",
    "account_id",
    "uuid",
    "additional_attributes",
    "agent_last_seen_at",
    "assignee_last_seen_at",
    "can_reply",
    "contact_last_seen_at",
    "custom_attributes",
    "inbox_id",
    "labels",
    "muted",
    "snoozed_until",
    "status",
    "created_at",
    "updated_at",
    "timestamp",
    "first_reply_created_at",
    "unread_count",
    "last_non_activity_message",
    "last_activity_at",
    "priority",
    "waiting_since",
    "sla_policy_id",
]
NOTE_KEYS = {
    "id": int,
    "content": str,
    "account_id": NoneType,
    "contact_id": NoneType,
    "user": dict,
    "created_at": int,
    "updated_at": int,
}

ENDPOINTS = [
    ("GET", f"{C}/1/conversations", None),
    ("POST", f"{C}/1/contact_inboxes", {"inbox_id": 1}),
    ("GET", f"{C}/1/labels", None),
    ("POST", f"{C}/1/labels", {"labels": ["x"]}),
    ("GET", f"{C}/1/notes", None),
    ("POST", f"{C}/1/notes", {"content": "x"}),
    ("GET", f"{C}/1/notes/1", None),
    ("PATCH", f"{C}/1/notes/1", {"content": "x"}),
    ("DELETE", f"{C}/1/notes/1", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_sub_resources_refuse_strangers_and_missing_contacts(client, fake, method, url, body):
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    assert client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN)).status_code == 401
    missing = client.request(method, url.replace("/contacts/1/", "/contacts/999/"), json=body, headers=AGENT)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_contact_conversations_shape_and_visibility(client, fake):
    response = client.get(f"{C}/1/conversations", headers=ADMIN)
    assert response.status_code == 200
    payload = response.json()["payload"]
    assert len(payload) == 2
    first = payload[0]
    assert list(first) == CONVERSATION_ORDER
    assert list(first["meta"])[:2] == ["sender", "channel"]
    assert_contact(first["meta"]["sender"], with_inboxes=False)
    assert all(
        isinstance(first[k], int) for k in ("created_at", "timestamp", "agent_last_seen_at", "waiting_since")
    )
    assigned = next(c for c in payload if c["status"] == "open")
    assert_agent(assigned["meta"]["assignee"])
    assert assigned["id"] == 1 and assigned["labels"] == ["support"]
    assert "assignee" not in next(c for c in payload if c["status"] == "pending")["meta"]
    # Jane is a member of inbox 1 only: she sees one of Alice's two conversations
    assert [c["inbox_id"] for c in client.get(f"{C}/1/conversations", headers=AGENT).json()["payload"]] == [1]


def test_contact_conversations_newest_activity_first_at_most_20(client, fake):
    for i in range(22):
        conversation = fake.store.conversations.create(account_id=1, inbox_id=1, contact_id=3)
        conversation.last_activity_at += i
    payload = client.get(f"{C}/3/conversations", headers=ADMIN).json()["payload"]
    assert len(payload) == 20
    stamps = [c["last_activity_at"] for c in payload]
    assert stamps == sorted(stamps, reverse=True)


def test_create_contact_inbox(client, fake):
    response = client.post(f"{C}/4/contact_inboxes", json={"inbox_id": 1}, headers=AGENT)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["source_id", "inbox"]
    assert_shape(body["inbox"], SLIM_INBOX)
    assert len(body["source_id"]) == 36  # a UUID for an API inbox
    again = client.post(
        f"{C}/4/contact_inboxes", json={"inbox_id": 1, "source_id": body["source_id"]}, headers=AGENT
    )
    assert again.json() == body  # find-or-create
    named = client.post(f"{C}/4/contact_inboxes", json={"inbox_id": 1, "source_id": "crm-42"}, headers=AGENT)
    assert named.json()["source_id"] == "crm-42"
    assert len(fake.store.contact_inboxes.of_contact(1, 4)) == 2


def test_create_contact_inbox_refusals(client, fake):
    before = fake.snapshot()
    for body, headers, expected in (
        ({}, AGENT, (404, {"error": MSG_NOT_FOUND})),
        ({"inbox_id": 999}, AGENT, (404, {"error": MSG_NOT_FOUND})),
        ({"inbox_id": 3}, ADMIN, (404, {"error": MSG_NOT_FOUND})),  # inbox of another account
        ({"inbox_id": 2}, AGENT, (401, {"error": MSG_NOT_AUTHORIZED_ACTION})),  # not a member of the inbox
    ):
        response = client.post(f"{C}/4/contact_inboxes", json=body, headers=headers)
        assert (response.status_code, response.json()) == expected
    assert fake.snapshot() == before


def test_create_contact_inbox_source_id_held_by_another_contact(client, fake):
    """ContactInboxBuilder raises RecordNotUnique for an API inbox (no rename): 422, nothing saved."""
    before = fake.snapshot()
    body = {"inbox_id": 1, "source_id": "alice-api-1"}  # contact 1's, in the API inbox
    response = client.post(f"{C}/4/contact_inboxes", json=body, headers=AGENT)
    assert (response.status_code, response.json()) == (422, {"error": MSG_SOURCE_ID_TAKEN})
    assert fake.snapshot() == before
    # the holder itself finds its own record
    assert (
        client.post(f"{C}/1/contact_inboxes", json=body, headers=AGENT).json()["source_id"] == "alice-api-1"
    )


def test_create_contact_inbox_source_id_is_a_text_column(client, fake):
    """ApplicationRecord caps text columns at 20,000 characters; `source_id` humanises as "Source"."""
    before = fake.snapshot()
    for url, body in (
        (f"{C}/4/contact_inboxes", {"inbox_id": 1, "source_id": "s" * 20_001}),
        (C, {"name": "Long", "inbox_id": 1, "source_id": "s" * 20_001}),
    ):
        response = client.post(url, json=body, headers=AGENT)
        assert (response.status_code, response.json()) == (
            422,
            {"message": "Source is too long (maximum is 20000 characters)", "attributes": ["source_id"]},
        )
    assert fake.snapshot() == before
    ok = client.post(f"{C}/4/contact_inboxes", json={"inbox_id": 1, "source_id": "s" * 20_000}, headers=AGENT)
    assert ok.status_code == 200


def test_create_contact_inbox_hmac_verified(client, fake):
    for flag, expected in ((True, True), ("false", False), (None, False)):
        contact = client.post(C, json={"name": "Hmac"}, headers=ADMIN).json()["payload"]["contact"]
        body = {"inbox_id": 1, **({} if flag is None else {"hmac_verified": flag})}
        client.post(f"{C}/{contact['id']}/contact_inboxes", json=body, headers=AGENT)
        record = fake.store.contact_inboxes.of_contact(1, contact["id"])[0]
        assert record.hmac_verified is expected


def test_contact_inboxes_filter(client):
    url = "/api/v1/accounts/1/contact_inboxes/filter"
    found = client.post(url, json={"inbox_id": 1, "source_id": "alice-api-1"}, headers=AGENT)
    assert found.status_code == 200
    assert_contact(found.json(), with_inboxes=True)  # the bare partial, not wrapped in `payload`
    assert found.json()["id"] == 1
    missing = client.post(url, json={"inbox_id": 1, "source_id": "nope"}, headers=AGENT)
    assert (missing.status_code, missing.content) == (404, b"")
    for body, headers, expected in (
        ({}, AGENT, (404, {"error": MSG_NOT_FOUND})),
        ({"inbox_id": 2, "source_id": "x"}, AGENT, (401, {"error": MSG_NOT_AUTHORIZED_ACTION})),
        ({"inbox_id": 3, "source_id": "x"}, ADMIN, (404, {"error": MSG_NOT_FOUND})),
    ):
        response = client.post(url, json=body, headers=headers)
        assert (response.status_code, response.json()) == expected
    assert client.post(url, json={"inbox_id": 1}).status_code == 401


def test_labels_list_and_replace(client, fake, events):
    assert client.get(f"{C}/1/labels", headers=AGENT).json() == {"payload": ["vip", "support"]}
    response = client.post(
        f"{C}/1/labels",
        json={"labels": ["billing", " vip ", "billing", "not-an-account-label"]},
        headers=AGENT,
    )
    assert (response.status_code, response.json()) == (
        200,
        {"payload": ["billing", "vip", "not-an-account-label"]},
    )
    assert client.get(f"{C}/1/labels", headers=AGENT).json() == {
        "payload": ["billing", "vip", "not-an-account-label"]
    }
    assert client.post(f"{C}/1/labels", json={}, headers=AGENT).json() == {"payload": []}
    assert [e.name for e in events] == ["contact.updated", "contact.updated"]


def test_notes_lifecycle(client, fake):
    listed = client.get(f"{C}/1/notes", headers=AGENT)
    assert listed.status_code == 200
    notes = listed.json()
    assert isinstance(notes, list) and [n["content"] for n in notes] == [
        "Prefers email over phone.",
        "Renewal call booked for next month.",
    ]  # newest first (same time: by id)
    for note in notes:
        assert_shape(note, NOTE_KEYS)
        assert_agent(note["user"])
    created = client.post(f"{C}/1/notes", json={"content": "Called back."}, headers=AGENT)
    assert created.status_code == 200
    note = created.json()
    assert_shape(note, NOTE_KEYS)
    assert (note["content"], note["user"]["id"], note["account_id"], note["contact_id"]) == (
        "Called back.",
        2,
        None,
        None,
    )
    wrapped = client.post(f"{C}/1/notes", json={"note": {"content": "Wrapped."}}, headers=AGENT)
    assert wrapped.status_code == 200
    shown = client.get(f"{C}/1/notes/{note['id']}", headers=ADMIN)
    assert shown.json() == note
    edited = client.patch(f"{C}/1/notes/{note['id']}", json={"content": "Edited."}, headers=ADMIN).json()
    assert (edited["content"], edited["user"]["id"]) == ("Edited.", 1)  # the editor becomes the author
    ignored = client.put(f"{C}/1/notes/{note['id']}", json={"content": ""}, headers=ADMIN)
    assert (ignored.status_code, ignored.json()["content"]) == (200, "Edited.")  # non-raising update upstream
    deleted = client.delete(f"{C}/1/notes/{note['id']}", headers=AGENT)
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert client.get(f"{C}/1/notes/{note['id']}", headers=AGENT).status_code == 404


def test_note_refusals(client, fake):
    before = fake.snapshot()
    for body, expected in (
        ({"content": ""}, {"message": "Content can't be blank", "attributes": ["content"]}),
        (
            {"content": "x" * 20_001},
            {"message": "Content is too long (maximum is 20000 characters)", "attributes": ["content"]},
        ),
        ({}, {"error": "param is missing or the value is empty: note"}),
    ):
        response = client.post(f"{C}/1/notes", json=body, headers=AGENT)
        assert (response.status_code, response.json()) == (422, expected)
    other_contacts_note = client.get(f"{C}/2/notes/1", headers=AGENT)
    assert other_contacts_note.status_code == 404
    assert fake.snapshot() == before


def test_note_author_gone_omits_user(client, fake):
    fake.store.account_users.remove_agent(fake.store.account_users.find(1, 2))
    notes = client.get(f"{C}/1/notes", headers=ADMIN).json()
    by_jane = next(n for n in notes if n["content"] == "Prefers email over phone.")
    assert "user" not in by_jane
