"""Port of spec/services/contacts/sync_attributes_spec.rb (v4.10): Contacts::SyncAttributes runs
before every save; `contact_type` shows over HTTP through the `crm_v2` feature (resolved contacts are
then the leads). The spec's contact starts with `additional_attributes: {city: 'New York', country: 'US'}`."""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_contacts import Account, fresh_account

SPEC = "spec/services/contacts/sync_attributes_spec.rb"
UPSTREAM_ITS = 4
SKIPPED = {
    "#perform > when location and country code are updated from additional attributes > updates location "
    "and country code": "internal: the `location` and `country_code` columns are in no contact view",
}

P = "#perform"


def setup(http: Any) -> tuple[Account, dict[str, Any]]:
    acc = fresh_account(http)
    acc.set_feature("crm_v2")
    return acc, acc.contact(additional_attributes={"city": "New York", "country": "US"})


def save(acc: Account, contact: dict[str, Any], **fields: Any) -> None:
    ok(acc.http.patch(f"{acc.url}/contacts/{contact['id']}", json=fields, headers=acc.admin))


@ports(f"{P} > when contact has neither email/phone number nor social details > does not change contact type")
def test_stays_a_visitor(http):
    acc, contact = setup(http)
    save(acc, contact, name="Still a visitor")
    assert contact["id"] not in acc.listed()


@ports(f"{P} > when contact has email or phone number > sets contact type to lead")
def test_email_makes_a_lead(http):
    acc, contact = setup(http)
    save(acc, contact, email="test@test.com")
    assert contact["id"] in acc.listed()


@ports(f"{P} > when contact has social details > sets contact type to lead")
def test_social_details_make_a_lead(http):
    acc, contact = setup(http)
    save(acc, contact, additional_attributes={"social_facebook_user_id": "123456789"})
    assert contact["id"] in acc.listed()
