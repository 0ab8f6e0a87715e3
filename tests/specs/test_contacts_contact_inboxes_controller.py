"""Port of spec/controllers/api/v1/accounts/contacts/contact_inboxes_controller_spec.rb (v4.10).

POST /contacts/:contact_id/contact_inboxes (ContactInboxBuilder). The spec's contact has the
e-mail `f.o.o.b.a.r@gmail.com`; its agent is a member of the inbox it posts to. `hmac_verified`
is not part of the contact_inbox JSON: it shows over HTTP as `meta.hmac_verified` of a
conversation started from that contact inbox.
"""

from __future__ import annotations

from typing import Any

from fakewoot.errors import MSG_PARAM_MISSING
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/controllers/api/v1/accounts/contacts/contact_inboxes_controller_spec.rb"
UPSTREAM_ITS = 5
SKIPPED: dict[str, str] = {}

BASE = "GET /api/v1/accounts/{account.id}/contacts/:id/contact_inboxes"
WITH_ACCESS = f"{BASE} > when authenticated user with access to inbox"


def setup(http: Any, kind: str = "api", **contact: Any) -> tuple[Account, dict[str, Any], dict[str, Any]]:
    acc = fresh_account(http)
    person = acc.contact(**({"email": "f.o.o.b.a.r@gmail.com"} | contact))
    inbox = acc.inbox(kind)
    acc.add_member(inbox["id"], acc.agent_id)
    return acc, person, inbox


def links(fake: Any, acc: Account, contact_id: int) -> list[Any]:
    return [ci for ci in fake.store.account(acc.id).contact_inboxes if ci.contact_id == contact_id]


def hmac_verified(acc: Account, contact_id: int, inbox_id: int, source_id: str) -> Any:
    body = {"inbox_id": inbox_id, "contact_id": contact_id, "source_id": source_id}
    conversation = ok(acc.http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    return conversation["meta"]["hmac_verified"]


@ports(f"{BASE} > when unauthenticated user > returns unauthorized")
def test_unauthenticated(http):
    acc, person, _ = setup(http)
    assert http.post(f"{acc.url}/contacts/{person['id']}/contact_inboxes").status_code == 401


@ports(f"{WITH_ACCESS} > creates a contact inbox")
def test_creates_a_contact_inbox(http, fake):
    acc, person, inbox = setup(http)
    before = len(links(fake, acc, person["id"]))
    url = f"{acc.url}/contacts/{person['id']}/contact_inboxes"
    response = http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.agent)
    assert response.status_code == 200
    made = [ci for ci in links(fake, acc, person["id"]) if ci.inbox_id == inbox["id"]]
    assert len(links(fake, acc, person["id"])) == before + 1 and len(made) == 1
    assert hmac_verified(acc, person["id"], inbox["id"], response.json()["source_id"]) is False


@ports(f"{WITH_ACCESS} > creates a valid email contact inbox")
def test_creates_an_email_contact_inbox(http, fake):
    acc, person, inbox = setup(http, "email")
    url = f"{acc.url}/contacts/{person['id']}/contact_inboxes"
    response = http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.agent)
    assert response.status_code == 200
    assert [ci.inbox_id for ci in links(fake, acc, person["id"])] == [inbox["id"]]
    assert response.json()["source_id"] == "f.o.o.b.a.r@gmail.com"  # the contact's e-mail


@ports(f"{WITH_ACCESS} > creates an hmac verified contact inbox")
def test_creates_an_hmac_verified_contact_inbox(http, fake):
    acc, person, inbox = setup(http)
    url = f"{acc.url}/contacts/{person['id']}/contact_inboxes"
    response = http.post(url, json={"inbox_id": inbox["id"], "hmac_verified": True}, headers=acc.agent)
    assert response.status_code == 200
    assert len(links(fake, acc, person["id"])) == 1
    assert hmac_verified(acc, person["id"], inbox["id"], response.json()["source_id"]) is True


@ports(f"{WITH_ACCESS} > throws error for invalid source id")
def test_invalid_source_id(http, fake):
    """The spec's Twilio SMS inbox needs a phone number the contact lacks (ParameterMissing 'contact
    phone number'); fakewoot has no Twilio channel, so the same builder path runs with an e-mail inbox
    and a contact without an e-mail (ParameterMissing 'contact email')."""
    acc, person, inbox = setup(http, "email", email=None)
    url = f"{acc.url}/contacts/{person['id']}/contact_inboxes"
    response = http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.agent)
    assert response.status_code == 422
    assert response.json() == {"error": MSG_PARAM_MISSING.format(key="contact email")}
    assert links(fake, acc, person["id"]) == []
