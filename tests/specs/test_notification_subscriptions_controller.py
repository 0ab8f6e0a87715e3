"""Port of spec/controllers/api/v1/notification_subscriptions_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/notification_subscriptions_controller_spec.rb"
UPSTREAM_ITS = 6
SKIPPED: dict[str, str] = {}
URL = "/api/v1/notification_subscriptions"
POST = "POST /api/v1/notification_subscriptions"
DELETE = "DELETE /api/v1/notification_subscriptions"
BODY = {
    "notification_subscription": {
        "subscription_type": "browser_push",
        "subscription_attributes": {"endpoint": "test", "p256dh": "test", "auth": "test"},
    }
}


@ports(POST + " > when it is an unauthenticated user > returns unauthorized")
def test_create_unauthenticated(http, fake):
    assert http.post(URL).status_code == 401
    assert list(fake.store.state.notification_subscriptions.values()) == []


@ports(POST + " > when it is an authenticated user > creates a notification subscriptions")
def test_create(http):
    agent = new_user(http, role="agent")
    created = ok(http.post(URL, json=BODY, headers=agent["headers"]))
    assert created["subscription_type"] == "browser_push"
    assert created["subscription_attributes"]["auth"] == "test"


@ports(
    POST
    + " > when it is an authenticated user > returns existing notification subscription if subscription exists"
)
def test_an_existing_identifier_is_returned(http):
    agent = new_user(http, role="agent")
    existing = ok(http.post(URL, json=BODY, headers=agent["headers"]))
    again = ok(http.post(URL, json=BODY, headers=agent["headers"]))
    assert again["id"] == existing["id"]


@ports(
    POST
    + " > when it is an authenticated user > move notification subscription to user if its of another user"
)
def test_a_subscription_moves_to_the_new_user(http):
    other, agent = new_user(http), new_user(http, role="agent")
    existing = ok(http.post(URL, json=BODY, headers=other["headers"]))
    moved = ok(http.post(URL, json=BODY, headers=agent["headers"]))
    assert (moved["id"], moved["user_id"]) == (existing["id"], agent["id"])


@ports(DELETE + " > when it is an unauthenticated user > returns unauthorized")
def test_delete_unauthenticated(http):
    assert http.delete(URL).status_code == 401


@ports(
    DELETE
    + " > when it is an authenticated user > delete existing notification subscription if subscription exists"
)
def test_delete_by_push_token(http, fake):
    agent = new_user(http, role="agent")
    body = {
        "notification_subscription": {
            "subscription_type": "fcm",
            "subscription_attributes": {"device_id": "device-1", "push_token": "bUvZo8AYGGmCMr"},
        }
    }
    created = ok(http.post(URL, json=body, headers=agent["headers"]))
    answer = http.request("DELETE", URL, json={"push_token": "bUvZo8AYGGmCMr"}, headers=agent["headers"])
    assert answer.status_code == 200
    assert fake.store.state.notification_subscriptions.get(created["id"]) is None
