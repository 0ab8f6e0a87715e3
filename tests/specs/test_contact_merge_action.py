"""Port of spec/actions/contact_merge_action_spec.rb (v4.10) through POST /actions/contact_merge.

The spec's factories give each conversation its own contact inbox and each message its own
conversation; here each contact gets two contact inboxes in an API inbox with a conversation each,
the mergee's two messages are incoming messages in its conversations, and its two notes are written
by the administrator."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import fresh_account

SPEC = "spec/actions/contact_merge_action_spec.rb"
UPSTREAM_ITS = 8
SKIPPED: dict[str, str] = {}

P = "#perform"


class World:
    def __init__(self, http: Any) -> None:
        acc = self.acc = fresh_account(http)
        self.http = http
        self.base = acc.contact(
            identifier="base_contact",
            email="old@old.com",
            phone_number="",
            custom_attributes={"val_test": "old", "val_empty_old": ""},
        )
        self.mergee = acc.contact(
            identifier="",
            email="new@new.com",
            phone_number="+12212345",
            custom_attributes={"val_test": "new", "val_new": "new", "val_empty_new": ""},
        )
        inbox = acc.inbox()
        self.conversations: dict[int, list[dict[str, Any]]] = {self.base["id"]: [], self.mergee["id"]: []}
        for _ in range(2):
            for contact in (self.base, self.mergee):
                url = f"{acc.url}/contacts/{contact['id']}/contact_inboxes"
                link = ok(http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.admin))
                body = {"inbox_id": inbox["id"], "contact_id": contact["id"], "source_id": link["source_id"]}
                conversation = ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
                self.conversations[contact["id"]].append(conversation)
            mergee_conversation = self.conversations[self.mergee["id"]][-1]
            url = f"{acc.url}/conversations/{mergee_conversation['id']}/messages"
            ok(
                http.post(
                    url, json={"content": "from the mergee", "message_type": "incoming"}, headers=acc.admin
                )
            )
            notes = f"{acc.url}/contacts/{self.mergee['id']}/notes"
            ok(http.post(notes, json={"content": "Hey welcome to chatwoot"}, headers=acc.admin))

    def merge(self, base: dict[str, Any] | None = None, mergee: dict[str, Any] | None = None) -> Any:
        body = {
            "base_contact_id": (base or self.base)["id"],
            "mergee_contact_id": (mergee or self.mergee)["id"],
        }
        return self.http.post(f"{self.acc.url}/actions/contact_merge", json=body, headers=self.acc.admin)

    def get(self, path: str) -> Any:
        return self.http.get(f"{self.acc.url}{path}", headers=self.acc.admin)


@ports(f"{P} > deletes mergee_contact")
def test_deletes_the_mergee(http):
    w = World(http)
    ok(w.merge())
    assert w.get(f"/contacts/{w.mergee['id']}").status_code == 404


@ports(f"{P} > copies information from mergee contact to base contact")
def test_copies_information(http):
    w = World(http)
    ok(w.merge())
    base = ok(w.get(f"/contacts/{w.base['id']}"))["payload"]
    assert base["identifier"] == "base_contact"
    assert base["email"] == "old@old.com"
    assert base["phone_number"] == "+12212345"
    custom = base["custom_attributes"]
    assert custom["val_test"] == "old" and custom["val_new"] == "new"
    assert custom["val_empty_old"] == "" and custom["val_empty_new"] == ""


@ports(f"{P} > when base contact and merge contact are same > does not delete contact")
def test_same_contact(http):
    w = World(http)
    assert ok(w.merge(w.base, w.base))["id"] == w.base["id"]
    assert ok(w.get(f"/contacts/{w.base['id']}"))["payload"]["id"] == w.base["id"]


@ports(f"{P} > when mergee contact has conversations > moves the conversations to base contact")
def test_moves_conversations(http):
    w = World(http)
    ok(w.merge())
    assert len(ok(w.get(f"/contacts/{w.base['id']}/conversations"))["payload"]) == 4


@ports(f"{P} > when mergee contact has contact inboxes > moves the contact inboxes to base contact")
def test_moves_contact_inboxes(http):
    w = World(http)
    ok(w.merge())
    assert len(ok(w.get(f"/contacts/{w.base['id']}"))["payload"]["contact_inboxes"]) == 4


@ports(f"{P} > when mergee contact has messages > moves the messages to base contact")
def test_moves_messages(http):
    w = World(http)
    ok(w.merge())
    senders = []
    for conversation in w.conversations[w.mergee["id"]]:
        listed = ok(w.get(f"/conversations/{conversation['id']}/messages"))["payload"]
        senders += [m["sender"]["id"] for m in listed if m["content"] == "from the mergee"]
    assert senders == [w.base["id"], w.base["id"]]


@ports(f"{P} > when mergee contact has notes > moves the notes to base contact")
def test_moves_notes(http):
    w = World(http)
    assert ok(w.get(f"/contacts/{w.base['id']}/notes")) == []
    assert len(ok(w.get(f"/contacts/{w.mergee['id']}/notes"))) == 2
    ok(w.merge())
    assert len(ok(w.get(f"/contacts/{w.base['id']}/notes"))) == 2


@ports(f"{P} > when contacts belong to a different account > throws an exception")
def test_contacts_of_another_account(http):
    """Over HTTP the contacts are found in the route's account, so a contact of another account is
    refused (404) before the action runs; nothing changes."""
    w = World(http)
    other = fresh_account(http)
    body = {"base_contact_id": w.base["id"], "mergee_contact_id": w.mergee["id"]}
    response = http.post(f"{other.url}/actions/contact_merge", json=body, headers=other.admin)
    assert response.status_code == 404
    assert ok(w.get(f"/contacts/{w.mergee['id']}"))["payload"]["id"] == w.mergee["id"]
