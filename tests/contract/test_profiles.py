"""/api/v1/profile and its member routes.
Source: reference section 6, app/controllers/api/v1/profiles_controller.rb, _user.json.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot.auth.messages import MSG_MFA_FEATURE_UNAVAILABLE
from fakewoot.errors import MSG_INVALID_ACCESS_TOKEN, MSG_INVALID_CURRENT_PASSWORD, MSG_NOT_FOUND
from fakewoot.store import validation as v
from tests.conftest import ADMIN_EMAIL, ADMIN_TOKEN, AGENT_TOKEN, PASSWORD, sign_in, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_user

ADMIN = token(ADMIN_TOKEN)

ENDPOINTS = [
    ("GET", "/api/v1/profile", None),
    ("PUT", "/api/v1/profile", {"profile": {"name": "x"}}),
    ("PATCH", "/api/v1/profile", {"profile": {"name": "x"}}),
    ("DELETE", "/api/v1/profile/avatar", None),
    ("POST", "/api/v1/profile/availability", {"profile": {"account_id": 1, "availability": "busy"}}),
    ("POST", "/api/v1/profile/auto_offline", {"profile": {"account_id": 1, "auto_offline": False}}),
    ("PUT", "/api/v1/profile/set_active_account", {"profile": {"account_id": 1}}),
    ("POST", "/api/v1/profile/resend_confirmation", None),
    ("POST", "/api/v1/profile/reset_access_token", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_profile_endpoints_refuse_strangers_and_change_nothing(client, fake, method, url, body):
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    assert fake.snapshot() == before


def test_show_profile_full_shape(client):
    response = client.get("/api/v1/profile", headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert_user(body)
    assert body["access_token"] == ADMIN_TOKEN
    assert (body["id"], body["email"], body["account_id"], body["role"]) == (
        1,
        ADMIN_EMAIL,
        1,
        "administrator",
    )
    assert body["accounts"][0]["availability_status"] == "offline"  # no presence heartbeat yet
    assert "custom_attributes" not in body
    assert client.get("/api/v1/profile.json", headers=ADMIN).json() == body


def test_show_profile_with_devise_session(client):
    headers = sign_in(client)
    response = client.get("/api/v1/profile", headers=headers)
    assert response.status_code == 200
    assert response.headers["access-token"] == headers["access-token"]


def test_update_profile_wrapped_and_flat(client, fake):
    wrapped = {
        "profile": {
            "name": "Johnny",
            "display_name": "JJ",
            "message_signature": "--\nJ",
            "phone_number": "+15555550100",
            "ui_settings": {"theme": "dark"},
        }
    }
    response = client.put("/api/v1/profile", json=wrapped, headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert_user(body)
    assert (body["name"], body["display_name"], body["available_name"]) == ("Johnny", "JJ", "JJ")
    assert body["message_signature"] == "--\nJ"
    assert body["custom_attributes"] == {"phone_number": "+15555550100"}
    assert body["ui_settings"] == {"theme": "dark"}
    flat = client.patch("/api/v1/profile", json={"name": "John"}, headers=ADMIN)
    assert flat.status_code == 200 and flat.json()["name"] == "John"
    form = client.put("/api/v1/profile", data={"profile[display_name]": "Form"}, headers=ADMIN)
    assert form.status_code == 200 and form.json()["display_name"] == "Form"


def test_update_profile_email_waits_for_confirmation(client, fake):
    response = client.put("/api/v1/profile", json={"profile": {"email": "new@acme.inc"}}, headers=ADMIN)
    assert response.status_code == 200
    assert response.json()["email"] == ADMIN_EMAIL
    assert fake.store.users.get(1).unconfirmed_email == "new@acme.inc"
    assert [m.to for m in fake.store.mailer.outbox(template="confirmation_instructions")] == ["new@acme.inc"]


def test_update_profile_password_change(client, fake):
    body = {
        "profile": {
            "current_password": PASSWORD,
            "password": "Changed1!",
            "password_confirmation": "Changed1!",
        }
    }
    response = client.put("/api/v1/profile", json=body, headers=ADMIN)
    assert response.status_code == 200
    assert_user(response.json())
    assert (
        client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": "Changed1!"}).status_code == 200
    )


@pytest.mark.parametrize(
    ("profile", "status", "body"),
    [
        (
            {"current_password": "wrong", "password": "Changed1!", "password_confirmation": "Changed1!"},
            422,
            {"error": MSG_INVALID_CURRENT_PASSWORD},
        ),
        ({"password": "Changed1!"}, 422, {"error": MSG_INVALID_CURRENT_PASSWORD}),
        (
            {"current_password": PASSWORD, "password": "Changed1!", "password_confirmation": "Other1!"},
            422,
            {
                "message": "Password confirmation doesn't match Password",
                "attributes": ["password_confirmation"],
            },
        ),
        (
            {"current_password": PASSWORD, "password": "changed1!"},
            422,
            {"message": v.MSG_PASSWORD_UPPER, "attributes": ["password"]},
        ),
        (
            {"name": "n" * 256},
            422,
            {"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]},
        ),
        ({"email": "bad email"}, 422, {"message": "Email is invalid", "attributes": ["email"]}),
        (
            {"email": "Jane@acme.inc"},
            422,
            {"message": "Email has already been taken", "attributes": ["email"]},
        ),
    ],
)
def test_update_profile_refusals_change_nothing(client, fake, profile, status, body):
    before = fake.snapshot()
    response = client.put("/api/v1/profile", json={"profile": profile}, headers=ADMIN)
    assert (response.status_code, response.json()) == (status, body)
    assert fake.snapshot() == before


def test_update_profile_without_params_is_parameter_missing(client, fake):
    for kwargs in ({}, {"json": {}}, {"data": {"name": "flat form is not wrapped"}}):
        response = client.put("/api/v1/profile", headers=ADMIN, **kwargs)
        assert response.status_code == 422
        assert response.json() == {"error": "param is missing or the value is empty: profile"}


def test_update_profile_ignores_unpermitted_values(client):
    response = client.put(
        "/api/v1/profile", json={"profile": {"name": {"x": 1}, "ui_settings": "no", "id": 9}}, headers=ADMIN
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["ui_settings"], response.json()["id"]) == ("John", {}, 1)


def test_delete_avatar_returns_user_with_empty_avatar(client, fake):
    fake.store.users.get(1).avatar_url = "http://127.0.0.1:3000/avatar.png"
    response = client.delete("/api/v1/profile/avatar", headers=ADMIN)
    assert response.status_code == 200
    assert_user(response.json())
    assert response.json()["avatar_url"] == ""


def test_availability_and_auto_offline(client, fake):
    response = client.post(
        "/api/v1/profile/availability",
        json={"profile": {"account_id": 1, "availability": "busy"}},
        headers=ADMIN,
    )
    assert response.status_code == 200
    assert_user(response.json())
    account = response.json()["accounts"][0]
    assert (account["availability"], account["availability_status"]) == ("busy", "offline")
    response = client.post(
        "/api/v1/profile/auto_offline", json={"account_id": 1, "auto_offline": False}, headers=ADMIN
    )
    assert response.status_code == 200
    account = response.json()["accounts"][0]
    assert (account["auto_offline"], account["availability_status"]) == (False, "busy")
    # missing auto_offline means false; "true" strings are cast
    response = client.post(
        "/api/v1/profile/auto_offline",
        json={"profile": {"account_id": 1, "auto_offline": "true"}},
        headers=ADMIN,
    )
    assert response.json()["accounts"][0]["auto_offline"] is True


def test_availability_follows_presence_heartbeat(client, fake):
    fake.store.presence.heartbeat(1, "User", 1)
    account = client.get("/api/v1/profile", headers=ADMIN).json()["accounts"][0]
    assert account["availability_status"] == "online"


@pytest.mark.parametrize(
    ("url", "profile", "status", "body"),
    [
        (
            "/api/v1/profile/availability",
            {"account_id": 2, "availability": "busy"},
            404,
            {"error": MSG_NOT_FOUND},
        ),
        (
            "/api/v1/profile/availability",
            {"account_id": 1, "availability": "away"},
            422,
            {"message": "Availability is not included in the list", "attributes": ["availability"]},
        ),
        (
            "/api/v1/profile/availability",
            {"account_id": 1, "availability": ["x"]},
            422,
            {"message": "Availability is not included in the list", "attributes": ["availability"]},
        ),
        (
            "/api/v1/profile/auto_offline",
            {"account_id": 99, "auto_offline": True},
            404,
            {"error": MSG_NOT_FOUND},
        ),
        ("/api/v1/profile/set_active_account", {"account_id": 2}, 404, {"error": MSG_NOT_FOUND}),
        ("/api/v1/profile/set_active_account", {"account_id": "abc"}, 404, {"error": MSG_NOT_FOUND}),
    ],
)
def test_membership_endpoints_refusals(client, fake, url, profile, status, body):
    before = fake.snapshot()
    method = "PUT" if url.endswith("set_active_account") else "POST"
    response = client.request(method, url, json={"profile": profile}, headers=ADMIN)
    assert (response.status_code, response.json()) == (status, body)
    assert fake.snapshot() == before


def test_set_active_account_is_empty_200(client, fake):
    response = client.put(
        "/api/v1/profile/set_active_account", json={"profile": {"account_id": 1}}, headers=ADMIN
    )
    assert response.status_code == 200
    assert response.content == b""
    assert fake.store.account_users.find(1, 1).active_at is not None
    assert client.get("/api/v1/profile", headers=ADMIN).json()["accounts"][0]["active_at"] is not None


def test_resend_confirmation_mails_only_unconfirmed_users(client, fake):
    response = client.post("/api/v1/profile/resend_confirmation", headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert fake.store.mailer.outbox() == []
    user = fake.store.users.create(
        name="U", email="u@acme.inc", password=PASSWORD, confirmed=False, access_token="unconfirmed-token"
    )
    client.post("/api/v1/profile/resend_confirmation", headers=token("unconfirmed-token"))
    assert [m.to for m in fake.store.mailer.outbox()] == [user.email]


def test_reset_access_token_invalidates_the_old_one(client):
    response = client.post("/api/v1/profile/reset_access_token", headers=ADMIN)
    assert response.status_code == 200
    assert_user(response.json())
    new = response.json()["access_token"]
    assert new != ADMIN_TOKEN
    old = client.get("/api/v1/profile", headers=ADMIN)
    assert (old.status_code, old.json()) == (401, {"error": MSG_INVALID_ACCESS_TOKEN})
    assert client.get("/api/v1/profile", headers=token(new)).status_code == 200


def test_dashed_header_spelling_is_accepted(client):
    assert client.get("/api/v1/profile", headers={"api-access-token": AGENT_TOKEN}).json()["role"] == "agent"


def test_mfa_endpoints_are_unavailable_without_encryption_keys(client):
    """Api::V1::Profile::MfaController#check_mfa_feature_available: 403 for a signed-in user; the
    usual 401s before that."""
    routes = [
        ("GET", "/api/v1/profile/mfa"),
        ("POST", "/api/v1/profile/mfa"),
        ("DELETE", "/api/v1/profile/mfa"),
        ("POST", "/api/v1/profile/mfa/verify"),
        ("POST", "/api/v1/profile/mfa/backup_codes"),
    ]
    for method, url in routes:
        response = client.request(method, url, headers=token(AGENT_TOKEN))
        assert (response.status_code, response.json()) == (403, {"error": MSG_MFA_FEATURE_UNAVAILABLE}), url
        assert_refuses_strangers(client, method, url)


def test_password_is_saved_before_the_profile_fields_are_validated(client, fake):
    """ProfilesController#update: `update!(password...)` runs first, then `save!` of the profile."""
    headers = sign_in(client)
    body = {
        "profile": {
            "current_password": PASSWORD,
            "password": "N3w-Password!",
            "password_confirmation": "N3w-Password!",
            "name": "x" * 256,
        }
    }
    response = client.put("/api/v1/profile", json=body, headers=headers)
    assert response.status_code == 422
    assert response.json()["message"] == "Name is too long (maximum is 255 characters)"
    assert (
        client.post("/auth/sign_in", json={"email": ADMIN_EMAIL, "password": "N3w-Password!"}).status_code
        == 200
    )
    assert fake.store.users.by_email(ADMIN_EMAIL).name == "John"
