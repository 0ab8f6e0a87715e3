"""GET /api/v1/accounts/:id/assignable_agents (v4.10): members of every given inbox, then the
administrators, as a `payload` of agents; Rails' find for the inbox ids; InboxPolicy#show? per inbox."""

from __future__ import annotations

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_agents import assert_agent

URL = "/api/v1/accounts/1/assignable_agents"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)


def test_members_of_every_inbox_then_administrators(client):
    one = client.get(URL, params={"inbox_ids[]": [1]}, headers=AGENT).json()["payload"]
    assert [a["id"] for a in one] == [2, 1]  # jane (inbox 1's member), then john (administrator)
    for agent in one:
        assert_agent(agent)
    both = client.get(URL, params={"inbox_ids[]": [1, 2]}, headers=ADMIN).json()["payload"]
    assert [a["id"] for a in both] == [1]  # nobody is a member of both: the administrators
    none = client.request("GET", URL, json={"inbox_ids": []}, headers=ADMIN)  # finds no inbox
    assert (none.status_code, [a["id"] for a in none.json()["payload"]]) == (200, [1])
    blank = client.get(f"{URL}?inbox_ids[]=", headers=ADMIN)  # [""]: an id that finds nothing
    assert (blank.status_code, blank.json()) == (404, {"error": MSG_NOT_FOUND})


def test_refusals(client):
    assert_refuses_strangers(client, "GET", URL, params={"inbox_ids[]": [1]})
    bot = client.get(URL, params={"inbox_ids[]": [1]}, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.get(URL, params={"inbox_ids[]": [1]}, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    for params in ({}, {"inbox_ids": "1"}, {"inbox_ids[]": [1, 99]}, {"inbox_ids[]": [3]}):  # 3: Globex's
        missing = client.get(URL, params=params, headers=ADMIN)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND}), params
    outsider = client.get(URL, params={"inbox_ids[]": [1, 2]}, headers=AGENT)  # jane is not in inbox 2
    assert (outsider.status_code, outsider.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
