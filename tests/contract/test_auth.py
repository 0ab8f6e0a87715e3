"""/auth: sign_in, sign_out, validate_token, password reset.
Source: reference section 2.4 and 5; devise_overrides controllers; devise_token_auth 1.2."""

from __future__ import annotations

import base64
import json

from fakewoot.auth.messages import (
    MSG_CONFIRMATION_ALREADY_CONFIRMED,
    MSG_CONFIRMATION_INVALID_TOKEN,
    MSG_MFA_INVALID_TOKEN,
    MSG_RESET_PASSWORD_FAILURE,
    MSG_RESET_PASSWORD_SUCCESS,
)
from fakewoot.errors import (
    MSG_INVALID_LOGIN,
    MSG_INVALID_TOKEN_VALIDATION,
    MSG_RESET_PASSWORD_INVALID_TOKEN,
    MSG_SIGN_IN_REQUIRED,
    MSG_SIGN_OUT_NOT_FOUND,
    MSG_UNCONFIRMED,
)
from fakewoot.store.users import TOKEN_LIFESPAN_SECONDS
from fakewoot.store.validation import MSG_PASSWORD_SPECIAL
from tests.conftest import ADMIN_EMAIL, AGENT_EMAIL, BOT_TOKEN, PASSWORD, sign_in, token
from tests.contract.shapes import DTA_HEADERS, ISO8601, assert_user


def test_sign_in_returns_user_in_data_and_auth_headers(client, fake):
    response = client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 200
    assert list(response.json()) == ["data"]
    assert_user(response.json()["data"])
    assert response.json()["data"]["email"] == ADMIN_EMAIL
    assert response.json()["data"]["accounts"][0]["permissions"] == ["administrator"]
    for name in DTA_HEADERS:
        assert response.headers.get(name), name
    assert response.headers["token-type"] == "Bearer"
    assert response.headers["uid"] == ADMIN_EMAIL
    assert int(response.headers["expiry"]) == int(fake.clock.now()) + TOKEN_LIFESPAN_SECONDS
    bearer = response.headers["authorization"].removeprefix("Bearer ")
    assert json.loads(base64.b64decode(bearer)) == {
        name: response.headers[name] for name in ("access-token", "token-type", "client", "expiry", "uid")
    }


def test_sign_in_email_is_case_insensitive_and_form_encoded_works(client):
    response = client.post("/auth/sign_in", data={"email": "John@ACME.inc", "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["data"]["email"] == ADMIN_EMAIL


def test_sign_in_wrong_password_is_401_with_dta_body(client):
    response = client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": "nope"})
    assert response.status_code == 401
    assert response.json() == {"success": False, "errors": [MSG_INVALID_LOGIN]}
    assert "access-token" not in response.headers


def test_sign_in_unknown_email_and_missing_fields_are_401(client):
    for body in ({"email": "nobody@acme.inc", "password": PASSWORD}, {}, {"email": ["x"], "password": 1}):
        response = client.post("/auth/sign_in", json=body)
        assert response.status_code == 401
        assert response.json() == {"success": False, "errors": [MSG_INVALID_LOGIN]}


def test_sign_in_unconfirmed_user_is_refused(client, fake):
    user = fake.store.users.create(name="New", email="new@acme.inc", password=PASSWORD, confirmed=False)
    response = client.post("/auth/sign_in", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 401
    assert response.json() == {"success": False, "errors": [MSG_UNCONFIRMED.format(email=user.email)]}


def test_several_clients_per_user_and_headers_echoed_unchanged(client):
    first = sign_in(client)
    second = sign_in(client)
    assert first["client"] != second["client"]
    for headers in (first, second):
        response = client.get("/api/v1/profile", headers=headers)
        assert response.status_code == 200
        # change_headers_on_each_request = false: the same token comes back, no rotation
        assert response.headers["access-token"] == headers["access-token"]
        assert response.headers["client"] == headers["client"]
        again = client.get("/api/v1/profile", headers=headers)
        assert again.headers["access-token"] == headers["access-token"]


def test_bearer_authorization_header_and_query_params_authenticate(client):
    login = client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": PASSWORD})
    response = client.get("/api/v1/profile", headers={"Authorization": login.headers["authorization"]})
    assert response.status_code == 200
    params = {name: login.headers[name] for name in ("access-token", "client", "uid")}
    assert client.get("/api/v1/profile", params=params).status_code == 200


def test_sign_out_ends_only_that_client(client):
    first = sign_in(client)
    second = sign_in(client)
    response = client.delete("/auth/sign_out", headers=first)
    assert response.status_code == 200
    assert response.json() == {"success": True}
    assert "access-token" not in response.headers
    assert client.get("/api/v1/profile", headers=first).json() == {"errors": [MSG_SIGN_IN_REQUIRED]}
    assert client.get("/api/v1/profile", headers=second).status_code == 200


def test_sign_out_without_session_is_404(client):
    for headers in (
        {},
        token("fakewoot-admin-token"),
        {"access-token": "x", "client": "y", "uid": ADMIN_EMAIL},
    ):
        response = client.delete("/auth/sign_out", headers=headers)
        assert response.status_code == 404
        assert response.json() == {"success": False, "errors": [MSG_SIGN_OUT_NOT_FOUND]}


def test_validate_token_wraps_in_payload(client):
    headers = sign_in(client, AGENT_EMAIL)
    response = client.get("/auth/validate_token", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["payload"]
    assert list(body["payload"]) == ["success", "data"]
    assert body["payload"]["success"] is True
    data = dict(body["payload"]["data"])
    # devise/token.json.jbuilder at v4.10 merges the user's created_at after the user partial
    assert list(data)[-1] == "created_at"
    assert ISO8601.match(data.pop("created_at"))
    assert_user(data)
    assert data["role"] == "agent"
    assert response.headers["access-token"] == headers["access-token"]


def test_validate_token_refuses_bad_or_other_credentials(client):
    bad = {"access-token": "wrong", "client": "nope", "uid": ADMIN_EMAIL}
    for headers in ({}, bad, token("fakewoot-admin-token"), token(BOT_TOKEN)):
        response = client.get("/auth/validate_token", headers=headers)
        assert response.status_code == 401
        assert response.json() == {"success": False, "errors": [MSG_INVALID_TOKEN_VALIDATION]}


def test_expired_token_is_refused(client, fake):
    headers = sign_in(client)
    user = fake.store.users.by_email(ADMIN_EMAIL)
    entry = user.tokens[headers["client"]]
    entry.expiry = int(fake.clock.now()) - 1
    assert client.get("/api/v1/profile", headers=headers).status_code == 401


def test_password_reset_request_is_404_for_unknown_emails(client, fake):
    """PasswordsController#create at v4.10 (reference 5.4, corrected): the email is enumerable."""
    known = client.post("/auth/password", json={"email": AGENT_EMAIL, "redirect_url": "http://x"})
    assert (known.status_code, known.json()) == (200, {"message": MSG_RESET_PASSWORD_SUCCESS})
    for email in ("nobody@acme.inc", "", " " + AGENT_EMAIL):
        unknown = client.post("/auth/password", json={"email": email})
        assert (unknown.status_code, unknown.json()) == (404, {"message": MSG_RESET_PASSWORD_FAILURE})
    mails = fake.store.mailer.outbox(template="reset_password_instructions")
    assert [mail.to for mail in mails] == [AGENT_EMAIL]
    assert mails[0].data["reset_password_token"]


def _reset_token(client, fake, email=AGENT_EMAIL):
    client.post("/auth/password", json={"email": email})
    return fake.store.mailer.outbox(to=email, template="reset_password_instructions")[-1].data[
        "reset_password_token"
    ]


def test_password_reset_with_token_signs_in_and_works_once(client, fake):
    reset = _reset_token(client, fake)
    body = {"reset_password_token": reset, "password": "NewPass1!", "password_confirmation": "NewPass1!"}
    response = client.put("/auth/password", json=body)
    assert response.status_code == 200
    assert list(response.json()) == ["data"]
    assert_user(response.json()["data"])
    # AuthHelper#send_auth_headers: the five headers, no Authorization (reference 2.4, corrected)
    for name in DTA_HEADERS[:5]:
        assert response.headers.get(name)
    assert "authorization" not in response.headers
    assert (
        client.post("/auth/sign_in", json={"email": AGENT_EMAIL, "password": "NewPass1!"}).status_code == 200
    )
    assert client.post("/auth/sign_in", json={"email": AGENT_EMAIL, "password": PASSWORD}).status_code == 401
    again = client.put("/auth/password", json=body)
    assert again.status_code == 422
    assert again.json() == {"message": MSG_RESET_PASSWORD_INVALID_TOKEN, "redirect_url": "/"}


def test_password_reset_bad_token_and_weak_password(client, fake):
    response = client.put(
        "/auth/password",
        json={"reset_password_token": "nope", "password": "NewPass1!", "password_confirmation": "NewPass1!"},
    )
    assert response.status_code == 422
    assert response.json() == {"message": MSG_RESET_PASSWORD_INVALID_TOKEN, "redirect_url": "/"}
    reset = _reset_token(client, fake)
    weak = client.put(
        "/auth/password",
        json={"reset_password_token": reset, "password": "NewPass12", "password_confirmation": "NewPass12"},
    )
    assert weak.status_code == 422
    assert weak.json() == {"message": MSG_PASSWORD_SPECIAL, "attributes": ["password"]}
    assert client.post("/auth/sign_in", json={"email": AGENT_EMAIL, "password": PASSWORD}).status_code == 200


def _invite(client, fake, email="invitee@acme.inc"):
    response = client.post(
        "/api/v1/accounts/1/agents",
        json={"name": "Invitee", "email": email},
        headers=token("fakewoot-admin-token"),
    )
    assert response.status_code == 200
    return fake.store.mailer.outbox(to=email, template="confirmation_instructions")[-1].data[
        "confirmation_token"
    ]


def test_get_confirmation_confirms_and_redirects_to_sign_in(client, fake):
    """Devise::ConfirmationsController#show (not overridden): 302 to new_session_path; errors are
    the record's errors (JSON for a JSON client)."""
    confirmation = _invite(client, fake)
    response = client.get("/auth/confirmation", params={"confirmation_token": confirmation})
    assert response.status_code == 302
    assert response.headers["location"].endswith("/auth/sign_in")
    assert fake.store.users.by_email("invitee@acme.inc").confirmed
    again = client.get("/auth/confirmation", params={"confirmation_token": confirmation})
    assert (again.status_code, again.json()) == (
        422,
        {"email": ["was already confirmed, please try signing in"]},
    )
    blank = client.get("/auth/confirmation")
    assert (blank.status_code, blank.json()) == (422, {"confirmation_token": ["can't be blank"]})
    wrong = client.get("/auth/confirmation", params={"confirmation_token": "nope"})
    assert (wrong.status_code, wrong.json()) == (422, {"confirmation_token": ["is invalid"]})


def test_post_confirmation_applies_a_pending_email(client, fake):
    headers = sign_in(client, AGENT_EMAIL)
    client.put("/api/v1/profile", json={"profile": {"email": "jane.new@acme.inc"}}, headers=headers)
    mail = fake.store.mailer.outbox(to="jane.new@acme.inc", template="confirmation_instructions")[-1]
    response = client.post("/auth/confirmation", json={"confirmation_token": mail.data["confirmation_token"]})
    assert response.status_code == 200
    assert response.json()["data"]["email"] == "jane.new@acme.inc"
    assert "authorization" not in response.headers and response.headers["uid"] == "jane.new@acme.inc"


def test_get_sign_in_redirects_to_the_login_page(client, fake):
    response = client.get("/auth/sign_in")
    assert response.status_code == 302
    assert response.headers["location"].endswith("/app/login?error=access-denied")
    assert response.headers["content-type"].startswith("text/html")
    fake.settings.frontend_url = "https://app.example"
    try:
        elsewhere = client.get("/auth/sign_in")
    finally:
        fake.settings.frontend_url = None
    assert elsewhere.headers["location"] == "https://app.example/app/login?error=access-denied"


def test_sign_in_with_an_mfa_token_is_refused(client):
    response = client.post("/auth/sign_in", json={"mfa_token": "x", "otp_code": "123456"})
    assert (response.status_code, response.json()) == (401, {"error": MSG_MFA_INVALID_TOKEN})


def test_post_confirmation_without_a_token_is_already_confirmed(client):
    """`User.find_by(confirmation_token: nil)` finds a confirmed user who never had a token."""
    for body in ({}, {"confirmation_token": None}):
        response = client.post("/auth/confirmation", json=body)
        assert (response.status_code, response.json()) == (
            422,
            {"message": MSG_CONFIRMATION_ALREADY_CONFIRMED, "redirect_url": "/"},
        )
    blank = client.post("/auth/confirmation", json={"confirmation_token": ""})
    assert blank.json() == {"message": MSG_CONFIRMATION_INVALID_TOKEN, "redirect_url": "/"}
