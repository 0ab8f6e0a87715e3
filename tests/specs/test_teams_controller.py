"""Port of spec/controllers/api/v1/accounts/teams_controller_spec.rb and team_members_controller_spec.rb
(v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

TEAMS = "spec/controllers/api/v1/accounts/teams_controller_spec.rb"
MEMBERS = "spec/controllers/api/v1/accounts/team_members_controller_spec.rb"
SPEC = {TEAMS: TEAMS, MEMBERS: MEMBERS}
UPSTREAM_ITS = {TEAMS: 13, MEMBERS: 12}
SKIPPED: dict[str, dict[str, str]] = {TEAMS: {}, MEMBERS: {}}
URL = "/api/v1/accounts/1/teams"
T_INDEX = "GET /api/v1/accounts/{account.id}/teams"
T_SHOW = "GET /api/v1/accounts/{account.id}/teams/{team_id}"
T_CREATE = "POST /api/v1/accounts/{account.id}/teams"
T_UPDATE = "PUT /api/v1/accounts/{account.id}/teams/:id"
T_DESTROY = "DELETE /api/v1/accounts/{account.id}/teams/:id"
M_BASE = "/api/v1/accounts/{account.id}/teams/{team_id}/team_members"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "


def _team(http) -> dict:
    """The spec's `let!(:team)`, created by an administrator of the account."""
    admin = new_user(http, role="administrator")["headers"]
    for team in ok(http.get(URL, headers=admin)):  # the default fixtures' teams: the spec starts with none
        ok(http.delete(f"{URL}/{team['id']}", headers=admin))
    return ok(http.post(URL, json={"name": "Team 1", "description": "MyText"}, headers=admin))


def _teams(http, headers) -> list:
    return ok(http.get(URL, headers=headers))


@ports(*(name + UNAUTH for name in (T_INDEX, T_SHOW, T_CREATE, T_UPDATE, T_DESTROY)), spec=TEAMS)
def test_teams_refuse_unauthenticated_calls(http):
    team = _team(http)
    for method, url in (
        ("GET", URL),
        ("GET", f"{URL}/{team['id']}"),
        ("POST", URL),
        ("PUT", f"{URL}/{team['id']}"),
        ("DELETE", f"{URL}/{team['id']}"),
    ):
        assert http.request(method, url).status_code == 401, (method, url)
    assert [t["name"] for t in _teams(http, new_user(http)["headers"])] == ["team 1"]


@ports(T_INDEX + AUTHED + "returns all the teams", spec=TEAMS)
def test_an_agent_lists_the_teams(http):
    team = _team(http)
    listed = _teams(http, new_user(http, role="agent")["headers"])
    assert listed[0]["id"] == team["id"]


@ports(T_SHOW + AUTHED + "returns all the teams", spec=TEAMS)
def test_an_agent_shows_a_team(http):
    team = _team(http)
    shown = ok(http.get(f"{URL}/{team['id']}", headers=new_user(http, role="agent")["headers"]))
    assert shown["id"] == team["id"] and shown["name"] == "team 1"


@ports(T_CREATE + AUTHED + "returns unathorized for agent", spec=TEAMS)
def test_an_agent_may_not_create_a_team(http):
    agent = new_user(http, role="agent")["headers"]
    _team(http)
    assert http.post(URL, json={"name": "Test Team"}, headers=agent).status_code == 401
    assert len(_teams(http, agent)) == 1


@ports(T_CREATE + AUTHED + "creates a new team when its administrator", spec=TEAMS)
def test_an_administrator_creates_a_team(http):
    _team(http)
    admin = new_user(http, role="administrator")["headers"]
    created = ok(http.post(URL, json={"name": "test-team"}, headers=admin))
    assert created["name"] == "test-team"
    assert len(_teams(http, admin)) == 2


@ports(T_UPDATE + AUTHED + "returns unauthorized for agent", spec=TEAMS)
def test_an_agent_may_not_update_a_team(http):
    team = _team(http)
    agent = new_user(http, role="agent")["headers"]
    assert http.put(f"{URL}/{team['id']}", json={"name": "new-team"}, headers=agent).status_code == 401
    assert _teams(http, agent)[0]["name"] == "team 1"


@ports(T_UPDATE + AUTHED + "updates an existing team when its an administrator", spec=TEAMS)
def test_an_administrator_updates_a_team(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    ok(http.put(f"{URL}/{team['id']}", json={"name": "new-team"}, headers=admin))
    assert ok(http.get(f"{URL}/{team['id']}", headers=admin))["name"] == "new-team"


@ports(T_DESTROY + AUTHED + "return unauthorized for agent", spec=TEAMS)
def test_an_agent_may_not_destroy_a_team(http):
    team = _team(http)
    agent = new_user(http, role="agent")["headers"]
    assert http.delete(f"{URL}/{team['id']}", headers=agent).status_code == 401
    assert len(_teams(http, agent)) == 1


@ports(T_DESTROY + AUTHED + "destroys the team when its administrator", spec=TEAMS)
def test_an_administrator_destroys_a_team(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    assert http.delete(f"{URL}/{team['id']}", headers=admin).status_code == 200
    assert _teams(http, admin) == []


# --- team members ---------------------------------------------------------------------------------


def _members_url(team: dict) -> str:
    return f"{URL}/{team['id']}/team_members"


def _agents(http, count: int) -> list[int]:
    return [new_user(http, role="agent")["id"] for _ in range(count)]


@ports(
    f"GET {M_BASE}{UNAUTH}",
    f"POST {M_BASE}{UNAUTH}",
    f"DELETE {M_BASE}{UNAUTH}",
    f"PATCH {M_BASE}{UNAUTH}",
    spec=MEMBERS,
)
def test_team_members_refuse_unauthenticated_calls(http):
    team = _team(http)
    for method in ("GET", "POST", "DELETE", "PATCH"):
        assert http.request(method, _members_url(team)).status_code == 401, method


@ports(f"GET {M_BASE}{AUTHED}returns all the teams", spec=MEMBERS)
def test_an_agent_lists_the_team_members(http):
    team = _team(http)
    agent = new_user(http, role="agent")
    admin = new_user(http, role="administrator")["headers"]
    ok(http.post(_members_url(team), json={"user_ids": [agent["id"]]}, headers=admin))
    listed = ok(http.get(_members_url(team), headers=agent["headers"]))
    assert listed[0]["id"] == agent["id"]


@ports(f"POST {M_BASE}{AUTHED}returns unathorized for agent", spec=MEMBERS)
def test_an_agent_may_not_add_members(http):
    team = _team(http)
    agent = new_user(http, role="agent")
    answer = http.post(_members_url(team), json={"user_id": agent["id"]}, headers=agent["headers"])
    assert answer.status_code == 401
    assert ok(http.get(_members_url(team), headers=agent["headers"])) == []


@ports(f"POST {M_BASE}{AUTHED}add a new team members when its administrator", spec=MEMBERS)
def test_an_administrator_adds_members_and_gets_the_new_ones(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    user_ids = _agents(http, 5)
    ok(http.post(_members_url(team), json={"user_ids": user_ids[:1]}, headers=admin))
    added = ok(http.post(_members_url(team), json={"user_ids": user_ids}, headers=admin))
    assert len(added) == len(user_ids) - 1
    assert [a["id"] for a in added] == user_ids[1:]


@ports(f"DELETE {M_BASE}{AUTHED}return unauthorized for agent", spec=MEMBERS)
def test_an_agent_may_not_remove_members(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    agent = new_user(http, role="agent")
    ok(http.post(_members_url(team), json={"user_ids": [agent["id"]]}, headers=admin))
    answer = http.request(
        "DELETE", _members_url(team), json={"user_ids": [agent["id"]]}, headers=agent["headers"]
    )
    assert answer.status_code == 401
    assert len(ok(http.get(_members_url(team), headers=admin))) == 1


@ports(f"DELETE {M_BASE}{AUTHED}destroys the team members when its administrator", spec=MEMBERS)
def test_an_administrator_removes_members(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    user_ids = _agents(http, 5)
    ok(http.post(_members_url(team), json={"user_ids": user_ids}, headers=admin))
    answer = http.request("DELETE", _members_url(team), json={"user_ids": user_ids[:3]}, headers=admin)
    assert answer.status_code == 200
    assert [a["id"] for a in ok(http.get(_members_url(team), headers=admin))] == user_ids[3:]


@ports(f"PATCH {M_BASE}{AUTHED}return unauthorized for agent", spec=MEMBERS)
def test_an_agent_may_not_replace_members(http):
    team = _team(http)
    agent = new_user(http, role="agent")
    answer = http.patch(_members_url(team), json={"user_id": agent["id"]}, headers=agent["headers"])
    assert answer.status_code == 401


@ports(f"PATCH {M_BASE}{AUTHED}updates the team members when its administrator", spec=MEMBERS)
def test_an_administrator_replaces_the_members(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    before = _agents(http, 2)
    ok(http.post(_members_url(team), json={"user_ids": before}, headers=admin))
    user_ids = _agents(http, 5)
    members = ok(http.patch(_members_url(team), json={"user_ids": user_ids}, headers=admin))
    assert len(members) == len(user_ids)
    assert sorted(m["id"] for m in members) == sorted(user_ids)


@ports(f"PATCH {M_BASE}{AUTHED}ignores the user ids when its not a valid account user id", spec=MEMBERS)
def test_users_of_another_account_are_refused(http):
    team = _team(http)
    admin = new_user(http, role="administrator")["headers"]
    stranger = new_user(http, account_id=2, role="agent")
    answer = http.patch(_members_url(team), json={"user_ids": [stranger["id"]]}, headers=admin)
    assert answer.status_code == 401
    assert answer.json()["error"] == "Invalid User IDs"
    assert ok(http.get(_members_url(team), headers=admin)) == []
