"""Port of spec/controllers/platform/api/v1/account_users_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_PLATFORM_INVALID_TOKEN
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_accounts import PLATFORM, SpecApp

SPEC = "spec/controllers/platform/api/v1/account_users_controller_spec.rb"
UPSTREAM_ITS = 7
SKIPPED: dict[str, str] = {}
B = "{account_id}/account_users"
IX = f"GET /platform/api/v1/accounts/{B}"
C = f"POST /platform/api/v1/accounts/{B}"
D = f"DELETE /platform/api/v1/accounts/{B}"
NO_APP = "when it is an unauthenticated platform app > returns unauthorized"
APP = "when it is an authenticated platform app"


@pytest.fixture
def app(fake):
    return SpecApp(fake)


@pytest.fixture
def account(http, app):
    """`create(:account)` and `create(:platform_app_permissible, permissible: account)`: an account
    the app created, so it is permissible."""
    return ok(http.post("/platform/api/v1/accounts", json={"name": "Spec Account"}, headers=app.headers))


def _new_user(http, name="Spec Member"):
    """`create(:user)`: a user of no account."""
    body = {"name": name, "email": f"{name.lower().replace(' ', '-')}@example.test", "password": "Password1!"}
    return ok(http.post("/platform/api/v1/users", json=body, headers=PLATFORM))


def _url(account_id):
    return f"/platform/api/v1/accounts/{account_id}/account_users"


@ports(f"{IX} > {NO_APP}", f"{C} > {NO_APP}", f"{D} > {NO_APP}")
def test_every_endpoint_needs_a_platform_token(http, fake, account):
    before = fake.snapshot()
    for method in ("GET", "POST", "DELETE"):
        response = http.request(
            method, _url(account["id"]), params={"user_id": 1} if method == "DELETE" else None
        )
        assert (response.status_code, response.json()) == (401, {"error": MSG_PLATFORM_INVALID_TOKEN}), method
    assert fake.snapshot() == before


@ports(f"{IX} > {APP} > returns all the account users for the account")
def test_index(http, app, account):
    user = _new_user(http)
    member = ok(http.post(_url(account["id"]), json={"user_id": user["id"]}, headers=app.headers))
    response = http.get(_url(account["id"]), headers=app.headers)
    assert str(member["id"]) in response.text
    assert [row["id"] for row in ok(response)] == [member["id"]]


@ports(f"{C} > {APP} > creates a new account user for the account")
def test_create(http, fake, app, account):
    user = _new_user(http)
    data = ok(
        http.post(
            _url(account["id"]), json={"user_id": user["id"], "role": "administrator"}, headers=app.headers
        )
    )
    assert data["user_id"] == user["id"]
    assert fake.store.account_users.find(account["id"], user["id"]).role == "administrator"


@ports(f"{C} > {APP} > updates the new account user for the account")
def test_create_updates_an_existing_member(http, app, account):
    user = _new_user(http)
    first = ok(
        http.post(_url(account["id"]), json={"user_id": user["id"], "role": "agent"}, headers=app.headers)
    )
    data = ok(
        http.post(
            _url(account["id"]), json={"user_id": user["id"], "role": "administrator"}, headers=app.headers
        )
    )
    assert data["role"] == "administrator"
    assert data["id"] == first["id"]


@ports(f"{D} > {APP} > returns deletes the account user")
def test_delete(http, fake, app, account):
    user = _new_user(http)
    ok(http.post(_url(account["id"]), json={"user_id": user["id"], "role": "agent"}, headers=app.headers))
    response = http.request("DELETE", _url(account["id"]), json={"user_id": user["id"]}, headers=app.headers)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.account(account["id"]).members == {}
    assert ok(http.get(_url(account["id"]), headers=app.headers)) == []
