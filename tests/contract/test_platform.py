"""/platform/api/v1: users, accounts, account_users with a platform app token.
Source: reference 2.1, 3.4 and 8; app/controllers/platform_controller.rb,
app/controllers/platform/api/v1/*_controller.rb and their specs, app/views/platform/api/v1/**."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from fakewoot.errors import MSG_PLATFORM_INVALID_TOKEN, MSG_PLATFORM_NON_PERMISSIBLE
from tests.conftest import ADMIN_TOKEN, BOT_TOKEN, PLATFORM_TOKEN, sign_in, token
from tests.contract import shapes
from tests.contract.shapes import ISO8601, NoneType, assert_shape

PLATFORM = token(PLATFORM_TOKEN)
RAILS_404 = {"status": 404, "error": "Not Found"}
USER_KEYS = {k: kind for k, kind in shapes.USER_KEYS.items() if k not in ("inviter_id", "type")}
USER_ORDER = [k for k in shapes.USER_ORDER if k in USER_KEYS]
ACCOUNT_KEYS = {
    "id": int,
    "name": str,
    "locale": str,
    "domain": (str, NoneType),
    "support_email": (str, NoneType),
    "features": dict,
    "custom_attributes": dict,
    "limits": dict,
    "status": str,
}
ACCOUNT_USER_KEYS = {
    "id": int,
    "account_id": int,
    "user_id": int,
    "role": str,
    "inviter_id": (int, NoneType),
    "created_at": str,
    "updated_at": str,
    "active_at": (str, NoneType),
    "availability": str,
    "auto_offline": bool,
    "custom_role_id": NoneType,
    "agent_capacity_policy_id": NoneType,
}
NEW_USER = {
    "name": "Pat",
    "email": "Pat@tenant.test",
    "password": "Password1!",
    "custom_attributes": {"plan": "pro"},
}


def assert_platform_user(body):
    assert_shape(body, USER_KEYS, optional={"custom_attributes": dict})
    assert [k for k in body if k != "custom_attributes"] == USER_ORDER
    for account in body["accounts"]:
        assert_shape(account, {"id": int, "name": str, "active_at": (str, NoneType), "role": str})


def create_user(client, **changes):
    response = client.post("/platform/api/v1/users", json={**NEW_USER, **changes}, headers=PLATFORM)
    assert response.status_code == 200, response.text
    return response.json()


PLATFORM_ENDPOINTS = [
    ("POST", "/platform/api/v1/users", NEW_USER),
    ("GET", "/platform/api/v1/users/1", None),
    ("PATCH", "/platform/api/v1/users/1", {"name": "x"}),
    ("DELETE", "/platform/api/v1/users/1", None),
    ("GET", "/platform/api/v1/users/1/login", None),
    ("POST", "/platform/api/v1/users/1/token", None),
    ("GET", "/platform/api/v1/accounts", None),
    ("POST", "/platform/api/v1/accounts", {"name": "T"}),
    ("GET", "/platform/api/v1/accounts/1", None),
    ("PUT", "/platform/api/v1/accounts/1", {"name": "T"}),
    ("DELETE", "/platform/api/v1/accounts/1", None),
    ("GET", "/platform/api/v1/accounts/1/account_users", None),
    ("POST", "/platform/api/v1/accounts/1/account_users", {"user_id": 1}),
    ("DELETE", "/platform/api/v1/accounts/1/account_users", {"user_id": 1}),
]


@pytest.mark.parametrize(("method", "url", "body"), PLATFORM_ENDPOINTS)
def test_platform_refuses_every_non_platform_credential(client, fake, method, url, body):
    session = sign_in(client)
    before = fake.snapshot()
    for headers in ({}, token("nope"), token(""), token(ADMIN_TOKEN), token(BOT_TOKEN), session):
        response = client.request(method, url, json=body, headers=headers)
        assert (response.status_code, response.json()) == (401, {"error": MSG_PLATFORM_INVALID_TOKEN}), (
            headers
        )
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), [e for e in PLATFORM_ENDPOINTS if "/1" in e[1]])
def test_platform_refuses_records_the_app_did_not_create(client, fake, method, url, body):
    before = fake.snapshot()
    response = client.request(method, url, json=body, headers=PLATFORM)
    assert (response.status_code, response.json()) == (401, {"error": MSG_PLATFORM_NON_PERMISSIBLE})
    missing = client.request(method, url.replace("/1", "/999", 1), json=body, headers=PLATFORM)
    assert (missing.status_code, missing.json()) == (404, RAILS_404)  # the lookup comes first, not rescued
    assert fake.snapshot() == before


def test_create_user_returns_platform_shape_confirmed_and_permissible(client, fake):
    body = create_user(client)
    assert_platform_user(body)
    assert (body["email"], body["confirmed"], body["custom_attributes"], body["accounts"]) == (
        "pat@tenant.test",
        True,
        {"plan": "pro"},
        [],
    )
    assert fake.store.mailer.outbox() == []
    assert client.get(f"/platform/api/v1/users/{body['id']}", headers=PLATFORM).json() == body


def test_create_user_with_an_existing_email_returns_it_unchanged(client, fake):
    response = client.post(
        "/platform/api/v1/users",
        json={"name": "Other", "email": "JANE@acme.inc", "password": "Another1!"},
        headers=PLATFORM,
    )
    assert response.status_code == 200
    body = response.json()
    assert_platform_user(body)
    assert (body["id"], body["name"], body["role"]) == (2, "Jane", "agent")
    assert body["accounts"] == [{"id": 1, "name": "Acme Inc", "active_at": None, "role": "agent"}]
    assert client.get("/platform/api/v1/users/2", headers=PLATFORM).status_code == 200  # now permissible
    assert (
        client.post("/auth/sign_in", json={"email": "jane@acme.inc", "password": "Password1!"}).status_code
        == 200
    )


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"email": "bad"}, "Email is invalid", ["email"]),
        ({"email": None}, "Email can't be blank", ["email"]),
        ({"password": None}, "Password can't be blank", ["password"]),
        (
            {"password": "password"},
            "Password must contain at least 1 uppercase character (A..Z), "
            "Password must contain at least 1 number character (0..9), "
            'Password must contain at least 1 special character (!@#$%^&*()_+-=[]{}|"/\\.,<>;?~)',
            ["password"],
        ),
    ],
)
def test_create_user_validation(client, fake, body, message, attributes):
    before = fake.snapshot()
    response = client.post("/platform/api/v1/users", json={**NEW_USER, **body}, headers=PLATFORM)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": attributes})
    assert fake.snapshot() == before


def test_update_user_merges_custom_attributes_and_applies_email_at_once(client, fake):
    user = create_user(client)
    response = client.patch(
        f"/platform/api/v1/users/{user['id']}",
        json={
            "name": "Patricia",
            "display_name": "P",
            "email": "new@tenant.test",
            "custom_attributes": {"seats": 3},
        },
        headers=PLATFORM,
    )
    assert response.status_code == 200
    body = response.json()
    assert_platform_user(body)
    assert (body["name"], body["available_name"], body["email"], body["uid"]) == (
        "Patricia",
        "P",
        "new@tenant.test",
        "new@tenant.test",
    )
    assert body["custom_attributes"] == {"plan": "pro", "seats": 3}
    taken = client.put(
        f"/platform/api/v1/users/{user['id']}", json={"email": "john@acme.inc"}, headers=PLATFORM
    )
    assert (taken.status_code, taken.json()) == (
        422,
        {"message": "Email has already been taken", "attributes": ["email"]},
    )


def test_delete_user(client, fake):
    user = create_user(client)
    response = client.delete(f"/platform/api/v1/users/{user['id']}", headers=PLATFORM)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.users.get(user["id"]) is None
    gone = client.get(f"/platform/api/v1/users/{user['id']}", headers=PLATFORM)
    assert (gone.status_code, gone.json()) == (404, RAILS_404)


def test_login_url_signs_the_user_in_once(client, fake):
    user = create_user(client)
    response = client.get(f"/platform/api/v1/users/{user['id']}/login", headers=PLATFORM)
    assert response.status_code == 200
    assert list(response.json()) == ["url"]
    url = urlparse(response.json()["url"])
    assert url.path == "/app/login"
    assert "email=pat%40tenant.test" in url.query
    query = parse_qs(url.query)
    assert len(query["sso_auth_token"][0]) == 64
    login = {"email": query["email"][0], "sso_auth_token": query["sso_auth_token"][0]}
    signed_in = client.post("/auth/sign_in", json=login)
    assert signed_in.status_code == 200
    assert signed_in.json()["data"]["email"] == "pat@tenant.test"
    assert signed_in.headers["access-token"]
    again = client.post("/auth/sign_in", json=login)
    assert again.status_code == 401


def test_sso_token_expires_after_five_minutes(client, fake):
    user = create_user(client)
    url = client.get(f"/platform/api/v1/users/{user['id']}/login", headers=PLATFORM).json()["url"]
    query = parse_qs(urlparse(url).query)
    for token_value, (owner, expires) in list(fake.store.state.sso_tokens.items()):
        fake.store.state.sso_tokens[token_value] = (owner, expires - 301)
    login = {"email": query["email"][0], "sso_auth_token": query["sso_auth_token"][0]}
    assert client.post("/auth/sign_in", json=login).status_code == 401


def test_token_returns_the_existing_access_token(client, fake):
    user = create_user(client)
    response = client.post(f"/platform/api/v1/users/{user['id']}/token", headers=PLATFORM)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["access_token", "expiry", "user"]
    assert (body["access_token"], body["expiry"]) == (user["access_token"], None)
    assert body["user"] == {
        "id": user["id"],
        "name": "Pat",
        "display_name": None,
        "email": "pat@tenant.test",
        "pubsub_token": user["pubsub_token"],
    }
    again = client.post(f"/platform/api/v1/users/{user['id']}/token", headers=PLATFORM).json()
    assert again["access_token"] == user["access_token"]  # not regenerated
    assert client.get("/api/v1/profile", headers=token(body["access_token"])).status_code == 200


def test_platform_account_lifecycle(client, fake):
    response = client.post(
        "/platform/api/v1/accounts",
        json={
            "name": "Tenant",
            "locale": "es",
            "features": {"ip_lookup": True, "agent_bots": False},
            "limits": {"agents": 5, "inboxes": 10},
            "custom_attributes": {"plan": "pro"},
        },
        headers=PLATFORM,
    )
    assert response.status_code == 200
    body = response.json()
    assert_shape(body, ACCOUNT_KEYS)
    assert list(body) == list(ACCOUNT_KEYS)
    assert (body["name"], body["locale"], body["limits"], body["custom_attributes"], body["status"]) == (
        "Tenant",
        "es",
        {"agents": 5, "inboxes": 10},
        {"plan": "pro"},
        "active",
    )
    assert body["features"]["ip_lookup"] is True and "agent_bots" not in body["features"]
    assert body["features"]["agent_management"] is True
    account_id = body["id"]
    listed = client.get("/platform/api/v1/accounts", headers=PLATFORM).json()
    assert [a["id"] for a in listed] == [account_id]
    updated = client.patch(
        f"/platform/api/v1/accounts/{account_id}",
        json={
            "name": "Tenant 2",
            "status": "suspended",
            "limits": {"agents": 1},
            "features": {"ip_lookup": False},
        },
        headers=PLATFORM,
    ).json()
    assert (updated["name"], updated["status"], updated["limits"], updated["custom_attributes"]) == (
        "Tenant 2",
        "suspended",
        {"agents": 1},
        {"plan": "pro"},
    )
    assert "ip_lookup" not in updated["features"]
    assert client.get(f"/platform/api/v1/accounts/{account_id}", headers=PLATFORM).json() == updated
    deleted = client.delete(f"/platform/api/v1/accounts/{account_id}", headers=PLATFORM)
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert client.get("/platform/api/v1/accounts", headers=PLATFORM).json() == []


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({}, "Name can't be blank", ["name"]),
        ({"name": "T", "locale": "xx"}, "Locale is not included in the list", ["locale"]),
        ({"name": "T", "status": "gone"}, "Status is not included in the list", ["status"]),
    ],
)
def test_platform_account_validation(client, fake, body, message, attributes):
    before = fake.snapshot()
    response = client.post("/platform/api/v1/accounts", json=body, headers=PLATFORM)
    assert (response.status_code, response.json()) == (422, {"message": message, "attributes": attributes})
    assert fake.snapshot() == before


def test_account_users_provision_a_tenant(client, fake):
    account_id = client.post("/platform/api/v1/accounts", json={"name": "Tenant"}, headers=PLATFORM).json()[
        "id"
    ]
    user = create_user(client)
    url = f"/platform/api/v1/accounts/{account_id}/account_users"
    created = client.post(url, json={"user_id": user["id"], "role": "administrator"}, headers=PLATFORM)
    assert created.status_code == 200
    row = created.json()
    assert_shape(row, ACCOUNT_USER_KEYS)
    assert list(row) == list(ACCOUNT_USER_KEYS)
    assert (row["account_id"], row["user_id"], row["role"], row["availability"]) == (
        account_id,
        user["id"],
        "administrator",
        "online",
    )
    assert ISO8601.match(row["created_at"])
    upsert = client.post(url, json={"user_id": user["id"], "role": "agent"}, headers=PLATFORM).json()
    assert (upsert["id"], upsert["role"]) == (row["id"], "agent")
    listed = client.get(url, headers=PLATFORM).json()
    assert [r["user_id"] for r in listed] == [user["id"]]
    # the provisioned user now works on the account API with its own token
    profile = client.get("/api/v1/profile", headers=token(user["access_token"])).json()
    assert profile["accounts"][0]["id"] == account_id
    removed = client.request("DELETE", url, json={"user_id": user["id"]}, headers=PLATFORM)
    assert (removed.status_code, removed.content) == (200, b"")
    assert client.get(url, headers=PLATFORM).json() == []
    assert fake.store.users.get(user["id"]) is not None  # the user stays
    assert client.request("DELETE", url, json={"user_id": 12345}, headers=PLATFORM).status_code == 200


def test_account_users_validation(client, fake):
    account_id = client.post("/platform/api/v1/accounts", json={"name": "Tenant"}, headers=PLATFORM).json()[
        "id"
    ]
    url = f"/platform/api/v1/accounts/{account_id}/account_users"
    before = fake.snapshot()
    for body, message, attributes in (
        ({"user_id": 999}, "User must exist", ["user"]),
        ({}, "User must exist", ["user"]),
        ({"user_id": 1, "role": "owner"}, "Role is not included in the list", ["role"]),
    ):
        response = client.post(url, json=body, headers=PLATFORM)
        assert (response.status_code, response.json()) == (
            422,
            {"message": message, "attributes": attributes},
        )
    assert fake.snapshot() == before


def test_account_features_follow_ruby_present(client):
    """update_resource_features: `value.present?` enables, so a "false" string or 0 enables too."""
    flags = {"ip_lookup": "false", "help_center": False, "labels": "", "macros": 0, "crm": None}
    body = client.post(
        "/platform/api/v1/accounts", json={"name": "Flags", "features": flags}, headers=PLATFORM
    ).json()
    assert body["features"].get("ip_lookup") is True
    assert body["features"].get("macros") is True
    for name in ("help_center", "labels", "crm"):
        assert name not in body["features"]


def test_platform_agent_bot_shape(client, fake):
    """platform/api/v1/models/_agent_bot.json.jbuilder: `outgoing_url` renders the bot's name."""
    body = {"name": "Helper", "description": "d", "outgoing_url": "https://bot.example/hook", "account_id": 1}
    created = client.post("/platform/api/v1/agent_bots", json=body, headers=PLATFORM)
    assert created.status_code == 200
    data = created.json()
    assert list(data) == ["id", "name", "description", "outgoing_url", "account_id", "access_token"]
    assert data["outgoing_url"] == "Helper"
    assert data["account_id"] == 1
    assert fake.store.agent_bots.get(data["id"]).outgoing_url == "https://bot.example/hook"
    missing = client.get("/platform/api/v1/agent_bots/999", headers=PLATFORM)
    assert (missing.status_code, missing.json()) == (404, {"status": 404, "error": "Not Found"})
    bad = client.post("/platform/api/v1/agent_bots", json={"name": "x", "account_id": 999}, headers=PLATFORM)
    assert (bad.status_code, bad.json()) == (
        422,
        {"message": "Account must exist", "attributes": ["account"]},
    )
    gone = client.delete(f"/platform/api/v1/agent_bots/{data['id']}", headers=PLATFORM)
    assert gone.status_code == 200
    assert client.get("/platform/api/v1/agent_bots", headers=PLATFORM).json() == []


def test_create_user_with_a_padded_existing_email_is_taken(client):
    """`User.from_email` does not strip; Devise strips the new record's email, which is taken."""
    body = {"name": "Dup", "email": " John@acme.inc ", "password": "Password1!"}
    response = client.post("/platform/api/v1/users", json=body, headers=PLATFORM)
    assert (response.status_code, response.json()) == (
        422,
        {"message": "Email has already been taken", "attributes": ["email"]},
    )
    found = client.post("/platform/api/v1/users", json={**body, "email": "John@ACME.inc"}, headers=PLATFORM)
    assert (found.status_code, found.json()["id"]) == (200, 1)
