"""Port of spec/controllers/platform/api/v1/users_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_PLATFORM_INVALID_TOKEN, MSG_PLATFORM_NON_PERMISSIBLE
from tests.conftest import token
from tests.specs.ledger import ports
from tests.specs.support import new_user, ok
from tests.specs.support_accounts import SpecApp

SPEC = "spec/controllers/platform/api/v1/users_controller_spec.rb"
UPSTREAM_ITS = 24
SKIPPED: dict[str, str] = {}
G = "GET /platform/api/v1/users/{user_id}"
L = "GET /platform/api/v1/users/{user_id}/login"
T = "POST /platform/api/v1/users/{user_id}/token"
C = "POST /platform/api/v1/users/"
P = "PATCH /platform/api/v1/users/{user_id}"
D = "DELETE /platform/api/v1/users/{user_id}"
NO_APP = "when it is an unauthenticated platform app > returns unauthorized"
BAD_TOKEN = "when it is an invalid platform app token > returns unauthorized"
APP = "when it is an authenticated platform app"
NOT_PERMISSIBLE = f"{APP} > returns unauthorized when its not a permissible object"
INVALID = (401, {"error": MSG_PLATFORM_INVALID_TOKEN})


@pytest.fixture
def user(http):
    """`create(:user, email: 'dev+testing@chatwoot.com', custom_attributes: {test: 'test'})`."""
    return new_user(http, email="dev+testing@chatwoot.com", custom_attributes={"test": "test"})


@pytest.fixture
def app(fake):
    return SpecApp(fake)


def _routes(user_id):
    base = f"/platform/api/v1/users/{user_id}"
    return {
        G: ("GET", base),
        L: ("GET", f"{base}/login"),
        T: ("POST", f"{base}/token"),
        P: ("PATCH", base),
        D: ("DELETE", base),
    }


@ports(*(f"{it} > {NO_APP}" for it in (G, L, T, C, P, D)))
def test_every_endpoint_needs_a_platform_token(http, user):
    routes = {**_routes(user["id"]), C: ("POST", "/platform/api/v1/users")}
    for it, (method, url) in routes.items():
        response = http.request(method, url)
        assert (response.status_code, response.json()) == INVALID, it


@ports(*(f"{it} > {BAD_TOKEN}" for it in (G, L, T, C, P, D)))
def test_every_endpoint_refuses_an_invalid_token(http, user):
    routes = {**_routes(user["id"]), C: ("POST", "/platform/api/v1/users/")}
    for it, (method, url) in routes.items():
        response = http.request(method, url, json={}, headers=token("invalid"))
        assert (response.status_code, response.json()) == INVALID, it


@ports(*(f"{it} > {NOT_PERMISSIBLE}" for it in (G, L, T, P, D)))
def test_every_record_endpoint_refuses_a_non_permissible_user(http, fake, user, app):
    for it, (method, url) in _routes(user["id"]).items():
        response = http.request(method, url, json={"name": "test"}, headers=app.headers)
        assert (response.status_code, response.json()) == (401, {"error": MSG_PLATFORM_NON_PERMISSIBLE}), it
    stored = fake.store.users.get(user["id"])
    assert stored is not None and stored.name == user["name"]


@ports(f"{G} > {APP} > shows a user when its permissible object")
def test_show(http, user, app):
    app.permit("User", user["id"])
    data = ok(http.get(f"/platform/api/v1/users/{user['id']}", headers=app.headers))
    assert data["email"] == "dev+testing@chatwoot.com"
    assert data["custom_attributes"]["test"] == "test"


@ports(f"{L} > {APP} > return login link for user")
def test_login_link(http, user, app):
    app.permit("User", user["id"])
    data = ok(http.get(f"/platform/api/v1/users/{user['id']}/login", headers=app.headers))
    assert "email=dev%2Btesting%40chatwoot.com&sso_auth_token=" in data["url"]


@ports(f"{T} > {APP} > returns access token for the user with expiry and user info")
def test_token(http, fake, user, app):
    app.permit("User", user["id"])
    data = ok(http.post(f"/platform/api/v1/users/{user['id']}/token", headers=app.headers))
    stored = fake.store.users.get(user["id"])
    assert data["access_token"] == user["access_token"]
    assert data["expiry"] is None
    assert data["user"] == {
        "id": stored.id,
        "name": stored.name,
        "display_name": stored.display_name,
        "email": stored.email,
        "pubsub_token": stored.pubsub_token,
    }


@ports(f"{C} > {APP} > creates a new user and permissible for the user without sending an email")
def test_create(http, fake, app):
    outbox = len(fake.store.mailer.outbox())
    body = {
        "name": "test",
        "display_name": "displaytest",
        "email": "test@test.com",
        "password": "Password1!",
        "custom_attributes": {"test": "test_create"},
    }
    data = ok(http.post("/platform/api/v1/users/", json=body, headers=app.headers))
    assert len(fake.store.mailer.outbox()) == outbox
    assert data["name"] == "test"
    assert data["display_name"] == "displaytest"
    assert data["email"] == "test@test.com"
    assert data["custom_attributes"] == {"test": "test_create"}
    assert app.app.permissibles == {("User", data["id"])}


@ports(f"{C} > {APP} > fetch existing user and creates permissible for the user")
def test_create_with_an_existing_email(http, app):
    old = new_user(http, name="old test", email="test@test.com")
    body = {"name": "test", "email": "test@test.com", "password": "Password1!"}
    data = ok(http.post("/platform/api/v1/users/", json=body, headers=app.headers))
    assert data["name"] == "old test"
    assert data["id"] == old["id"]
    assert app.app.permissibles == {("User", data["id"])}


@ports(f"{P} > {APP} > updates the user attributes")
def test_update(http, user, app):
    app.permit("User", user["id"])
    body = {"name": "test123", "email": "newtestemail@test.com", "custom_attributes": {"test": "test_update"}}
    data = ok(http.patch(f"/platform/api/v1/users/{user['id']}", json=body, headers=app.headers))
    assert data["name"] == "test123"
    assert data["email"] == "newtestemail@test.com"
    assert data["custom_attributes"]["test"] == "test_update"


@ports(f"{D} > {APP} > deletes the user")
def test_delete(http, fake, user, app):
    app.permit("User", user["id"])
    response = http.delete(f"/platform/api/v1/users/{user['id']}", headers=app.headers)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.users.get(user["id"]) is None  # DeleteObjectJob, at once in the fake
