"""Port of spec/controllers/api/v1/accounts/assignable_agents_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, add_inbox_member, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/assignable_agents_controller_spec.rb"
UPSTREAM_ITS = 4
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/assignable_agents"
BASE = "GET /api/v1/accounts/{account.id}/assignable_agents"


def _inbox(http, name: str) -> int:
    body = {"name": name, "channel": {"type": "api"}}
    return int(ok(http.post("/api/v1/accounts/1/inboxes", json=body, headers=ADMIN))["id"])


def _setup(http) -> tuple[dict, dict, dict, list[int]]:
    """agent1 in both new inboxes, agent2 in none, one more administrator (john is one too)."""
    agent1, agent2 = new_user(http, role="agent"), new_user(http, role="agent")
    admin = new_user(http, role="administrator")
    inboxes = [_inbox(http, "Spec inbox 1"), _inbox(http, "Spec inbox 2")]
    for inbox_id in inboxes:
        add_inbox_member(http, inbox_id, agent1["id"])
    return agent1, agent2, admin, inboxes


@ports(BASE + " > when it is an unauthenticated user > returns unauthorized")
def test_unauthenticated(http):
    assert http.get(URL).status_code == 401


@ports(
    BASE
    + " > when the user is not part of an inbox > when the user is an admininstrator"
    + " > returns all assignable inbox members along with administrators"
)
def test_an_administrator_gets_the_common_members_and_the_administrators(http):
    agent1, agent2, admin, inboxes = _setup(http)
    payload = ok(http.get(URL, params={"inbox_ids[]": inboxes}, headers=admin["headers"]))["payload"]
    assert [a["id"] for a in payload] == [agent1["id"], 1, admin["id"]]  # agents, then administrators
    assert {"agent", "administrator"} <= {a["role"] for a in payload}
    assert agent2["id"] not in [a["id"] for a in payload]


@ports(BASE + " > when the user is not part of an inbox > when the user is an agent > returns unauthorized")
def test_an_agent_outside_the_inboxes_is_refused(http):
    _, agent2, _, inboxes = _setup(http)
    assert http.get(URL, params={"inbox_ids[]": inboxes}, headers=agent2["headers"]).status_code == 401


@ports(
    BASE
    + " > when the user is part of the inbox > returns all assignable inbox members along with administrators"
)
def test_a_member_agent_gets_them_too(http):
    agent1, _, admin, inboxes = _setup(http)
    payload = ok(http.get(URL, params={"inbox_ids[]": inboxes}, headers=agent1["headers"]))["payload"]
    assert [a["id"] for a in payload] == [agent1["id"], 1, admin["id"]]
    assert {a["role"] for a in payload} == {"agent", "administrator"}
