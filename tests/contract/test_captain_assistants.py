"""/api/v1/accounts/:id/captain/assistants (+ tools, playground, inboxes) as the unlicensed standard
image answers them at v4.10 (enterprise/app/controllers/api/v1/accounts/captain/assistants_controller.rb,
inboxes_controller.rb, policies/captain/assistant_policy.rb, views/api/v1/models/captain/_assistant):
reads and the playground for every member, writes and tools for administrators (the policy's 401
before the record's 404), the index wrapper with meta, jsonb key order on reads."""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_NOT_IMPLEMENTED,
    MSG_PARAM_MISSING,
)
from fakewoot.store.captain_assistants import BUILT_IN_TOOLS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.captain_support import assert_outsiders_refused
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/captain/assistants"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
ASSISTANT_KEYS = {
    "account_id": int,
    "config": dict,
    "created_at": int,
    "description": str,
    "guardrails": (list, type(None)),
    "id": int,
    "name": str,
    "response_guidelines": (list, type(None)),
    "updated_at": int,
}
BODY = {
    "assistant": {
        "name": "Sales bot",
        "description": "Answers pricing questions",
        "response_guidelines": ["Be brief"],
        "guardrails": ["No legal advice"],
        "config": {"temperature": 0.5, "product_name": "Acme", "feature_faq": True, "unknown": 1},
    }
}


def _create(client, body=None) -> dict:
    answer = client.post(URL, json=body or BODY, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_index_is_empty_then_lists_newest_first_with_meta(client, fake):
    assert client.get(URL + "?page=1", headers=AGENT).json() == {
        "payload": [],
        "meta": {"total_count": 0, "page": 1},
    }
    first = _create(client)
    second = _create(client, {"assistant": {"name": "Two", "description": "d"}})
    fake.store.account(1).captain_assistants.get(first["id"]).created_at -= 5
    listed = client.get(URL, headers=AGENT).json()
    assert [a["id"] for a in listed["payload"]] == [second["id"], first["id"]]
    assert listed["meta"] == {"total_count": 2, "page": 1}
    for assistant in listed["payload"]:
        assert_shape(assistant, ASSISTANT_KEYS)
        assert list(assistant) == list(ASSISTANT_KEYS)


def test_create_keeps_permitted_config_in_permit_order_and_reads_in_jsonb_order(client):
    created = _create(client)
    assert created["name"] == "Sales bot"
    assert created["config"] == {"product_name": "Acme", "feature_faq": True, "temperature": 0.5}
    assert list(created["config"]) == ["product_name", "feature_faq", "temperature"]
    assert (created["response_guidelines"], created["guardrails"]) == (["Be brief"], ["No legal advice"])
    shown = client.get(f"{URL}/{created['id']}", headers=AGENT).json()
    assert list(shown["config"]) == ["feature_faq", "temperature", "product_name"]  # shortest key first
    assert shown["id"] == created["id"]


def test_defaults_and_validation(client):
    bare = _create(client, {"assistant": {"name": "n", "description": "d"}})
    assert (bare["config"], bare["response_guidelines"], bare["guardrails"]) == ({}, [], [])
    refused = client.post(URL, json={"assistant": {"name": " "}}, headers=ADMIN)
    assert (refused.status_code, refused.json()) == (
        422,
        {"message": "Name can't be blank, Description can't be blank", "attributes": ["name", "description"]},
    )
    missing = client.post(URL, data={"x": "1"}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="assistant")},
    )
    assert client.get(URL, headers=ADMIN).json()["meta"]["total_count"] == 1


def test_update_replaces_config_and_keeps_what_is_not_sent(client, fake):
    created = _create(client)
    fake.store.account(1).captain_assistants.get(created["id"]).updated_at -= 3
    url = f"{URL}/{created['id']}"
    updated = client.patch(url, json={"assistant": {"guardrails": ["Stay on topic"]}}, headers=ADMIN).json()
    assert (updated["guardrails"], updated["response_guidelines"]) == (["Stay on topic"], ["Be brief"])
    assert updated["config"] == created["config"] and updated["updated_at"] > created["updated_at"] - 3
    assert list(updated["config"]) == ["feature_faq", "temperature", "product_name"]  # not sent: as loaded
    reordered = {"assistant": {"config": {"temperature": 0.5, "feature_faq": True, "product_name": "Acme"}}}
    same = client.patch(url, json=reordered, headers=ADMIN).json()
    assert list(same["config"]) == [
        "product_name",
        "feature_faq",
        "temperature",
    ]  # as assigned (permit order)
    replaced = client.put(url, json={"assistant": {"config": {"feature_citation": False}}}, headers=ADMIN)
    assert replaced.json()["config"] == {"feature_citation": False}
    blank = client.patch(url, json={"assistant": {"description": ""}}, headers=ADMIN)
    assert blank.status_code == 422
    assert client.get(url, headers=ADMIN).json()["description"] == "Answers pricing questions"


def test_destroy_answers_no_content_and_takes_faqs_scenarios_and_inbox_links(client):
    created = _create(client)
    url = f"{URL}/{created['id']}"
    client.post(f"{url}/inboxes", json={"inbox": {"inbox_id": 1}}, headers=ADMIN)
    faq = {"assistant_response": {"question": "q", "answer": "a", "assistant_id": created["id"]}}
    client.post("/api/v1/accounts/1/captain/assistant_responses", json=faq, headers=ADMIN)
    gone = client.delete(url, headers=ADMIN)
    assert (gone.status_code, gone.content) == (204, b"")
    assert client.get(url, headers=ADMIN).status_code == 404
    assert client.get("/api/v1/accounts/1/captain/assistant_responses", headers=ADMIN).json()["payload"] == []
    again = _create(client)
    linked = client.post(f"{URL}/{again['id']}/inboxes", json={"inbox": {"inbox_id": 1}}, headers=ADMIN)
    assert linked.status_code == 200  # the inbox is free again


def test_tools_are_the_built_in_ones_for_administrators(client):
    tools = client.get(f"{URL}/tools", headers=ADMIN)
    assert tools.status_code == 200
    assert tools.json() == [
        {"id": t["id"], "title": t["title"], "description": t["description"], "icon": t["icon"]}
        for t in BUILT_IN_TOOLS
    ]
    assert [t["id"] for t in tools.json()][:2] == ["add_contact_note", "add_private_note"]
    refused = client.get(f"{URL}/tools", headers=AGENT)
    assert (refused.status_code, refused.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})


def test_playground_finds_the_assistant_then_answers_501(client):
    created = _create(client)
    missing = client.post(f"{URL}/99/playground", json={"message_content": "hi"}, headers=AGENT)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    answer = client.post(f"{URL}/{created['id']}/playground", json={"message_content": "hi"}, headers=AGENT)
    assert answer.status_code == 501
    route = "POST /api/v1/accounts/:account_id/captain/assistants/:id/playground (an LLM's answer)"
    assert answer.json() == {"error": MSG_NOT_IMPLEMENTED.format(route=route)}


def test_inboxes_link_list_and_unlink(client):
    created = _create(client)
    url = f"{URL}/{created['id']}/inboxes"
    assert client.get(url, headers=AGENT).json() == {"payload": [], "meta": {"total_count": 0, "page": 1}}
    linked = client.post(url, json={"inbox": {"inbox_id": 2}}, headers=ADMIN)
    assert linked.status_code == 200
    inbox = client.get("/api/v1/accounts/1/inboxes/2", headers=ADMIN).json()
    assert linked.json() == inbox
    assert client.get(url, headers=ADMIN).json() == {
        "payload": [inbox],
        "meta": {"total_count": 1, "page": 1},
    }
    other = _create(client, {"assistant": {"name": "Other", "description": "d"}})
    taken = client.post(f"{URL}/{other['id']}/inboxes", json={"inbox": {"inbox_id": 2}}, headers=ADMIN)
    assert (taken.status_code, taken.json()) == (
        422,
        {"message": "Inbox has already been taken", "attributes": ["inbox_id"]},
    )
    flat = client.post(url, json={"inbox_id": 1}, headers=ADMIN)  # wrap_parameters uses Inbox's columns
    assert (flat.status_code, flat.json()) == (422, {"error": MSG_PARAM_MISSING.format(key="inbox")})
    unknown = client.post(url, json={"inbox": {"inbox_id": 999}}, headers=ADMIN)
    assert (unknown.status_code, unknown.json()) == (404, {"error": MSG_NOT_FOUND})
    assert client.delete(f"{url}/1", headers=ADMIN).status_code == 404  # inbox 1 is not linked
    assert client.delete(f"{url}/2", headers=ADMIN).status_code == 204
    assert client.get(url, headers=ADMIN).json()["payload"] == []


def _routes() -> list[tuple[str, str, dict | None]]:
    one = f"{URL}/1"
    return [
        ("GET", URL, None),
        ("POST", URL, BODY),
        ("GET", f"{URL}/tools", None),
        ("GET", one, None),
        ("PATCH", one, BODY),
        ("DELETE", one, None),
        ("POST", f"{one}/playground", {"message_content": "hi"}),
        ("GET", f"{one}/inboxes", None),
        ("POST", f"{one}/inboxes", {"inbox": {"inbox_id": 2}}),
        ("DELETE", f"{one}/inboxes/1", None),
    ]


@pytest.mark.parametrize(("method", "url", "body"), _routes())
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    _create(client)
    client.post(f"{URL}/1/inboxes", json={"inbox": {"inbox_id": 1}}, headers=ADMIN)
    assert_outsiders_refused(client, method, url, body)
    listed = client.get(URL, headers=ADMIN).json()
    assert [a["name"] for a in listed["payload"]] == ["Sales bot"]
    assert len(client.get(f"{URL}/1/inboxes", headers=ADMIN).json()["payload"]) == 1


WRITES = [r for r in _routes() if r[0] != "GET" and not r[1].endswith("playground")]


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_agents_may_not_write_and_the_policy_comes_before_the_404(client, method, url, body):
    answer = client.request(method, url, json=body, headers=AGENT)  # no assistant 1 exists
    assert (answer.status_code, answer.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert client.get(URL, headers=ADMIN).json()["payload"] == []


def test_unknown_assistants_are_404_for_members(client):
    for url in (f"{URL}/9", f"{URL}/9/inboxes"):
        missing = client.get(url, headers=AGENT)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    created = _create(client)
    elsewhere = client.get(
        f"/api/v1/accounts/2/captain/assistants/{created['id']}", headers=token(OTHER_ADMIN_TOKEN)
    )
    assert (elsewhere.status_code, elsewhere.json()) == (404, {"error": MSG_NOT_FOUND})


def test_a_conversations_inbox_assistant_and_a_deleted_inbox(client, fake):
    """conversations#inbox_assistant names the assistant serving the conversation's inbox; deleting
    the inbox destroys its captain_inbox link (Enterprise::Concerns::Inbox has_one, dependent)."""
    conversation = fake.store.conversations.by_display_id(1, 1)
    path = "/api/v1/accounts/1/conversations/1/inbox_assistant"
    assert client.get(path, headers=ADMIN).json() == {"assistant": None}
    created = _create(client)
    url = f"{URL}/{created['id']}/inboxes"
    linked = client.post(url, json={"inbox": {"inbox_id": conversation.inbox_id}}, headers=ADMIN)
    assert linked.status_code == 200
    expected = {"assistant": {"id": created["id"], "name": created["name"]}}
    assert client.get(path, headers=AGENT).json() == expected
    assert (
        client.delete(f"/api/v1/accounts/1/inboxes/{conversation.inbox_id}", headers=ADMIN).status_code == 200
    )
    assert [link.inbox_id for link in fake.store.account(1).captain_inboxes] == []
    assert client.get(url, headers=ADMIN).json() == {"payload": [], "meta": {"total_count": 0, "page": 1}}
