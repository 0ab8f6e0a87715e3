"""/api/v1/accounts/:id/sla_policies on an unlicensed v4.10 install (no licence or feature gate):
agents list and show, administrators write; find_by before the policy (show/update of a missing
policy a 404 where upstream renders nil, destroy of a missing one `head :ok`); the float and boolean
casts of the columns; the `payload` wrapper. Source: enterprise/app/controllers/api/v1/accounts/
sla_policies_controller.rb, enterprise/app/policies/sla_policy_policy.rb,
enterprise/app/models/sla_policy.rb, enterprise/app/views/api/v1/{accounts/sla_policies,models}."""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

URL = "/api/v1/accounts/1/sla_policies"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
MISSING = (404, {"error": MSG_NOT_FOUND})
POLICY_KEYS = [
    "id",
    "name",
    "description",
    "first_response_time_threshold",
    "next_response_time_threshold",
    "resolution_time_threshold",
    "only_during_business_hours",
]
FULL = {
    "name": "Gold",
    "description": "fast",
    "first_response_time_threshold": 60,
    "next_response_time_threshold": "120.5",
    "resolution_time_threshold": 3600,
    "only_during_business_hours": "true",
}


def _answer(client, method, path, headers, body=None):
    response = client.request(method, URL + path, headers=headers, json=body)
    return response.status_code, (response.json() if response.content else None)


def _create(client, **values):
    status, body = _answer(client, "POST", "", ADMIN, {"sla_policy": {**FULL, **values}})
    assert status == 200, body
    return body["payload"]


def test_create_renders_the_partial_with_cast_columns(client, fake):
    policy = _create(client)
    assert list(policy) == POLICY_KEYS
    assert policy == {
        "id": policy["id"],
        "name": "Gold",
        "description": "fast",
        "first_response_time_threshold": 60.0,
        "next_response_time_threshold": 120.5,
        "resolution_time_threshold": 3600.0,
        "only_during_business_hours": True,
    }
    assert isinstance(policy["first_response_time_threshold"], float)
    assert fake.store.sla_policies.get(1, policy["id"]) is not None


def test_create_defaults_and_flat_body(client):
    status, body = _answer(client, "POST", "", ADMIN, {"name": "Flat"})  # wrap_parameters
    assert status == 200
    assert body["payload"] == {
        "id": body["payload"]["id"],
        "name": "Flat",
        "description": None,
        "first_response_time_threshold": None,
        "next_response_time_threshold": None,
        "resolution_time_threshold": None,
        "only_during_business_hours": False,
    }


@pytest.mark.parametrize(
    ("sent", "stored"),
    [("12abc", 12.0), ("abc", 0.0), ("", None), (True, 1.0), ("1e2", 100.0), ("Infinity", None)],
)
def test_thresholds_cast_as_float_columns(client, sent, stored):
    policy = _create(client, first_response_time_threshold=sent)
    assert policy["first_response_time_threshold"] == stored


def test_create_refusals_leave_nothing(client, fake):
    assert _answer(client, "POST", "", AGENT, {"sla_policy": FULL}) == DENIED
    invalid = _answer(client, "POST", "", ADMIN, {"sla_policy": {**FULL, "name": " "}})
    assert invalid == (422, {"message": "Name can't be blank", "attributes": ["name"]})
    missing = _answer(client, "POST", "", ADMIN, {"other": 1})
    assert missing == (422, {"error": MSG_PARAM_MISSING.format(key="sla_policy")})
    assert fake.store.sla_policies.of(1) == []


def test_index_and_show_for_agents_and_administrators(client):
    first, second = _create(client), _create(client, name="Silver")
    for headers in (AGENT, ADMIN):
        assert _answer(client, "GET", "", headers) == (200, {"payload": [first, second]})
        assert _answer(client, "GET", f"/{second['id']}", headers) == (200, {"payload": second})
        assert _answer(client, "GET", "/999", headers) == MISSING


def test_update_is_for_administrators(client):
    policy = _create(client)
    path = f"/{policy['id']}"
    assert _answer(client, "PATCH", path, AGENT, {"sla_policy": {"name": "x"}}) == DENIED
    body = {"sla_policy": {"name": "Platinum", "only_during_business_hours": "0", "extra": 1}}
    status, updated = _answer(client, "PATCH", path, ADMIN, body)
    assert status == 200
    assert updated["payload"] == {**policy, "name": "Platinum", "only_during_business_hours": False}
    refused = _answer(client, "PUT", path, ADMIN, {"sla_policy": {"name": ""}})
    assert refused == (422, {"message": "Name can't be blank", "attributes": ["name"]})
    assert _answer(client, "GET", path, ADMIN)[1]["payload"]["name"] == "Platinum"
    assert _answer(client, "PATCH", "/999", ADMIN, {"sla_policy": {"name": "x"}}) == MISSING


def test_destroy_is_for_administrators_and_ok_when_absent(client, fake):
    policy = _create(client)
    path = f"/{policy['id']}"
    assert _answer(client, "DELETE", path, AGENT) == DENIED
    assert _answer(client, "DELETE", path, ADMIN) == (200, None)
    assert fake.store.sla_policies.of(1) == []
    assert _answer(client, "DELETE", path, ADMIN) == (200, None)


def test_policies_belong_to_their_account(client):
    policy = _create(client)
    other = client.get(f"/api/v1/accounts/2/sla_policies/{policy['id']}", headers=token(OTHER_ADMIN_TOKEN))
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("POST", ""), ("GET", "/1"), ("PATCH", "/1"), ("PUT", "/1"), ("DELETE", "/1")],
)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path):
    body = {"sla_policy": FULL}
    assert_refuses_strangers(client, method, URL + path, json=body)
    assert _answer(client, method, path, token(BOT_TOKEN), body) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = _answer(client, method, path, token(OTHER_ADMIN_TOKEN), body)
    assert other == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
