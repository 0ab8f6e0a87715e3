"""Port of spec/controllers/api/v1/accounts/contacts/notes_controller_spec.rb (v4.10).

The spec's `create(:note, contact:)` (content 'Hey welcome to chatwoot') is written over the API by
the account's administrator; the agent reads, edits and deletes it."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/controllers/api/v1/accounts/contacts/notes_controller_spec.rb"
UPSTREAM_ITS = 10
SKIPPED: dict[str, str] = {}

NOTES = "/api/v1/accounts/{account.id}/contacts/{contact.id}/notes"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"
AUTHED = "when it is an authenticated user"
CONTENT = "Hey welcome to chatwoot"


def setup(http: Any) -> tuple[Account, str, dict[str, Any]]:
    acc = fresh_account(http)
    contact = acc.contact()
    url = f"{acc.url}/contacts/{contact['id']}/notes"
    note = ok(http.post(url, json={"content": CONTENT}, headers=acc.admin))
    return acc, url, note


@ports(f"GET {NOTES} > {UNAUTH}")
def test_index_unauthenticated(http):
    _, url, _ = setup(http)
    assert http.get(url).status_code == 401


@ports(f"GET {NOTES} > {AUTHED} > returns all notes to agents")
def test_index(http):
    acc, url, _ = setup(http)
    body = ok(http.get(url, headers=acc.agent))
    assert body[0]["content"] == CONTENT


@ports(f"GET {NOTES}/{{note.id}} > {UNAUTH}")
def test_show_unauthenticated(http):
    _, url, note = setup(http)
    assert http.get(f"{url}/{note['id']}").status_code == 401


@ports(f"GET {NOTES}/{{note.id}} > {AUTHED} > shows the note for agents")
def test_show(http):
    acc, url, note = setup(http)
    assert ok(http.get(f"{url}/{note['id']}", headers=acc.agent))["id"] == note["id"]


@ports(f"POST {NOTES} > {UNAUTH}")
def test_create_unauthenticated(http):
    _, url, _ = setup(http)
    assert http.post(url, json={"content": "test message"}).status_code == 401


@ports(f"POST {NOTES} > {AUTHED} > creates a new note")
def test_create(http):
    acc, url, _ = setup(http)
    assert ok(http.post(url, json={"content": "test note"}, headers=acc.agent))["content"] == "test note"


@ports(f"PATCH {NOTES}/:id > {UNAUTH}")
def test_update_unauthenticated(http):
    _, url, note = setup(http)
    assert http.patch(f"{url}/{note['id']}", json={"content": "test message"}).status_code == 401


@ports(f"PATCH {NOTES}/:id > {AUTHED} > updates the note")
def test_update(http):
    acc, url, note = setup(http)
    body = ok(http.patch(f"{url}/{note['id']}", json={"content": "test message"}, headers=acc.agent))
    assert body["content"] == "test message"


@ports(f"DELETE /api/v1/accounts/{{account.id}}/notes/:id > {UNAUTH}")
def test_destroy_unauthenticated(http):
    _, url, note = setup(http)
    assert http.delete(f"{url}/{note['id']}").status_code == 401


@ports(f"DELETE /api/v1/accounts/{{account.id}}/notes/:id > {AUTHED} > delete note if agent")
def test_destroy(http):
    acc, url, note = setup(http)
    assert http.delete(f"{url}/{note['id']}", headers=acc.agent).status_code == 200
    assert http.get(f"{url}/{note['id']}", headers=acc.agent).status_code == 404  # Note.exists? is false
