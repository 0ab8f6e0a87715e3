"""Custom filters (a user's own, by filter_type) and dashboard apps (the account's), v4.10: every member,
bots refused, Chatwoot's bodies and validation answers; where upstream crashes (a missing name or
title, an unknown enum), a 422 in its style."""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.custom_filters import FILTER_TYPES
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601, assert_shape

FILTERS = "/api/v1/accounts/1/custom_filters"
APPS = "/api/v1/accounts/1/dashboard_apps"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
FILTER_KEYS = {
    "id": int,
    "name": str,
    "filter_type": str,
    "query": dict,
    "created_at": str,
    "updated_at": str,
}
APP_KEYS = {"id": int, "title": str, "content": list, "created_at": str}
FRAME = [{"url": "https://crm.example/panel", "type": "frame"}]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "", None),
        ("POST", "", {"name": "x"}),
        ("GET", "/1", None),
        ("PATCH", "/1", {"name": "y"}),
        ("DELETE", "/1", None),
    ],
)
@pytest.mark.parametrize("base", [FILTERS, APPS])
def test_strangers_bots_and_other_accounts_are_refused(client, base, method, path, body):
    assert_refuses_strangers(client, method, base + path, json=body)
    bot = client.request(method, base + path, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, base + path, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    assert client.get(base, headers=ADMIN).json() == []


def test_custom_filters_shape_types_and_ownership(client):
    made = {}
    for kind in FILTER_TYPES:
        answer = client.post(
            FILTERS, json={"name": kind, "filter_type": kind, "query": {"payload": []}}, headers=AGENT
        )
        assert answer.status_code == 200
        made[kind] = answer.json()
        assert_shape(made[kind], FILTER_KEYS)
        assert list(made[kind]) == list(FILTER_KEYS) and ISO8601.match(made[kind]["created_at"])
    by_number = client.post(FILTERS, json={"name": "n", "filter_type": 2}, headers=AGENT).json()
    assert (by_number["filter_type"], by_number["query"]) == ("report", {})
    assert [f["name"] for f in client.get(FILTERS, headers=AGENT).json()] == [
        "conversation"
    ]  # the default type
    assert [
        f["name"] for f in client.get(FILTERS, params={"filter_type": "contact"}, headers=AGENT).json()
    ] == ["contact"]
    assert [f["name"] for f in client.get(FILTERS, params={"filter_type": "2"}, headers=AGENT).json()] == [
        "report",
        "n",
    ]
    assert client.get(FILTERS, params={"filter_type": "nope"}, headers=AGENT).json() == []
    assert client.get(FILTERS, headers=ADMIN).json() == []  # john has none; jane's are hers
    for method in ("GET", "PATCH", "DELETE"):
        answer = client.request(
            method, f"{FILTERS}/{made['contact']['id']}", json={"name": "z"}, headers=ADMIN
        )
        assert (answer.status_code, answer.json()) == (404, {"error": MSG_NOT_FOUND})


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"filter_type": "contact"}, "Name can't be blank", ["name"]),
        ({"name": "x", "filter_type": "bogus"}, "Filter type is not included in the list", ["filter_type"]),
        ({"name": "x", "filter_type": ""}, "Filter type can't be blank", ["filter_type"]),
    ],
)
def test_custom_filter_refusals(client, body, message, attributes):
    answer = client.post(FILTERS, json={"custom_filter": body}, headers=AGENT)
    assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attributes})
    assert client.get(FILTERS, params={"filter_type": "contact"}, headers=AGENT).json() == []


def test_custom_filter_update_and_missing_wrapper(client, fake):
    saved = client.post(FILTERS, json={"name": "mine", "query": {"a": 1}}, headers=AGENT).json()
    updated = client.put(
        f"{FILTERS}/{saved['id']}", json={"query": {"b": [2]}, "filter_type": "contact"}, headers=AGENT
    )
    assert (updated.json()["query"], updated.json()["filter_type"], updated.json()["name"]) == (
        {"b": [2]},
        "contact",
        "mine",
    )
    refused = client.put(f"{FILTERS}/{saved['id']}", json={"filter_type": "bogus"}, headers=AGENT)
    assert refused.status_code == 422
    assert client.get(f"{FILTERS}/{saved['id']}", headers=AGENT).json()["filter_type"] == "contact"
    missing = client.post(FILTERS, data={"name": "x"}, headers=AGENT)
    assert (missing.status_code, missing.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="custom_filter")},
    )


def test_dashboard_apps_shape_and_every_member_writes(client):
    created = client.post(APPS, json={"dashboard_app": {"title": "CRM", "content": FRAME}}, headers=AGENT)
    assert created.status_code == 200
    app = created.json()
    assert_shape(app, APP_KEYS)
    assert list(app) == list(APP_KEYS) and app["content"] == FRAME
    assert client.get(APPS, headers=ADMIN).json() == [app]  # the account's, not the user's
    extra = [{"url": "https://a.example", "type": "frame", "height": 300}, {"url": 5, "type": "frame"}]
    updated = client.patch(f"{APPS}/{app['id']}", json={"content": extra}, headers=ADMIN).json()
    assert updated["content"] == [{"url": "https://a.example", "type": "frame"}, {"url": 5, "type": "frame"}]
    assert updated["title"] == "CRM"
    assert client.delete(f"{APPS}/{app['id']}", headers=ADMIN).status_code == 204
    gone = client.get(f"{APPS}/{app['id']}", headers=ADMIN)
    assert (gone.status_code, gone.json()) == (404, {"error": MSG_NOT_FOUND})


@pytest.mark.parametrize(
    ("body", "message", "attributes"),
    [
        ({"title": "T"}, "Content : Invalid data", ["content"]),
        ({"title": "T", "content": []}, "Content : Invalid data", ["content"]),
        (
            {"title": "T", "content": {"url": "https://a.example", "type": "frame"}},
            "Content : Invalid data",
            ["content"],
        ),
        ({"title": "T", "content": [{"url": "https://a.example"}]}, "Content : Invalid data", ["content"]),
        (
            {"title": "T", "content": [{"url": "HTTPS://a.example", "type": "frame"}]},
            "Content : Invalid data",
            ["content"],
        ),
        (
            {"title": "T", "content": [{"url": "https://a b", "type": "frame"}]},
            "Content : Invalid data",
            ["content"],
        ),
        ({"content": FRAME}, "Title can't be blank", ["title"]),
    ],
)
def test_dashboard_app_refusals(client, body, message, attributes):
    answer = client.post(APPS, json={"dashboard_app": body}, headers=AGENT)
    assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attributes})
    assert client.get(APPS, headers=AGENT).json() == []
