"""/api/v1/accounts/:id/teams and team_members (v4.10): reads for every member, writes for
administrators; fetch_team's 404 before the policy's 401; Chatwoot's validation bodies; the `team`
cache key bumped on every write; destroying a team nullifies its conversations' team_id."""

from __future__ import annotations

import pytest

from fakewoot.api.teams import MSG_INVALID_USER_IDS
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape
from tests.contract.test_agents import assert_agent

URL = "/api/v1/accounts/1/teams"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
TEAM_KEYS = {
    "id": int,
    "name": str,
    "description": (str, type(None)),
    "allow_auto_assign": (bool, type(None)),
    "account_id": int,
    "is_member": bool,
}


def test_index_and_show_shapes_with_is_member(client):
    listed = client.get(URL, headers=AGENT).json()
    assert [t["name"] for t in listed] == ["sales", "support-tier-2"]
    for team in listed:
        assert_shape(team, TEAM_KEYS)
        assert list(team) == list(TEAM_KEYS)
    assert [t["is_member"] for t in listed] == [True, False]  # jane is in sales only
    assert [t["is_member"] for t in client.get(URL, headers=ADMIN).json()] == [False, True]
    assert client.get(f"{URL}/1", headers=AGENT).json() == listed[0]


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"name": "x"}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"name": "x"}),
    ("DELETE", f"{URL}/1", None),
    ("GET", f"{URL}/1/team_members", None),
    ("POST", f"{URL}/1/team_members", {"user_ids": [1]}),
    ("PATCH", f"{URL}/1/team_members", {"user_ids": [1]}),
    ("DELETE", f"{URL}/1/team_members", {"user_ids": [2]}),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_and_other_accounts_are_refused(client, method, url, body):
    assert_refuses_strangers(client, method, url, json=body)
    bot = client.request(method, url, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, url, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    assert [t["name"] for t in client.get(URL, headers=ADMIN).json()] == ["sales", "support-tier-2"]
    assert [a["id"] for a in client.get(f"{URL}/1/team_members", headers=ADMIN).json()] == [2]


@pytest.mark.parametrize(("method", "url", "body"), [r for r in ROUTES if r[0] != "GET"])
def test_agents_may_not_write_and_unknown_teams_are_404_first(client, method, url, body):
    answer = client.request(method, url, json=body, headers=AGENT)
    assert (answer.status_code, answer.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    if "/teams/1" in url:
        missing = client.request(method, url.replace("/teams/1", "/teams/99"), json=body, headers=AGENT)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_create_update_validations_and_casts(client):
    created = client.post(
        URL, json={"team": {"name": "Night Shift", "allow_auto_assign": "0"}}, headers=ADMIN
    )
    assert created.status_code == 200
    body = created.json()
    assert (body["name"], body["description"], body["allow_auto_assign"], body["is_member"]) == (
        "night shift",
        None,
        False,
        False,
    )
    for name, message in (("", "Name must not be blank"), ("SALES", "Name has already been taken")):
        refused = client.post(URL, json={"name": name}, headers=ADMIN)
        assert (refused.status_code, refused.json()) == (422, {"message": message, "attributes": ["name"]})
    missing = client.post(URL, data={"name": "x"}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (422, {"error": MSG_PARAM_MISSING.format(key="team")})
    updated = client.patch(
        f"{URL}/{body['id']}", json={"description": "22-6", "name": "Nights"}, headers=ADMIN
    )
    assert (updated.json()["name"], updated.json()["description"]) == ("nights", "22-6")
    clash = client.patch(f"{URL}/{body['id']}", json={"name": "Sales"}, headers=ADMIN)
    assert clash.status_code == 422
    assert client.get(f"{URL}/{body['id']}", headers=ADMIN).json()["name"] == "nights"


def test_writes_bump_the_team_cache_key_and_publish(client, fake, events):
    account = fake.store.account(1)
    account.cache_keys["team"] = 0
    client.post(URL, json={"name": "qa"}, headers=ADMIN)
    assert account.cache_keys["team"] > 0
    assert [e.name for e in events] == ["account.cache_invalidated"]
    account.cache_keys["team"] = 0
    client.post(f"{URL}/1/team_members", json={"user_ids": [1]}, headers=ADMIN)
    assert account.cache_keys["team"] > 0


def test_members_add_replace_remove_and_refusals(client):
    members = f"{URL}/2/team_members"
    added = client.post(members, json={"user_ids": [1, 2]}, headers=ADMIN)
    assert added.status_code == 200
    assert [a["id"] for a in added.json()] == [2]  # john was a member already
    for agent in added.json():
        assert_agent(agent)
    replaced = client.patch(members, json={"user_ids": ["2"]}, headers=ADMIN).json()
    assert [a["id"] for a in replaced] == [2]
    stranger = client.post(members, json={"user_ids": [3]}, headers=ADMIN)  # hank is in Globex only
    assert (stranger.status_code, stranger.json()) == (401, {"error": MSG_INVALID_USER_IDS})
    for body in ({}, {"user_ids": "2"}, {"user_ids": []}):
        refused = client.request("DELETE", members, json=body, headers=ADMIN)
        assert (refused.status_code, refused.json()) == (
            422,
            {"error": MSG_PARAM_MISSING.format(key="user_ids")},
        )
    assert [a["id"] for a in client.get(members, headers=ADMIN).json()] == [2]
    gone = client.request("DELETE", members, json={"user_ids": [2]}, headers=ADMIN)
    assert gone.status_code == 200 and gone.content == b""
    assert client.get(members, headers=ADMIN).json() == []


def test_destroy_nullifies_the_conversations_team(client, fake):
    conversation = fake.store.conversations.by_display_id(1, 1)
    conversation.team_id = 1
    assert client.delete(f"{URL}/1", headers=ADMIN).status_code == 200
    assert conversation.team_id is None
    assert client.get(f"{URL}/1", headers=ADMIN).status_code == 404
