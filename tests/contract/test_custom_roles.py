"""/api/v1/accounts/:id/custom_roles on an unlicensed v4.10 install (no licence or feature gate):
administrators only for every action; find_by before the policy (a missing role a 404 where upstream
uses nil); permissions an array of CustomRole::PERMISSIONS; index a bare array, the others the
unwrapped partial. Source: enterprise/app/controllers/api/v1/accounts/custom_roles_controller.rb,
enterprise/app/policies/custom_role_policy.rb, enterprise/app/models/custom_role.rb,
enterprise/app/views/api/v1/models/_custom_role.json.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot.clock import FrozenClock, SystemClock
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.serializers.platform import account_user_row_json
from fakewoot.store.custom_roles import PERMISSIONS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601

URL = "/api/v1/accounts/1/custom_roles"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
DENIED = (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
MISSING = (404, {"error": MSG_NOT_FOUND})
ROLE_KEYS = ["id", "name", "description", "permissions", "created_at", "updated_at"]
NOT_INCLUDED = (422, {"message": "Permissions is not included in the list", "attributes": ["permissions"]})


def _answer(client, method, path, headers, body=None):
    response = client.request(method, URL + path, headers=headers, json=body)
    return response.status_code, (response.json() if response.content else None)


def _create(client, **values):
    body = {"custom_role": {"name": "Support", "permissions": ["contact_manage"], **values}}
    status, role = _answer(client, "POST", "", ADMIN, body)
    assert status == 200, role
    return role


def test_create_renders_the_partial(client, fake):
    role = _create(client, description="front line", permissions=list(PERMISSIONS))
    assert list(role) == ROLE_KEYS
    assert role["name"] == "Support" and role["description"] == "front line"
    assert role["permissions"] == list(PERMISSIONS)
    assert ISO8601.match(role["created_at"]) and ISO8601.match(role["updated_at"])
    assert fake.store.custom_roles.get(1, role["id"]) is not None


def test_permissions_default_empty_and_non_arrays_are_dropped(client):
    assert _create(client, permissions=[])["permissions"] == []
    assert _create(client, permissions="contact_manage")["permissions"] == []  # permit(permissions: [])
    assert _create(client, permissions=[{"a": 1}])["permissions"] == []


@pytest.mark.parametrize("permissions", [["contact_manage", "fly"], [1], [None]])
def test_unknown_permissions_are_refused(client, fake, permissions):
    assert _answer(client, "POST", "", ADMIN, {"custom_role": {"name": "x", "permissions": permissions}}) == (
        NOT_INCLUDED
    )
    assert fake.store.custom_roles.of(1) == []


def test_create_refusals(client, fake):
    assert _answer(client, "POST", "", AGENT, {"custom_role": {"name": "x"}}) == DENIED
    both = _answer(client, "POST", "", ADMIN, {"custom_role": {"name": "", "permissions": ["x"]}})
    message = "Name can't be blank, Permissions is not included in the list"
    assert both == (422, {"message": message, "attributes": ["name", "permissions"]})
    missing = _answer(client, "POST", "", ADMIN, {"other": 1})
    assert missing == (422, {"error": MSG_PARAM_MISSING.format(key="custom_role")})
    assert fake.store.custom_roles.of(1) == []


def test_index_and_show_are_for_administrators(client):
    first, second = _create(client), _create(client, name="Reports", permissions=["report_manage"])
    assert _answer(client, "GET", "", ADMIN) == (200, [first, second])
    assert _answer(client, "GET", f"/{first['id']}", ADMIN) == (200, first)
    for method, path in (("GET", ""), ("GET", f"/{first['id']}")):
        assert _answer(client, method, path, AGENT) == DENIED
    for method in ("GET", "PATCH", "DELETE"):
        assert _answer(client, method, "/999", ADMIN, {"custom_role": {"name": "x"}}) == MISSING
        assert _answer(client, method, "/999", AGENT, {"custom_role": {"name": "x"}}) == DENIED


def test_update_and_destroy(client, fake):
    role = _create(client)
    path = f"/{role['id']}"
    assert _answer(client, "PUT", path, AGENT, {"custom_role": {"name": "x"}}) == DENIED
    status, updated = _answer(
        client, "PATCH", path, ADMIN, {"custom_role": {"permissions": ["report_manage"]}}
    )
    assert status == 200 and updated["name"] == "Support" and updated["permissions"] == ["report_manage"]
    assert _answer(client, "PATCH", path, ADMIN, {"custom_role": {"permissions": ["nope"]}}) == NOT_INCLUDED
    assert _answer(client, "GET", path, ADMIN)[1]["permissions"] == ["report_manage"]
    assert _answer(client, "DELETE", path, AGENT) == DENIED
    assert _answer(client, "DELETE", path, ADMIN) == (200, None)
    assert fake.store.custom_roles.of(1) == []
    assert _answer(client, "DELETE", path, ADMIN) == MISSING


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("POST", ""), ("GET", "/1"), ("PATCH", "/1"), ("PUT", "/1"), ("DELETE", "/1")],
)
def test_strangers_bots_and_other_accounts_are_refused(client, method, path):
    body = {"custom_role": {"name": "x"}}
    assert_refuses_strangers(client, method, URL + path, json=body)
    assert _answer(client, method, path, token(BOT_TOKEN), body) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = _answer(client, method, path, token(OTHER_ADMIN_TOKEN), body)
    assert other == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


AGENTS = "/api/v1/accounts/1/agents"


def _jane(client):
    return next(a for a in client.get(AGENTS, headers=ADMIN).json() if a["email"] == "jane@acme.inc")


def _profile_account(client):
    accounts = client.get("/api/v1/profile", headers=AGENT).json()["accounts"]
    return next(a for a in accounts if a["id"] == 1)


def test_agents_take_a_custom_role_on_update_and_lose_it_without_one(client, fake):
    role = _create(client, description="desk", permissions=["contact_manage", "report_manage"])
    jane = _jane(client)
    assert jane["custom_role_id"] is None
    updated = client.patch(f"{AGENTS}/{jane['id']}", json={"custom_role_id": role["id"]}, headers=ADMIN)
    assert updated.status_code == 200 and updated.json()["custom_role_id"] == role["id"]
    assert _jane(client)["custom_role_id"] == role["id"]
    entry = _profile_account(client)
    assert entry["custom_role_id"] == role["id"]
    assert entry["custom_role"] == {
        "id": role["id"],
        "name": "Support",
        "description": "desk",
        "permissions": ["contact_manage", "report_manage"],
    }
    assert entry["permissions"] == ["contact_manage", "report_manage", "custom_role"]
    # the platform API's account_users row carries the custom_role_id column
    assert (
        account_user_row_json(fake.store, fake.store.account(1).members.get(jane["id"]))["custom_role_id"]
        == (role["id"])
    )
    # update!(custom_role_id: params[:custom_role_id]): an update without it clears the role
    client.patch(f"{AGENTS}/{jane['id']}", json={"name": "Jane"}, headers=ADMIN)
    assert _jane(client)["custom_role_id"] is None
    entry = _profile_account(client)
    assert (
        entry["custom_role_id"] is None and entry["custom_role"] is None and entry["permissions"] == ["agent"]
    )


def test_destroying_a_role_nullifies_its_members(client):
    role = _create(client)
    jane = _jane(client)
    client.patch(f"{AGENTS}/{jane['id']}", json={"custom_role_id": str(role["id"])}, headers=ADMIN)
    assert _jane(client)["custom_role_id"] == role["id"]
    assert _answer(client, "DELETE", f"/{role['id']}", ADMIN) == (200, None)
    assert _jane(client)["custom_role_id"] is None


def test_new_agents_take_the_role_and_unknown_ids_are_stored(client):
    role = _create(client)
    body = {"name": "Rolf", "email": "rolf@acme.inc", "role": "agent", "custom_role_id": role["id"]}
    created = client.post(AGENTS, json=body, headers=ADMIN)
    assert created.status_code == 200 and created.json()["custom_role_id"] == role["id"]
    jane = _jane(client)
    client.patch(f"{AGENTS}/{jane['id']}", json={"custom_role_id": 999}, headers=ADMIN)  # no foreign key
    assert _jane(client)["custom_role_id"] == 999
    entry = _profile_account(client)
    assert (
        entry["custom_role_id"] == 999 and entry["custom_role"] is None and entry["permissions"] == ["agent"]
    )
    client.patch(f"{AGENTS}/{jane['id']}", json={"custom_role_id": "abc"}, headers=ADMIN)
    assert _jane(client)["custom_role_id"] == 0  # String#to_i
    client.patch(f"{AGENTS}/{jane['id']}", json={"custom_role_id": ""}, headers=ADMIN)
    assert _jane(client)["custom_role_id"] is None  # blank is nil


def test_a_custom_role_id_past_a_bigint_is_refused_before_anything_changes(client, fake):
    jane = _jane(client)
    answer = client.patch(
        f"{AGENTS}/{jane['id']}", json={"name": "X", "custom_role_id": 2**63}, headers=ADMIN
    )
    assert answer.status_code == 422
    assert answer.json() == {"message": "Custom role is out of range", "attributes": ["custom_role_id"]}
    assert _jane(client)["name"] == jane["name"]


def test_a_changed_role_id_touches_the_membership(client, fake):
    fake.set_clock(FrozenClock(1_900_000_000))
    try:
        role = _create(client)
        member = fake.store.account(1).members[_jane(client)["id"]]
        fake.store.custom_roles.assign(member, role["id"])
        assert member.updated_at == 1_900_000_000
        fake.clock.advance(60)
        fake.store.custom_roles.assign(member, role["id"])
        assert member.updated_at == 1_900_000_000  # the same id: no write
        fake.store.custom_roles.assign(member, None)
        assert member.updated_at == 1_900_000_060
    finally:
        fake.set_clock(SystemClock())
