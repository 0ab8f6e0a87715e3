"""Junk bodies and query strings on every captain route never crash the fake (Chatwoot answers 4xx or
crashes; fakewoot answers a 2xx, 4xx or the playground's 501, never a 500) and a refused write changes
nothing."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_TOKEN, token

ADMIN = token(ADMIN_TOKEN)
A = "/api/v1/accounts/1/captain"
JUNK = [
    {
        "assistant": [1],
        "inbox": "x",
        "document": 5,
        "custom_tool": None,
        "scenario": True,
        "assistant_response": [],
    },
    {
        "assistant": {"name": ["x"], "description": {"a": 1}, "config": "c", "guardrails": 7},
        "inbox": {"inbox_id": {"x": 1}},
        "document": {"assistant_id": [1], "external_link": {"u": 1}, "name": [2]},
        "custom_tool": {
            "title": ["t"],
            "endpoint_url": 5,
            "param_schema": "p",
            "auth_config": [1],
            "enabled": [],
        },
        "scenario": {"title": {"t": 1}, "instruction": ["i"], "enabled": "maybe"},
        "assistant_response": {"question": 1, "answer": [1], "assistant_id": {"id": 1}, "status": ["x"]},
        "message": {"deep": [1, {"x": None}]},
        "assistant_id": [1],
        "type": ["AssistantResponse"],
        "ids": {"a": 1},
        "fields": [1],
        "page": {"p": 1},
    },
    {"page": "-3", "assistant_id": "abc", "search": "%_\\", "status": "archived", "document_id": "x"},
]


def _routes() -> list[tuple[str, str]]:
    one = f"{A}/assistants/1"
    return [
        ("GET", f"{A}/assistants"),
        ("POST", f"{A}/assistants"),
        ("PATCH", one),
        ("POST", f"{one}/inboxes"),
        ("GET", f"{one}/scenarios"),
        ("POST", f"{one}/scenarios"),
        ("PATCH", f"{one}/scenarios/1"),
        ("GET", f"{A}/assistant_responses"),
        ("POST", f"{A}/assistant_responses"),
        ("PATCH", f"{A}/assistant_responses/1"),
        ("POST", f"{A}/bulk_actions"),
        ("GET", f"{A}/copilot_threads"),
        ("POST", f"{A}/copilot_threads"),
        ("POST", f"{A}/copilot_threads/1/copilot_messages"),
        ("GET", f"{A}/custom_tools"),
        ("POST", f"{A}/custom_tools"),
        ("PATCH", f"{A}/custom_tools/1"),
        ("GET", f"{A}/documents"),
        ("POST", f"{A}/documents"),
    ]


def _seed(client) -> None:
    client.post(f"{A}/assistants", json={"assistant": {"name": "a", "description": "d"}}, headers=ADMIN)
    client.post(
        f"{A}/assistants/1/scenarios",
        json={"scenario": {"title": "t", "description": "d", "instruction": "i"}},
        headers=ADMIN,
    )
    faq = {"assistant_response": {"question": "q", "answer": "a", "assistant_id": 1}}
    client.post(f"{A}/assistant_responses", json=faq, headers=ADMIN)
    tool = {"custom_tool": {"title": "t", "endpoint_url": "https://api.example.com"}}
    client.post(f"{A}/custom_tools", json=tool, headers=ADMIN)
    client.post(f"{A}/copilot_threads", json={"message": "m", "assistant_id": 1}, headers=ADMIN)


@pytest.mark.parametrize(("method", "url"), _routes())
def test_junk_never_crashes(client, method, url):
    _seed(client)
    for body in JUNK:
        answer = client.request(method, url, json=body, headers=ADMIN)
        assert answer.status_code < 500, (body, answer.status_code, answer.text)
        query = client.request(method, url, params={k: str(v) for k, v in body.items()}, headers=ADMIN)
        assert query.status_code < 500, (body, query.status_code, query.text)


def test_the_inbox_of_an_assistant_is_found(client, fake):
    _seed(client)
    client.post(f"{A}/assistants/1/inboxes", json={"inbox": {"inbox_id": 2}}, headers=ADMIN)
    assistants = fake.store.captain_assistants
    assert assistants.of_inbox(1, 2) is assistants.get(1, 1)
    assert assistants.of_inbox(1, 1) is None
