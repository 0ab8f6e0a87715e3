"""Port of spec/controllers/devise_overrides/sessions_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from fakewoot.auth.messages import MSG_MFA_INVALID_TOKEN
from fakewoot.errors import MSG_INVALID_LOGIN
from tests.specs.ledger import ports
from tests.specs.support import PLATFORM, new_user, ok

SPEC = "spec/controllers/devise_overrides/sessions_controller_spec.rb"
UPSTREAM_ITS = 13
C = "POST #create"
MFA = f"{C} > with MFA authentication"
VERIFY = f"{MFA} > when verifying MFA"
NO_MFA = "not implemented: MFA (two-factor authentication; no fakewoot user can enable it)"
SKIPPED = {
    f"{MFA} > requires MFA verification after successful password authentication": NO_MFA,
    f"{MFA} > does not return authentication tokens before MFA verification": NO_MFA,
    f"{VERIFY} > authenticates with valid OTP": NO_MFA,
    f"{VERIFY} > authenticates with valid backup code": NO_MFA,
    f"{VERIFY} > rejects invalid OTP": NO_MFA + " (needs a valid MFA token)",
    f"{VERIFY} > rejects invalid backup code": NO_MFA + " (needs a valid MFA token)",
    f"{VERIFY} > requires either OTP or backup code": NO_MFA + " (needs a valid MFA token)",
}
PASSWORD = "Test@123456"


def _user(http):
    return new_user(http, password=PASSWORD)


@ports(f"{C} > with standard authentication > authenticates with valid credentials")
def test_valid_credentials(http):
    user = _user(http)
    response = http.post("/auth/sign_in", data={"email": user["email"], "password": PASSWORD})
    assert ok(response)["data"]["id"] == user["id"]
    assert response.headers["access-token"]


@ports(f"{C} > with standard authentication > rejects invalid credentials")
def test_invalid_credentials(http):
    user = _user(http)
    response = http.post("/auth/sign_in", data={"email": user["email"], "password": "wrong"})
    assert (response.status_code, response.json()) == (401, {"success": False, "errors": [MSG_INVALID_LOGIN]})
    assert "access-token" not in response.headers


@ports(f"{VERIFY} > rejects expired MFA token")
def test_an_expired_mfa_token(http):
    """Any `mfa_token` request is an MFA verification; an expired (here: any) token is refused."""
    user = _user(http)
    expired = "eyJhbGciOiJIUzI1NiJ9.eyJ1c2VyX2lkIjoxLCJleHAiOjB9.c2lnbmF0dXJl"
    response = http.post(
        "/auth/sign_in", data={"mfa_token": expired, "otp_code": "123456", "email": user["email"]}
    )
    assert (response.status_code, response.json()) == (401, {"error": MSG_MFA_INVALID_TOKEN})
    assert "access-token" not in response.headers


def _sso_token(http, user):
    url = ok(http.get(f"/platform/api/v1/users/{user['id']}/login", headers=PLATFORM))["url"]
    return url.rsplit("sso_auth_token=", 1)[1]


@ports(f"{C} > with SSO authentication > authenticates with valid SSO token")
def test_valid_sso_token(http):
    user = _user(http)
    response = http.post(
        "/auth/sign_in", data={"email": user["email"], "sso_auth_token": _sso_token(http, user)}
    )
    assert ok(response)["data"]["email"] == user["email"]


@ports(f"{C} > with SSO authentication > rejects invalid SSO token")
def test_invalid_sso_token(http):
    user = _user(http)
    response = http.post("/auth/sign_in", data={"email": user["email"], "sso_auth_token": "invalid"})
    assert (response.status_code, response.json()) == (401, {"success": False, "errors": [MSG_INVALID_LOGIN]})


@ports("GET #new > redirects to frontend login page")
def test_new_redirects_to_the_frontend_login(http, fake):
    fake.settings.frontend_url = "/frontend"
    try:
        response = http.get("/auth/sign_in")
    finally:
        fake.settings.frontend_url = None
    assert response.status_code == 302
    # Rails makes a path absolute with the request's protocol and host
    assert (
        response.headers["location"]
        == str(http.base_url).rstrip("/") + "/frontend/app/login?error=access-denied"
    )
    assert response.content == b""
