"""Port of spec/controllers/api/v1/accounts/assignment_policies_controller_spec.rb,
assignment_policies/inboxes_controller_spec.rb and inboxes/assignment_policies_controller_spec.rb
(v4.10). The factory's policy (spec/factories/assignment_policies.rb) is created over HTTP by an
administrator; its inbox links through POST /inboxes/:inbox_id/assignment_policy."""

from __future__ import annotations

import itertools
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.support_inboxes import new_inbox

POLICIES = "spec/controllers/api/v1/accounts/assignment_policies_controller_spec.rb"
POLICY_INBOXES = "spec/controllers/api/v1/accounts/assignment_policies/inboxes_controller_spec.rb"
INBOX_POLICY = "spec/controllers/api/v1/accounts/inboxes/assignment_policies_controller_spec.rb"
SPEC = {POLICIES: POLICIES, POLICY_INBOXES: POLICY_INBOXES, INBOX_POLICY: INBOX_POLICY}
UPSTREAM_ITS = {POLICIES: 24, POLICY_INBOXES: 4, INBOX_POLICY: 15}
SKIPPED: dict[str, dict[str, str]] = {POLICIES: {}, POLICY_INBOXES: {}, INBOX_POLICY: {}}

URL = "/api/v1/accounts/1/assignment_policies"
P_INDEX = "GET /api/v1/accounts/{account.id}/assignment_policies"
P_SHOW = "GET /api/v1/accounts/{account.id}/assignment_policies/:id"
P_CREATE = "POST /api/v1/accounts/{account.id}/assignment_policies"
P_UPDATE = "PUT /api/v1/accounts/{account.id}/assignment_policies/:id"
P_DESTROY = "DELETE /api/v1/accounts/{account.id}/assignment_policies/:id"
PI_INDEX = "GET /api/v1/accounts/{account_id}/assignment_policies/{assignment_policy_id}/inboxes"
I_SHOW = "GET /api/v1/accounts/{account_id}/inboxes/{inbox_id}/assignment_policy"
I_CREATE = "POST /api/v1/accounts/{account_id}/inboxes/{inbox_id}/assignment_policy"
I_DESTROY = "DELETE /api/v1/accounts/{account_id}/inboxes/{inbox_id}/assignment_policy"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
ADMIN_CTX = " > when it is an authenticated admin > "
AGENT_CTX = " > when it is an agent > returns unauthorized"
_serial = itertools.count(1)


def _policy(http: Any, **fields: Any) -> dict[str, Any]:
    """FactoryBot's :assignment_policy (a sequence name, the factory's description and limits)."""
    body = {
        "name": f"Assignment Policy {next(_serial)}",
        "description": "Test assignment policy description",
        "assignment_order": 0,
        "conversation_priority": 0,
        "fair_distribution_limit": 10,
        "fair_distribution_window": 3600,
        "enabled": True,
        **fields,
    }
    return ok(http.post(URL, json={"assignment_policy": body}, headers=ADMIN))


def _policies(http: Any) -> list[dict[str, Any]]:
    return ok(http.get(URL, headers=ADMIN))


def _inbox_url(inbox_id: int | str) -> str:
    return f"/api/v1/accounts/1/inboxes/{inbox_id}/assignment_policy"


def _link(http: Any, inbox: dict[str, Any], policy: dict[str, Any]) -> None:
    """FactoryBot's :inbox_assignment_policy."""
    ok(http.post(_inbox_url(inbox["id"]), json={"assignment_policy_id": policy["id"]}, headers=ADMIN))


def _admin(http: Any) -> dict[str, str]:
    return new_user(http, role="administrator")["headers"]


def _agent(http: Any) -> dict[str, str]:
    return new_user(http, role="agent")["headers"]


# --- assignment_policies_controller_spec ------------------------------------------------------------


@ports(*(name + UNAUTH for name in (P_INDEX, P_SHOW, P_CREATE, P_UPDATE, P_DESTROY)), spec=POLICIES)
def test_policies_refuse_unauthenticated_calls(http):
    policy = _policy(http, name="Original Policy")
    for method, url, params in (
        ("GET", URL, None),
        ("GET", f"{URL}/{policy['id']}", None),
        ("POST", URL, {"assignment_policy[name]": "New Assignment Policy"}),
        ("PUT", f"{URL}/{policy['id']}", {"assignment_policy[name]": "Updated Policy"}),
        ("DELETE", f"{URL}/{policy['id']}", None),
    ):
        assert http.request(method, url, data=params).status_code == 401, (method, url)
    assert _policies(http) == [policy]


@ports(*(name + AGENT_CTX for name in (P_INDEX, P_SHOW, P_CREATE, P_UPDATE, P_DESTROY)), spec=POLICIES)
def test_policies_refuse_agents(http):
    policy = _policy(http, name="Original Policy")
    agent = _agent(http)
    for method, url, body in (
        ("GET", URL, None),
        ("GET", f"{URL}/{policy['id']}", None),
        ("POST", URL, {"assignment_policy": {"name": "New Assignment Policy"}}),
        ("PUT", f"{URL}/{policy['id']}", {"assignment_policy": {"name": "Updated Policy"}}),
        ("DELETE", f"{URL}/{policy['id']}", None),
    ):
        assert http.request(method, url, json=body, headers=agent).status_code == 401, (method, url)
    assert _policies(http) == [policy]


@ports(P_INDEX + ADMIN_CTX + "returns all assignment policies for the account", spec=POLICIES)
def test_an_admin_lists_the_accounts_policies(http):
    for _ in range(3):
        _policy(http)
    listed = ok(http.get(URL, headers=_admin(http)))
    assert len(listed) == 3
    assert {"id", "name", "description"} <= set(listed[0])


@ports(P_SHOW + ADMIN_CTX + "returns the assignment policy", spec=POLICIES)
def test_an_admin_shows_a_policy(http):
    policy = _policy(http)
    shown = ok(http.get(f"{URL}/{policy['id']}", headers=_admin(http)))
    assert (shown["id"], shown["name"]) == (policy["id"], policy["name"])


@ports(
    P_SHOW + ADMIN_CTX + "returns not found for non-existent policy",
    P_UPDATE + ADMIN_CTX + "returns not found for non-existent policy",
    P_DESTROY + ADMIN_CTX + "returns not found for non-existent policy",
    spec=POLICIES,
)
def test_unknown_policies_are_not_found(http):
    admin = _admin(http)
    update = {"assignment_policy": {"name": "Updated Policy", "fair_distribution_limit": 20}}
    assert http.get(f"{URL}/999999", headers=admin).status_code == 404
    assert http.put(f"{URL}/999999", json=update, headers=admin).status_code == 404
    assert http.delete(f"{URL}/999999", headers=admin).status_code == 404


@ports(P_CREATE + ADMIN_CTX + "creates a new assignment policy", spec=POLICIES)
def test_an_admin_creates_a_policy(http):
    body = {
        "assignment_policy": {
            "name": "New Assignment Policy",
            "description": "Policy for new team",
            "conversation_priority": "longest_waiting",
            "fair_distribution_limit": 15,
            "enabled": True,
        }
    }
    created = ok(http.post(URL, json=body, headers=_admin(http)))
    assert (created["name"], created["conversation_priority"]) == ("New Assignment Policy", "longest_waiting")
    assert len(_policies(http)) == 1


@ports(P_CREATE + ADMIN_CTX + "creates policy with minimal required params", spec=POLICIES)
def test_a_name_is_enough(http):
    ok(http.post(URL, json={"assignment_policy": {"name": "Minimal Policy"}}, headers=_admin(http)))
    assert [p["name"] for p in _policies(http)] == ["Minimal Policy"]


@ports(P_CREATE + ADMIN_CTX + "prevents duplicate policy names within account", spec=POLICIES)
def test_duplicate_names_are_refused(http):
    _policy(http, name="Duplicate Policy")
    body = {"assignment_policy": {"name": "Duplicate Policy"}}
    assert http.post(URL, json=body, headers=_admin(http)).status_code == 422
    assert len(_policies(http)) == 1


@ports(P_CREATE + ADMIN_CTX + "validates required fields", spec=POLICIES)
def test_a_blank_name_is_refused(http):
    answer = http.post(URL, json={"assignment_policy": {"name": ""}}, headers=_admin(http))
    assert answer.status_code == 422
    assert _policies(http) == []


@ports(P_UPDATE + ADMIN_CTX + "updates the assignment policy", spec=POLICIES)
def test_an_admin_updates_a_policy(http):
    policy = _policy(http, name="Original Policy")
    body = {
        "assignment_policy": {
            "name": "Updated Policy",
            "description": "Updated description",
            "fair_distribution_limit": 20,
        }
    }
    ok(http.put(f"{URL}/{policy['id']}", json=body, headers=_admin(http)))
    shown = ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))
    assert (shown["name"], shown["fair_distribution_limit"]) == ("Updated Policy", 20)


@ports(P_UPDATE + ADMIN_CTX + "allows partial updates", spec=POLICIES)
def test_a_partial_update_keeps_the_rest(http):
    policy = _policy(http, name="Original Policy")
    ok(
        http.put(
            f"{URL}/{policy['id']}", json={"assignment_policy": {"enabled": False}}, headers=_admin(http)
        )
    )
    shown = ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))
    assert (shown["enabled"], shown["name"]) == (False, "Original Policy")


@ports(P_UPDATE + ADMIN_CTX + "prevents duplicate names during update", spec=POLICIES)
def test_an_update_may_not_take_another_policys_name(http):
    policy = _policy(http, name="Original Policy")
    _policy(http, name="Existing Policy")
    body = {"assignment_policy": {"name": "Existing Policy"}}
    assert http.put(f"{URL}/{policy['id']}", json=body, headers=_admin(http)).status_code == 422
    assert ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))["name"] == "Original Policy"


@ports(P_DESTROY + ADMIN_CTX + "deletes the assignment policy", spec=POLICIES)
def test_an_admin_deletes_a_policy(http):
    policy = _policy(http)
    assert http.delete(f"{URL}/{policy['id']}", headers=_admin(http)).status_code == 200
    assert _policies(http) == []


@ports(P_DESTROY + ADMIN_CTX + "cascades deletion to associated inbox assignment policies", spec=POLICIES)
def test_deleting_a_policy_removes_its_inbox_links(http):
    policy = _policy(http)
    inbox = new_inbox(http)
    _link(http, inbox, policy)
    assert http.delete(f"{URL}/{policy['id']}", headers=_admin(http)).status_code == 200
    assert http.get(_inbox_url(inbox["id"]), headers=ADMIN).status_code == 404  # the link is gone


# --- assignment_policies/inboxes_controller_spec --------------------------------------------------


def _policy_inboxes(policy: dict[str, Any]) -> str:
    return f"{URL}/{policy['id']}/inboxes"


@ports(PI_INDEX + UNAUTH, spec=POLICY_INBOXES)
def test_policy_inboxes_refuse_unauthenticated_calls(http):
    assert http.get(_policy_inboxes(_policy(http))).status_code == 401


@ports(
    PI_INDEX + ADMIN_CTX + "when assignment policy has associated inboxes > "
    "returns all inboxes associated with the assignment policy",
    spec=POLICY_INBOXES,
)
def test_policy_inboxes_lists_the_linked_inboxes(http):
    policy = _policy(http)
    for n in (1, 2):
        _link(http, new_inbox(http, name=f"Spec Inbox {n}"), policy)
    listed = ok(http.get(_policy_inboxes(policy), headers=_admin(http)))
    assert isinstance(listed["inboxes"], list) and len(listed["inboxes"]) == 2


@ports(
    PI_INDEX + ADMIN_CTX + "when assignment policy has no associated inboxes > returns empty array",
    spec=POLICY_INBOXES,
)
def test_policy_inboxes_of_an_unlinked_policy_are_empty(http):
    assert ok(http.get(_policy_inboxes(_policy(http)), headers=_admin(http)))["inboxes"] == []


@ports(PI_INDEX + AGENT_CTX, spec=POLICY_INBOXES)
def test_policy_inboxes_refuse_agents(http):
    assert http.get(_policy_inboxes(_policy(http)), headers=_agent(http)).status_code == 401


# --- inboxes/assignment_policies_controller_spec --------------------------------------------------


@ports(*(name + UNAUTH for name in (I_SHOW, I_CREATE, I_DESTROY)), spec=INBOX_POLICY)
def test_inbox_policy_refuses_unauthenticated_calls(http):
    inbox, policy = new_inbox(http), _policy(http)
    url = _inbox_url(inbox["id"])
    assert http.get(url).status_code == 401
    assert http.post(url, data={"assignment_policy_id": policy["id"]}).status_code == 401
    assert http.delete(url).status_code == 401
    assert http.get(url, headers=ADMIN).status_code == 404  # nothing was linked


@ports(*(name + AGENT_CTX for name in (I_SHOW, I_CREATE, I_DESTROY)), spec=INBOX_POLICY)
def test_inbox_policy_refuses_agents(http):
    inbox, policy = new_inbox(http), _policy(http)
    url, agent = _inbox_url(inbox["id"]), _agent(http)
    assert http.get(url, headers=agent).status_code == 401
    assert http.post(url, json={"assignment_policy_id": policy["id"]}, headers=agent).status_code == 401
    _link(http, inbox, policy)
    assert http.delete(url, headers=agent).status_code == 401
    assert ok(http.get(url, headers=ADMIN))["id"] == policy["id"]


@ports(
    I_SHOW + ADMIN_CTX + "when inbox has an assignment policy > returns the assignment policy for the inbox",
    spec=INBOX_POLICY,
)
def test_an_admin_shows_the_inboxs_policy(http):
    inbox, policy = new_inbox(http), _policy(http)
    _link(http, inbox, policy)
    shown = ok(http.get(_inbox_url(inbox["id"]), headers=_admin(http)))
    assert (shown["id"], shown["name"]) == (policy["id"], policy["name"])


@ports(I_SHOW + ADMIN_CTX + "when inbox has no assignment policy > returns not found", spec=INBOX_POLICY)
def test_an_inbox_without_a_policy_is_not_found(http):
    assert http.get(_inbox_url(new_inbox(http)["id"]), headers=_admin(http)).status_code == 404


@ports(I_CREATE + ADMIN_CTX + "assigns a policy to the inbox", spec=INBOX_POLICY)
def test_an_admin_assigns_a_policy(http):
    inbox, policy = new_inbox(http), _policy(http)
    url = _inbox_url(inbox["id"])
    assigned = ok(http.post(url, json={"assignment_policy_id": policy["id"]}, headers=_admin(http)))
    assert assigned["id"] == policy["id"]
    assert ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))["assigned_inbox_count"] == 1


@ports(I_CREATE + ADMIN_CTX + "replaces existing assignment policy for inbox", spec=INBOX_POLICY)
def test_assigning_replaces_the_inboxs_policy(http):
    inbox, policy, other = new_inbox(http), _policy(http), _policy(http)
    _link(http, inbox, other)
    url = _inbox_url(inbox["id"])
    ok(http.post(url, json={"assignment_policy_id": policy["id"]}, headers=_admin(http)))
    assert ok(http.get(url, headers=ADMIN))["id"] == policy["id"]
    counts = [p["assigned_inbox_count"] for p in _policies(http)]
    assert counts == [1, 0] and sum(counts) == 1  # still one link


@ports(
    I_CREATE + ADMIN_CTX + "returns not found for invalid assignment policy",
    I_CREATE + ADMIN_CTX + "returns not found for invalid inbox",
    spec=INBOX_POLICY,
)
def test_assigning_unknown_records_is_not_found(http):
    inbox, policy = new_inbox(http), _policy(http)
    admin = _admin(http)
    missing_policy = http.post(_inbox_url(inbox["id"]), json={"assignment_policy_id": 999_999}, headers=admin)
    assert missing_policy.status_code == 404
    missing_inbox = http.post(_inbox_url(999999), json={"assignment_policy_id": policy["id"]}, headers=admin)
    assert missing_inbox.status_code == 404
    assert ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))["assigned_inbox_count"] == 0


@ports(
    I_DESTROY + ADMIN_CTX + "when inbox has an assignment policy > removes the assignment policy from inbox",
    spec=INBOX_POLICY,
)
def test_an_admin_removes_the_inboxs_policy(http):
    inbox, policy = new_inbox(http), _policy(http)
    _link(http, inbox, policy)
    assert http.delete(_inbox_url(inbox["id"]), headers=_admin(http)).status_code == 200
    assert http.get(_inbox_url(inbox["id"]), headers=ADMIN).status_code == 404
    assert ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))["assigned_inbox_count"] == 0


@ports(
    I_DESTROY + ADMIN_CTX + "when inbox has no assignment policy > returns error",
    I_DESTROY + ADMIN_CTX + "returns not found for invalid inbox",
    spec=INBOX_POLICY,
)
def test_removing_what_is_not_there_is_not_found(http):
    inbox, policy = new_inbox(http), _policy(http)
    _link(http, new_inbox(http, name="Other Inbox"), policy)
    admin = _admin(http)
    assert http.delete(_inbox_url(inbox["id"]), headers=admin).status_code == 404
    assert http.delete(_inbox_url(999999), headers=admin).status_code == 404
    assert ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))["assigned_inbox_count"] == 1
