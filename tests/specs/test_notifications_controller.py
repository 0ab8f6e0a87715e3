"""Port of spec/controllers/api/v1/accounts/notifications_controller_spec.rb and
notification_settings_controller_spec.rb (v4.10).

`create(:notification, account:, user:)` is a conversation_assignment about a new conversation; here
it is made the way Chatwoot makes one: the administrator john assigns a new conversation (of an API
inbox without an agent bot, so it is open) to the user.
"""

from __future__ import annotations

from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_contact, new_user, ok

NOTIFICATIONS = "spec/controllers/api/v1/accounts/notifications_controller_spec.rb"
SETTINGS_SPEC = "spec/controllers/api/v1/accounts/notification_settings_controller_spec.rb"
SPEC = {NOTIFICATIONS: NOTIFICATIONS, SETTINGS_SPEC: SETTINGS_SPEC}
UPSTREAM_ITS = {NOTIFICATIONS: 18, SETTINGS_SPEC: 4}
SKIPPED: dict[str, dict[str, str]] = {NOTIFICATIONS: {}, SETTINGS_SPEC: {}}
A = "/api/v1/accounts/1"
URL = A + "/notifications"
SETTINGS = A + "/notification_settings"
D = "/api/v1/accounts/{account.id}/notifications"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
ALL = {"includes[]": ["read", "snoozed"]}


def new_inbox(http: Any, *members: int) -> int:
    """create(:inbox): an API inbox of account 1 without an agent bot, with these members."""
    body = {"name": "Spec notifications inbox", "channel": {"type": "api"}}
    inbox_id = int(ok(http.post(f"{A}/inboxes", json=body, headers=ADMIN))["id"])
    for user_id in members:
        add_inbox_member(http, inbox_id, user_id)
    return inbox_id


def new_open_conversation(http: Any, inbox_id: int, headers: dict[str, str] | None = None) -> dict[str, Any]:
    contact = new_contact(http, inbox_id=inbox_id)
    body = {"inbox_id": inbox_id, "contact_id": contact["id"]}
    return ok(http.post(f"{A}/conversations", json=body, headers=headers or ADMIN))


def notify(http: Any, user: dict[str, Any], inbox_id: int | None = None) -> dict[str, Any]:
    """create(:notification, account:, user:): the user's newest notification afterwards."""
    conversation = new_open_conversation(http, inbox_id or new_inbox(http))
    url = f"{A}/conversations/{conversation['id']}/assignments"
    ok(http.post(url, json={"assignee_id": user["id"]}, headers=ADMIN))
    return listed(http, user)["payload"][0]


def listed(http: Any, user: dict[str, Any], **params: Any) -> dict[str, Any]:
    return ok(http.get(URL, params=params, headers=user["headers"]))["data"]


def everything(http: Any, user: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """The user's notifications in account 1, read and snoozed ones included, by id."""
    return {n["id"]: n for n in listed(http, user, **ALL)["payload"]}


def _admin(http: Any) -> dict[str, Any]:
    return new_user(http, role="administrator")


# --- notifications_controller_spec ---------------------------------------------------------------


@ports(
    *(f"{D}{suffix}{UNAUTH}" for suffix in ("", "/read_all", "/unread_count", "/destroy_all")),
    "PATCH /api/v1/accounts/{account.id}/notifications/:id" + UNAUTH,
    "DELETE /api/v1/accounts/{account.id}/notifications/:id" + UNAUTH,
    "POST /api/v1/accounts/{account.id}/notifications/:id/snooze" + UNAUTH,
    "POST /api/v1/accounts/{account.id}/notifications/:id/unread" + UNAUTH,
    spec=NOTIFICATIONS,
)
def test_every_notifications_route_refuses_unauthenticated_calls(http):
    admin = _admin(http)
    notification = notify(http, admin)
    one = f"{URL}/{notification['id']}"
    for method, url, body in (
        ("GET", URL, None),
        ("POST", URL + "/read_all", None),
        ("GET", URL + "/unread_count", None),
        ("POST", URL + "/destroy_all", None),
        ("PUT", one, {"read_at": True}),
        ("DELETE", one, None),
        ("POST", one + "/snooze", {"snoozed_until": "2030-01-01T00:00:00Z"}),
        ("POST", one + "/unread", None),
    ):
        assert http.request(method, url, json=body).status_code == 401, (method, url)
    assert everything(http, admin) == {notification["id"]: notification}


@ports(f"{D}{AUTHED}returns all notifications", spec=NOTIFICATIONS)
def test_index_returns_all_notifications_newest_first(http):
    admin = _admin(http)
    first, second = notify(http, admin), notify(http, admin)
    answer = http.get(URL, headers=admin["headers"])
    assert answer.status_code == 200
    assert first["notification_type"] in answer.text
    data = answer.json()["data"]
    assert data["meta"]["unread_count"] == 2 and data["meta"]["count"] == 2
    assert data["payload"][0]["id"] == second["id"]
    assert data["payload"][0]["primary_actor"] is not None


@ports(f"{D}/read_all{AUTHED}updates all the notifications read at", spec=NOTIFICATIONS)
def test_read_all_reads_them_all(http):
    admin = _admin(http)
    first, second = notify(http, admin), notify(http, admin)
    assert http.post(URL + "/read_all", headers=admin["headers"], json={}).status_code == 200
    found = everything(http, admin)
    assert found[first["id"]]["read_at"] is not None and found[second["id"]]["read_at"] is not None


@ports(
    f"{D}/read_all{AUTHED}updates only the notifications read at for primary actor when param is passed",
    spec=NOTIFICATIONS,
)
def test_read_all_for_one_primary_actor(http):
    admin = _admin(http)
    first, second = notify(http, admin), notify(http, admin)
    body = {"primary_actor_id": first["primary_actor_id"], "primary_actor_type": first["primary_actor_type"]}
    assert http.post(URL + "/read_all", json=body, headers=admin["headers"]).status_code == 200
    found = everything(http, admin)
    assert found[first["id"]]["read_at"] is not None
    assert found[second["id"]]["read_at"] is None


@ports(
    "PATCH /api/v1/accounts/{account.id}/notifications/:id" + AUTHED + "updates the notification read at",
    spec=NOTIFICATIONS,
)
def test_update_reads_the_notification(http):
    admin = _admin(http)
    notification = notify(http, admin)
    answer = http.patch(f"{URL}/{notification['id']}", json={"read_at": True}, headers=admin["headers"])
    assert answer.status_code == 200 and answer.json()["read_at"] is not None
    assert everything(http, admin)[notification["id"]]["read_at"] is not None


@ports(f"{D}/unread_count{AUTHED}returns notifications unread count", spec=NOTIFICATIONS)
def test_unread_count(http):
    admin = _admin(http)
    inbox_id = new_inbox(http)
    for _ in range(2):
        notify(http, admin, inbox_id)
    answer = http.get(URL + "/unread_count", headers=admin["headers"])
    assert answer.status_code == 200 and answer.json() == 2


@ports(
    "DELETE /api/v1/accounts/{account.id}/notifications/:id" + AUTHED + "deletes the notification",
    spec=NOTIFICATIONS,
)
def test_destroy_deletes_the_notification(http):
    admin = _admin(http)
    notification = notify(http, admin)
    assert http.delete(f"{URL}/{notification['id']}", headers=admin["headers"]).status_code == 200
    assert everything(http, admin) == {}


@ports(
    "POST /api/v1/accounts/{account.id}/notifications/:id/snooze"
    + AUTHED
    + "updates the notification snoozed until",
    spec=NOTIFICATIONS,
)
def test_snooze_sets_snoozed_until_and_clears_last_snoozed_at(http):
    admin = _admin(http)
    notification = notify(http, admin)
    url = f"{URL}/{notification['id']}/snooze"
    # the spec sends `DateTime.now.utc + 1.day` as JSON: an ISO 8601 string
    answer = http.post(url, json={"snoozed_until": "2030-06-01T10:00:00.000Z"}, headers=admin["headers"])
    assert answer.status_code == 200
    found = everything(http, admin)[notification["id"]]
    assert found["snoozed_until"] not in ("", None)
    assert found["meta"]["last_snoozed_at"] is None and "last_snoozed_at" in found["meta"]


@ports(
    "POST /api/v1/accounts/{account.id}/notifications/:id/unread"
    + AUTHED
    + "updates the notification read at",
    spec=NOTIFICATIONS,
)
def test_unread_clears_read_at(http):
    admin = _admin(http)
    notification = notify(http, admin)
    ok(http.patch(f"{URL}/{notification['id']}", headers=admin["headers"]))
    answer = http.post(f"{URL}/{notification['id']}/unread", headers=admin["headers"])
    assert answer.status_code == 200
    assert everything(http, admin)[notification["id"]]["read_at"] is None


@ports(f"{D}/destroy_all{AUTHED}deletes all the read notifications", spec=NOTIFICATIONS)
def test_destroy_all_read(http):
    admin = _admin(http)
    read, unread = notify(http, admin), notify(http, admin)
    ok(http.patch(f"{URL}/{read['id']}", headers=admin["headers"]))
    answer = http.post(URL + "/destroy_all", json={"type": "read"}, headers=admin["headers"])
    assert answer.status_code == 200
    assert list(everything(http, admin)) == [unread["id"]]  # DeleteNotificationJob with type: :read


@ports(f"{D}/destroy_all{AUTHED}deletes all the notifications", spec=NOTIFICATIONS)
def test_destroy_all(http):
    admin = _admin(http)
    read = notify(http, admin)
    notify(http, admin)
    ok(http.patch(f"{URL}/{read['id']}", headers=admin["headers"]))
    assert http.post(URL + "/destroy_all", json={}, headers=admin["headers"]).status_code == 200
    assert everything(http, admin) == {}  # type: :all


# --- notification_settings_controller_spec -------------------------------------------------------

S = "{account.id}/notification_settings"


@ports(
    f"GET /api/v1/accounts/{S}{UNAUTH}",
    f"PUT /api/v1/accounts/{S}{UNAUTH}",
    spec=SETTINGS_SPEC,
)
def test_settings_refuse_unauthenticated_calls(http):
    agent = new_user(http, role="agent")
    assert http.get(SETTINGS).status_code == 401
    body = {"notification_settings": {"selected_email_flags": []}}
    assert http.put(SETTINGS, json=body).status_code == 401
    assert ok(http.get(SETTINGS, headers=agent["headers"]))["selected_email_flags"] == [
        "email_conversation_assignment"
    ]


@ports(f"GET /api/v1/accounts/{S}{AUTHED}returns current user notification settings", spec=SETTINGS_SPEC)
def test_settings_show_the_current_users(http):
    agent = new_user(http, role="agent")
    answer = http.get(SETTINGS, headers=agent["headers"])
    assert answer.status_code == 200
    assert answer.json()["user_id"] == agent["id"] and answer.json()["account_id"] == 1


@ports(f"PUT /api/v1/accounts/{S}{AUTHED}updates the email related notification flags", spec=SETTINGS_SPEC)
def test_settings_update_the_email_flags(http):
    agent = new_user(http, role="agent")
    body = {"notification_settings": {"selected_email_flags": ["email_conversation_assignment"]}}
    answer = http.put(SETTINGS, json=body, headers=agent["headers"])
    assert answer.status_code == 200
    assert answer.json()["user_id"] == agent["id"] and answer.json()["account_id"] == 1
    assert answer.json()["selected_email_flags"] == ["email_conversation_assignment"]
