"""/api/v1/accounts/:account_id/agents.
Source: reference 3.2 and 7, app/controllers/api/v1/accounts/agents_controller.rb,
app/builders/agent_builder.rb, app/views/api/v1/models/_agent.json.jbuilder, agents spec."""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_ACCOUNT_LIMIT,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, PASSWORD, sign_in, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
AGENTS = "/api/v1/accounts/1/agents"
AGENT_KEYS = {
    "id": int,
    "account_id": int,
    "availability_status": str,
    "auto_offline": bool,
    "confirmed": bool,
    "email": str,
    "provider": str,
    "available_name": str,
    "name": str,
    "role": str,
    "thumbnail": str,
    "custom_role_id": (int, type(None)),  # the standard image's agent partial (enterprise code present)
}
AGENT_ORDER = list(AGENT_KEYS)


def assert_agent(body):
    assert_shape(body, AGENT_KEYS, optional={"custom_attributes": dict})
    assert [key for key in body if key != "custom_attributes"] == AGENT_ORDER
    for absent in ("display_name", "avatar", "availability", "active"):
        assert absent not in body


ENDPOINTS = [
    ("GET", AGENTS, None),
    ("POST", AGENTS, {"email": "x@acme.inc", "name": "X"}),
    ("PUT", f"{AGENTS}/2", {"name": "X"}),
    ("PATCH", f"{AGENTS}/2", {"name": "X"}),
    ("DELETE", f"{AGENTS}/2", None),
    ("POST", f"{AGENTS}/bulk_create", {"emails": ["x@acme.inc"]}),
]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_agents_refuse_strangers_other_accounts_and_missing_accounts(client, fake, method, url, body):
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    other = client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    missing = client.request(method, url.replace("/accounts/1/", "/accounts/99/"), json=body, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_list_agents_bare_array_ordered_by_lower_name(client, fake):
    fake.store.account_users.invite(account_id=1, email="al@acme.inc", name="al")
    response = client.get(AGENTS, headers=AGENT)  # any member may list
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list)
    for agent in body:
        assert_agent(agent)
    assert [a["name"] for a in body] == ["al", "Jane", "John"]
    assert {a["account_id"] for a in body} == {1}
    assert client.get(AGENTS, headers=sign_in(client)).status_code == 200


def test_create_agent_flat_or_wrapped_invites_by_email(client, fake):
    response = client.post(
        AGENTS, json={"name": "Zed", "email": "Zed@acme.inc", "role": "administrator"}, headers=ADMIN
    )
    assert response.status_code == 200
    body = response.json()
    assert_agent(body)
    assert (body["email"], body["role"], body["confirmed"], body["availability_status"]) == (
        "zed@acme.inc",
        "administrator",
        False,
        "offline",
    )
    mails = fake.store.mailer.outbox(to="zed@acme.inc")
    assert [m.template for m in mails] == ["confirmation_instructions"]
    member = fake.store.account_users.find(1, body["id"])
    assert (member.inviter_id, member.availability, member.auto_offline) == (1, "online", True)
    wrapped = client.post(AGENTS, json={"agent": {"name": "Yan", "email": "yan@acme.inc"}}, headers=ADMIN)
    assert wrapped.status_code == 200 and wrapped.json()["role"] == "agent"


def test_create_agent_links_an_existing_user_of_another_account(client, fake):
    response = client.post(AGENTS, json={"email": "hank@globex.test", "name": "ignored"}, headers=ADMIN)
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["name"], response.json()["confirmed"]) == (3, "Hank", True)
    assert fake.store.mailer.outbox() == []


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (
            {"email": "jane@acme.inc", "name": "J"},
            422,
            {"message": "User has already been taken", "attributes": ["user_id"]},
        ),
        (
            {"email": "not an email", "name": "N"},
            422,
            {"message": "Email is invalid", "attributes": ["email"]},
        ),
        ({"name": "N"}, 422, {"message": "Email can't be blank", "attributes": ["email"]}),
        (
            {"email": "n@acme.inc", "name": "N", "role": "owner"},
            422,
            {"message": "Role is not included in the list", "attributes": ["role"]},
        ),
        (
            {"email": "n@acme.inc", "name": "N", "availability": "away"},
            422,
            {"message": "Availability is not included in the list", "attributes": ["availability"]},
        ),
        ({}, 422, {"error": "param is missing or the value is empty: agent"}),
    ],
)
def test_create_agent_refusals_change_nothing(client, fake, body, status, expected):
    before = fake.snapshot()
    response = client.post(AGENTS, json=body, headers=ADMIN)
    assert (response.status_code, response.json()) == (status, expected)
    assert fake.snapshot() == before


def test_create_agent_as_agent_is_401(client, fake):
    response = client.post(AGENTS, json={"email": "x@acme.inc", "name": "X"}, headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_agent_limit_is_402(client, fake):
    fake.store.state.accounts[1].limits["agents"] = 2
    before = fake.snapshot()
    response = client.post(AGENTS, json={"email": "x@acme.inc", "name": "X"}, headers=ADMIN)
    assert (response.status_code, response.json()) == (402, {"error": MSG_ACCOUNT_LIMIT})
    bulk = client.post(f"{AGENTS}/bulk_create", json={"emails": ["x@acme.inc"]}, headers=ADMIN)
    assert (bulk.status_code, bulk.json()) == (402, {"error": MSG_ACCOUNT_LIMIT})
    assert fake.snapshot() == before
    fake.store.state.accounts[1].limits["agents"] = 3
    assert client.post(AGENTS, json={"email": "x@acme.inc", "name": "X"}, headers=ADMIN).status_code == 200


def test_update_agent_name_on_user_and_membership_fields(client, fake):
    response = client.patch(
        f"{AGENTS}/2",
        json={
            "name": "Janet",
            "role": "administrator",
            "availability": "busy",
            "auto_offline": False,
            "email": "ignored@acme.inc",
        },
        headers=ADMIN,
    )
    assert response.status_code == 200
    body = response.json()
    assert_agent(body)
    assert (body["name"], body["role"], body["availability_status"], body["auto_offline"], body["email"]) == (
        "Janet",
        "administrator",
        "busy",
        False,
        "jane@acme.inc",
    )
    put = client.put(f"{AGENTS}/2", json={"agent": {"role": "agent"}}, headers=ADMIN)
    assert put.json()["role"] == "agent" and put.json()["name"] == "Janet"


def test_update_agent_refusals(client, fake):
    before = fake.snapshot()
    # the record is looked up before the role check: 404 first, then 401
    for url, headers, expected in (
        (f"{AGENTS}/99", AGENT, (404, {"error": MSG_NOT_FOUND})),
        (f"{AGENTS}/3", ADMIN, (404, {"error": MSG_NOT_FOUND})),
        (f"{AGENTS}/1", AGENT, (401, {"error": MSG_NOT_AUTHORIZED_ACTION})),
    ):
        response = client.put(url, json={"name": "X"}, headers=headers)
        assert (response.status_code, response.json()) == expected
    bad = client.put(f"{AGENTS}/2", json={"role": "owner"}, headers=ADMIN)
    assert (bad.status_code, bad.json()) == (
        422,
        {"message": "Role is not included in the list", "attributes": ["role"]},
    )
    assert fake.snapshot() == before


def test_delete_agent_removes_membership_and_orphan_user(client, fake):
    response = client.delete(f"{AGENTS}/2", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.users.get(2) is None
    assert client.get("/api/v1/profile", headers=AGENT).status_code == 401
    # a user with another account keeps the user record
    fake.store.account_users.add(account_id=1, user_id=3)
    assert client.delete(f"{AGENTS}/3", headers=ADMIN).status_code == 200
    assert fake.store.users.get(3) is not None and fake.store.account_users.find(1, 3) is None


def test_delete_agent_refusals(client, fake):
    assert client.delete(f"{AGENTS}/99", headers=AGENT).status_code == 404
    response = client.delete(f"{AGENTS}/1", headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_bulk_create_skips_invalid_and_existing(client, fake):
    fake.store.state.accounts[1].custom_attributes["onboarding_step"] = "invite_team"
    response = client.post(
        f"{AGENTS}/bulk_create", json={"emails": ["new@acme.inc", "bad", "jane@acme.inc", 7]}, headers=ADMIN
    )
    assert (response.status_code, response.content) == (200, b"")
    names = [a["name"] for a in client.get(AGENTS, headers=ADMIN).json()]
    assert names == ["Jane", "John", "new"]
    assert "onboarding_step" not in fake.store.state.accounts[1].custom_attributes


def test_bulk_create_refusals(client, fake):
    for body in ({}, {"emails": "x@acme.inc"}):
        response = client.post(f"{AGENTS}/bulk_create", json=body, headers=ADMIN)
        assert (response.status_code, response.json()) == (
            422,
            {"error": "param is missing or the value is empty: emails"},
        )
    response = client.post(f"{AGENTS}/bulk_create", json={"emails": ["x@acme.inc"]}, headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_availability_status_follows_presence(client, fake):
    fake.store.presence.heartbeat(1, "User", 2)
    jane = next(a for a in client.get(AGENTS, headers=ADMIN).json() if a["id"] == 2)
    assert jane["availability_status"] == "online"


def test_invited_agent_can_sign_in_after_reset(client, fake):
    client.post(AGENTS, json={"email": "z@acme.inc", "name": "Z"}, headers=ADMIN)
    client.post("/auth/password", json={"email": "z@acme.inc"})
    reset = fake.store.mailer.outbox(to="z@acme.inc", template="reset_password_instructions")[0]
    done = client.put(
        "/auth/password",
        json={
            "reset_password_token": reset.data["reset_password_token"],
            "password": PASSWORD,
            "password_confirmation": PASSWORD,
        },
    )
    assert done.status_code == 200 and done.json()["data"]["confirmed"] is True


def test_an_agent_without_a_name_sorts_last(client):
    from tests.conftest import ADMIN_TOKEN, token

    headers = token(ADMIN_TOKEN)
    assert client.put("/api/v1/profile", json={"profile": {"name": None}}, headers=headers).status_code == 200
    agents = client.get("/api/v1/accounts/1/agents", headers=headers)
    assert agents.status_code == 200
    assert agents.json()[-1]["id"] == 1  # lower(NULL) sorts last in PostgreSQL's ascending order


def test_bulk_create_uses_agent_builder_defaults(client, fake):
    """bulk_create passes no role/availability/auto_offline, so AgentBuilder's own defaults apply:
    agent, offline, auto_offline false (create passes nils, which fall to the column defaults)."""
    fake.store.state.accounts[1].custom_attributes["onboarding_step"] = "invite_team"
    empty = client.post(f"{AGENTS}/bulk_create", json={"emails": []}, headers=ADMIN)
    assert (empty.status_code, empty.content) == (200, b"")
    assert "onboarding_step" not in fake.store.state.accounts[1].custom_attributes
    client.post(f"{AGENTS}/bulk_create", json={"emails": ["bulk@acme.inc"]}, headers=ADMIN)
    user = fake.store.users.by_email("bulk@acme.inc")
    member = fake.store.account_users.find(1, user.id)
    assert (member.role, member.availability, member.auto_offline) == ("agent", "offline", False)
    created = client.post(AGENTS, json={"email": "single@acme.inc", "name": "Single"}, headers=ADMIN).json()
    single = fake.store.account_users.find(1, created["id"])
    assert (single.role, single.availability, single.auto_offline) == ("agent", "online", True)
