"""Port of spec/controllers/api/v1/profiles_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from fakewoot.errors import MSG_INVALID_CURRENT_PASSWORD
from fakewoot.store.users import check_password
from tests.specs.ledger import ports
from tests.specs.support import new_user, ok
from tests.specs.support_accounts import UNAUTHORIZED, membership, profile, session

SPEC = "spec/controllers/api/v1/profiles_controller_spec.rb"
UPSTREAM_ITS = 26
SKIPPED: dict[str, str] = {}
G = "GET /api/v1/profile"
P = "PUT /api/v1/profile"
PA = P + " > when it is an authenticated user"
AV = "DELETE /api/v1/profile/avatar"
AVL = "POST /api/v1/profile/availability"
AO = "POST /api/v1/profile/auto_offline"
SA = "PUT /api/v1/profile/set_active_account"
RC = "POST /api/v1/profile/resend_confirmation"
RT = "POST /api/v1/profile/reset_access_token"
SIGN_IN_REQUIRED = {"errors": ["You need to sign in or sign up before continuing."]}


@ports(
    f"{G} > {UNAUTHORIZED}",
    f"{P} > {UNAUTHORIZED}",
    f"{AV} > {UNAUTHORIZED}",
    f"{AVL} > {UNAUTHORIZED}",
    f"{AO} > {UNAUTHORIZED}",
    f"{SA} > {UNAUTHORIZED}",
    f"{RC} > {UNAUTHORIZED}",
    f"{RT} > {UNAUTHORIZED}",
)
def test_every_profile_endpoint_refuses_strangers(http):
    for method, url in (
        ("GET", "/api/v1/profile"),
        ("PUT", "/api/v1/profile"),
        ("DELETE", "/api/v1/profile/avatar"),
        ("POST", "/api/v1/profile/availability"),
        ("POST", "/api/v1/profile/auto_offline"),
        ("PUT", "/api/v1/profile/set_active_account"),
        ("POST", "/api/v1/profile/resend_confirmation"),
        ("POST", "/api/v1/profile/reset_access_token"),
    ):
        response = http.request(method, url)
        assert (response.status_code, response.json()) == (401, SIGN_IN_REQUIRED), url


@ports(f"{G} > when it is an authenticated user > returns current user information")
def test_show_returns_the_current_user(http):
    agent = new_user(http, custom_attributes={"test": "test"})
    body = profile(http, session(http, agent["email"]))
    assert body["id"] == agent["id"]
    assert body["email"] == agent["email"]
    assert body["access_token"] == agent["access_token"]
    assert body["custom_attributes"]["test"] == "test"
    assert body["message_signature"] is None


@ports(f"{PA} > updates the name")
def test_update_name(http, fake):
    agent = new_user(http)
    body = ok(http.put("/api/v1/profile", json={"profile": {"name": "test"}}, headers=agent["headers"]))
    assert body["id"] == agent["id"]
    assert body["name"] == "test"
    assert fake.store.users.get(agent["id"]).name == "test"


@ports(f"{PA} > updates custom attributes")
def test_update_phone_number_lands_in_custom_attributes(http, fake):
    agent = new_user(http)
    body = {"profile": {"phone_number": "+123456789"}}
    ok(http.put("/api/v1/profile", json=body, headers=agent["headers"]))
    assert fake.store.users.get(agent["id"]).custom_attributes["phone_number"] == "+123456789"
    assert profile(http, agent["headers"])["custom_attributes"]["phone_number"] == "+123456789"


@ports(f"{PA} > updates the message_signature")
def test_update_message_signature(http, fake):
    agent = new_user(http)
    body = {"profile": {"name": "test", "message_signature": "Thanks\\nMy Signature"}}
    answer = ok(http.put("/api/v1/profile", json=body, headers=agent["headers"]))
    assert answer["id"] == agent["id"]
    assert answer["name"] == "test" == fake.store.users.get(agent["id"]).name
    assert answer["message_signature"] == "Thanks\\nMy Signature"


PASSWORDS = {"current_password": "Password1!", "password": "Test1234!", "password_confirmation": "Test1234!"}


@ports(f"{PA} > updates the password when current password is provided")
def test_update_password_with_current_password(http, fake):
    agent = new_user(http)
    ok(http.put("/api/v1/profile", json={"profile": PASSWORDS}, headers=agent["headers"]))
    assert check_password(fake.store.users.get(agent["id"]), "Test1234!")
    assert session(http, agent["email"], "Test1234!")


@ports(f"{PA} > does not reset the display name if updates the password")
def test_update_password_keeps_display_name(http):
    agent = new_user(http, display_name="Speccy")
    ok(http.put("/api/v1/profile", json={"profile": PASSWORDS}, headers=agent["headers"]))
    assert profile(http, agent["headers"])["display_name"] == "Speccy"


@ports(f"{PA} > throws error when current password provided is invalid")
def test_update_password_with_wrong_current_password(http, fake):
    agent = new_user(http)
    body = {
        "profile": {"current_password": "Test", "password": "test123", "password_confirmation": "test123"}
    }
    response = http.put("/api/v1/profile", json=body, headers=agent["headers"])
    assert (response.status_code, response.json()) == (422, {"error": MSG_INVALID_CURRENT_PASSWORD})
    assert check_password(fake.store.users.get(agent["id"]), "Password1!")


@ports(f"{PA} > validate name")
def test_update_name_too_long(http):
    agent = new_user(http)
    response = http.put("/api/v1/profile", json={"profile": {"name": "test" * 999}}, headers=agent["headers"])
    assert response.status_code == 422
    assert response.json()["message"] == "Name is too long (maximum is 255 characters)"


@ports(f"{PA} > updates avatar")
def test_update_avatar_multipart(http):
    agent = new_user(http)
    assert profile(http, agent["headers"])["avatar_url"] == ""
    files = {"profile[avatar]": ("avatar.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    body = ok(http.put("/api/v1/profile", files=files, headers=agent["headers"]))
    assert body["avatar_url"].endswith("/avatar.png")
    assert profile(http, agent["headers"])["avatar_url"] == body["avatar_url"]


@ports(f"{PA} > updates the ui settings")
def test_update_ui_settings(http):
    agent = new_user(http)
    body = {"profile": {"ui_settings": {"is_contact_sidebar_open": False}}}
    answer = ok(http.put("/api/v1/profile", json=body, headers=agent["headers"]))
    assert answer["ui_settings"]["is_contact_sidebar_open"] is False


@ports(f"{P} > when an authenticated user updates email > populates the unconfirmed email")
def test_update_email_waits_for_confirmation(http, fake):
    agent = new_user(http)
    answer = ok(
        http.put("/api/v1/profile", json={"profile": {"email": "new@example.test"}}, headers=agent["headers"])
    )
    user = fake.store.users.get(agent["id"])
    assert user.unconfirmed_email == "new@example.test"
    assert answer["email"] == agent["email"] == user.email
    assert [m.to for m in fake.store.mailer.outbox(template="confirmation_instructions")][
        -1
    ] == "new@example.test"


@ports(f"{AV} > when it is an authenticated user > deletes the agent avatar")
def test_delete_avatar(http):
    agent = new_user(http)
    files = {"profile[avatar]": ("avatar.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    assert ok(http.put("/api/v1/profile", files=files, headers=agent["headers"]))["avatar_url"]
    body = ok(http.delete("/api/v1/profile/avatar", headers=agent["headers"]))
    assert body["avatar_url"] == ""


@ports(f"{AVL} > when it is an authenticated user > updates the availability status")
def test_availability(http, fake):
    agent = new_user(http)
    body = {"profile": {"availability": "busy", "account_id": 1}}
    answer = ok(http.post("/api/v1/profile/availability", json=body, headers=agent["headers"]))
    assert answer["accounts"][0]["availability"] == "busy"
    member = membership(fake, 1, agent["id"])
    assert member.availability == "busy"
    # OnlineStatusTracker.get_status: the status written for the account is busy
    assert fake.store.state.statuses[(1, agent["id"])] == "busy"


@ports(f"{AO} > when it is an authenticated user > updates the auto offline status")
def test_auto_offline(http):
    agent = new_user(http)
    body = {"profile": {"auto_offline": False, "account_id": 1}}
    answer = ok(http.post("/api/v1/profile/auto_offline", json=body, headers=agent["headers"]))
    assert answer["accounts"][0]["auto_offline"] is False


@ports(f"{SA} > when it is an authenticated user > updates the last active account id")
def test_set_active_account(http, fake):
    agent = new_user(http)
    assert membership(fake, 1, agent["id"]).active_at is None
    response = http.put(
        "/api/v1/profile/set_active_account", json={"profile": {"account_id": 1}}, headers=agent["headers"]
    )
    assert (response.status_code, response.content) == (200, b"")
    assert membership(fake, 1, agent["id"]).active_at is not None


def _confirmation_mails(fake):
    return fake.store.mailer.outbox(template="confirmation_instructions")


@ports(
    f"{RC} > when it is an authenticated user > does not send the confirmation email if the user is already confirmed"
)
def test_resend_confirmation_to_a_confirmed_user(http, fake):
    agent = new_user(http)
    before = len(_confirmation_mails(fake))
    response = http.post("/api/v1/profile/resend_confirmation", headers=agent["headers"])
    assert (response.status_code, response.content) == (200, b"")
    assert len(_confirmation_mails(fake)) == before


@ports(f"{RC} > when it is an authenticated user > resends the confirmation email if the user is unconfirmed")
def test_resend_confirmation_to_an_unconfirmed_user(http, fake):
    agent = new_user(http)
    fake.store.users.get(agent["id"]).confirmed_at = None  # agent.confirmed_at = nil; save!
    before = len(_confirmation_mails(fake))
    response = http.post("/api/v1/profile/resend_confirmation", headers=agent["headers"])
    assert response.status_code == 200
    mails = _confirmation_mails(fake)
    assert len(mails) == before + 1
    assert mails[-1].to == agent["email"]


@ports(f"{RT} > when it is an authenticated user > regenerates the access token")
def test_reset_access_token(http, fake):
    agent = new_user(http)
    headers = session(http, agent["email"])
    body = ok(http.post("/api/v1/profile/reset_access_token", headers=headers))
    current = fake.store.access_tokens.of("User", agent["id"]).token
    assert current != agent["access_token"]
    assert body["access_token"] == current
    assert http.get("/api/v1/profile", headers=agent["headers"]).status_code == 401
