"""Port of spec/controllers/api/v1/accounts/contact_inboxes_controller_spec.rb (v4.10):
POST /contact_inboxes/filter finds the contact holding `source_id` in `inbox_id`."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/controllers/api/v1/accounts/contact_inboxes_controller_spec.rb"
UPSTREAM_ITS = 5
SKIPPED: dict[str, str] = {}

BASE = "POST /api/v1/accounts/{account.id}/contact_inboxes/filter"


def setup(http: Any) -> tuple[Account, dict[str, Any], dict[str, Any], dict[str, Any]]:
    acc = fresh_account(http)
    inbox = acc.inbox()
    contact = acc.contact()
    url = f"{acc.url}/contacts/{contact['id']}/contact_inboxes"
    link = ok(http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.admin))
    return acc, inbox, contact, link


def find(acc: Account, headers: dict[str, str], inbox_id: int, source_id: str) -> Any:
    body = {"inbox_id": inbox_id, "source_id": source_id}
    return acc.http.post(f"{acc.url}/contact_inboxes/filter", json=body, headers=headers)


@ports(f"{BASE} > when it is an unauthenticated user > returns unauthorized")
def test_unauthenticated(http):
    acc, *_ = setup(http)
    assert http.post(f"{acc.url}/contact_inboxes/filter").status_code == 401


@ports(f"{BASE} > when it is an authenticated admin user > returns not found if the params are invalid")
def test_unknown_source_id(http):
    acc, inbox, _, _ = setup(http)
    response = find(acc, acc.admin, inbox["id"], "random_source_id")
    assert (response.status_code, response.content) == (404, b"")  # head :not_found


@ports(f"{BASE} > when it is an authenticated admin user > returns the contact if the params are valid")
def test_finds_the_contact(http):
    acc, inbox, contact, link = setup(http)
    body = ok(find(acc, acc.admin, inbox["id"], link["source_id"]))
    assert body["id"] == contact["id"]
    assert body["contact_inboxes"][0]["source_id"] == link["source_id"]


@ports(
    f"{BASE} > when it is an authenticated agent user > returns unauthorized if agent does not have inbox access"
)
def test_agent_without_inbox_access(http):
    acc, inbox, _, link = setup(http)
    _, outsider = acc.user()
    acc.add_member(inbox["id"], acc.agent_id)
    assert find(acc, outsider, inbox["id"], link["source_id"]).status_code == 401


@ports(f"{BASE} > when it is an authenticated agent user > returns success if agent have inbox access")
def test_agent_with_inbox_access(http):
    acc, inbox, _, link = setup(http)
    acc.add_member(inbox["id"], acc.agent_id)
    assert find(acc, acc.agent, inbox["id"], link["source_id"]).status_code == 200
