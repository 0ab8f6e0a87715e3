"""Port of the shared examples conversation_spec includes (Chatwoot v4.10):
spec/models/concerns/assignment_handler_shared.rb (team changes) and
spec/models/concerns/auto_assignment_handler_shared.rb (round robin when a conversation opens)."""

from __future__ import annotations

import itertools
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, API_INBOX, ok
from tests.specs.support_conversations import A, activities, agent_of, conversation_in, new_inbox, post, shown

TEAMS = "spec/models/concerns/assignment_handler_shared.rb"
AUTO = "spec/models/concerns/auto_assignment_handler_shared.rb"
SPEC = {TEAMS: TEAMS, AUTO: AUTO}
UPSTREAM_ITS = {TEAMS: 4, AUTO: 4}
SKIPPED: dict[str, dict[str, str]] = {TEAMS: {}, AUTO: {}}
T = "#update_team > when agent is current user"
R = "#auto assignment"
_serial = itertools.count(1)


def online_agent(http: Any, inbox_id: int | None) -> dict[str, Any]:
    """create(:user, auto_offline: false): always in OnlineStatusTracker's available users."""
    user = agent_of(http, inbox_id)
    body = {"auto_offline": False, "availability": "online"}
    ok(http.patch(f"{A}/agents/{user['id']}", json=body, headers=ADMIN))
    return user


def new_team(http: Any, members: list[int], **fields: Any) -> dict[str, Any]:
    team = ok(
        http.post(f"{A}/teams", json={"name": f"handler team {next(_serial)}", **fields}, headers=ADMIN)
    )
    if members:
        ok(http.post(f"{A}/teams/{team['id']}/team_members", json={"user_ids": members}, headers=ADMIN))
    return team


def assignee_id(http: Any, conversation: dict[str, Any]) -> int | None:
    assignee = shown(http, conversation["id"])["meta"].get("assignee")
    return None if assignee is None else assignee["id"]


# --- assignment_handler: #update_team -----------------------------------------------------------------


@ports(f"{T} > creates team assigned and unassigned message activity", spec=TEAMS)
def test_team_activities(http):
    inbox = new_inbox(http)
    agent = agent_of(http, inbox)
    team = new_team(http, [agent["id"]], allow_auto_assign=False)
    conversation = conversation_in(http, inbox)
    ok(post(http, conversation["id"], "assignments", agent["headers"], team_id=team["id"]))
    ok(post(http, conversation["id"], "assignments", agent["headers"], team_id=None))
    assert activities(http, conversation["id"])[-2:] == [
        f"Assigned to {team['name']} by {agent['name']}",
        f"Unassigned from {team['name']} by {agent['name']}",
    ]


@ports(
    f"{T} > changes assignee to nil if they doesnt belong to the team and allow_auto_assign is false",
    spec=TEAMS,
)
def test_team_drops_an_assignee_outside_it(http):
    inbox = new_inbox(http)
    agent = agent_of(http, inbox)
    outsider = agent_of(http, inbox)
    team = new_team(http, [agent["id"]], allow_auto_assign=False)
    conversation = conversation_in(http, inbox)
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=outsider["id"]))
    ok(post(http, conversation["id"], "assignments", agent["headers"], team_id=team["id"]))
    assert assignee_id(http, conversation) is None


@ports(f"{T} > changes assignee to a team member if allow_auto_assign is enabled", spec=TEAMS)
def test_team_assigns_an_online_member(http):
    inbox = new_inbox(http)
    agent = online_agent(http, inbox)
    outsider = agent_of(http, inbox)
    team = new_team(http, [agent["id"]])
    conversation = conversation_in(http, inbox)
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=outsider["id"]))
    ok(post(http, conversation["id"], "assignments", agent["headers"], team_id=team["id"]))
    assert assignee_id(http, conversation) == agent["id"]
    assert activities(http, conversation["id"])[-1] == (
        f"Assigned to {agent['name']} via {team['name']} by {agent['name']}"
    )


@ports(f"{T} > wont change assignee if he is already a team member", spec=TEAMS)
def test_team_keeps_a_member_assignee(http):
    inbox = new_inbox(http)
    agent = online_agent(http, inbox)
    member = agent_of(http, inbox)
    team = new_team(http, [agent["id"], member["id"]])
    conversation = conversation_in(http, inbox)
    ok(post(http, conversation["id"], "assignments", ADMIN, assignee_id=member["id"]))
    ok(post(http, conversation["id"], "assignments", agent["headers"], team_id=team["id"]))
    assert assignee_id(http, conversation) == member["id"]


# --- auto_assignment_handler --------------------------------------------------------------------------


@ports(f"{R} > runs round robin on after_save callbacks", spec=AUTO)
def test_round_robin_on_creation(http):
    inbox = new_inbox(http)
    agent = online_agent(http, inbox)
    assert assignee_id(http, conversation_in(http, inbox)) == agent["id"]


@ports(f"{R} > will not auto assign agent if enable_auto_assignment is false", spec=AUTO)
def test_no_round_robin_when_the_inbox_disables_it(http):
    inbox = new_inbox(http)
    online_agent(http, inbox)
    ok(http.patch(f"{A}/inboxes/{inbox}", json={"enable_auto_assignment": False}, headers=ADMIN))
    assert assignee_id(http, conversation_in(http, inbox)) is None


@ports(f"{R} > will not auto assign agent if its a bot conversation", spec=AUTO)
def test_no_round_robin_for_a_pending_conversation(http):
    inbox = new_inbox(http)
    online_agent(http, inbox)
    assert assignee_id(http, conversation_in(http, inbox, status="pending")) is None
    online_agent(http, API_INBOX)  # inbox 1 has an agent bot: its conversations start pending
    created = conversation_in(http, API_INBOX)
    assert (created["status"], assignee_id(http, created)) == ("pending", None)


@ports(f"{R} > gets triggered on update only when status changes to open", spec=AUTO)
def test_round_robin_when_reopened(http):
    inbox = new_inbox(http)
    agent = online_agent(http, inbox)
    conversation = conversation_in(http, inbox)
    ok(post(http, conversation["id"], "toggle_status", ADMIN, status="resolved"))
    assert assignee_id(http, conversation) == agent["id"]
    ok(
        http.request(
            "DELETE", f"{A}/inbox_members", json={"inbox_id": inbox, "user_ids": [agent["id"]]}, headers=ADMIN
        )
    )
    agent_2 = online_agent(http, inbox)
    ok(post(http, conversation["id"], "toggle_status", ADMIN, status="open"))
    # the assignee lost access to the inbox: the round robin picks the online member
    assert assignee_id(http, conversation) == agent_2["id"]


def test_round_robin_rotates(http):
    """InboxRoundRobinService: the online members take turns, first member first."""
    inbox = new_inbox(http)
    first, second = online_agent(http, inbox), online_agent(http, inbox)
    picked = [assignee_id(http, conversation_in(http, inbox)) for _ in range(4)]
    assert picked == [first["id"], second["id"], first["id"], second["id"]]
