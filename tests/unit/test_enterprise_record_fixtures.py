"""Fixture sets may seed SLA policies, custom roles (with the members holding them) and companies
(fakewoot/fixture_models.py SlaPolicyFixture, CustomRoleFixture, CompanyFixture,
fakewoot/seeding_enterprise.py), through the store verbs, so the API's validations apply."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.seeding import FixtureError
from fakewoot.serializers.companies import company_json
from fakewoot.serializers.custom_roles import custom_role_json
from fakewoot.serializers.sla_policies import sla_policy_json

SET = """
seed_time: "2024-06-01T00:00:00Z"
accounts:
  - {id: 1, name: Solo}
users:
  - {id: 1, name: Ann, email: ann@solo.test, password: Password1!, accounts: [{account_id: 1, role: agent}]}
sla_policies:
  - {id: 2, account_id: 1, name: Gold, first_response_time_threshold: 60, only_during_business_hours: true}
custom_roles:
  - {id: 3, account_id: 1, name: Desk, permissions: [contact_manage], members: [1]}
companies:
  - {id: 4, account_id: 1, name: Acme, domain: acme.com}
"""


def _folder(tmp_path: Path, text: str) -> Path:
    (tmp_path / "set.yaml").write_text(text)
    return tmp_path


def test_seeded_records_and_role_members(tmp_path):
    fake = FakeChatwoot(fixtures=_folder(tmp_path, SET), clock=FrozenClock(1_800_000_000))
    store = fake.store
    policy = store.sla_policies.get(1, 2)
    assert policy is not None
    assert sla_policy_json(policy) == {
        "id": 2,
        "name": "Gold",
        "description": None,
        "first_response_time_threshold": 60.0,
        "next_response_time_threshold": None,
        "resolution_time_threshold": None,
        "only_during_business_hours": True,
    }
    role = store.custom_roles.get(1, 3)
    assert role is not None
    assert custom_role_json(role)["created_at"] == "2024-06-01T00:00:00.000Z"
    member = store.account(1).members[1]
    assert store.custom_roles.role_of(member) is role
    assert store.custom_roles.permissions_of(member) == ["contact_manage", "custom_role"]
    company = store.companies.get(1, 4)
    assert company is not None and company_json(company)["domain"] == "acme.com"
    assert store.companies.create(1, {"name": "Next"}).id == 5  # the sequence follows
    fake.reset()
    assert [c.id for c in fake.store.companies.of(1)] == [4]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "permissions: [contact_manage]",
            "permissions: [fly]",
            "custom_roles[0] (id 3): field 'permissions'",
        ),
        ("members: [1]", "members: [9]", "custom_roles[0] (id 3): field '(reference)'"),
        ("domain: acme.com", "domain: not a domain", "companies[0] (id 4): field 'domain'"),
        ("{id: 2, account_id: 1,", "{id: 2, account_id: 7,", "sla_policies[0] (id 2): field '(reference)'"),
    ],
)
def test_bad_records_name_file_record_and_field(tmp_path, old, new, expected):
    with pytest.raises(FixtureError, match=re.escape(expected)):
        FakeChatwoot(fixtures=_folder(tmp_path, SET.replace(old, new)))
