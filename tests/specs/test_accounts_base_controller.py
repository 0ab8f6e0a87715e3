"""Port of spec/requests/api/v1/accounts/base_controller_spec.rb (Chatwoot v4.10): which agent
bots may act on an account (EnsureCurrentAccountHelper#account_accessible_for_bot?)."""

from __future__ import annotations

import pytest

from fakewoot.auth.messages import MSG_BOT_NOT_AUTHORIZED_ACCOUNT
from tests.conftest import token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, add_inbox_member, new_conversation, new_user, ok
from tests.specs.support_accounts import PLATFORM

SPEC = "spec/requests/api/v1/accounts/base_controller_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}


@pytest.fixture
def setting(http):
    """A conversation in account 1's API inbox and an agent who is a member of that inbox."""
    agent = new_user(http)
    add_inbox_member(http, API_INBOX, agent["id"])
    return new_conversation(http), agent


def _bot(http, account_id):
    body = {"name": "Spec Bot", "account_id": account_id}
    created = ok(http.post("/platform/api/v1/agent_bots", json=body, headers=PLATFORM))
    return token(created["access_token"]), created


def _assign(http, conversation, agent, headers):
    url = f"/api/v1/accounts/1/conversations/{conversation['id']}/assignments"
    return http.post(url, json={"assignee_id": agent["id"]}, headers=headers)


@ports("when agent bot belongs to the account > allows assignments via API")
def test_a_bot_of_the_account_may_assign(http, setting):
    conversation, agent = setting
    headers, _ = _bot(http, 1)
    response = _assign(http, conversation, agent, headers)
    assert ok(response)["id"] == agent["id"]


@ports("when agent bot belongs to another account > rejects assignment")
def test_a_bot_of_another_account_may_not(http, setting):
    conversation, agent = setting
    headers, _ = _bot(http, 2)
    response = _assign(http, conversation, agent, headers)
    assert (response.status_code, response.json()) == (401, {"error": MSG_BOT_NOT_AUTHORIZED_ACCOUNT})


@ports("when agent bot is global > rejects requests without inbox mapping")
def test_a_global_bot_without_an_inbox_may_not(http, setting):
    conversation, agent = setting
    headers, _ = _bot(http, None)
    response = _assign(http, conversation, agent, headers)
    assert (response.status_code, response.json()) == (401, {"error": MSG_BOT_NOT_AUTHORIZED_ACCOUNT})


@ports("when agent bot is global > allows requests when inbox mapping exists")
def test_a_global_bot_connected_to_an_inbox_may(http, setting):
    conversation, agent = setting
    headers, bot = _bot(http, None)
    url = f"/api/v1/accounts/1/inboxes/{API_INBOX}/set_agent_bot"
    response = http.post(url, json={"agent_bot": bot["id"]}, headers=ADMIN)
    assert response.status_code == 200, response.text
    assert ok(_assign(http, conversation, agent, headers))["id"] == agent["id"]
