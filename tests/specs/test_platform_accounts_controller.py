"""Port of spec/controllers/platform/api/v1/accounts_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_PLATFORM_INVALID_TOKEN, MSG_PLATFORM_NON_PERMISSIBLE
from fakewoot.store.accounts import DEFAULT_FEATURES
from tests.conftest import token
from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_accounts import SpecApp

SPEC = "spec/controllers/platform/api/v1/accounts_controller_spec.rb"
UPSTREAM_ITS = 21
SKIPPED: dict[str, str] = {}
C = "POST /platform/api/v1/accounts"
IX = "GET /platform/api/v1/accounts"
G = "GET /platform/api/v1/accounts/{account_id}"
P = "PATCH /platform/api/v1/accounts/{account_id}"
D = "DELETE /platform/api/v1/accounts/{account_id}"
NO_APP = "when it is an unauthenticated platform app > returns unauthorized"
BAD_TOKEN = "when it is an invalid platform app token > returns unauthorized"
APP = "when it is an authenticated platform app"
NOT_PERMISSIBLE = f"{APP} > returns unauthorized when its not a permissible object"
INVALID = (401, {"error": MSG_PLATFORM_INVALID_TOKEN})
ROUTES = {C: ("POST", "/platform/api/v1/accounts"), IX: ("GET", "/platform/api/v1/accounts")}
RECORD_ROUTES = {G: "GET", P: "PATCH", D: "DELETE"}


@pytest.fixture
def app(fake):
    return SpecApp(fake)


def _all_routes():
    return {**ROUTES, **{it: (method, "/platform/api/v1/accounts/1") for it, method in RECORD_ROUTES.items()}}


@ports(*(f"{it} > {NO_APP}" for it in (C, IX, G, P, D)))
def test_every_endpoint_needs_a_platform_token(http, fake):
    before = fake.snapshot()
    for it, (method, url) in _all_routes().items():
        response = http.request(method, url)
        assert (response.status_code, response.json()) == INVALID, it
    assert fake.snapshot() == before


@ports(*(f"{it} > {BAD_TOKEN}" for it in (C, IX, G, P, D)))
def test_every_endpoint_refuses_an_invalid_token(http, fake):
    before = fake.snapshot()
    for it, (method, url) in _all_routes().items():
        response = http.request(method, url, json={"name": "Test Account"}, headers=token("invalid"))
        assert (response.status_code, response.json()) == INVALID, it
    assert fake.snapshot() == before


@ports(*(f"{it} > {NOT_PERMISSIBLE}" for it in (G, P, D)))
def test_record_endpoints_refuse_a_non_permissible_account(http, fake, app):
    for it, method in RECORD_ROUTES.items():
        response = http.request(
            method, "/platform/api/v1/accounts/1", json={"name": "Test Account"}, headers=app.headers
        )
        assert (response.status_code, response.json()) == (401, {"error": MSG_PLATFORM_NON_PERMISSIBLE}), it
    assert fake.store.accounts.get(1).name != "Test Account"


@ports(f"{C} > {APP} > creates an account when and its permissible relationship")
def test_create(http, fake, app):
    response = http.post("/platform/api/v1/accounts", json={"name": "Test Account"}, headers=app.headers)
    data = ok(response)
    assert "Test Account" in response.text
    assert app.app.permissibles == {("Account", data["id"])}
    assert fake.store.accounts.get(data["id"]).name == "Test Account"


@ports(f"{C} > {APP} > creates an account with locale")
def test_create_with_locale(http, app):
    data = ok(
        http.post(
            "/platform/api/v1/accounts", json={"name": "Test Account", "locale": "es"}, headers=app.headers
        )
    )
    assert data["name"] == "Test Account"
    assert data["locale"] == "es"
    assert data["features"]["agent_management"] is True  # enabled by default (config/features.yml)


@ports(f"{C} > {APP} > creates an account with feature flags")
def test_create_with_feature_flags(http, fake, app):
    """Upstream's installation defaults are set to three flags first; fakewoot's defaults are
    config/features.yml's, so the expected set is those defaults with the request's changes."""
    flags = {"ip_lookup": True, "help_center": True, "disable_branding": False}
    data = ok(
        http.post(
            "/platform/api/v1/accounts", json={"name": "Test Account", "features": flags}, headers=app.headers
        )
    )
    expected = (set(DEFAULT_FEATURES) | {"ip_lookup", "help_center"}) - {"disable_branding"}
    assert set(fake.store.accounts.get(data["id"]).features) == expected
    assert "Test Account" in data["name"]
    assert set(data["features"]) == expected


@ports(f"{C} > {APP} > creates an account with limits settings")
def test_create_with_limits(http, app):
    body = {"name": "Test Account", "limits": {"agents": 5, "inboxes": 10}}
    response = http.post("/platform/api/v1/accounts", json=body, headers=app.headers)
    data = ok(response)
    assert "Test Account" in response.text
    assert data["limits"] == {"agents": 5, "inboxes": 10}


@ports(f"{IX} > {APP} > returns all permissible accounts")
def test_index_lists_permissible_accounts(http, fake, app):
    first = ok(http.post("/platform/api/v1/accounts", json={"name": "Account A"}, headers=app.headers))
    second = ok(http.post("/platform/api/v1/accounts", json={"name": "Account B"}, headers=app.headers))
    data = ok(http.get("/platform/api/v1/accounts", headers=app.headers))
    assert len(data) == 2
    assert {row["name"] for row in data} == {"Account A", "Account B"}
    assert {row["id"] for row in data} == {first["id"], second["id"]}


@ports(f"{G} > {APP} > shows an account when its permissible object")
def test_show(http, fake, app):
    app.permit("Account", 1)
    response = http.get("/platform/api/v1/accounts/1", headers=app.headers)
    assert ok(response)["id"] == 1
    assert fake.store.accounts.get(1).name in response.text


@ports(f"{P} > {APP} > updates an account when its permissible object")
def test_update(http, fake, app):
    app.permit("Account", 1)
    account = fake.store.accounts.get(1)
    fake.store.accounts.set_features(account, {"inbox_management": True, "channel_facebook": True})
    enabled_before = set(account.features)
    body = {
        "name": "Test Account",
        "features": {"ip_lookup": True, "help_center": True, "channel_facebook": False},
        "limits": {"agents": 5, "inboxes": 10},
    }
    ok(http.patch("/platform/api/v1/accounts/1", json=body, headers=app.headers))
    account = fake.store.accounts.get(1)
    assert account.name == "Test Account"
    assert set(account.features) == (enabled_before | {"ip_lookup", "help_center"}) - {"channel_facebook"}
    assert {"inbox_management", "ip_lookup", "help_center"} <= set(account.features)
    assert "channel_facebook" not in account.features
    assert account.limits["agents"] == 5
    assert account.limits["inboxes"] == 10


@ports(f"{D} > {APP} > destroys the object")
def test_delete(http, fake, app):
    created = ok(http.post("/platform/api/v1/accounts", json={"name": "Doomed"}, headers=app.headers))
    response = http.delete(f"/platform/api/v1/accounts/{created['id']}", headers=app.headers)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.accounts.get(created["id"]) is None  # DeleteObjectJob, at once in the fake
