"""Port of spec/controllers/devise/session_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import re

from fakewoot.errors import MSG_INVALID_LOGIN
from tests.specs.ledger import ports
from tests.specs.support import PLATFORM, new_user, ok

SPEC = "spec/controllers/devise/session_controller_spec.rb"
UPSTREAM_ITS = 7
SKIPPED: dict[str, str] = {}
S = "GET /sign_in"
VALID = f"{S} > when it is valid credentials"
BAD_LOGIN = (401, {"success": False, "errors": [MSG_INVALID_LOGIN]})


@ports(f"{S} > when it is invalid credentials > returns unauthorized")
def test_invalid_credentials(http):
    response = http.post("/auth/sign_in", json={"email": "invalid@invalid.com", "password": "invalid"})
    assert (response.status_code, response.json()) == BAD_LOGIN
    assert "Invalid login credentials" in response.text


@ports(f"{VALID} > returns successful auth response")
def test_valid_credentials(http):
    user = new_user(http)
    response = http.post("/auth/sign_in", json={"email": user["email"], "password": "Password1!"})
    assert response.status_code == 200
    assert user["email"] in response.text
    assert response.json()["data"]["email"] == user["email"]


@ports(f"{VALID} > returns successful auth response with new password special characters")
def test_password_with_special_characters(http):
    user = new_user(http, password="Password1!.><?")
    response = http.post("/auth/sign_in", json={"email": user["email"], "password": "Password1!.><?"})
    assert response.status_code == 200
    assert response.json()["data"]["email"] == user["email"]


@ports(f"{VALID} > returns the permission of the user")
def test_permissions(http):
    user = new_user(http)
    body = ok(http.post("/auth/sign_in", json={"email": user["email"], "password": "Password1!"}))
    assert body["data"]["accounts"][0]["permissions"] == ["agent"]


@ports(f"{S} > when it is invalid sso auth token > returns unauthorized")
def test_invalid_sso_token(http):
    user = new_user(http)
    response = http.post("/auth/sign_in", json={"email": user["email"], "sso_auth_token": "ab" * 32})
    assert (response.status_code, response.json()) == BAD_LOGIN


@ports(f"{S} > when with valid sso auth token > returns successful auth response")
def test_sso_token_signs_in_once(http):
    user = new_user(http)
    url = ok(http.get(f"/platform/api/v1/users/{user['id']}/login", headers=PLATFORM))["url"]
    params = {"email": user["email"], "sso_auth_token": url.rsplit("sso_auth_token=", 1)[1]}
    response = http.post("/auth/sign_in", json=params)
    assert response.status_code == 200
    assert user["email"] in response.text
    again = http.post("/auth/sign_in", json=params)
    assert (again.status_code, again.json()) == BAD_LOGIN


@ports("GET /auth/sign_in > redirects to the frontend login page with error")
def test_new_redirects_to_the_login_page(http):
    response = http.get("/auth/sign_in")
    assert response.status_code == 302
    assert re.search(r"/app/login\?error=access-denied$", response.headers["location"])
    assert response.headers["location"].startswith(str(http.base_url).rstrip("/"))
