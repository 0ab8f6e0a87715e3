"""Port of spec/enterprise/controllers/api/v1/accounts/agent_capacity_policies_controller_spec.rb,
agent_capacity_policies/users_controller_spec.rb and inbox_limits_controller_spec.rb (v4.10). The
controllers have no licence gate, so an unlicensed install passes them as a licensed one does. The
factory's policy (spec/factories/agent_capacity_policies.rb) is created over HTTP by an administrator;
account users are pointed at it with POST .../users, limits made with POST .../inbox_limits."""

from __future__ import annotations

import itertools
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.support_inboxes import new_inbox

POLICIES = "spec/enterprise/controllers/api/v1/accounts/agent_capacity_policies_controller_spec.rb"
USERS = "spec/enterprise/controllers/api/v1/accounts/agent_capacity_policies/users_controller_spec.rb"
LIMITS = "spec/enterprise/controllers/api/v1/accounts/agent_capacity_policies/inbox_limits_controller_spec.rb"
SPEC = {POLICIES: POLICIES, USERS: USERS, LIMITS: LIMITS}
UPSTREAM_ITS = {POLICIES: 17, USERS: 5, LIMITS: 5}
SKIPPED: dict[str, dict[str, str]] = {POLICIES: {}, USERS: {}, LIMITS: {}}

URL = "/api/v1/accounts/1/agent_capacity_policies"
P_INDEX = "GET /api/v1/accounts/{account.id}/agent_capacity_policies"
P_SHOW = "GET /api/v1/accounts/{account.id}/agent_capacity_policies/{id}"
P_CREATE = "POST /api/v1/accounts/{account.id}/agent_capacity_policies"
P_UPDATE = "PUT /api/v1/accounts/{account.id}/agent_capacity_policies/{id}"
P_DESTROY = "DELETE /api/v1/accounts/{account.id}/agent_capacity_policies/{id}"
U_BASE = "/api/v1/accounts/{account.id}/agent_capacity_policies/{policy_id}/users"
L_BASE = "/api/v1/accounts/{account.id}/agent_capacity_policies/{policy_id}/inbox_limits"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AGENT_READ = " > when it is an authenticated agent > returns unauthorized for agent"
USER_CTX = " > when it is an authenticated user > "
ADMIN_CTX = " > when it is an administrator > "
_serial = itertools.count(1)


def _policy(http: Any) -> dict[str, Any]:
    """FactoryBot's :agent_capacity_policy."""
    body = {
        "name": f"Agent Capacity Policy {next(_serial)}",
        "description": "Test agent capacity policy",
        "exclusion_rules": {},
    }
    return ok(http.post(URL, json={"agent_capacity_policy": body}, headers=ADMIN))


def _shown(http: Any, policy: dict[str, Any]) -> Any:
    return http.get(f"{URL}/{policy['id']}", headers=ADMIN)


def _admin(http: Any) -> dict[str, str]:
    return new_user(http, role="administrator")["headers"]


def _agent(http: Any) -> dict[str, Any]:
    return new_user(http, role="agent")


# --- agent_capacity_policies_controller_spec --------------------------------------------------------


@ports(*(name + UNAUTH for name in (P_INDEX, P_SHOW, P_CREATE, P_UPDATE, P_DESTROY)), spec=POLICIES)
def test_policies_refuse_unauthenticated_calls(http):
    policy = _policy(http)
    for method, url in (
        ("GET", URL),
        ("GET", f"{URL}/{policy['id']}"),
        ("POST", URL),
        ("PUT", f"{URL}/{policy['id']}"),
        ("DELETE", f"{URL}/{policy['id']}"),
    ):
        assert http.request(method, url).status_code == 401, (method, url)
    assert ok(_shown(http, policy)) == policy


@ports(
    P_INDEX + AGENT_READ,
    P_SHOW + AGENT_READ,
    P_CREATE + USER_CTX + "returns unauthorized for agent",
    P_UPDATE + USER_CTX + "returns unauthorized for agent",
    P_DESTROY + USER_CTX + "returns unauthorized for agent",
    spec=POLICIES,
)
def test_policies_refuse_agents(http):
    policy = _policy(http)
    agent = _agent(http)["headers"]
    for method, url, body in (
        ("GET", URL, None),
        ("GET", f"{URL}/{policy['id']}", None),
        ("POST", URL, {"agent_capacity_policy": {"name": "Test Policy"}}),
        ("PUT", f"{URL}/{policy['id']}", {"agent_capacity_policy": {"name": "Updated Policy"}}),
        ("DELETE", f"{URL}/{policy['id']}", None),
    ):
        assert http.request(method, url, json=body, headers=agent).status_code == 401, (method, url)
    assert ok(http.get(URL, headers=ADMIN)) == [policy]


@ports(P_INDEX + ADMIN_CTX + "returns all agent capacity policies", spec=POLICIES)
def test_an_admin_lists_the_policies(http):
    policy = _policy(http)
    assert ok(http.get(URL, headers=_admin(http)))[0]["id"] == policy["id"]


@ports(P_SHOW + ADMIN_CTX + "returns the agent capacity policy", spec=POLICIES)
def test_an_admin_shows_a_policy(http):
    policy = _policy(http)
    assert ok(http.get(f"{URL}/{policy['id']}", headers=_admin(http)))["id"] == policy["id"]


@ports(P_CREATE + USER_CTX + "creates a new agent capacity policy when administrator", spec=POLICIES)
def test_an_admin_creates_a_policy(http):
    _policy(http)
    body = {
        "agent_capacity_policy": {
            "name": "Test Policy",
            "description": "Test Description",
            "exclusion_rules": {"excluded_labels": ["urgent", "spam"], "exclude_older_than_hours": 24},
        }
    }
    created = ok(http.post(URL, json=body, headers=_admin(http)))
    assert (created["name"], created["description"]) == ("Test Policy", "Test Description")
    assert created["exclusion_rules"] == {
        "excluded_labels": ["urgent", "spam"],
        "exclude_older_than_hours": 24,
    }


@ports(P_CREATE + USER_CTX + "returns validation errors for invalid data", spec=POLICIES)
def test_a_blank_name_is_refused(http):
    policy = _policy(http)
    answer = http.post(URL, json={"agent_capacity_policy": {"name": ""}}, headers=_admin(http))
    assert answer.status_code == 422
    assert ok(http.get(URL, headers=ADMIN)) == [policy]


@ports(P_UPDATE + USER_CTX + "updates the agent capacity policy when administrator", spec=POLICIES)
def test_an_admin_renames_a_policy(http):
    policy = _policy(http)
    body = {"agent_capacity_policy": {"name": "Updated Policy"}}
    assert ok(http.put(f"{URL}/{policy['id']}", json=body, headers=_admin(http)))["name"] == "Updated Policy"


@ports(P_UPDATE + USER_CTX + "updates exclusion rules when administrator", spec=POLICIES)
def test_an_admin_updates_the_exclusion_rules(http):
    policy = _policy(http)
    rules = {"excluded_labels": ["vip", "priority"], "exclude_older_than_hours": 48}
    body = {"agent_capacity_policy": {"exclusion_rules": rules}}
    assert ok(http.put(f"{URL}/{policy['id']}", json=body, headers=_admin(http)))["exclusion_rules"] == rules
    assert ok(_shown(http, policy))["exclusion_rules"] == rules


@ports(P_DESTROY + USER_CTX + "deletes the agent capacity policy when administrator", spec=POLICIES)
def test_an_admin_deletes_a_policy(http):
    policy = _policy(http)
    assert http.delete(f"{URL}/{policy['id']}", headers=_admin(http)).status_code == 200
    assert _shown(http, policy).status_code == 404


# --- agent_capacity_policies/users_controller_spec --------------------------------------------------


def _users_url(policy: dict[str, Any]) -> str:
    return f"{URL}/{policy['id']}/users"


def _assign(http: Any, policy: dict[str, Any], user: dict[str, Any]) -> None:
    """`user.account_users.first.update!(agent_capacity_policy: policy)`."""
    ok(http.post(_users_url(policy), json={"user_id": user["id"]}, headers=ADMIN))


@ports("GET " + U_BASE + " > when admin > returns assigned users", spec=USERS)
def test_an_admin_lists_the_assigned_users(http):
    policy, user = _policy(http), _agent(http)
    _assign(http, policy, user)
    listed = ok(http.get(_users_url(policy), headers=_admin(http)))
    assert listed[0]["id"] == user["id"]


@ports("GET " + U_BASE + " > when admin > returns each user only once without duplicates", spec=USERS)
def test_each_assigned_user_is_listed_once(http):
    policy, user, agent = _policy(http), _agent(http), _agent(http)
    _assign(http, policy, user)
    _assign(http, policy, agent)
    ids = [u["id"] for u in ok(http.get(_users_url(policy), headers=_admin(http)))]
    assert sorted(ids) == sorted([user["id"], agent["id"]]) and len(set(ids)) == len(ids) == 2


@ports("POST " + U_BASE + " > when not admin > requires admin role", spec=USERS)
def test_an_agent_may_not_assign_users(http):
    policy, user, agent = _policy(http), _agent(http), _agent(http)
    answer = http.post(_users_url(policy), json={"user_id": user["id"]}, headers=agent["headers"])
    assert answer.status_code == 401
    assert ok(http.get(_users_url(policy), headers=ADMIN)) == []


@ports("POST " + U_BASE + " > when admin > assigns user to the policy", spec=USERS)
def test_an_admin_assigns_a_user(http):
    policy, user = _policy(http), _agent(http)
    ok(http.post(_users_url(policy), json={"user_id": user["id"]}, headers=_admin(http)))
    assert [u["id"] for u in ok(http.get(_users_url(policy), headers=ADMIN))] == [user["id"]]


@ports("DELETE " + U_BASE + "/{id} > when admin > removes user from the policy", spec=USERS)
def test_an_admin_removes_a_user(http):
    policy, user = _policy(http), _agent(http)
    _assign(http, policy, user)
    assert http.delete(f"{_users_url(policy)}/{user['id']}", headers=_admin(http)).status_code == 200
    assert ok(http.get(_users_url(policy), headers=ADMIN)) == []


# --- agent_capacity_policies/inbox_limits_controller_spec -------------------------------------------


def _limits_url(policy: dict[str, Any]) -> str:
    return f"{URL}/{policy['id']}/inbox_limits"


def _limit(http: Any, policy: dict[str, Any], inbox: dict[str, Any], conversation_limit: int = 5) -> Any:
    """FactoryBot's :inbox_capacity_limit."""
    body = {"inbox_id": inbox["id"], "conversation_limit": conversation_limit}
    return ok(http.post(_limits_url(policy), json=body, headers=ADMIN))


@ports("POST " + L_BASE + " > when not admin > requires admin role", spec=LIMITS)
def test_an_agent_may_not_create_limits(http):
    policy, inbox = _policy(http), new_inbox(http)
    body = {"inbox_id": inbox["id"], "conversation_limit": 10}
    assert http.post(_limits_url(policy), json=body, headers=_agent(http)["headers"]).status_code == 401
    assert ok(_shown(http, policy))["inbox_capacity_limits"] == []


@ports("POST " + L_BASE + " > when admin > creates an inbox limit", spec=LIMITS)
def test_an_admin_creates_a_limit(http):
    policy, inbox = _policy(http), new_inbox(http)
    body = {"inbox_id": inbox["id"], "conversation_limit": 10}
    created = ok(http.post(_limits_url(policy), json=body, headers=_admin(http)))
    assert (created["conversation_limit"], created["inbox_id"]) == (10, inbox["id"])


@ports("POST " + L_BASE + " > when admin > prevents duplicate inbox assignments", spec=LIMITS)
def test_a_second_limit_for_an_inbox_is_refused(http):
    policy, inbox = _policy(http), new_inbox(http)
    _limit(http, policy, inbox)
    body = {"inbox_id": inbox["id"], "conversation_limit": 10}
    answer = http.post(_limits_url(policy), json=body, headers=_admin(http))
    assert answer.status_code == 422
    assert answer.json()["error"] == "Inbox has already been assigned to this policy"


@ports("PUT " + L_BASE + "/{id} > when admin > updates the inbox limit", spec=LIMITS)
def test_an_admin_updates_a_limit(http):
    policy, inbox = _policy(http), new_inbox(http)
    limit = _limit(http, policy, inbox, 5)
    url = f"{_limits_url(policy)}/{limit['id']}"
    assert (
        ok(http.put(url, json={"conversation_limit": 15}, headers=_admin(http)))["conversation_limit"] == 15
    )
    assert ok(_shown(http, policy))["inbox_capacity_limits"][0]["conversation_limit"] == 15


@ports("DELETE " + L_BASE + "/{id} > when admin > removes the inbox limit", spec=LIMITS)
def test_an_admin_removes_a_limit(http):
    policy, inbox = _policy(http), new_inbox(http)
    limit = _limit(http, policy, inbox)
    answer = http.delete(f"{_limits_url(policy)}/{limit['id']}", headers=_admin(http))
    assert answer.status_code == 204
    assert ok(_shown(http, policy))["inbox_capacity_limits"] == []
