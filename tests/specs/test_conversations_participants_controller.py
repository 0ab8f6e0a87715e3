"""Port of spec/controllers/api/v1/accounts/conversations/participants_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.specs.ledger import ports
from tests.specs.support import ok
from tests.specs.support_conversations import A, agent_of, conversation_in, new_inbox

SPEC = "spec/controllers/api/v1/accounts/conversations/participants_controller_spec.rb"
UPSTREAM_ITS = 8
G = "GET /api/v1/accounts/{account.id}/conversations/<id>/paricipants"  # sic
P = "POST /api/v1/accounts/{account.id}/conversations/<id>/participants"
U = "PUT /api/v1/accounts/{account.id}/conversations/<id>/participants"
D = "DELETE /api/v1/accounts/{account.id}/conversations/<id>/participants"
UNAUTH = "when it is an unauthenticated user > returns unauthorized"


@pytest.fixture
def inbox(http):
    return new_inbox(http)


@pytest.fixture
def conversation(http, inbox):
    return conversation_in(http, inbox)


@pytest.fixture
def agent(http, inbox):
    return agent_of(http, inbox)


def url(conversation: dict[str, Any]) -> str:
    return f"{A}/conversations/{conversation['id']}/participants"


def emails(body: list[dict[str, Any]]) -> list[str]:
    return sorted(agent["email"] for agent in body)


def listed(http: Any, conversation: dict[str, Any], agent: dict[str, Any]) -> list[str]:
    return emails(ok(http.get(url(conversation), headers=agent["headers"])))


@ports(f"{G} > {UNAUTH}", f"{P} > {UNAUTH}", f"{U} > {UNAUTH}", f"{D} > {UNAUTH}")
def test_refuses_an_unauthenticated_caller(http, conversation):
    for method in ("GET", "POST", "PUT", "DELETE"):
        assert http.request(method, url(conversation)).status_code == 401, method


@ports(
    f"{G} > when it is an authenticated user with access to the conversation > returns all the partipants for the conversation"
)
def test_show(http, inbox, conversation, agent):
    first, second = agent_of(http, inbox), agent_of(http, inbox)
    ok(http.post(url(conversation), json={"user_ids": [first["id"], second["id"]]}, headers=agent["headers"]))
    assert listed(http, conversation, agent) == sorted([first["email"], second["email"]])


@ports(f"{P} > when it is an authenticated user > creates a new participants when its authorized agent")
def test_create(http, inbox, conversation, agent):
    participant = agent_of(http, inbox)
    assert listed(http, conversation, agent) == []
    body = ok(http.post(url(conversation), json={"user_ids": [participant["id"]]}, headers=agent["headers"]))
    assert emails(body) == [participant["email"]]
    assert listed(http, conversation, agent) == [participant["email"]]


@ports(f"{U} > when it is an authenticated user > updates participants when its authorized agent")
def test_update(http, inbox, conversation, agent):
    participant, to_add, to_remove = (agent_of(http, inbox) for _ in range(3))
    ok(
        http.post(
            url(conversation),
            json={"user_ids": [participant["id"], to_remove["id"]]},
            headers=agent["headers"],
        )
    )
    assert len(listed(http, conversation, agent)) == 2
    body = ok(
        http.put(
            url(conversation), json={"user_ids": [participant["id"], to_add["id"]]}, headers=agent["headers"]
        )
    )
    assert emails(body) == sorted([participant["email"], to_add["email"]])
    assert listed(http, conversation, agent) == sorted([participant["email"], to_add["email"]])


@ports(f"{D} > when it is an authenticated user > deletes participants when its authorized agent")
def test_delete(http, inbox, conversation, agent):
    participant = agent_of(http, inbox)
    ok(http.post(url(conversation), json={"user_ids": [participant["id"]]}, headers=agent["headers"]))
    assert len(listed(http, conversation, agent)) == 1
    response = http.request(
        "DELETE", url(conversation), json={"user_ids": [participant["id"]]}, headers=agent["headers"]
    )
    assert response.status_code == 200
    assert listed(http, conversation, agent) == []


def test_a_user_without_inbox_access_is_not_saved(http, conversation, agent):
    """ConversationParticipant#ensure_inbox_access: the answer renders them, the row is not saved."""
    outsider = agent_of(http, None)
    body = ok(http.post(url(conversation), json={"user_ids": [outsider["id"]]}, headers=agent["headers"]))
    assert emails(body) == [outsider["email"]]
    assert listed(http, conversation, agent) == []
    response = http.post(url(conversation), json={}, headers=agent["headers"])
    assert response.status_code == 422  # no user_ids (Rails: NoMethodError on nil, a 500)
