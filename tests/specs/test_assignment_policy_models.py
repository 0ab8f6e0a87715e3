"""Port of the assignment-policy model specs (v4.10) through their HTTP-visible effects:
spec/models/assignment_policy_spec.rb, spec/enterprise/models/assignment_policy_spec.rb,
spec/enterprise/models/agent_capacity_policy_spec.rb, spec/enterprise/models/inbox_capacity_limit_spec.rb.
Records are built over HTTP by an administrator (the factories' values)."""

from __future__ import annotations

import itertools
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok
from tests.specs.support_inboxes import OTHER_ADMIN, new_inbox

POLICY = "spec/models/assignment_policy_spec.rb"
POLICY_EE = "spec/enterprise/models/assignment_policy_spec.rb"
CAPACITY = "spec/enterprise/models/agent_capacity_policy_spec.rb"
LIMIT = "spec/enterprise/models/inbox_capacity_limit_spec.rb"
SPEC = {POLICY: POLICY, POLICY_EE: POLICY_EE, CAPACITY: CAPACITY, LIMIT: LIMIT}
UPSTREAM_ITS = {POLICY: 10, POLICY_EE: 1, CAPACITY: 4, LIMIT: 5}
SHADOWED = (
    "internal: InboxCapacityLimit's own uniqueness error (inbox_id 'has already been taken') is never "
    "reached over HTTP: the controller's validate_no_duplicate answers 422 first (ported in "
    "test_agent_capacity_policies_controller)"
)
SKIPPED: dict[str, dict[str, str]] = {
    POLICY: {"associations > is_expected.to belong_to(:account)": "internal: an association matcher"},
    POLICY_EE: {},
    CAPACITY: {},
    LIMIT: {
        "validations > is_expected.to validate_uniqueness_of(:inbox_id).scoped_to(:agent_capacity_policy_id)": SHADOWED,
        "uniqueness constraint > prevents duplicate inbox limits for the same policy": SHADOWED,
    },
}
URL = "/api/v1/accounts/1/assignment_policies"
CAPACITY_URL = "/api/v1/accounts/1/agent_capacity_policies"
_serial = itertools.count(1)


def _policy(http: Any, headers: dict[str, str] = ADMIN, account_id: int = 1, **fields: Any) -> dict[str, Any]:
    """FactoryBot's :assignment_policy."""
    body = {
        "name": f"Assignment Policy {next(_serial)}",
        "description": "Test assignment policy description",
        "fair_distribution_limit": 10,
        "fair_distribution_window": 3600,
        **fields,
    }
    url = f"/api/v1/accounts/{account_id}/assignment_policies"
    return ok(http.post(url, json={"assignment_policy": body}, headers=headers))


def _refused(http: Any, url: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = http.post(url, json=body, headers=ADMIN)
    assert answer.status_code == 422, answer.text
    return answer.json()


def _set(http: Any, policy: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """`update!` then read back."""
    ok(http.put(f"{URL}/{policy['id']}", json={"assignment_policy": fields}, headers=ADMIN))
    return ok(http.get(f"{URL}/{policy['id']}", headers=ADMIN))


def _link(http: Any, inbox: dict[str, Any], policy: dict[str, Any]) -> None:
    url = f"/api/v1/accounts/1/inboxes/{inbox['id']}/assignment_policy"
    ok(http.post(url, json={"assignment_policy_id": policy["id"]}, headers=ADMIN))


# --- spec/models/assignment_policy_spec.rb -----------------------------------------------------------


@ports("associations > is_expected.to have_many(:inbox_assignment_policies).dependent(:destroy)", spec=POLICY)
def test_destroying_a_policy_destroys_its_inbox_links(http):
    policy, inbox = _policy(http), new_inbox(http)
    _link(http, inbox, policy)
    ok(http.delete(f"{URL}/{policy['id']}", headers=ADMIN))
    url = f"/api/v1/accounts/1/inboxes/{inbox['id']}/assignment_policy"
    assert http.get(url, headers=ADMIN).status_code == 404


@ports("associations > is_expected.to have_many(:inboxes).through(:inbox_assignment_policies)", spec=POLICY)
def test_a_policys_inboxes_come_through_its_links(http):
    policy, first, second = _policy(http), new_inbox(http, name="One"), new_inbox(http, name="Two")
    _link(http, first, policy)
    _link(http, second, policy)
    inboxes = ok(http.get(f"{URL}/{policy['id']}/inboxes", headers=ADMIN))["inboxes"]
    assert [inbox["id"] for inbox in inboxes] == [first["id"], second["id"]]


@ports("validations > is_expected.to validate_presence_of(:name)", spec=POLICY)
def test_a_name_is_required(http):
    for name in (None, "", "  "):
        refused = _refused(http, URL, {"assignment_policy": {"name": name}})
        assert refused == {"message": "Name can't be blank", "attributes": ["name"]}


@ports("validations > is_expected.to validate_uniqueness_of(:name).scoped_to(:account_id)", spec=POLICY)
def test_names_are_unique_per_account(http):
    taken = _policy(http)
    refused = _refused(http, URL, {"assignment_policy": {"name": taken["name"]}})
    assert refused == {"message": "Name has already been taken", "attributes": ["name"]}
    elsewhere = _policy(http, OTHER_ADMIN, 2, name=taken["name"])
    assert elsewhere["name"] == taken["name"]


@ports("fair distribution validations > requires fair_distribution_limit to be greater than 0", spec=POLICY)
def test_the_limit_must_be_positive(http):
    refused = _refused(http, URL, {"assignment_policy": {"name": "n", "fair_distribution_limit": 0}})
    assert refused["message"] == "Fair distribution limit must be greater than 0"


@ports("fair distribution validations > requires fair_distribution_window to be greater than 0", spec=POLICY)
def test_the_window_must_be_positive(http):
    refused = _refused(http, URL, {"assignment_policy": {"name": "n", "fair_distribution_window": -1}})
    assert refused["message"] == "Fair distribution window must be greater than 0"


@ports(
    "enum values > conversation_priority > can be set to earliest_created",
    "enum values > conversation_priority > can be set to longest_waiting",
    spec=POLICY,
)
def test_conversation_priority_values(http):
    policy = _policy(http, conversation_priority="longest_waiting")
    assert (
        _set(http, policy, conversation_priority="earliest_created")["conversation_priority"]
        == "earliest_created"
    )
    assert (
        _set(http, policy, conversation_priority="longest_waiting")["conversation_priority"]
        == "longest_waiting"
    )


@ports("enum values > assignment_order > can be set to round_robin", spec=POLICY)
def test_assignment_order_round_robin(http):
    policy = _policy(http, assignment_order="balanced")
    assert _set(http, policy, assignment_order="round_robin")["assignment_order"] == "round_robin"


# --- spec/enterprise/models/assignment_policy_spec.rb -------------------------------------------------


@ports("enum values > assignment_order > can be set to balanced", spec=POLICY_EE)
def test_assignment_order_balanced_with_enterprise_present(http):
    policy = _policy(http)
    assert _set(http, policy, assignment_order="balanced")["assignment_order"] == "balanced"


# --- spec/enterprise/models/agent_capacity_policy_spec.rb ---------------------------------------------


def _capacity(http: Any) -> dict[str, Any]:
    body = {"name": f"Agent Capacity Policy {next(_serial)}", "description": "Test agent capacity policy"}
    return ok(http.post(CAPACITY_URL, json={"agent_capacity_policy": body}, headers=ADMIN))


def _capacity_limit(http: Any, policy: dict[str, Any], inbox: dict[str, Any], limit: Any = 5) -> Any:
    body = {"inbox_id": inbox["id"], "conversation_limit": limit}
    return http.post(f"{CAPACITY_URL}/{policy['id']}/inbox_limits", json=body, headers=ADMIN)


@ports("validations > is_expected.to validate_presence_of(:name)", spec=CAPACITY)
def test_a_capacity_policy_needs_a_name(http):
    refused = _refused(http, CAPACITY_URL, {"agent_capacity_policy": {"name": ""}})
    assert refused == {"message": "Name can't be blank", "attributes": ["name"]}


@ports("validations > is_expected.to validate_length_of(:name).is_at_most(255)", spec=CAPACITY)
def test_a_capacity_policy_name_has_at_most_255_characters(http):
    refused = _refused(http, CAPACITY_URL, {"agent_capacity_policy": {"name": "x" * 256}})
    assert refused == {"message": "Name is too long (maximum is 255 characters)", "attributes": ["name"]}
    body = {"agent_capacity_policy": {"name": "x" * 255}}
    assert ok(http.post(CAPACITY_URL, json=body, headers=ADMIN))["name"] == "x" * 255


@ports("destruction > destroys associated inbox capacity limits", spec=CAPACITY)
def test_destroying_a_capacity_policy_destroys_its_limits(http):
    policy, inbox = _capacity(http), new_inbox(http)
    limit = ok(_capacity_limit(http, policy, inbox))
    ok(http.delete(f"{CAPACITY_URL}/{policy['id']}", headers=ADMIN))
    other = _capacity(http)
    # the limit is gone: its id is no limit of any policy, and the inbox takes a new one
    assert (
        http.delete(f"{CAPACITY_URL}/{other['id']}/inbox_limits/{limit['id']}", headers=ADMIN).status_code
        == 404
    )
    assert ok(_capacity_limit(http, other, inbox))["id"] != limit["id"]


@ports("destruction > nullifies associated account users", spec=CAPACITY)
def test_destroying_a_capacity_policy_releases_its_users(http):
    policy, user = _capacity(http), new_user(http)
    ok(http.post(f"{CAPACITY_URL}/{policy['id']}/users", json={"user_id": user["id"]}, headers=ADMIN))
    ok(http.delete(f"{CAPACITY_URL}/{policy['id']}", headers=ADMIN))
    for other in ok(http.get(CAPACITY_URL, headers=ADMIN)):
        assert ok(http.get(f"{CAPACITY_URL}/{other['id']}/users", headers=ADMIN)) == []
    assert http.get(f"{CAPACITY_URL}/{policy['id']}/users", headers=ADMIN).status_code == 404


# --- spec/enterprise/models/inbox_capacity_limit_spec.rb ----------------------------------------------


@ports("validations > is_expected.to validate_presence_of(:conversation_limit)", spec=LIMIT)
def test_a_limit_needs_a_conversation_limit(http):
    refused = _capacity_limit(http, _capacity(http), new_inbox(http), None)
    assert refused.status_code == 422
    assert refused.json()["message"].startswith("Conversation limit can't be blank")


@ports(
    "validations > is_expected.to validate_numericality_of(:conversation_limit).is_greater_than(0).only_integer",
    spec=LIMIT,
)
def test_a_conversation_limit_is_a_positive_integer(http):
    policy, inbox = _capacity(http), new_inbox(http)
    for value, message in (
        ("x", "Conversation limit is not a number"),
        (2.5, "Conversation limit must be an integer"),
        (0, "Conversation limit must be greater than 0"),
    ):
        refused = _capacity_limit(http, policy, inbox, value)
        assert (refused.status_code, refused.json()["message"]) == (422, message), value
    assert ok(_capacity_limit(http, policy, inbox, 1))["conversation_limit"] == 1


@ports("uniqueness constraint > allows the same inbox in different policies", spec=LIMIT)
def test_one_inbox_may_have_limits_in_several_policies(http):
    policy, other, inbox = _capacity(http), _capacity(http), new_inbox(http)
    ok(_capacity_limit(http, policy, inbox))
    assert ok(_capacity_limit(http, other, inbox))["inbox_id"] == inbox["id"]
