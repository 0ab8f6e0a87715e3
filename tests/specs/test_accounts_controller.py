"""Port of spec/controllers/api/v1/accounts_controller_spec.rb (Chatwoot v4.10).

Signup: upstream runs these with ENABLE_ACCOUNT_SIGNUP=true; at v4.10 every value but 'false'
answers the same (the `data` body and session headers), which is fakewoot's default mode
(`api_only`). fakewoot's `true` mode is the later web variant (docs/fidelity.md version table).
"""

from __future__ import annotations

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND, MSG_SIGNUP_INVALID_PARAMS
from tests.conftest import OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.support_accounts import PLATFORM, UNAUTHORIZED, membership, session

SPEC = "spec/controllers/api/v1/accounts_controller_spec.rb"
UPSTREAM_ITS = 18
SKIPPED: dict[str, str] = {}
C = "POST /api/v1/accounts"
CP = f"{C} > when posting to accounts with correct parameters"
G = "GET /api/v1/accounts/{account.id}"
K = "GET /api/v1/accounts/{account.id}/cache_keys"
P = "PUT /api/v1/accounts/{account.id}"
PA = f"{P} > when it is an authenticated user"
AA = "POST /api/v1/accounts/{account.id}/update_active_at"
SESSION_HEADERS = ("access-token", "token-type", "client", "expiry", "uid")
SIGNUP = {
    "account_name": "test",
    "email": "spec-signup@example.test",
    "user": None,
    "locale": None,
    "user_full_name": "Spec Signup Person",
    "password": "Password1!",
}
UPDATE = {
    "name": "New Name",
    "locale": "en",
    "domain": "example.com",
    "support_email": "care@example.com",
    "auto_resolve_after": 40,
    "auto_resolve_message": "Auto resolved",
    "auto_resolve_ignore_waiting": False,
    "timezone": "Asia/Kolkata",
    "industry": "Technology",
    "company_size": "1-10",
}


def _signed_up(response, fake):
    assert response.status_code == 200, response.text
    for name in SESSION_HEADERS:
        assert name in response.headers
    assert '"en"' in response.text  # the new account's locale
    user = fake.store.users.by_email(SIGNUP["email"])
    account_id = response.json()["data"]["account_id"]
    assert user.name == SIGNUP["user_full_name"]
    assert fake.store.accounts.get(account_id).name == "test"
    assert membership(fake, account_id, user.id).role == "administrator"


@ports(f"{CP} > calls account builder")
def test_signup_builds_the_account_and_user(http, fake):
    _signed_up(http.post("/api/v1/accounts", json=SIGNUP), fake)


@ports(f"{CP} > calls ChatwootCaptcha")
def test_signup_with_a_captcha_response(http, fake):
    """hCaptcha is not configured, so ChatwootCaptcha#valid? is true whatever is sent."""
    _signed_up(http.post("/api/v1/accounts", json={**SIGNUP, "h_captcha_client_response": "123"}), fake)


@ports(f"{CP} > renders error response on invalid params")
def test_signup_without_names(http, fake):
    before = fake.snapshot()
    body = {"account_name": None, "email": None, "user": None, "locale": "en", "user_full_name": None}
    response = http.post("/api/v1/accounts", json=body)
    assert response.status_code == 403
    assert response.text == '{"message":"' + MSG_SIGNUP_INVALID_PARAMS + '"}'
    assert fake.snapshot() == before


@ports(f"{C} > when ENABLE_ACCOUNT_SIGNUP env variable is set to false > responds 404 on requests")
def test_signup_disabled(http, fake):
    fake.settings.account_signup = "false"
    try:
        response = http.post("/api/v1/accounts", json=SIGNUP)
    finally:
        fake.settings.account_signup = "api_only"
    assert response.status_code == 404
    assert fake.store.users.by_email(SIGNUP["email"]) is None


@ports(f"{C} > when ENABLE_ACCOUNT_SIGNUP env variable is set to api_only > does not respond 404 on requests")
def test_signup_api_only(http, fake):
    fake.settings.account_signup = "api_only"
    response = http.post("/api/v1/accounts", json=SIGNUP)
    assert response.status_code == 200
    assert response.json()["data"]["email"] == SIGNUP["email"]


@ports(f"{G} > {UNAUTHORIZED}", f"{P} > {UNAUTHORIZED}", f"{AA} > {UNAUTHORIZED}")
def test_refuses_strangers(http, fake):
    before = fake.snapshot()
    for method, url in (
        ("GET", "/api/v1/accounts/1"),
        ("PUT", "/api/v1/accounts/1"),
        ("POST", "/api/v1/accounts/1/update_active_at"),
    ):
        response = http.request(method, url)
        assert response.status_code == 401, url
    assert fake.snapshot() == before


@ports(f"{G} > when it is an unauthorized user > returns unauthorized")
def test_show_to_a_non_member_is_404(http):
    response = http.get("/api/v1/accounts/1", headers=token(OTHER_ADMIN_TOKEN))
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})


@ports(f"{G} > when it is an authenticated user > shows an account")
def test_show(http):
    admin = new_user(http, role="administrator")
    headers = session(http, admin["email"])
    fields = {"name": "new name", "domain": "acme.example", "support_email": "help@acme.example"}
    ok(http.put("/api/v1/accounts/1", json=fields, headers=ADMIN))
    response = http.get("/api/v1/accounts/1", headers=headers)
    body = ok(response)
    for value in ("new name", "en", "acme.example", "help@acme.example"):
        assert value in response.text
    assert (body["name"], body["locale"], body["domain"], body["support_email"]) == (
        "new name",
        "en",
        "acme.example",
        "help@acme.example",
    )


@ports(f"{K} > returns cache_keys as expected")
def test_cache_keys(http):
    body = ok(http.get("/api/v1/accounts/1/cache_keys", headers=ADMIN))
    assert set(body["cache_keys"]) == {"label", "inbox", "team"}


@ports(f"{K} > sets the appropriate cache headers")
def test_cache_keys_headers(http):
    response = http.get("/api/v1/accounts/1/cache_keys", headers=ADMIN)
    cache_control = response.headers["cache-control"]
    assert "max-age=10" in cache_control
    assert "private" in cache_control
    assert "stale-while-revalidate=300" in cache_control


@ports(f"{P} > when it is an unauthorized user > returns unauthorized")
def test_update_by_an_agent(http, fake):
    agent = new_user(http)
    response = http.put("/api/v1/accounts/1", headers=session(http, agent["email"]))
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


@ports(f"{PA} > modifies an account")
def test_update(http, fake):
    ok(http.put("/api/v1/accounts/1", json=UPDATE, headers=ADMIN))
    account = fake.store.accounts.get(1)
    assert (account.name, account.locale, account.domain, account.support_email) == (
        "New Name",
        "en",
        "example.com",
        "care@example.com",
    )
    for key in ("auto_resolve_after", "auto_resolve_message", "auto_resolve_ignore_waiting"):
        assert account.settings[key] == UPDATE[key]
    for key in ("timezone", "industry", "company_size"):
        assert account.custom_attributes[key] == UPDATE[key]


@ports(
    f"{PA} > updates onboarding step to invite_team if onboarding step is present in account custom attributes"
)
def test_update_moves_the_onboarding_step(http, fake):
    ok(
        http.patch(
            "/platform/api/v1/accounts/2",
            json={"custom_attributes": {"onboarding_step": "account_update"}},
            headers=_platform_for(fake, 2),
        )
    )
    ok(http.put("/api/v1/accounts/2", json=UPDATE, headers=token(OTHER_ADMIN_TOKEN)))
    assert fake.store.accounts.get(2).custom_attributes["onboarding_step"] == "invite_team"


@ports(
    f"{PA} > will not update onboarding step if onboarding step is not present in account custom attributes"
)
def test_update_leaves_a_missing_onboarding_step(http, fake):
    ok(http.put("/api/v1/accounts/1", json=UPDATE, headers=ADMIN))
    assert fake.store.accounts.get(1).custom_attributes.get("onboarding_step") is None


@ports(f"{PA} > Throws error 422")
def test_update_with_a_long_name(http, fake):
    response = http.put("/api/v1/accounts/1", json={**UPDATE, "name": "test" * 999}, headers=ADMIN)
    assert response.status_code == 422
    assert response.json()["message"] == "Name is too long (maximum is 255 characters)"
    assert fake.store.accounts.get(1).name == "Acme Inc"


@ports(f"{AA} > when it is an authenticated user > modifies an account")
def test_update_active_at(http, fake):
    agent = new_user(http)
    assert membership(fake, 1, agent["id"]).active_at is None
    response = http.post(
        "/api/v1/accounts/1/update_active_at", json={}, headers=session(http, agent["email"])
    )
    assert response.status_code == 200
    assert membership(fake, 1, agent["id"]).active_at is not None


def _platform_for(fake, account_id):
    """`account.update(custom_attributes: ...)` through the platform API: the app may touch it."""
    app = fake.store.platform_apps.get(1)
    fake.store.platform_apps.permit(app, "Account", account_id)
    return PLATFORM
