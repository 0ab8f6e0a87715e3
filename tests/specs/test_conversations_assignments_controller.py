"""Port of spec/controllers/api/v1/accounts/conversations/assignments_controller_spec.rb (Chatwoot v4.10)."""

from __future__ import annotations

import itertools

import pytest

from tests.conftest import BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok
from tests.specs.support_conversations import A, activities, agent_of, conversation_in, new_inbox, post, shown

SPEC = "spec/controllers/api/v1/accounts/conversations/assignments_controller_spec.rb"
UPSTREAM_ITS = 9
B = "POST /api/v1/accounts/{account.id}/conversations/<id>/assignments"
USER = f"{B} > when it is an authenticated user with access to the inbox"
BOT_IN = f"{B} > when it is an authenticated bot with access to the inbox"
SKIPPED: dict[str, str] = {}
BOT = token(BOT_TOKEN)  # Acme Bot, an agent bot of account 1
_teams = itertools.count(1)


@pytest.fixture
def inbox(http):
    return new_inbox(http)


@pytest.fixture
def conversation(http, inbox):
    return conversation_in(http, inbox)


@pytest.fixture
def agent(http, inbox):
    return agent_of(http, inbox)


@ports(f"{B} > when it is an unauthenticated user > returns unauthorized")
def test_refuses_an_unauthenticated_caller(http, conversation):
    assert http.post(f"{A}/conversations/{conversation['id']}/assignments").status_code == 401


@ports(f"{B} > when it is an authenticated bot with out access to the inbox > returns unauthorized")
def test_refuses_a_bot_of_another_account(http, conversation, agent):
    other = ok(
        http.post(
            "/api/v1/accounts/2/agent_bots", json={"name": "Elsewhere"}, headers=token(OTHER_ADMIN_TOKEN)
        )
    )
    response = post(
        http, conversation["id"], "assignments", token(other["access_token"]), assignee_id=agent["id"]
    )
    assert response.status_code == 401
    assert "assignee" not in shown(http, conversation["id"])["meta"]


@ports(f"{USER} > assigns a user to the conversation")
def test_assigns_a_user(http, conversation, agent):
    body = ok(post(http, conversation["id"], "assignments", agent["headers"], assignee_id=agent["id"]))
    assert body["id"] == agent["id"]
    assert shown(http, conversation["id"])["meta"]["assignee"]["id"] == agent["id"]


@ports(f"{USER} > assigns an agent bot to the conversation")
def test_assigns_an_agent_bot(http, conversation, agent):
    bot = ok(http.post(f"{A}/agent_bots", json={"name": "Spec Bot"}, headers=ADMIN))
    body = ok(
        post(
            http,
            conversation["id"],
            "assignments",
            agent["headers"],
            assignee_id=bot["id"],
            assignee_type="AgentBot",
        )
    )
    assert body["name"] == "Spec Bot"
    meta = shown(http, conversation["id"])["meta"]
    assert (meta["assignee_type"], meta["assignee"]["id"]) == ("AgentBot", bot["id"])


@ports(f"{BOT_IN} > assignment of an agent in the conversation by bot agent")
def test_a_bot_assigns_an_agent(http, conversation, agent):
    assert "assignee" not in shown(http, conversation["id"])["meta"]
    ok(post(http, conversation["id"], "assignments", BOT, assignee_id=agent["id"]))
    assert shown(http, conversation["id"])["meta"]["assignee"]["id"] == agent["id"]
    # the activity names the bot (Current.user is the AgentBot)
    assert activities(http, conversation["id"])[-1] == f"Assigned to {agent['name']} by Acme Bot"


@ports(f"{B} > when conversation already has an assignee > unassigns the assignee from the conversation")
def test_unassigns(http, conversation, agent):
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=agent["id"]))
    response = post(http, conversation["id"], "assignments", agent["headers"], assignee_id=None)
    assert response.status_code == 200 and response.json() is None
    assert "assignee" not in shown(http, conversation["id"])["meta"]
    assert f"Conversation unassigned by {agent['name']}" in activities(http, conversation["id"])


def new_team(http, **fields):
    return ok(http.post(f"{A}/teams", json={"name": f"spec team {next(_teams)}", **fields}, headers=ADMIN))


@ports(f"{BOT_IN} > assignment of an team in the conversation by bot agent")
def test_a_bot_assigns_a_team(http, conversation, agent):
    team = new_team(http)
    assert "team" not in shown(http, conversation["id"])["meta"]
    body = ok(post(http, conversation["id"], "assignments", BOT, team_id=team["id"]))
    assert (body["id"], body["name"]) == (team["id"], team["name"])
    assert shown(http, conversation["id"])["meta"]["team"]["id"] == team["id"]
    assert activities(http, conversation["id"])[-1] == f"Assigned to {team['name']} by Acme Bot"


@ports(f"{B} > when conversation already has a team > unassigns the team from the conversation")
def test_unassigns_the_team(http, conversation, agent, events):
    team = new_team(http)
    ok(post(http, conversation["id"], "assignments", ADMIN, team_id=team["id"]))
    events.clear()
    response = post(http, conversation["id"], "assignments", agent["headers"], team_id=0)
    assert response.status_code == 200 and response.json() is None
    assert "team" not in shown(http, conversation["id"])["meta"]
    assert [e.name for e in events if e.name == "team.changed"] == ["team.changed"]
    assert activities(http, conversation["id"])[-1] == f"Unassigned from {team['name']} by {agent['name']}"


@ports(f"{USER} > assigns a team to the conversation")
def test_assigns_a_team_whose_online_member_takes_it(http, inbox, conversation, agent):
    team_member = agent_of(http, inbox)
    ok(http.patch(f"{A}/agents/{team_member['id']}", json={"auto_offline": False}, headers=ADMIN))
    team = new_team(http)
    ok(
        http.post(
            f"{A}/teams/{team['id']}/team_members", json={"user_ids": [team_member["id"]]}, headers=ADMIN
        )
    )
    ok(post(http, conversation["id"], "assignments", agent["headers"], team_id=team["id"]))
    meta = shown(http, conversation["id"])["meta"]
    assert meta["team"]["id"] == team["id"]
    assert meta["assignee"]["id"] == team_member["id"]  # find_assignee_from_team
