"""Port of spec/models/user_spec.rb (Chatwoot v4.10): its HTTP-visible parts. The shared
examples it includes (access_tokenable, avatarable) are not ported."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_accounts import PLATFORM, SpecApp, session

SPEC = "spec/models/user_spec.rb"
UPSTREAM_ITS = 32
A = "with associations > "
ASSOCIATION = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
MFA = "2FA/MFA functionality > "
NO_MFA = "not implemented: MFA (two-factor authentication)"
SKIPPED = {
    **{
        A + it: ASSOCIATION
        for it in (
            "is_expected.to have_many(:accounts).through(:account_users)",
            "is_expected.to have_many(:account_users)",
            "is_expected.to have_many(:assigned_conversations).dependent(:nullify)",
            "is_expected.to have_many(:inbox_members).dependent(:destroy_async)",
            "is_expected.to have_many(:notification_settings).dependent(:destroy_async)",
            "is_expected.to have_many(:messages)",
            "is_expected.to have_many(:reporting_events)",
            "is_expected.to have_many(:teams)",
        )
    },
    "pubsub_token > expect(user.saved_changes.keys).not_to eq('pubsub_token')": (
        "internal: ActiveRecord's saved_changes after a save"
    ),
    "hmac_identifier > return value if CHATWOOT_INBOX_HMAC_KEY is set": (
        "not implemented: the CHATWOOT_INBOX_HMAC_KEY installation config (users get no hmac_identifier)"
    ),
    "when user changes the email > mutates the value": "internal: ActiveRecord dirty tracking before a save",
    **{
        MFA + it: NO_MFA
        for it in (
            "#enable_two_factor! > generates OTP secret for 2FA setup",
            "#disable_two_factor! > disables 2FA and clears OTP secret",
            "#generate_backup_codes! > generates 10 backup codes",
            "#two_factor_provisioning_uri > generates a valid provisioning URI for QR code",
            "#validate_backup_code! > validates and invalidates correct backup code",
            "#validate_backup_code! > rejects invalid backup code",
            "#validate_backup_code! > rejects already used backup code",
            "#validate_backup_code! > handles blank code",
        )
    },
}
AU = "#active_account_user > "


def _user(http, **fields):
    body = {
        "name": "Spec Model User",
        "email": "spec-model-user@example.test",
        "password": "Password1!",
        **fields,
    }
    return ok(http.post("/platform/api/v1/users", json=body, headers=PLATFORM))


@ports("with validations > is_expected.to validate_presence_of(:email)")
def test_email_is_required(http, fake):
    before = fake.snapshot()
    body = {"name": "No Email", "password": "Password1!"}
    response = http.post("/platform/api/v1/users", json=body, headers=PLATFORM)
    assert response.status_code == 422
    assert "Email can't be blank" in response.json()["message"]
    assert "email" in response.json()["attributes"]
    assert fake.snapshot() == before


@ports("pubsub_token > expect(user.pubsub_token).not_to be_nil")
def test_pubsub_token_is_set(http):
    user = _user(http)
    assert isinstance(user["pubsub_token"], str) and user["pubsub_token"]


PASSWORDS = {
    "current_password": "Password1!",
    "password": "N3w-Password!",
    "password_confirmation": "N3w-Password!",
}


@ports("pubsub_token > with rotate the pubsub_token > changes the pubsub_token when password changes")
def test_password_change_rotates_pubsub_token(http):
    user = _user(http)
    headers = session(http, user["email"])
    changed = ok(http.put("/api/v1/profile", json={"profile": PASSWORDS}, headers=headers))
    assert changed["pubsub_token"] != user["pubsub_token"]


@ports(
    "pubsub_token > with rotate the pubsub_token > will not change pubsub_token when other attributes change"
)
def test_other_changes_keep_pubsub_token(http):
    user = _user(http)
    headers = session(http, user["email"])
    changed = ok(http.put("/api/v1/profile", json={"profile": {"name": "Renamed"}}, headers=headers))
    assert changed["name"] == "Renamed"
    assert changed["pubsub_token"] == user["pubsub_token"]


@ports("hmac_identifier > return nil if CHATWOOT_INBOX_HMAC_KEY is not set")
def test_no_hmac_identifier_without_the_key(http):
    """`hmac_identifier` is '' without the key, and the user partial leaves the key out then."""
    user = _user(http)
    assert "hmac_identifier" not in ok(http.get("/api/v1/profile", headers=session(http, user["email"])))


def _sso_token(http, user, headers=PLATFORM):
    url = ok(http.get(f"/platform/api/v1/users/{user['id']}/login", headers=headers))["url"]
    return url.rsplit("sso_auth_token=", 1)[1]


def _sso_sign_in(http, user, sso_token):
    return http.post("/auth/sign_in", json={"email": user["email"], "sso_auth_token": sso_token})


@ports("with sso_auth_token > can generate multiple sso tokens which can be validated")
def test_several_sso_tokens_are_valid(http):
    user = _user(http)
    first, second = _sso_token(http, user), _sso_token(http, user)
    assert first and second and first != second
    assert _sso_sign_in(http, user, second).status_code == 200
    assert _sso_sign_in(http, user, first).status_code == 200


@ports("with sso_auth_token > wont validate an invalid token")
def test_an_unknown_sso_token_is_invalid(http):
    user = _user(http)
    assert _sso_sign_in(http, user, "ab" * 32).status_code == 401


@ports("with sso_auth_token > wont validate an invalidated token")
def test_a_used_sso_token_is_invalid(http):
    user = _user(http)
    token = _sso_token(http, user)
    assert _sso_sign_in(http, user, token).status_code == 200  # signing in invalidates it
    assert _sso_sign_in(http, user, token).status_code == 401


@ports("access token > creates a single access token upon user creation")
def test_one_access_token_per_user(http, fake):
    user = _user(http)
    assert user["access_token"]
    tokens = [
        t for t in fake.store.state.access_tokens if t.owner_type == "User" and t.owner_id == user["id"]
    ]
    assert len(tokens) == 1
    token_body = ok(http.post(f"/platform/api/v1/users/{user['id']}/token", headers=PLATFORM))
    assert token_body["access_token"] == user["access_token"] == tokens[0].token


@ports("when the supplied email is uppercase > downcases the email on save")
def test_email_is_downcased(http):
    user = _user(http, email="Test123@test.com")
    assert user["email"] == "test123@test.com"


def _member_of_three(http, fake):
    """A user in three new accounts: active 2 days ago, just now, never."""
    app = SpecApp(fake)
    user = _user(http)
    accounts = []
    for name in ("Account 1", "Account 2", "Account 3"):
        account = ok(http.post("/platform/api/v1/accounts", json={"name": name}, headers=app.headers))
        url = f"/platform/api/v1/accounts/{account['id']}/account_users"
        ok(http.post(url, json={"user_id": user["id"], "role": "agent"}, headers=app.headers))
        accounts.append(account["id"])
    headers = session(http, user["email"])
    ok(http.post(f"/api/v1/accounts/{accounts[1]}/update_active_at", headers=headers))  # now
    # `create(:account_user, active_at: 2.days.ago)`: no API sets a past active_at
    fake.store.account_users.find(accounts[0], user["id"]).active_at = fake.clock.now() - 2 * 86_400
    return app, user, headers, accounts


@ports(
    f"{AU}returns the account_user with the most recent active_at, prioritizing timestamps over NULL values"
)
def test_active_account_is_the_latest_active_at(http, fake):
    _, _, headers, accounts = _member_of_three(http, fake)
    assert ok(http.get("/api/v1/profile", headers=headers))["account_id"] == accounts[1]


@ports(f"{AU}returns NULL active_at account only when no other accounts have active_at")
def test_active_account_without_any_active_at(http, fake):
    app = SpecApp(fake)
    user = _user(http)
    for name in ("Account 1", "Account 2"):
        account = ok(http.post("/platform/api/v1/accounts", json={"name": name}, headers=app.headers))
        url = f"/platform/api/v1/accounts/{account['id']}/account_users"
        ok(http.post(url, json={"user_id": user["id"], "role": "agent"}, headers=app.headers))
    profile = ok(http.get("/api/v1/profile", headers=session(http, user["email"])))
    assert profile["account_id"] in [a["id"] for a in profile["accounts"]]


@ports(f"{AU}when multiple accounts have NULL active_at > still prioritizes accounts with timestamps")
def test_active_account_ignores_more_null_active_at(http, fake):
    app, user, headers, accounts = _member_of_three(http, fake)
    extra = ok(http.post("/platform/api/v1/accounts", json={"name": "Account 4"}, headers=app.headers))
    url = f"/platform/api/v1/accounts/{extra['id']}/account_users"
    ok(http.post(url, json={"user_id": user["id"], "role": "agent"}, headers=app.headers))
    assert ok(http.get("/api/v1/profile", headers=headers))["account_id"] == accounts[1]
