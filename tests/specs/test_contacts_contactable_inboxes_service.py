"""Port of spec/services/contacts/contactable_inboxes_service_spec.rb (v4.10) through
GET /contacts/:id/contactable_inboxes (as an administrator, who may see every inbox).
fakewoot has API, web-widget and e-mail inboxes; no Twilio, SMS, Facebook or Twitter channel."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/services/contacts/contactable_inboxes_service_spec.rb"
UPSTREAM_ITS = 5
SKIPPED = {
    "#get > returns the contactable inboxes for the contact": "not implemented: Twilio SMS, Twilio WhatsApp "
    "and SMS inboxes (the e-mail part is in tests/contract/test_contacts.py::test_contactable_inboxes)",
    "#get > doest not return the non contactable inboxes for the contact": "not implemented: Facebook and "
    "Twitter inboxes",
}


def setup(http: Any) -> tuple[Account, dict[str, Any]]:
    acc = fresh_account(http)
    contact = acc.contact(email="contact@example.com", phone_number="+2320000")
    return acc, contact


def contactable(acc: Account, contact: dict[str, Any]) -> list[dict[str, Any]]:
    url = f"{acc.url}/contacts/{contact['id']}/contactable_inboxes"
    return list(ok(acc.http.get(url, headers=acc.admin))["payload"])


def link(acc: Account, contact: dict[str, Any], inbox: dict[str, Any]) -> dict[str, Any]:
    url = f"{acc.url}/contacts/{contact['id']}/contact_inboxes"
    return dict(ok(acc.http.post(url, json={"inbox_id": inbox["id"]}, headers=acc.admin)))


@ports("#get > when api inbox is available > returns existing source id if contact inbox exists")
def test_api_inbox_existing_source_id(http):
    acc, contact = setup(http)
    api_inbox = acc.inbox()
    existing = link(acc, contact, api_inbox)
    items = [(i["inbox"]["id"], i["source_id"]) for i in contactable(acc, contact)]
    assert (api_inbox["id"], existing["source_id"]) in items


@ports(
    "#get > when website inbox is available > returns existing source id if contact inbox exists without any conversations"
)
def test_website_inbox_without_conversations(http):
    acc, contact = setup(http)
    website = acc.inbox("web_widget")
    existing = link(acc, contact, website)
    items = [(i["inbox"]["id"], i["source_id"]) for i in contactable(acc, contact)]
    assert (website["id"], existing["source_id"]) in items


@ports(
    "#get > when website inbox is available > does not return existing source id if contact inbox exists with conversations"
)
def test_website_inbox_with_a_conversation(http):
    acc, contact = setup(http)
    website = acc.inbox("web_widget")
    existing = link(acc, contact, website)
    body = {"inbox_id": website["id"], "contact_id": contact["id"], "source_id": existing["source_id"]}
    ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    assert website["id"] not in [i["inbox"]["id"] for i in contactable(acc, contact)]
