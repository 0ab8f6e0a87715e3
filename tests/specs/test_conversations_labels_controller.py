"""Port of spec/controllers/api/v1/accounts/conversations/labels_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import pytest

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_conversations import A, agent_of, conversation_in, new_inbox, post, shown

SPEC = "spec/controllers/api/v1/accounts/conversations/labels_controller_spec.rb"
UPSTREAM_ITS = 4
G = "GET /api/v1/accounts/{account.id}/conversations/<id>/labels"
P = "POST /api/v1/accounts/{account.id}/conversations/<id>/labels"
WITH_ACCESS = "when it is an authenticated user with access to the conversation"


@pytest.fixture
def inbox(http):
    return new_inbox(http)


@pytest.fixture
def conversation(http, inbox):
    """A conversation labelled label1 and label2 (update_labels); the labels need not exist."""
    found = conversation_in(http, inbox)
    ok(post(http, found["id"], "labels", ADMIN, labels=["label1", "label2"]))
    return found


@ports(f"{G} > when it is an unauthenticated user > returns unauthorized")
def test_index_refuses_an_unauthenticated_caller(http, conversation):
    assert http.get(f"{A}/conversations/{conversation['id']}/labels").status_code == 401


@ports(f"{G} > {WITH_ACCESS} > returns all the labels for the conversation")
def test_index_lists_the_labels(http, inbox, conversation):
    agent = agent_of(http, inbox)
    body = ok(http.get(f"{A}/conversations/{conversation['id']}/labels", headers=agent["headers"]))
    assert body == {"payload": ["label1", "label2"]}


@ports(f"{P} > when it is an unauthenticated user > returns unauthorized")
def test_create_refuses_an_unauthenticated_caller(http, conversation):
    response = http.post(
        f"{A}/conversations/{conversation['id']}/labels", json={"labels": ["label3", "label4"]}
    )
    assert response.status_code == 401
    assert shown(http, conversation["id"])["labels"] == ["label1", "label2"]


@ports(f"{P} > {WITH_ACCESS} > creates labels for the conversation")
def test_create_replaces_the_labels(http, inbox, conversation):
    agent = agent_of(http, inbox)
    body = ok(post(http, conversation["id"], "labels", agent["headers"], labels=["label3", "label4"]))
    assert body == {"payload": ["label3", "label4"]}
    assert shown(http, conversation["id"])["labels"] == ["label3", "label4"]
