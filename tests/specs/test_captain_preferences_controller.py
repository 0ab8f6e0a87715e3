"""Port of spec/controllers/api/v1/accounts/captain/preferences_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/captain/preferences_controller_spec.rb"
UPSTREAM_ITS = 10
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/captain/preferences"
GET = "GET /api/v1/accounts/{account.id}/captain/preferences"
PUT = "PUT /api/v1/accounts/{account.id}/captain/preferences"
ADMIN_CTX = " > when it is an admin > "
KEYS = {"providers", "models", "features"}


def _admin(http):
    return new_user(http, role="administrator")["headers"]


@ports(GET + " > when it is an unauthenticated user > returns unauthorized")
def test_show_unauthenticated(http):
    assert http.get(URL).status_code == 401


@ports(GET + " > when it is an agent > returns captain config", GET + ADMIN_CTX + "returns captain config")
def test_show(http):
    for headers in (new_user(http)["headers"], _admin(http)):
        assert set(ok(http.get(URL, headers=headers))) >= KEYS


@ports(PUT + " > when it is an unauthenticated user > returns unauthorized")
def test_update_unauthenticated(http, fake):
    assert http.put(URL, json={"captain_models": {"editor": "gpt-4.1-mini"}}).status_code == 401
    assert fake.store.account(1).captain_models is None


@ports(PUT + " > when it is an agent > returns forbidden")
def test_update_agent(http, fake):
    body = {"captain_models": {"editor": "gpt-4.1-mini"}}
    assert http.put(URL, json=body, headers=new_user(http)["headers"]).status_code == 401
    assert fake.store.account(1).captain_models is None


@ports(PUT + ADMIN_CTX + "updates captain_models")
def test_update_models(http, fake):
    body = ok(http.put(URL, json={"captain_models": {"editor": "gpt-4.1-mini"}}, headers=_admin(http)))
    assert set(body) >= KEYS and fake.store.account(1).captain_models["editor"] == "gpt-4.1-mini"


@ports(PUT + ADMIN_CTX + "updates captain_features")
def test_update_features(http, fake):
    body = ok(http.put(URL, json={"captain_features": {"editor": True}}, headers=_admin(http)))
    assert set(body) >= KEYS and fake.store.account(1).captain_features["editor"] is True


@ports(PUT + ADMIN_CTX + "merges with existing captain_models")
def test_merge_models(http, fake):
    admin = _admin(http)
    ok(
        http.put(
            URL, json={"captain_models": {"editor": "gpt-4.1-mini", "assistant": "gpt-5.1"}}, headers=admin
        )
    )
    body = ok(http.put(URL, json={"captain_models": {"editor": "gpt-4.1"}}, headers=admin))
    models = fake.store.account(1).captain_models
    assert set(body) >= KEYS and (models["editor"], models["assistant"]) == ("gpt-4.1", "gpt-5.1")


@ports(PUT + ADMIN_CTX + "merges with existing captain_features")
def test_merge_features(http, fake):
    admin = _admin(http)
    ok(http.put(URL, json={"captain_features": {"editor": True, "assistant": False}}, headers=admin))
    body = ok(http.put(URL, json={"captain_features": {"editor": False}}, headers=admin))
    features = fake.store.account(1).captain_features
    assert set(body) >= KEYS and (features["editor"], features["assistant"]) == (False, False)


@ports(PUT + ADMIN_CTX + "updates both models and features in single request")
def test_update_both(http, fake):
    both = {"captain_models": {"editor": "gpt-4.1-mini"}, "captain_features": {"editor": True}}
    body = ok(http.put(URL, json=both, headers=_admin(http)))
    account = fake.store.account(1)
    assert set(body) >= KEYS
    assert (account.captain_models["editor"], account.captain_features["editor"]) == ("gpt-4.1-mini", True)
