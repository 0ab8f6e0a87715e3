"""Port of spec/builders/contact_inbox_builder_spec.rb (v4.10) through POST /contacts/:id/contact_inboxes
(ContactInboxBuilder with the request's `source_id`). A contact inbox's id is not in the answer: the
ports compare the contact's records (the fake's store) and the source ids the API shows.
fakewoot has API, web-widget and e-mail inboxes: the Twilio, WhatsApp and SMS blocks are not implemented."""

from __future__ import annotations

from typing import Any

from fakewoot.errors import MSG_PARAM_MISSING
from fakewoot.store.contact_inboxes import MSG_SOURCE_ID_TAKEN
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/builders/contact_inbox_builder_spec.rb"
UPSTREAM_ITS = 30
_PHONE_ITS = (
    "does not create contact inbox when contact inbox already exists with the source id provided",
    "does not create contact inbox when contact inbox already exists with phone number and source id is not provided",
    "creates a new contact inbox when different source id is provided",
    "creates a contact inbox with contact phone number when source id not provided and no contact inbox exists",
    "raises error when contact phone number is not present and no source id is provided",
)
SKIPPED = {
    f"#perform > {block} inbox > {it}": f"not implemented: {name} inboxes"
    for block, name in (
        ("twilio sms", "Twilio SMS"),
        ("twilio whatsapp", "Twilio WhatsApp"),
        ("whatsapp", "WhatsApp"),
        ("sms", "SMS"),
    )
    for it in _PHONE_ITS
}

EMAIL = "#perform > email inbox"
API = "#perform > api inbox"
RACE = "#perform > when there is a race condition"


def setup(http: Any, kind: str) -> tuple[Account, dict[str, Any], dict[str, Any]]:
    acc = fresh_account(http)
    contact = acc.contact(email="xyc@example.com", phone_number="+23423424123")
    return acc, contact, acc.inbox(kind)


def build(acc: Account, contact: dict[str, Any], inbox: dict[str, Any], source_id: str | None = None) -> Any:
    body = {"inbox_id": inbox["id"], **({} if source_id is None else {"source_id": source_id})}
    return acc.http.post(f"{acc.url}/contacts/{contact['id']}/contact_inboxes", json=body, headers=acc.admin)


def records(fake: Any, acc: Account, contact: dict[str, Any]) -> list[Any]:
    return [ci for ci in fake.store.account(acc.id).contact_inboxes if ci.contact_id == contact["id"]]


@ports(
    f"{EMAIL} > does not create contact inbox when contact inbox already exists with the source id provided"
)
def test_email_existing_source_id(http, fake):
    acc, contact, inbox = setup(http, "email")
    ok(build(acc, contact, inbox, contact["email"]))
    existing = records(fake, acc, contact)
    assert ok(build(acc, contact, inbox, contact["email"]))["source_id"] == contact["email"]
    assert records(fake, acc, contact) == existing  # the same record


@ports(
    f"{EMAIL} > does not create contact inbox when contact inbox already exists with email and source id is not provided"
)
def test_email_existing_default_source_id(http, fake):
    acc, contact, inbox = setup(http, "email")
    ok(build(acc, contact, inbox, contact["email"]))
    existing = records(fake, acc, contact)
    assert ok(build(acc, contact, inbox))["source_id"] == contact["email"]
    assert records(fake, acc, contact) == existing


@ports(f"{EMAIL} > creates a new contact inbox when different source id is provided")
def test_email_other_source_id(http, fake):
    acc, contact, inbox = setup(http, "email")
    ok(build(acc, contact, inbox, contact["email"]))
    [existing] = records(fake, acc, contact)
    assert ok(build(acc, contact, inbox, "xyc@xyc.com"))["source_id"] == "xyc@xyc.com"
    made = [ci for ci in records(fake, acc, contact) if ci.id != existing.id]
    assert [ci.source_id for ci in made] == ["xyc@xyc.com"]


@ports(
    f"{EMAIL} > creates a contact inbox with contact email when source id not provided and no contact inbox exists"
)
def test_email_default_source_id(http):
    acc, contact, inbox = setup(http, "email")
    assert ok(build(acc, contact, inbox))["source_id"] == contact["email"]


@ports(f"{EMAIL} > raises error when contact email is not present and no source id is provided")
def test_email_missing(http, fake):
    acc, contact, inbox = setup(http, "email")
    ok(acc.http.patch(f"{acc.url}/contacts/{contact['id']}", json={"email": None}, headers=acc.admin))
    response = build(acc, contact, inbox)
    assert (response.status_code, response.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="contact email")},
    )
    assert (
        MSG_PARAM_MISSING.format(key="contact email")
        == "param is missing or the value is empty: contact email"
    )
    assert records(fake, acc, contact) == []


@ports(f"{API} > does not create contact inbox when contact inbox already exists with the source id provided")
def test_api_existing_source_id(http, fake):
    acc, contact, inbox = setup(http, "api")
    ok(build(acc, contact, inbox, "test"))
    existing = records(fake, acc, contact)
    assert ok(build(acc, contact, inbox, "test"))["source_id"] == "test"
    assert records(fake, acc, contact) == existing


@ports(f"{API} > creates a new contact inbox when different source id is provided")
def test_api_other_source_id(http, fake):
    acc, contact, inbox = setup(http, "api")
    first = ok(build(acc, contact, inbox))  # a random UUID
    assert ok(build(acc, contact, inbox, "test"))["source_id"] == "test"
    assert sorted(ci.source_id for ci in records(fake, acc, contact)) == sorted([first["source_id"], "test"])


@ports(
    f"{API} > creates a contact inbox with SecureRandom.uuid when source id not provided and no contact inbox exists"
)
def test_api_uuid(http):
    acc, contact, inbox = setup(http, "api")
    source_id = ok(build(acc, contact, inbox))["source_id"]
    assert source_id is not None and len(source_id) == 36 and source_id.count("-") == 4


@ports(f"{RACE} > handles RecordNotUnique error by updating source_id and retrying")
def test_email_holder_renamed(http, fake):
    acc = fresh_account(http)
    contact, contact2 = acc.contact(), acc.contact()
    inbox = acc.inbox("email")
    ok(build(acc, contact2, inbox, "source_123"))
    made = ok(build(acc, contact, inbox, "source_123"))
    assert made["source_id"] == "source_123"
    [latest] = records(fake, acc, contact)
    assert (latest.source_id, latest.inbox_id) == ("source_123", inbox["id"])
    shown = ok(http.get(f"{acc.url}/contacts/{contact2['id']}", headers=acc.admin))["payload"]
    [renamed] = [ci["source_id"] for ci in shown["contact_inboxes"]]
    assert "source_123" in renamed and renamed != "source_123"


@ports(f"{RACE} > does not update source_id for channels other than email or phone number")
def test_api_holder_not_renamed(http, fake):
    """RecordNotUnique escapes the builder; fakewoot answers the 422 Conversations#create gives it."""
    acc = fresh_account(http)
    contact, contact2 = acc.contact(), acc.contact()
    inbox = acc.inbox("api")
    ok(build(acc, contact2, inbox, "source_123"))
    response = build(acc, contact, inbox, "source_123")
    assert (response.status_code, response.json()) == (422, {"error": MSG_SOURCE_ID_TAKEN})
    assert records(fake, acc, contact) == []
    assert [ci.source_id for ci in records(fake, acc, contact2)] == ["source_123"]
