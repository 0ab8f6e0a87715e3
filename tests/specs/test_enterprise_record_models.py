"""Ports of spec/enterprise/models/{sla_policy,custom_role,company}_spec.rb (Chatwoot v4.10): the
validations through the SLA policies, custom roles and companies APIs (no licence gate upstream),
a custom role's `dependent: :nullify` through the agents API, Company.ordered_by_name through the
companies index's `sort=name`."""

from __future__ import annotations

import pytest

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

SLA = "spec/enterprise/models/sla_policy_spec.rb"
ROLE = "spec/enterprise/models/custom_role_spec.rb"
COMPANY = "spec/enterprise/models/company_spec.rb"
SPEC = {SLA: SLA, ROLE: ROLE, COMPANY: COMPANY}
UPSTREAM_ITS = {SLA: 4, ROLE: 3, COMPANY: 13}
ASSOCIATION = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
SKIPPED = {
    SLA: {
        "associations > is_expected.to belong_to(:account)": ASSOCIATION,
        "associations > is_expected.to have_many(:conversations).dependent(:nullify)": (
            "enterprise: a conversation gets an SLA policy only through the `sla` feature, off unlicensed"
        ),
    },
    ROLE: {"associations > is_expected.to belong_to(:account)": ASSOCIATION},
    COMPANY: {
        "with validations > is_expected.to validate_presence_of(:account_id)": (
            "internal: the controller builds the company on Current.account, no request can leave it blank"
        ),
        "with associations > is_expected.to belong_to(:account)": ASSOCIATION,
        "with associations > is_expected.to have_many(:contacts).dependent(:nullify)": (
            "not implemented: a contact's company_id (the contacts area)"
        ),
    },
}
A = "/api/v1/accounts/1"
BLANK_NAME = (422, {"message": "Name can't be blank", "attributes": ["name"]})


def _answer(http, path, body):
    answer = http.post(A + path, json=body, headers=ADMIN)
    return answer.status_code, answer.json()


@ports("validations > is_expected.to validate_presence_of(:name)", spec=SLA)
def test_sla_name_is_required(http):
    assert _answer(http, "/sla_policies", {"sla_policy": {"name": ""}}) == BLANK_NAME


@ports("validates_factory > creates valid sla policy object", spec=SLA)
def test_sla_factory_values(http):
    params = {
        "name": "sla_1",
        "first_response_time_threshold": 2000,
        "description": "SLA policy for enterprise customers",
        "next_response_time_threshold": 1000,
        "resolution_time_threshold": 3000,
        "only_during_business_hours": False,
    }
    policy = ok(http.post(A + "/sla_policies", json={"sla_policy": params}, headers=ADMIN))["payload"]
    assert {key: policy[key] for key in params} == params
    assert ok(http.get(f"{A}/sla_policies/{policy['id']}", headers=ADMIN))["payload"] == policy


@ports("validations > is_expected.to validate_presence_of(:name)", spec=ROLE)
def test_role_name_is_required(http):
    assert _answer(http, "/custom_roles", {"custom_role": {"name": " "}}) == BLANK_NAME


@ports("associations > is_expected.to have_many(:account_users).dependent(:nullify)", spec=ROLE)
def test_role_members_are_nullified(http):
    role = ok(http.post(A + "/custom_roles", json={"custom_role": {"name": "Manager"}}, headers=ADMIN))
    jane = next(a for a in ok(http.get(A + "/agents", headers=ADMIN)) if a["email"] == "jane@acme.inc")
    ok(http.patch(f"{A}/agents/{jane['id']}", json={"custom_role_id": role["id"]}, headers=ADMIN))
    ok(http.delete(f"{A}/custom_roles/{role['id']}", headers=ADMIN))
    agents = ok(http.get(A + "/agents", headers=ADMIN))
    assert next(a for a in agents if a["id"] == jane["id"])["custom_role_id"] is None


@ports(
    "with validations > is_expected.to validate_presence_of(:name)",
    "with validations > is_expected.to validate_length_of(:name).is_at_most(100)",
    "with validations > is_expected.to validate_length_of(:description).is_at_most(1000)",
    spec=COMPANY,
)
def test_company_name_and_description(http):
    assert _answer(http, "/companies", {"company": {"name": ""}}) == BLANK_NAME
    long_name = _answer(http, "/companies", {"company": {"name": "n" * 101}})
    assert long_name == (
        422,
        {"message": "Name is too long (maximum is 100 characters)", "attributes": ["name"]},
    )
    assert _answer(http, "/companies", {"company": {"name": "n" * 100}})[0] == 200
    message = "Description is too long (maximum is 1000 characters)"
    long_text = _answer(http, "/companies", {"company": {"name": "d", "description": "d" * 1001}})
    assert long_text == (422, {"message": message, "attributes": ["description"]})


_DOMAIN = "with validations > domain validation > "


@pytest.mark.parametrize(
    ("domain", "allowed"),
    [
        ("example.com", True),
        ("sub.example.com", True),
        ("", True),
        (None, True),
        ("invalid-domain", False),
        (".example.com", False),
    ],
)
@ports(
    _DOMAIN + "is_expected.to allow_value('example.com').for(:domain)",
    _DOMAIN + "is_expected.to allow_value('sub.example.com').for(:domain)",
    _DOMAIN + "is_expected.to allow_value('').for(:domain)",
    _DOMAIN + "is_expected.to allow_value(nil).for(:domain)",
    _DOMAIN + "is_expected.not_to allow_value('invalid-domain').for(:domain)",
    _DOMAIN + "is_expected.not_to allow_value('.example.com').for(:domain)",
    spec=COMPANY,
)
def test_company_domain(http, domain, allowed):
    status, body = _answer(http, "/companies", {"company": {"name": "Acme", "domain": domain}})
    if allowed:
        assert status == 200 and body["payload"]["domain"] == domain
    else:
        assert (status, body) == (
            422,
            {"message": "Domain must be a valid domain name", "attributes": ["domain"]},
        )


@ports("scopes > .ordered_by_name > orders companies by name alphabetically", spec=COMPANY)
def test_company_ordered_by_name(http):
    for name in ("B Company", "A Company", "C Company"):
        ok(http.post(A + "/companies", json={"company": {"name": name}}, headers=ADMIN))
    listed = ok(http.get(A + "/companies", params={"sort": "name"}, headers=ADMIN))["payload"]
    assert [c["name"] for c in listed] == ["A Company", "B Company", "C Company"]
