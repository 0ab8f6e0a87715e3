"""/api/v1/accounts: signup, show, update, update_active_at, cache_keys.
Source: reference section 4, app/controllers/api/v1/accounts_controller.rb, account_builder.rb."""

from __future__ import annotations

import pytest

from fakewoot.auth.messages import MSG_ACCOUNT_SUSPENDED, MSG_BOT_NOT_AUTHORIZED_ACCOUNT
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_INVALID_ACCESS_TOKEN,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_SIGN_IN_REQUIRED,
    MSG_SIGNUP_EXISTING_EMAIL,
    MSG_SIGNUP_INVALID_EMAIL,
    MSG_SIGNUP_INVALID_PARAMS,
)
from fakewoot.serializers.accounts import NEVER_CACHED
from fakewoot.store import validation as v
from tests.conftest import (
    ADMIN_TOKEN,
    AGENT_TOKEN,
    BOT_TOKEN,
    OTHER_ADMIN_TOKEN,
    PASSWORD,
    PLATFORM_TOKEN,
    sign_in,
    token,
)
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import (
    DTA_HEADERS,
    ISO8601,
    SIGNUP_ACCOUNT_KEYS,
    SIGNUP_KEYS,
    assert_account,
    assert_shape,
)

SIGNUP = {
    "account_name": "Initech",
    "user_full_name": "Bill",
    "email": "Bill@Initech.com",
    "password": PASSWORD,
}

# ---------------------------------------------------------------- signup (POST /api/v1/accounts)


def test_signup_returns_200_data_body_and_session_headers(client, fake):
    response = client.post("/api/v1/accounts", json=SIGNUP)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["data"]
    assert_shape(body["data"], SIGNUP_KEYS)
    data = body["data"]
    assert data["email"] == "bill@initech.com" and data["uid"] == "bill@initech.com"
    assert data["role"] == "administrator" and data["confirmed"] is False
    assert ISO8601.match(data["created_at"])
    assert len(data["accounts"]) == 1
    assert_shape(data["accounts"][0], SIGNUP_ACCOUNT_KEYS)
    assert data["accounts"][0] == {
        "id": data["account_id"],
        "name": "Initech",
        "active_at": None,
        "role": "administrator",
        "locale": "en",
    }
    assert data["account_id"] == 3  # the default fixtures hold accounts 1 and 2
    # AuthHelper#send_auth_headers: the five headers, no Authorization (reference 2.4, corrected)
    for name in DTA_HEADERS[:5]:
        assert response.headers.get(name)
    assert "authorization" not in response.headers
    # the new session works and the new account is readable; a confirmation mail went out
    headers = {name: response.headers[name] for name in ("access-token", "client", "uid")}
    assert client.get(f"/api/v1/accounts/{data['account_id']}", headers=headers).status_code == 200
    assert [m.to for m in fake.store.mailer.outbox(template="confirmation_instructions")] == [
        "bill@initech.com"
    ]


def test_signup_web_mode_returns_only_email(client, fake):
    fake.settings.account_signup = "true"
    try:
        response = client.post("/api/v1/accounts", json=SIGNUP)
    finally:
        fake.settings.account_signup = "api_only"
    assert response.status_code == 200
    assert response.json() == {"email": "bill@initech.com"}
    assert "access-token" not in response.headers


def test_signup_disabled_is_rails_404(client, fake):
    fake.settings.account_signup = "false"
    try:
        response = client.post("/api/v1/accounts", json=SIGNUP)
    finally:
        fake.settings.account_signup = "api_only"
    assert response.status_code == 404
    assert response.json() == {"status": 404, "error": "Not Found"}
    assert fake.store.users.by_email("bill@initech.com") is None


def test_signup_by_signed_in_user_adds_an_account(client, fake):
    response = client.post("/api/v1/accounts", json={"account_name": "Second"}, headers=token(AGENT_TOKEN))
    assert response.status_code == 200
    data = response.json()["data"]
    # account_id is the new account; role comes from the active (here: first) membership
    assert (data["id"], data["account_id"], data["role"]) == (2, 3, "agent")
    assert [(a["name"], a["role"]) for a in data["accounts"]] == [
        ("Acme Inc", "agent"),
        ("Second", "administrator"),
    ]
    # send_auth_headers signs a new devise client in for a token caller
    assert response.headers["uid"] == "jane@acme.inc"
    assert client.get("/api/v1/profile", headers=session_of(response)).status_code == 200


def test_signup_by_devise_session_echoes_that_session(client):
    headers = sign_in(client)
    response = client.post(
        "/api/v1/accounts", json={"user_full_name": "x", "account_name": "Third"}, headers=headers
    )
    assert response.status_code == 200
    assert response.json()["data"]["accounts"][-1]["name"] == "Third"
    assert session_of(response) == headers


def session_of(response):
    return {name: response.headers[name] for name in ("access-token", "client", "uid")}


@pytest.mark.parametrize(
    ("changes", "status", "body"),
    [
        ({"account_name": "", "user_full_name": ""}, 403, {"message": MSG_SIGNUP_INVALID_PARAMS}),
        ({"email": "not-an-email"}, 403, {"message": MSG_SIGNUP_INVALID_EMAIL}),
        ({"email": "bill@localhost"}, 403, {"message": MSG_SIGNUP_INVALID_EMAIL}),
        (
            {"email": "john@acme.inc"},
            403,
            {"message": MSG_SIGNUP_EXISTING_EMAIL.format(email="john@acme.inc")},
        ),
        # User.exists?(email: <as given>) is case-sensitive; the new record's uniqueness is not
        (
            {"email": "JOHN@acme.inc"},
            422,
            {"message": "Email has already been taken", "attributes": ["email"]},
        ),
        ({"account_name": ""}, 422, {"message": "Name can't be blank", "attributes": ["name"]}),
        (
            {"password": "short"},
            422,
            {
                "message": ", ".join(
                    [
                        "Password must contain at least 6 characters",
                        v.MSG_PASSWORD_UPPER,
                        v.MSG_PASSWORD_DIGIT,
                        v.MSG_PASSWORD_SPECIAL,
                    ]
                ),
                "attributes": ["password"],
            },
        ),
        ({"password": None}, 422, {"message": "Password can't be blank", "attributes": ["password"]}),
    ],
)
def test_signup_refusals(client, fake, changes, status, body):
    before = fake.snapshot()
    response = client.post("/api/v1/accounts", json={**SIGNUP, **changes})
    assert response.status_code == status
    assert response.json() == body
    assert fake.snapshot() == before


def test_signup_invalid_token_header_is_still_checked(client):
    response = client.post("/api/v1/accounts", json=SIGNUP, headers=token("nope"))
    assert response.status_code == 401
    assert response.json() == {"error": MSG_INVALID_ACCESS_TOKEN}


# ---------------------------------------------------------------- show


def test_show_account_full_shape(client):
    response = client.get("/api/v1/accounts/1", headers=token(AGENT_TOKEN))
    assert response.status_code == 200
    body = response.json()
    assert_account(body)
    assert body["id"] == 1 and body["name"] == "Acme Inc" and body["locale"] == "en"
    assert body["features"]["agent_bots"] is True and "ip_lookup" not in body["features"]
    # the default fixtures create inboxes and teams, which set those keys
    assert body["cache_keys"]["team"].isdigit() and body["cache_keys"]["team"] != NEVER_CACHED
    assert body["cache_keys"]["inbox"].isdigit() and body["cache_keys"]["inbox"] != NEVER_CACHED
    assert body["support_email"] == "Chatwoot <accounts@chatwoot.com>"
    assert body["latest_chatwoot_version"] is None
    assert "custom_attributes" not in body


def test_show_account_of_another_account_or_unknown_is_404(client):
    for url, headers in (
        ("/api/v1/accounts/2", token(ADMIN_TOKEN)),
        ("/api/v1/accounts/99", token(ADMIN_TOKEN)),
        ("/api/v1/accounts/1", token(OTHER_ADMIN_TOKEN)),
        ("/api/v1/accounts/abc", token(ADMIN_TOKEN)),
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 404
        assert response.json() == {"error": MSG_NOT_FOUND}


def test_show_account_auth_matrix(client):
    assert_refuses_strangers(client, "GET", "/api/v1/accounts/1")
    assert client.get("/api/v1/accounts/1", headers=sign_in(client)).status_code == 200


# ---------------------------------------------------------------- update


def test_update_account_merges_columns_custom_attributes_and_settings(client, fake):
    body = {
        "name": "Acme Corp",
        "locale": "pt_BR",
        "domain": "acme.example",
        "support_email": "help@acme.inc",
        "industry": "Tech",
        "timezone": "Europe/Madrid",
        "auto_resolve_after": 60,
        "auto_resolve_message": "bye",
        "audio_transcriptions": True,
        "unknown": "ignored",
    }
    response = client.patch("/api/v1/accounts/1", json=body, headers=token(ADMIN_TOKEN))
    assert response.status_code == 200
    data = response.json()
    assert_account(data, show=False)
    assert (data["name"], data["locale"], data["domain"], data["support_email"]) == (
        "Acme Corp",
        "pt_BR",
        "acme.example",
        "help@acme.inc",
    )
    assert data["custom_attributes"] == {
        "plan_name": None,
        "subscribed_quantity": None,
        "subscription_status": None,
        "subscription_ends_on": None,
        "industry": "Tech",
        "timezone": "Europe/Madrid",
    }
    assert data["settings"] == {
        "auto_resolve_after": 60,
        "auto_resolve_message": "bye",
        "audio_transcriptions": True,
    }
    # PUT merges: keys not sent are kept
    again = client.put(
        "/api/v1/accounts/1",
        json={"company_size": "10-50", "auto_resolve_after": None},
        headers=token(ADMIN_TOKEN),
    ).json()
    assert (
        again["custom_attributes"]["industry"] == "Tech"
        and again["custom_attributes"]["company_size"] == "10-50"
    )
    assert again["settings"] == {
        "auto_resolve_after": None,
        "auto_resolve_message": "bye",
        "audio_transcriptions": True,
    }
    assert client.get("/api/v1/accounts/1", headers=token(AGENT_TOKEN)).json()["name"] == "Acme Corp"


def test_update_account_agent_is_401_pundit(client, fake):
    before = fake.snapshot()
    response = client.put("/api/v1/accounts/1", json={"name": "x"}, headers=token(AGENT_TOKEN))
    assert response.status_code == 401
    assert response.json() == {"error": MSG_NOT_AUTHORIZED_ACTION}
    assert fake.snapshot() == before


def test_update_account_auth_matrix(client):
    assert_refuses_strangers(client, "PUT", "/api/v1/accounts/1", json={"name": "x"})
    response = client.put("/api/v1/accounts/1", json={"name": "x"}, headers=token(OTHER_ADMIN_TOKEN))
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"name": ""}, "Name can't be blank", ["name"]),
        ({"name": "x" * 256}, "Name is too long (maximum is 255 characters)", ["name"]),
        ({"domain": "d" * 101}, "Domain is too long (maximum is 100 characters)", ["domain"]),
        ({"locale": "xx"}, "Locale is not included in the list", ["locale"]),
        (
            {"auto_resolve_after": 5},
            "Auto resolve after must be greater than or equal to 10",
            ["auto_resolve_after"],
        ),
        (
            {"auto_resolve_after": 1439857},
            "Auto resolve after must be less than or equal to 1439856",
            ["auto_resolve_after"],
        ),
        ({"auto_resolve_after": "soon"}, v.MSG_AUTO_RESOLVE_TYPE, ["auto_resolve_after"]),
        (
            {"name": "", "domain": "d" * 101},
            "Name can't be blank, Domain is too long (maximum is 100 characters)",
            ["name", "domain"],
        ),
    ],
)
def test_update_account_validation_422(client, fake, body, message, attributes):
    before = fake.snapshot()
    response = client.put("/api/v1/accounts/1", json=body, headers=token(ADMIN_TOKEN))
    assert response.status_code == 422
    assert response.json() == {"message": message, "attributes": attributes}
    assert fake.snapshot() == before


# ---------------------------------------------------------------- update_active_at, cache_keys


def test_update_active_at_moves_the_active_account(client, fake):
    fake.store.account_users.add(account_id=2, user_id=2, role="agent")
    response = client.post("/api/v1/accounts/2/update_active_at", headers=token(AGENT_TOKEN))
    assert response.status_code == 200
    assert response.content == b""
    profile = client.get("/api/v1/profile", headers=token(AGENT_TOKEN)).json()
    assert profile["account_id"] == 2
    assert ISO8601.match(next(a for a in profile["accounts"] if a["id"] == 2)["active_at"])


def test_update_active_at_refusals(client):
    assert_refuses_strangers(client, "POST", "/api/v1/accounts/1/update_active_at")
    response = client.post("/api/v1/accounts/2/update_active_at", headers=token(AGENT_TOKEN))
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})


def test_cache_keys_shape_and_cache_control(client):
    response = client.get("/api/v1/accounts/1/cache_keys", headers=token(AGENT_TOKEN))
    assert response.status_code == 200
    assert list(response.json()) == ["cache_keys"]
    assert_shape(response.json()["cache_keys"], {"label": str, "inbox": str, "team": str})
    # account 2 has no labels or teams in the default fixtures: never set
    other = client.get("/api/v1/accounts/2/cache_keys", headers=token(OTHER_ADMIN_TOKEN)).json()["cache_keys"]
    assert other["label"] == NEVER_CACHED
    assert response.headers["cache-control"] == "private, max-age=10, stale-while-revalidate=300"


def test_cache_keys_refusals(client):
    assert_refuses_strangers(client, "GET", "/api/v1/accounts/1/cache_keys")
    response = client.get("/api/v1/accounts/1/cache_keys", headers=token(OTHER_ADMIN_TOKEN))
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    response = client.get("/api/v1/accounts/1/cache_keys", headers=token(BOT_TOKEN))
    assert response.status_code == 401


def _suspend(client, fake, account_id=1):
    fake.store.platform_apps.permit(fake.store.platform_apps.get(1), "Account", account_id)
    body = {"status": "suspended"}
    response = client.patch(
        f"/platform/api/v1/accounts/{account_id}", json=body, headers=token(PLATFORM_TOKEN)
    )
    assert response.status_code == 200, response.text


def test_suspended_account_refuses_every_caller_after_the_lookup(client, fake):
    """EnsureCurrentAccountHelper at v4.10 (reference 2.1, corrected): a suspended account is 401
    `Account is suspended` for members and non-members alike, after the 404 and the bot gate."""
    _suspend(client, fake)
    url = "/api/v1/accounts/1/agents"
    for headers in (token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)):
        response = client.get(url, headers=headers)
        assert (response.status_code, response.json()) == (401, {"error": MSG_ACCOUNT_SUSPENDED})
    missing = client.get("/api/v1/accounts/99/agents", headers=token(ADMIN_TOKEN))
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    bot = client.get(url, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    bot_action = client.post("/api/v1/accounts/1/conversations/1/toggle_status", headers=token(BOT_TOKEN))
    assert (bot_action.status_code, bot_action.json()) == (401, {"error": MSG_ACCOUNT_SUSPENDED})
    # AccountsController is not account-scoped: show still answers, with the status
    shown = client.get("/api/v1/accounts/1", headers=token(ADMIN_TOKEN))
    assert (shown.status_code, shown.json()["status"]) == (200, "suspended")
    profile = client.get("/api/v1/profile", headers=token(ADMIN_TOKEN)).json()
    assert profile["accounts"][0]["status"] == "suspended"


def test_bot_of_another_account_gets_the_bot_message(client, fake):
    """account_accessible_for_bot?: 401 `Bot is not authorized to access this account`."""
    response = client.post("/api/v1/accounts/2/conversations/1/toggle_status", headers=token(BOT_TOKEN))
    assert (response.status_code, response.json()) == (401, {"error": MSG_BOT_NOT_AUTHORIZED_ACCOUNT})


def test_blank_api_access_token_falls_back_to_devise(client):
    """Api::BaseController#authenticate_by_access_token? uses present?: a blank token is no token."""
    response = client.get("/api/v1/profile", headers={"api_access_token": ""})
    assert (response.status_code, response.json()) == (401, {"errors": [MSG_SIGN_IN_REQUIRED]})
    session = sign_in(client)
    response = client.get("/api/v1/profile", headers={**session, "api_access_token": ""})
    assert response.status_code == 200


def test_conversation_required_attributes_setting(client, fake):
    """Permitted by the core controller at v4.10 as an array (reference 4.3, corrected)."""
    body = {"conversation_required_attributes": ["order_id", "plan"]}
    response = client.put("/api/v1/accounts/1", json=body, headers=token(ADMIN_TOKEN))
    assert response.status_code == 200
    assert response.json()["settings"]["conversation_required_attributes"] == ["order_id", "plan"]
    dropped = client.put(
        "/api/v1/accounts/1", json={"conversation_required_attributes": "x"}, headers=token(ADMIN_TOKEN)
    )
    assert dropped.json()["settings"]["conversation_required_attributes"] == ["order_id", "plan"]
    bad = client.put(
        "/api/v1/accounts/1", json={"conversation_required_attributes": [1]}, headers=token(ADMIN_TOKEN)
    )
    assert bad.status_code == 422
    assert bad.json() == {
        "message": "Conversation required attributes/0 must be of type string",
        "attributes": ["conversation_required_attributes/0"],
    }


@pytest.mark.parametrize(("sent", "saved"), [("fr", "fr"), ("pt_BR", "pt_BR"), ("fr_XX", "fr"), ("xx", "en")])
def test_signup_locale_is_the_request_locale(client, sent, saved):
    """AccountBuilder creates the account with I18n.locale: SwitchLocale takes `locale` when
    available, else its language part, else en."""
    response = client.post("/api/v1/accounts", json={**SIGNUP, "locale": sent})
    assert response.status_code == 200
    assert response.json()["data"]["accounts"][0]["locale"] == saved
