"""Port of spec/models/contact_spec.rb (v4.10): the model rules a client sees over HTTP.

`contact_type` is not in the contact JSON; it shows through `Contact.resolved_contacts`, which lists
the leads when the account has the `crm_v2` feature (enabled over the Platform API here). The specs'
`update!(contact_type: ...)` has no API: those tests set it in the fake's store.
"""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/models/contact_spec.rb"
UPSTREAM_ITS = 22
SKIPPED = {
    "with validations > { is_expected.to validate_presence_of(:account_id) }": "internal: a contact's "
    "account is always the route's account; no request can leave it out",
    "with associations > { is_expected.to belong_to(:account) }": "internal: an ActiveRecord association",
    "when city and country code passed in additional attributes > updates location and country code": (
        "internal: the `location` and `country_code` columns are in no contact view (the filter and the "
        "sort read additional_attributes)"
    ),
    ".resolved_contacts > when crm_v2 feature flag is enabled > returns contacts with email, phone_number, "
    "or identifier when explicitly passing use_crm_v2: false": (
        "internal: the `use_crm_v2:` argument of Contact.resolved_contacts; every endpoint passes the account's "
        "crm_v2 flag (the flag off is ported: '.resolved_contacts > when crm_v2 feature flag is disabled')"
    ),
}

PREPARE = "when prepare contact attributes before validation"
CREATED = "when a contact is created"
RESOLVED = ".resolved_contacts"


def crm_v2_account(http: Any) -> Account:
    acc = fresh_account(http)
    acc.set_feature("crm_v2")
    return acc


def patch(acc: Account, contact: dict[str, Any], **fields: Any) -> Any:
    return acc.http.patch(f"{acc.url}/contacts/{contact['id']}", json=fields, headers=acc.admin)


def set_type(fake: Any, acc: Account, contact: dict[str, Any], contact_type: str) -> None:
    fake.store.account(acc.id).contacts.get(contact["id"]).contact_type = contact_type


@ports("with associations > { is_expected.to have_many(:conversations).dependent(:destroy_async) }")
def test_conversations_go_with_the_contact(http):
    acc = fresh_account(http)
    inbox = acc.inbox()
    contact = acc.contact(inbox_id=inbox["id"])
    body = {"inbox_id": inbox["id"], "contact_id": contact["id"]}
    conversation = ok(http.post(f"{acc.url}/conversations", json=body, headers=acc.admin))
    assert http.delete(f"{acc.url}/contacts/{contact['id']}", headers=acc.admin).status_code == 200
    ok(http.get("/api/v1/profile", headers=acc.admin))  # the deletion job ran
    assert http.get(f"{acc.url}/conversations/{conversation['id']}", headers=acc.admin).status_code == 404


@ports(f"{PREPARE} > sets email to lowercase")
def test_email_lowercase_makes_a_lead(http):
    acc = crm_v2_account(http)
    contact = acc.contact(email="Test@test.com")
    assert contact["email"] == "test@test.com"
    assert contact["id"] in acc.listed()  # contact_type lead


@ports(f"{PREPARE} > sets email to nil when empty string")
def test_blank_email_is_nil_and_a_visitor(http):
    acc = crm_v2_account(http)
    contact = acc.contact(email="")
    assert contact["email"] is None
    assert contact["id"] not in acc.listed()  # contact_type visitor


@ports(f"{PREPARE} > sets custom_attributes to {{}} when nil")
def test_custom_attributes_nil(http):
    acc = fresh_account(http)
    assert acc.contact(custom_attributes=None)["custom_attributes"] == {}


@ports(f"{PREPARE} > sets custom_attributes to {{}} when empty string")
def test_custom_attributes_empty_string(http):
    acc = fresh_account(http)
    assert acc.contact(custom_attributes="")["custom_attributes"] == {}


@ports(f"{PREPARE} > sets additional_attributes to {{}} when nil")
def test_additional_attributes_nil(http):
    acc = fresh_account(http)
    assert acc.contact(additional_attributes=None)["additional_attributes"] == {}


@ports(f"{PREPARE} > sets additional_attributes to {{}} when empty string")
def test_additional_attributes_empty_string(http):
    acc = fresh_account(http)
    assert acc.contact(additional_attributes="")["additional_attributes"] == {}


@ports("when phone number format > will throw error for existing invalid phone number")
def test_invalid_phone_number(http):
    acc = fresh_account(http)
    response = patch(acc, acc.contact(), phone_number="123456789")
    assert response.status_code == 422
    assert response.json() == {
        "message": "Phone number should be in e164 format",
        "attributes": ["phone_number"],
    }


@ports("when phone number format > updates phone number when adding valid phone number")
def test_valid_phone_number(http):
    acc = fresh_account(http)
    response = patch(acc, acc.contact(), phone_number="+12312312321")
    assert ok(response)["payload"]["phone_number"] == "+12312312321"


def test_phone_number_regex_is_anchored_at_the_end_only(http):
    """`/\\+[1-9]\\d{1,14}\\z/` at v4.10 has no start anchor: text before the `+` passes."""
    acc = fresh_account(http)
    assert ok(patch(acc, acc.contact(), phone_number="abc+123456"))["payload"]["phone_number"] == "abc+123456"
    assert patch(acc, acc.contact(), phone_number="+123456 ").status_code == 422  # \z: nothing after


@ports("when email format > will throw error for existing invalid email")
def test_invalid_email(http):
    acc = fresh_account(http)
    response = patch(acc, acc.contact(), email="<2324234234")
    assert response.status_code == 422
    assert response.json() == {"message": "Email Invalid email", "attributes": ["email"]}


@ports("when email format > updates email when adding valid email")
def test_valid_email(http):
    acc = fresh_account(http)
    assert ok(patch(acc, acc.contact(), email="test@test.com"))["payload"]["email"] == "test@test.com"


@ports(f'{CREATED} > has contact type "visitor" by default')
def test_visitor_by_default(http):
    acc = crm_v2_account(http)
    assert acc.contact()["id"] not in acc.listed()


@ports(f'{CREATED} > has contact type "lead" when email is present')
def test_lead_with_email(http):
    acc = crm_v2_account(http)
    assert acc.contact(email="test@test.com")["id"] in acc.listed()


@ports(f'{CREATED} > has contact type "lead" when contacted through a social channel')
def test_lead_with_social_details(http):
    acc = crm_v2_account(http)
    contact = acc.contact(additional_attributes={"social_facebook_user_id": "123"})
    assert contact["id"] in acc.listed()


@ports(
    f"{RESOLVED} > when crm_v2 feature flag is disabled > returns contacts with email, phone_number, or identifier using feature flag value"
)
def test_resolved_without_crm_v2(http):
    acc = fresh_account(http)
    with_email = acc.contact(email="test@example.com", name="John Doe")
    with_phone = acc.contact(phone_number="+1234567890", name="Jane Smith")
    with_identifier = acc.contact(identifier="user123", name="Bob Wilson")
    without = acc.contact(name="Alice Johnson", email=None, phone_number=None, identifier=None)
    listed = acc.listed()
    assert {with_email["id"], with_phone["id"], with_identifier["id"]} <= set(listed)
    assert without["id"] not in listed


@ports(f"{RESOLVED} > when crm_v2 feature flag is enabled > returns only contacts with contact_type lead")
def test_resolved_with_crm_v2_lists_leads(http, fake):
    acc = crm_v2_account(http)
    with_details = acc.contact(email="customer@example.com", phone_number="+1234567890", name="Customer One")
    without = acc.contact(name="Lead", email=None, phone_number=None)
    assert with_details["id"] in acc.listed() and without["id"] not in acc.listed()  # lead, visitor
    set_type(fake, acc, without, "lead")
    assert {with_details["id"], without["id"]} <= set(acc.listed())


@ports(
    f"{RESOLVED} > when crm_v2 feature flag is enabled > includes all lead contacts regardless of email/phone presence"
)
def test_resolved_with_crm_v2_ignores_details(http, fake):
    acc = crm_v2_account(http)
    lead = acc.contact(name="Test Lead")
    set_type(fake, acc, lead, "lead")
    customer = acc.contact(email="customer@test.com")
    set_type(fake, acc, customer, "customer")
    visitor = acc.contact(name="Visitor")
    listed = acc.listed()
    assert lead["id"] in listed
    assert customer["id"] not in listed and visitor["id"] not in listed


@ports(
    f"{RESOLVED} > with mixed contact types > correctly filters based on use_crm_v2 parameter regardless of feature flag"
)
def test_resolved_follows_the_flag(http, fake):
    acc = fresh_account(http)
    visitor = acc.contact(name="Visitor")
    lead_with_email = acc.contact(email="lead@example.com", name="Lead")
    lead_without_email = acc.contact(name="Lead Only")
    set_type(fake, acc, lead_without_email, "lead")
    customer = acc.contact(email="customer@example.com", name="Customer")
    set_type(fake, acc, customer, "customer")
    old = acc.listed()  # crm_v2 off
    assert {lead_with_email["id"], customer["id"]} <= set(old)
    assert visitor["id"] not in old and lead_without_email["id"] not in old
    acc.set_feature("crm_v2")
    new = acc.listed()
    assert {lead_with_email["id"], lead_without_email["id"]} <= set(new)
    assert visitor["id"] not in new and customer["id"] not in new
