"""/api/v1/accounts/:account_id/inboxes/:id/agent_bot, .../set_agent_bot and .../reset_secret.

Source: ../shared/reference/webhooks-bots.md 4.3 (the inbox's bot) and 5 (API channel secret);
Chatwoot app/controllers/api/v1/accounts/inboxes_controller.rb (fetch_inbox with InboxPolicy#show?,
fetch_agent_bot, then check_authorization), app/policies/inbox_policy.rb (agent_bot? for everyone,
set_agent_bot? for administrators), app/views/api/v1/accounts/inboxes/agent_bot.json.jbuilder (the
model without AgentBotPresenter), app/views/api/v1/models/_agent_bot.json.jbuilder,
app/views/api/v1/models/_inbox.json.jbuilder, spec/controllers/api/v1/accounts/inboxes_controller_spec.rb;
newest upstream: set_agent_bot looks the bot up in AgentBot.accessible_to, the API channel's `secret`
and POST .../reset_secret (PR #13892), access_token for administrators only (PR #14830).
"""

from __future__ import annotations

import pytest

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION, MSG_NOT_FOUND
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import ISO8601, NoneType, assert_shape

ADMIN = token(ADMIN_TOKEN)
AGENT = token(AGENT_TOKEN)
I = "/api/v1/accounts/1/inboxes"  # noqa: E741
TOKEN_ROW = {
    "id": int,
    "owner_type": str,
    "owner_id": int,
    "token": str,
    "created_at": str,
    "updated_at": str,
}
BOT_KEYS = {
    "id": int,
    "name": (str, NoneType),
    "description": (str, NoneType),
    "thumbnail": str,
    "outgoing_url": (str, NoneType),
    "bot_type": (str, NoneType),
    "bot_config": dict,
    "account_id": (int, NoneType),
    "access_token": dict,
    "secret": str,
    "system_bot": bool,
}

ENDPOINTS = [
    ("GET", f"{I}/1/agent_bot", None),
    ("POST", f"{I}/1/set_agent_bot", {"agent_bot": 1}),
    ("POST", f"{I}/1/reset_secret", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_refuse_strangers_other_accounts_and_missing_accounts(client, fake, method, url, body):
    before = fake.snapshot()
    assert_refuses_strangers(client, method, url, json=body)
    assert client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN)).status_code == 401
    missing = client.request(method, url.replace("/accounts/1/", "/accounts/99/"), json=body, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_unknown_and_other_accounts_inboxes_are_not_found(client, fake, method, url, body):
    before = fake.snapshot()
    for inbox_id in (3, 999):  # inbox 3 belongs to account 2
        response = client.request(
            method, url.replace("/inboxes/1/", f"/inboxes/{inbox_id}/"), json=body, headers=ADMIN
        )
        assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


@pytest.mark.parametrize(("method", "url", "body"), ENDPOINTS)
def test_agents_outside_the_inbox_are_refused(client, fake, method, url, body):
    before = fake.snapshot()
    response = client.request(method, url.replace("/inboxes/1/", "/inboxes/2/"), json=body, headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.snapshot() == before


# --- GET .../agent_bot ---------------------------------------------------------------------------


def test_agent_bot_for_administrators_is_the_model_with_its_token_row(client, fake):
    response = client.get(f"{I}/1/agent_bot", headers=ADMIN)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["agent_bot"]
    bot = body["agent_bot"]
    assert_shape(bot, BOT_KEYS)
    assert list(bot) == list(BOT_KEYS)
    assert (bot["id"], bot["name"], bot["account_id"], bot["system_bot"]) == (1, "Acme Bot", 1, False)
    row = bot["access_token"]
    assert_shape(row, TOKEN_ROW)
    assert list(row) == list(TOKEN_ROW)
    assert (row["owner_type"], row["owner_id"], row["token"]) == ("AgentBot", 1, BOT_TOKEN)
    assert ISO8601.match(row["created_at"]) and ISO8601.match(row["updated_at"])
    assert bot["secret"] == fake.store.agent_bots.get(1).secret


def test_agent_bot_for_an_agent_of_the_inbox(client):
    response = client.get(f"{I}/1/agent_bot", headers=AGENT)
    assert response.status_code == 200
    bot = response.json()["agent_bot"]
    assert list(bot) == [k for k in BOT_KEYS if k not in ("access_token", "secret")]
    assert BOT_TOKEN not in response.text


def test_agent_bot_is_an_empty_object_without_a_bot(client):
    response = client.get(f"{I}/2/agent_bot", headers=ADMIN)
    assert (response.status_code, response.json()) == (200, {})


def test_agent_bot_shows_a_system_bot_without_url_or_secret(client, fake):
    system = fake.store.agent_bots.create(name="Global Bot", outgoing_url="https://global.test")
    fake.store.agent_bots.connect_inbox(system, 1, 2)
    bot = client.get(f"{I}/2/agent_bot", headers=ADMIN).json()["agent_bot"]
    assert "outgoing_url" not in bot and "secret" not in bot
    assert (bot["system_bot"], bot["account_id"], bot["access_token"]["owner_id"]) == (True, None, system.id)


# --- POST .../set_agent_bot -----------------------------------------------------------------------


def connected(client, inbox_id):
    body = client.get(f"{I}/{inbox_id}/agent_bot", headers=ADMIN).json()
    return body["agent_bot"]["id"] if body else None


def test_set_agent_bot_connects_and_answers_empty(client, fake):
    response = client.post(f"{I}/2/set_agent_bot", json={"agent_bot": 1}, headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert connected(client, 2) == 1
    assert fake.store.state.accounts[1].bot_inboxes == {1: 1, 2: 1}


def test_set_agent_bot_replaces_the_inbox_bot(client, fake):
    other = fake.store.agent_bots.create(name="Second", account_id=1)
    assert client.post(f"{I}/1/set_agent_bot", json={"agent_bot": other.id}, headers=ADMIN).status_code == 200
    assert connected(client, 1) == other.id


@pytest.mark.parametrize("body", [{"agent_bot": None}, {}, {"agent_bot": False}, None])
def test_set_agent_bot_without_a_bot_disconnects(client, body):
    if body is None:
        response = client.post(f"{I}/1/set_agent_bot", headers=ADMIN)
    else:
        response = client.post(f"{I}/1/set_agent_bot", json=body, headers=ADMIN)
    assert (response.status_code, response.content) == (200, b"")
    assert connected(client, 1) is None
    again = client.post(f"{I}/1/set_agent_bot", json={}, headers=ADMIN)  # nothing to remove: still 200
    assert again.status_code == 200


def test_set_agent_bot_accepts_a_system_bot_and_a_string_id(client, fake):
    system = fake.store.agent_bots.create(name="Global Bot")
    assert (
        client.post(f"{I}/2/set_agent_bot", json={"agent_bot": str(system.id)}, headers=ADMIN).status_code
        == 200
    )
    assert connected(client, 2) == system.id


@pytest.mark.parametrize("value", [0, 999, "", "abc", "globex", [1], {"id": 1}])
def test_set_agent_bot_unknown_or_other_accounts_bot_is_not_found(client, fake, value):
    globex = fake.store.agent_bots.create(name="Globex Bot", account_id=2)
    before = fake.snapshot()
    response = client.post(
        f"{I}/2/set_agent_bot", json={"agent_bot": globex.id if value == "globex" else value}, headers=ADMIN
    )
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_set_agent_bot_is_for_administrators(client, fake):
    before = fake.snapshot()
    for body in ({"agent_bot": 1}, {"agent_bot": None}):
        response = client.post(f"{I}/1/set_agent_bot", json=body, headers=AGENT)  # Jane is in inbox 1
        assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    # fetch_agent_bot runs before the policy check: an unknown bot is a 404 even for an agent
    unknown = client.post(f"{I}/1/set_agent_bot", json={"agent_bot": 999}, headers=AGENT)
    assert (unknown.status_code, unknown.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_a_connected_bot_may_work_in_the_account(client, fake):
    """An agent_bot_inboxes row is what lets a bot of another account (or a system bot) in."""
    system = fake.store.agent_bots.create(name="Global Bot", token="global-bot-token")
    url = "/api/v1/accounts/1/conversations/1/messages"
    assert client.post(url, json={"content": "x"}, headers=token("global-bot-token")).status_code == 401
    assert (
        client.post(f"{I}/1/set_agent_bot", json={"agent_bot": system.id}, headers=ADMIN).status_code == 200
    )
    assert client.post(url, json={"content": "x"}, headers=token("global-bot-token")).status_code == 200
    assert (
        client.post(url, json={"content": "x"}, headers=token(BOT_TOKEN)).status_code == 200
    )  # its own account


# --- POST .../reset_secret -------------------------------------------------------------------------


def test_reset_secret_answers_the_inbox_with_a_new_secret(client, fake):
    before = client.get(f"{I}/1", headers=ADMIN).json()
    response = client.post(f"{I}/1/reset_secret", headers=ADMIN)
    assert response.status_code == 200
    inbox = response.json()
    assert list(inbox) == list(before)
    assert inbox["secret"] != before["secret"] and len(inbox["secret"]) == 24
    assert (inbox["hmac_token"], inbox["inbox_identifier"]) == (
        before["hmac_token"],
        before["inbox_identifier"],
    )
    assert client.get(f"{I}/1", headers=ADMIN).json()["secret"] == inbox["secret"]
    assert fake.store.state.accounts[1].inboxes.get(1).channel["secret"] == inbox["secret"]


def test_reset_secret_is_for_administrators(client, fake):
    before = fake.snapshot()
    response = client.post(f"{I}/1/reset_secret", headers=AGENT)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert fake.snapshot() == before


def test_reset_secret_of_a_non_api_inbox_is_not_found(client, fake):
    before = fake.snapshot()
    response = client.post(f"{I}/2/reset_secret", headers=ADMIN)  # a web widget
    assert (response.status_code, response.json()) == (404, {"error": MSG_NOT_FOUND})
    assert fake.snapshot() == before


def test_new_api_inboxes_get_a_secret_widgets_do_not(client):
    api = client.post(I, json={"name": "Second API", "channel": {"type": "api"}}, headers=ADMIN).json()
    assert len(api["secret"]) == 24 and api["secret"] not in (api["hmac_token"], api["inbox_identifier"])
    widget = client.post(
        I,
        json={"name": "Site", "channel": {"type": "web_widget", "website_url": "https://a.test"}},
        headers=ADMIN,
    ).json()
    assert "secret" not in widget
    assert (
        client.patch(f"{I}/{api['id']}", json={"channel": {"secret": "mine"}}, headers=ADMIN).json()["secret"]
        == api["secret"]
    )  # not an editable attribute
