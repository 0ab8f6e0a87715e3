"""/api/v1/accounts/:id/campaigns (v4.10): administrators only, by display id, the campaign partial
with the full inbox, Campaign's validations in order; a 404 where upstream renders nil (500)."""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601, assert_shape
from tests.contract.test_agents import assert_agent

URL = "/api/v1/accounts/1/campaigns"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
KEYS = {
    "id": int,
    "title": str,
    "description": (str, type(None)),
    "account_id": int,
    "inbox": dict,
    "message": str,
    "template_params": (dict, type(None)),
    "campaign_status": str,
    "enabled": bool,
    "campaign_type": str,
    "trigger_rules": dict,
    "trigger_only_during_business_hours": bool,
    "created_at": str,
    "updated_at": str,
}
BODY = {"inbox_id": 2, "title": "Spring sale", "message": "20% off today"}


def test_shape_display_ids_and_sender(client):
    first = client.post(
        URL,
        json={
            "campaign": {
                **BODY,
                "sender_id": 2,
                "trigger_rules": {"url": "https://acme.example/pricing", "time_on_page": 10},
            }
        },
        headers=ADMIN,
    )
    assert first.status_code == 200
    body = first.json()
    assert_shape(body, KEYS, optional={"sender": dict})
    assert list(body) == [*list(KEYS)[:5], "sender", *list(KEYS)[5:]]
    assert (body["id"], body["campaign_type"], body["campaign_status"], body["enabled"]) == (
        1,
        "ongoing",
        "active",
        True,
    )
    assert body["inbox"]["id"] == 2 and body["inbox"]["channel_type"] == "Channel::WebWidget"
    assert_agent(body["sender"])
    assert body["trigger_rules"] == {"url": "https://acme.example/pricing", "time_on_page": 10}
    assert ISO8601.match(body["created_at"]) and body["template_params"] is None
    second = client.post(URL, json=BODY, headers=ADMIN).json()
    assert second["id"] == 2 and "sender" not in second  # Jbuilder drops the empty sender block
    assert [c["id"] for c in client.get(URL, headers=ADMIN).json()] == [1, 2]
    assert client.get(f"{URL}/2", headers=ADMIN).json() == second
    other = client.post(
        "/api/v1/accounts/2/campaigns", json=BODY | {"inbox_id": 3}, headers=token(OTHER_ADMIN_TOKEN)
    )
    assert other.status_code == 422  # Globex has no website inbox: an API inbox is unsupported


@pytest.mark.parametrize(
    ("method", "path"), [("GET", ""), ("POST", ""), ("GET", "/1"), ("PATCH", "/1"), ("DELETE", "/1")]
)
def test_auth_matrix(client, method, path):
    client.post(URL, json=BODY, headers=ADMIN)
    assert_refuses_strangers(client, method, URL + path, json=BODY)
    for headers, body in (
        (token(BOT_TOKEN), {"error": MSG_BOTS_NOT_AUTHORIZED}),
        (token(OTHER_ADMIN_TOKEN), {"error": MSG_NOT_AUTHORIZED_ACCOUNT}),
        (AGENT, {"error": MSG_NOT_AUTHORIZED_ACTION}),
    ):
        answer = client.request(method, URL + path, json=BODY, headers=headers)
        assert (answer.status_code, answer.json()) == (401, body)
    assert [c["title"] for c in client.get(URL, headers=ADMIN).json()] == ["Spring sale"]
    if path:
        agent_unknown = client.request(method, f"{URL}/99", json=BODY, headers=AGENT)
        assert agent_unknown.status_code == 401  # the policy is on the class, before any lookup


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"title": "t", "message": "m"}, "Inbox can't be blank, Inbox must exist", ["inbox_id", "inbox"]),
        ({"inbox_id": 2, "message": "m"}, "Title can't be blank", ["title"]),
        ({"inbox_id": 2, "title": "t", "message": " "}, "Message can't be blank", ["message"]),
        ({**BODY, "inbox_id": 1}, "Inbox Unsupported Inbox type", ["inbox"]),
        ({**BODY, "trigger_rules": {"url": "javascript:alert(1)"}}, "Url invalid", ["url"]),
        ({**BODY, "sender_id": 3}, "Sender must belong to the same account as the campaign", ["sender_id"]),
        (
            {**BODY, "inbox_id": 3},
            "Inbox Unsupported Inbox type, Inbox must belong to the same account as the campaign",
            ["inbox", "inbox_id"],
        ),
        ({**BODY, "inbox_id": 99}, "Inbox must exist", ["inbox"]),
    ],
)
def test_validations(client, body, message, attributes):
    answer = client.post(URL, json=body, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attributes})
    assert client.get(URL, headers=ADMIN).json() == []


def test_update_destroy_and_unknown_ids(client, fake):
    created = client.post(URL, json=BODY, headers=ADMIN).json()
    updated = client.put(
        f"{URL}/1",
        json={"enabled": False, "description": "d", "audience": [{"type": "Label", "id": 1}]},
        headers=ADMIN,
    ).json()
    assert (updated["enabled"], updated["description"], updated["title"]) == (False, "d", "Spring sale")
    assert "audience" not in updated  # only one-off campaigns render it
    refused = client.put(f"{URL}/1", json={"title": ""}, headers=ADMIN)
    assert refused.status_code == 422
    assert client.get(f"{URL}/1", headers=ADMIN).json()["title"] == created["title"]
    missing = client.post(URL, data={"title": "x"}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (422, {"error": MSG_PARAM_MISSING.format(key="campaign")})
    for method in ("GET", "PATCH", "DELETE"):
        unknown = client.request(method, f"{URL}/99", json=BODY, headers=ADMIN)
        assert (unknown.status_code, unknown.json()) == (404, {"error": MSG_NOT_FOUND})
    gone = client.delete(f"{URL}/1", headers=ADMIN)
    assert gone.status_code == 200 and gone.content == b""
    assert client.post(URL, json=BODY, headers=ADMIN).json()["id"] == 2  # display ids are not reused
