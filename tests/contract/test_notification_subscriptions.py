"""POST/DELETE /api/v1/notification_subscriptions (v4.10): the record's as_json, unique by identifier
(moved between users), deletion by push_token; bots and strangers refused; 422 where upstream crashes."""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_BOTS_NOT_AUTHORIZED, MSG_PARAM_MISSING
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601

URL = "/api/v1/notification_subscriptions"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
PUSH = {
    "subscription_type": "browser_push",
    "subscription_attributes": {"endpoint": "https://push.example/1", "auth": "a"},
}


def test_shape_identity_and_move(client, fake):
    created = client.post(URL, json={"notification_subscription": PUSH}, headers=ADMIN)
    assert created.status_code == 200
    body = created.json()
    assert list(body) == [
        "id",
        "user_id",
        "subscription_type",
        "subscription_attributes",
        "created_at",
        "updated_at",
        "identifier",
    ]
    assert (body["user_id"], body["identifier"]) == (1, "https://push.example/1") and ISO8601.match(
        body["created_at"]
    )
    moved = client.post(URL, json=PUSH, headers=AGENT).json()  # a flat body is wrapped
    assert (moved["id"], moved["user_id"]) == (body["id"], 2)
    fcm = {"subscription_type": "fcm", "subscription_attributes": {"device_id": "d1", "push_token": "tok"}}
    made = client.post(URL, json=fcm, headers=AGENT).json()
    assert made["identifier"] == "d1"
    assert client.request("DELETE", URL, json={"push_token": "nope"}, headers=ADMIN).status_code == 200
    assert len(fake.store.notification_subscriptions.of_user(2)) == 2
    client.request("DELETE", URL, params={"push_token": "tok"}, headers=ADMIN)  # anyone's, by token
    assert [s.identifier for s in fake.store.notification_subscriptions.of_user(2)] == [
        "https://push.example/1"
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"subscription_type": "browser_push", "subscription_attributes": {"auth": "a"}},
            {"message": "Identifier can't be blank", "attributes": ["identifier"]},
        ),
        (
            {"subscription_type": "sms", "subscription_attributes": {"endpoint": "x"}},
            {
                "message": "Identifier can't be blank, Subscription type is not included in the list",
                "attributes": ["identifier", "subscription_type"],
            },
        ),
        (
            {"subscription_type": "browser_push"},
            {"error": MSG_PARAM_MISSING.format(key="subscription_attributes")},
        ),
        ({}, {"error": MSG_PARAM_MISSING.format(key="notification_subscription")}),
    ],
)
def test_refusals(client, fake, body, expected):
    answer = client.post(URL, json={"notification_subscription": body} if body else {}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (422, expected)
    assert list(fake.store.state.notification_subscriptions.values()) == []


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_strangers_and_bots(client, method):
    assert_refuses_strangers(client, method, URL, json={"notification_subscription": PUSH})
    bot = client.request(method, URL, json={"notification_subscription": PUSH}, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
