"""Client API inbox and contacts (v4.10): GET /public/api/v1/inboxes/:identifier, POST .../contacts,
GET/PATCH .../contacts/:source_id. No authentication; the inbox identifier and the source id are the
keys, misses are Rails' own 404; identity validation (HMAC) on the contacts endpoints.
Shapes: app/views/public/api/v1/inboxes/show.json.jbuilder, contacts/*.json.jbuilder,
models/_inbox, models/_contact; update renders the Contact record (contacts_controller.rb)."""

from __future__ import annotations

import re

import pytest

from fakewoot.api.public.contacts import MSG_HMAC_FAILED, MSG_SOURCE_ID_BLANK
from tests.conftest import AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, PLATFORM_TOKEN, token
from tests.contract.public_api import (
    ADMIN,
    CONTACT_KEYS,
    CONTACT_RECORD_KEYS,
    INBOX_KEYS,
    RAILS_NOT_FOUND,
    WORKING_HOUR_KEYS,
    assert_keys,
    base_url,
    identifier_hash,
    new_api_inbox,
    new_customer,
)

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
HAIKU = re.compile(r"^[a-z]+-[a-z]+-\d{1,3}$")


def test_show_inbox_shape(client):
    inbox = new_api_inbox(client)
    body = client.get(base_url(inbox)).json()
    assert_keys(body, INBOX_KEYS)
    assert (body["identifier"], body["name"], body["identity_validation_enabled"]) == (
        inbox["inbox_identifier"],
        inbox["name"],
        False,
    )
    assert [day["day_of_week"] for day in body["working_hours"]] == list(range(7))
    assert all(list(day) == WORKING_HOUR_KEYS for day in body["working_hours"])
    assert (body["timezone"], body["working_hours_enabled"], body["greeting_enabled"]) == (
        "UTC",
        False,
        False,
    )


def test_show_inbox_follows_the_inbox_settings(client):
    inbox = new_api_inbox(client, hmac_mandatory=True)
    client.patch(
        f"/api/v1/accounts/1/inboxes/{inbox['id']}",
        json={"timezone": "Asia/Kolkata", "greeting_enabled": True, "csat_survey_enabled": True},
        headers=ADMIN,
    )
    body = client.get(base_url(inbox)).json()
    assert (body["timezone"], body["greeting_enabled"], body["csat_survey_enabled"]) == (
        "Asia/Kolkata",
        True,
        True,
    )
    assert body["identity_validation_enabled"] is True


def _routes(base: str) -> list[tuple[str, str]]:
    one = f"{base}/contacts/x/conversations/1"
    return [
        ("GET", base),
        ("POST", f"{base}/contacts"),
        ("GET", f"{base}/contacts/x"),
        ("PATCH", f"{base}/contacts/x"),
        ("PUT", f"{base}/contacts/x"),
        ("GET", f"{base}/contacts/x/conversations"),
        ("POST", f"{base}/contacts/x/conversations"),
        ("GET", one),
        ("POST", one + "/toggle_status"),
        ("POST", one + "/toggle_typing"),
        ("POST", one + "/update_last_seen"),
        ("GET", one + "/messages"),
        ("POST", one + "/messages"),
        ("PATCH", one + "/messages/1"),
        ("PUT", one + "/messages/1"),
    ]


@pytest.mark.parametrize(("method", "url"), _routes("/public/api/v1/inboxes/not-an-identifier"))
def test_unknown_inbox_identifier_is_rails_404_on_every_route(client, fake, method, url):
    contacts = len(fake.store.account(1).contacts)
    answer = client.request(method, url, json={"name": "x", "content": "hi"})
    assert (answer.status_code, answer.json()) == (404, RAILS_NOT_FOUND)
    assert len(fake.store.account(1).contacts) == contacts


def test_only_api_inboxes_answer_and_their_own_contacts_only(client, fake):
    widget_token = fake.store.account(1).inboxes.get(2).channel["website_token"]
    assert client.get(f"/public/api/v1/inboxes/{widget_token}").status_code == 404
    first, second = base_url(new_api_inbox(client)), base_url(new_api_inbox(client))
    customer = new_customer(client, first)
    for method, url in _routes(second)[2:]:
        answer = client.request(method, url.replace("/contacts/x", f"/contacts/{customer['source_id']}"))
        assert (answer.status_code, answer.json()) == (404, RAILS_NOT_FOUND), (method, url)


def test_create_contact_shape_and_what_it_writes(client, fake, events):
    base = base_url(new_api_inbox(client))
    body = new_customer(client, base)
    assert_keys(body, CONTACT_KEYS)
    assert UUID.match(body["source_id"]) and HAIKU.match(body["name"])
    assert (body["email"], body["phone_number"]) == (None, None)
    contact = fake.store.account(1).contacts.get(body["id"])
    assert contact is not None and contact.name == body["name"]
    record = fake.store.account(1).contact_inboxes.get(contact.contact_inbox_ids[0])
    assert (record.source_id, record.hmac_verified) == (body["source_id"], False)
    assert body["pubsub_token"] == fake.store.contact_inboxes.pubsub_token(record)
    assert [e.name for e in events if e.name.startswith("contact.")] == ["contact.created"]


def test_create_with_fields_and_a_known_source_id_returns_the_holder(client, fake):
    base = base_url(new_api_inbox(client))
    sent = {
        "source_id": "customer-42",
        "name": "Ada",
        "email": "Ada@Example.com",
        "phone_number": "+15550100",
        "identifier": "ada-42",
        "custom_attributes": {"plan": "pro"},
        "additional_attributes": {"not": "permitted"},
    }
    body = new_customer(client, base, **sent)
    assert (body["source_id"], body["name"], body["email"], body["phone_number"]) == (
        "customer-42",
        "Ada",
        "ada@example.com",
        "+15550100",
    )
    contact = fake.store.account(1).contacts.get(body["id"])
    assert (contact.identifier, contact.custom_attributes, contact.additional_attributes) == (
        "ada-42",
        {"plan": "pro"},
        {},
    )
    again = new_customer(client, base, source_id="customer-42", name="Someone Else")
    assert again == body  # the contact inbox holding the source id, unchanged


def test_create_finds_an_existing_contact_by_identifier_email_or_phone(client, fake):
    base = base_url(new_api_inbox(client))
    ada = new_customer(
        client, base, name="Ada", email="ada@example.com", identifier="ada", phone_number="+15550101"
    )
    for key, value in (("identifier", "ada"), ("email", "ADA@example.com"), ("phone_number", "+15550101")):
        found = new_customer(client, base, **{key: value, "name": "other"})
        assert (found["id"], found["name"]) == (ada["id"], "Ada")
        assert found["source_id"] != ada["source_id"]
    assert len(fake.store.account(1).contacts.get(ada["id"]).contact_inbox_ids) == 4


def test_create_refusals_leave_no_contact(client, fake):
    base = base_url(new_api_inbox(client))
    before = len(fake.store.account(1).contacts)
    bad = client.post(base + "/contacts", json={"email": "not-an-email"})
    assert (bad.status_code, bad.json()) == (422, {"message": "Email Invalid email", "attributes": ["email"]})
    long_source = client.post(base + "/contacts", json={"source_id": "s" * 20_001})
    assert long_source.status_code == 422 and long_source.json()["attributes"] == ["source_id"]
    blank = client.post(base + "/contacts", json={"source_id": ""})
    assert (blank.status_code, blank.json()) == (
        422,
        {"message": MSG_SOURCE_ID_BLANK, "attributes": ["source_id"]},
    )
    assert len(fake.store.account(1).contacts) == before


def test_show_contact_and_unknown_source_id(client):
    base = base_url(new_api_inbox(client))
    created = new_customer(client, base, name="Bo", email="bo@example.com")
    shown = client.get(f"{base}/contacts/{created['source_id']}")
    assert shown.status_code == 200 and shown.json() == created
    missing = client.get(f"{base}/contacts/nobody")
    assert (missing.status_code, missing.json()) == (404, RAILS_NOT_FOUND)


def test_credentials_of_the_application_api_change_nothing(client):
    base = base_url(new_api_inbox(client))
    created = new_customer(client, base, name="Cy")
    strangers = (token(BOT_TOKEN), token(OTHER_ADMIN_TOKEN), token(PLATFORM_TOKEN), token("not-a-token"))
    for headers in ({}, ADMIN, token(AGENT_TOKEN), *strangers):
        assert client.get(f"{base}/contacts/{created['source_id']}", headers=headers).json() == created


def test_hmac_identity_validation(client, fake):
    inbox = new_api_inbox(client)
    base, secret = base_url(inbox), inbox["hmac_token"]
    good = identifier_hash(secret, "user-7")
    created = new_customer(client, base, identifier="user-7", identifier_hash=good, name="Di")
    record = fake.store.client_api.contact_inbox(
        fake.store.account(1).inboxes.get(inbox["id"]), created["source_id"]
    )
    assert record.hmac_verified is False  # create does not tell the builder
    url = f"{base}/contacts/{created['source_id']}"
    for params in (
        {"identifier": "user-7", "identifier_hash": "0" * 64},
        {"identifier": "user-8", "identifier_hash": good},
    ):
        refused = client.get(url, params=params)
        assert (refused.status_code, refused.json()) == (401, {"error": MSG_HMAC_FAILED})
    assert record.hmac_verified is False
    ok = client.get(url, params={"identifier": "user-7", "identifier_hash": good})
    assert ok.status_code == 200 and record.hmac_verified is True
    before = len(fake.store.account(1).contacts)
    bad_create = client.post(base + "/contacts", json={"identifier": "user-9", "identifier_hash": good})
    assert (bad_create.status_code, bad_create.json()) == (401, {"error": MSG_HMAC_FAILED})
    assert len(fake.store.account(1).contacts) == before


def test_hmac_mandatory_inbox_needs_the_hash(client, fake):
    inbox = new_api_inbox(client, hmac_mandatory=True)
    base = base_url(inbox)
    refused = client.post(base + "/contacts", json={"name": "Ed"})
    assert (refused.status_code, refused.json()) == (401, {"error": MSG_HMAC_FAILED})
    good = identifier_hash(inbox["hmac_token"], "ed")
    created = new_customer(client, base, name="Ed", identifier="ed", identifier_hash=good)
    url = f"{base}/contacts/{created['source_id']}"
    assert client.get(url).status_code == 401
    assert client.patch(url, json={"name": "Edd"}).status_code == 401
    assert fake.store.account(1).contacts.get(created["id"]).name == "Ed"
    updated = client.patch(url, json={"name": "Edd", "identifier": "ed", "identifier_hash": good})
    assert updated.status_code == 200 and updated.json()["name"] == "Edd"


def test_update_contact_renders_the_record_and_never_writes_the_identifier(client, fake, events):
    base = base_url(new_api_inbox(client))
    created = new_customer(client, base, name="Flo", identifier="flo", custom_attributes={"a": {"x": 1}})
    url = f"{base}/contacts/{created['source_id']}"
    answer = client.patch(
        url,
        json={"name": "Florence", "identifier": "changed", "custom_attributes": {"a": {"y": 2}}, "email": ""},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert_keys(body, CONTACT_RECORD_KEYS)
    assert (body["id"], body["name"], body["identifier"], body["email"]) == (
        created["id"],
        "Florence",
        "flo",
        None,
    )
    assert body["custom_attributes"] == {"a": {"x": 1, "y": 2}}  # deep-merged
    assert (body["contact_type"], body["blocked"], body["account_id"]) == ("visitor", False, 1)
    assert [e.name for e in events if e.name.startswith("contact.")] == ["contact.created", "contact.updated"]
    same = client.put(url, json={"name": "Florence"})
    assert same.status_code == 200
    assert [e.name for e in events if e.name.startswith("contact.")] == ["contact.created", "contact.updated"]


def test_update_merges_into_the_contact_holding_the_email(client, fake):
    base = base_url(new_api_inbox(client))
    known = new_customer(client, base, name="Gus", email="gus@example.com")
    visitor = new_customer(client, base)
    url = f"{base}/contacts/{visitor['source_id']}"
    merged = client.patch(url, json={"email": "gus@example.com", "name": "Gustav"}).json()
    assert (merged["id"], merged["name"], merged["email"]) == (known["id"], "Gustav", "gus@example.com")
    assert fake.store.account(1).contacts.get(visitor["id"]) is None
    assert client.get(url).json()["id"] == known["id"]  # the visitor's contact inbox moved over


def test_update_refusal_changes_nothing(client, fake):
    base = base_url(new_api_inbox(client))
    created = new_customer(client, base, name="Hal")
    url = f"{base}/contacts/{created['source_id']}"
    refused = client.patch(url, json={"phone_number": "12345", "name": "Hallo"})
    assert (refused.status_code, refused.json()) == (
        422,
        {"message": "Phone number should be in e164 format", "attributes": ["phone_number"]},
    )
    assert fake.store.account(1).contacts.get(created["id"]).name == "Hal"


def test_update_phone_rules_of_the_identify_action(client, fake):
    """A phone number held by a contact with another e-mail is neither merged nor written; held by a
    contact without one, that contact absorbs the others and becomes the answer."""
    base = base_url(new_api_inbox(client))
    other = new_customer(client, base, name="Ida", email="ida@example.com", phone_number="+15550111")
    visitor = new_customer(client, base)
    url = f"{base}/contacts/{visitor['source_id']}"
    kept = client.patch(url, json={"email": "jo@example.com", "phone_number": "+15550111"}).json()
    assert (kept["id"], kept["email"], kept["phone_number"]) == (visitor["id"], "jo@example.com", None)
    assert fake.store.account(1).contacts.get(other["id"]).phone_number == "+15550111"
    phone_only = new_customer(client, base, name="Kim", phone_number="+15550122")
    merged = client.patch(url, json={"email": "jo@example.com", "phone_number": "+15550122"}).json()
    assert (merged["id"], merged["email"], merged["phone_number"]) == (
        phone_only["id"],
        "jo@example.com",
        "+15550122",
    )
    assert fake.store.account(1).contacts.get(visitor["id"]) is None
