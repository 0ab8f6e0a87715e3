"""Agent capacity policies (enterprise, v4.10) as an unlicensed self-hosted install answers them: no
licence or feature gate, so the full behaviour. Administrators only (AgentCapacityPolicyPolicy) and the
policy check BEFORE the lookups; bots refused. Shapes: enterprise/app/views/api/v1/models/
_agent_capacity_policy.json.jbuilder, inbox_limits/create and update views, api/v1/models/_user for
users. Sources: enterprise/app/controllers/api/v1/accounts/agent_capacity_policies_controller.rb,
agent_capacity_policies/users_controller.rb, inbox_limits_controller.rb, agent_capacity_policy.rb,
inbox_capacity_limit.rb."""

from __future__ import annotations

import pytest

from fakewoot.api.agent_capacity_policies import MSG_INBOX_ALREADY_ASSIGNED
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.serializers.users import user_json
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/agent_capacity_policies"
ADMIN, AGENT, OTHER = token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)
POLICY_KEYS = {
    "id": int,
    "name": str,
    "description": (str, type(None)),
    "exclusion_rules": (dict, list),
    "created_at": int,
    "updated_at": int,
    "account_id": int,
    "assigned_agent_count": int,
    "inbox_capacity_limits": list,
}
CREATED_LIMIT_KEYS = [
    "id",
    "inbox_id",
    "agent_capacity_policy_id",
    "conversation_limit",
    "created_at",
    "updated_at",
]
NOW = 1_717_200_000.5
LIMIT = ["conversation_limit"]


@pytest.fixture
def frozen(freeze):
    return freeze(NOW)


def _create(client, headers=ADMIN, url=URL, **fields) -> dict:
    answer = client.post(url, json={"agent_capacity_policy": fields}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def policy(client) -> dict:
    """Policy 1 with jane (user 2) assigned and a limit of 5 on inbox 1."""
    made = _create(client, name="Standard")
    assert client.post(f"{URL}/{made['id']}/users", json={"user_id": 2}, headers=ADMIN).status_code == 200
    limit = client.post(
        f"{URL}/{made['id']}/inbox_limits", json={"inbox_id": 1, "conversation_limit": 5}, headers=ADMIN
    )
    assert limit.status_code == 200
    return client.get(f"{URL}/{made['id']}", headers=ADMIN).json()


def test_create_renders_rules_in_permit_order_and_reads_back_in_jsonb_order(client, frozen):
    rules = {"excluded_labels": ["urgent", "spam"], "exclude_older_than_hours": 24, "other": 1}
    created = _create(client, name="Test Policy", description="Test Description", exclusion_rules=rules)
    assert list(created) == list(POLICY_KEYS)
    assert_shape(created, POLICY_KEYS)
    assert created == {
        "id": created["id"],
        "name": "Test Policy",
        "description": "Test Description",
        "exclusion_rules": {"exclude_older_than_hours": 24, "excluded_labels": ["urgent", "spam"]},
        "created_at": int(NOW),
        "updated_at": int(NOW),
        "account_id": 1,
        "assigned_agent_count": 0,
        "inbox_capacity_limits": [],
    }
    assert list(created["exclusion_rules"]) == ["exclude_older_than_hours", "excluded_labels"]
    shown = client.get(f"{URL}/{created['id']}", headers=ADMIN).json()
    assert list(shown["exclusion_rules"]) == ["excluded_labels", "exclude_older_than_hours"]  # jsonb
    assert client.get(URL, headers=ADMIN).json() == [shown]
    bare = _create(client, name="Bare")
    assert (bare["description"], bare["exclusion_rules"]) == (None, {})


def test_exclusion_rules_are_permitted_key_by_key(client):
    for rules, kept in (
        ({"excluded_labels": ["a", {"b": 1}]}, {}),  # an array with a non-scalar is dropped whole
        ({"excluded_labels": "a", "exclude_older_than_hours": None}, {"exclude_older_than_hours": None}),
        ({"exclude_older_than_hours": [1]}, {}),
        ([{"exclude_older_than_hours": 2, "x": 1}, "junk"], [{"exclude_older_than_hours": 2}]),
    ):
        assert _create(client, name=f"P {rules!r}", exclusion_rules=rules)["exclusion_rules"] == kept, rules
    for dropped in ("text", None, 5):
        assert _create(client, name=f"D {dropped!r}", exclusion_rules=dropped)["exclusion_rules"] == {}


def test_validations_and_missing_params(client):
    for fields, message in (
        ({"name": ""}, "Name can't be blank"),
        ({"description": "no name"}, "Name can't be blank"),
        ({"name": "n" * 256}, "Name is too long (maximum is 255 characters)"),
    ):
        answer = client.post(URL, json={"agent_capacity_policy": fields}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": ["name"]}), (
            fields
        )
    for body in ({"ignored": 1}, {"agent_capacity_policy": {}}, {"agent_capacity_policy": "x"}):
        answer = client.post(URL, json=body, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (
            422,
            {"error": MSG_PARAM_MISSING.format(key="agent_capacity_policy")},
        ), body
    flat = client.post(URL, json={"name": "Flat", "description": 7}, headers=ADMIN)  # JSON wrapping
    assert (flat.status_code, flat.json()["description"]) == (200, "7")
    same_name = client.post(URL, json={"name": "Flat"}, headers=ADMIN)  # no uniqueness
    assert same_name.status_code == 200
    assert [p["name"] for p in client.get(URL, headers=ADMIN).json()] == ["Flat", "Flat"]


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"name": "x"}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"name": "x"}),
    ("PUT", f"{URL}/1", {"name": "x"}),
    ("DELETE", f"{URL}/1", None),
    ("GET", f"{URL}/1/users", None),
    ("POST", f"{URL}/1/users", {"user_id": 1}),
    ("DELETE", f"{URL}/1/users/2", None),
    ("POST", f"{URL}/1/inbox_limits", {"inbox_id": 2, "conversation_limit": 3}),
    ("PATCH", f"{URL}/1/inbox_limits/1", {"conversation_limit": 3}),
    ("PUT", f"{URL}/1/inbox_limits/1", {"conversation_limit": 3}),
    ("DELETE", f"{URL}/1/inbox_limits/1", None),
]


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_other_accounts_and_agents_are_refused(client, policy, method, url, body):
    assert_refuses_strangers(client, method, url, json=body)
    bot = client.request(method, url, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, url, json=body, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    for target in (url, url.replace(f"{URL}/1", f"{URL}/99")):  # the policy check comes first
        agent = client.request(method, target, json=body, headers=AGENT)
        assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION}), target
    assert client.get(URL, headers=ADMIN).json() == [policy]


@pytest.mark.parametrize(("method", "url", "body"), [r for r in ROUTES if f"{URL}/1" in r[1]])
def test_unknown_policies_are_not_found_for_administrators(client, policy, method, url, body):
    answer = client.request(method, url.replace(f"{URL}/1", f"{URL}/99"), json=body, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (404, {"error": MSG_NOT_FOUND})


def test_another_accounts_policy_is_not_found(client, policy):
    theirs = _create(client, headers=OTHER, url="/api/v1/accounts/2/agent_capacity_policies", name="G")
    assert client.get(f"{URL}/{theirs['id']}", headers=ADMIN).status_code == 404
    assert client.get("/api/v1/accounts/2/agent_capacity_policies", headers=OTHER).json() == [theirs]
    assigned = client.post(f"{URL}/{policy['id']}/users", json={"user_id": 3}, headers=ADMIN)  # hank: Globex
    assert (assigned.status_code, assigned.json()) == (404, {"error": MSG_NOT_FOUND})
    limit = client.post(
        f"{URL}/{policy['id']}/inbox_limits", json={"inbox_id": 3, "conversation_limit": 1}, headers=ADMIN
    )
    assert (limit.status_code, limit.json()) == (404, {"error": MSG_NOT_FOUND})


def test_update_show_and_only_a_change_touches_updated_at(client, frozen):
    made = _create(client, name="Original", exclusion_rules={"exclude_older_than_hours": 1})
    frozen.set(NOW + 30)
    same = client.put(f"{URL}/{made['id']}", json={"name": "Original"}, headers=ADMIN).json()
    assert same == made
    rules = {"excluded_labels": ["vip", "priority"], "exclude_older_than_hours": 48}
    updated = client.patch(
        f"{URL}/{made['id']}", json={"agent_capacity_policy": {"exclusion_rules": rules}}, headers=ADMIN
    )
    assert updated.json() == {
        **made,
        "exclusion_rules": {"exclude_older_than_hours": 48, "excluded_labels": ["vip", "priority"]},
        "updated_at": int(NOW + 30),
    }
    blank = client.put(f"{URL}/{made['id']}", json={"name": " "}, headers=ADMIN)
    assert (blank.status_code, blank.json()) == (
        422,
        {"message": "Name can't be blank", "attributes": ["name"]},
    )
    assert client.get(f"{URL}/{made['id']}", headers=ADMIN).json()["name"] == "Original"


def test_users_assign_move_list_and_release(client, policy):
    assert policy["assigned_agent_count"] == 1
    listed = client.get(f"{URL}/{policy['id']}/users", headers=ADMIN)
    assert listed.status_code == 200
    assert [u["id"] for u in listed.json()] == [2]
    other = _create(client, name="Other")
    moved = client.post(f"{URL}/{other['id']}/users", json={"user_id": "2"}, headers=ADMIN)
    assert moved.status_code == 200 and moved.json()["id"] == 2
    assert (
        client.get(f"{URL}/{policy['id']}/users", headers=ADMIN).json() == []
    )  # one policy per account user
    client.post(f"{URL}/{other['id']}/users", json={"user_id": 1}, headers=ADMIN)
    assert [u["id"] for u in client.get(f"{URL}/{other['id']}/users", headers=ADMIN).json()] == [1, 2]
    for body in ({}, {"user_id": "abc"}, {"user_id": [2]}, {"user_id": 99}):
        missing = client.post(f"{URL}/{other['id']}/users", json=body, headers=ADMIN)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND}), body
    released = client.delete(f"{URL}/{policy['id']}/users/2", headers=ADMIN)  # whichever policy it was
    assert (released.status_code, released.content) == (200, b"")
    assert [u["id"] for u in client.get(f"{URL}/{other['id']}/users", headers=ADMIN).json()] == [1]
    unknown = client.delete(f"{URL}/{policy['id']}/users/3", headers=ADMIN)
    assert (unknown.status_code, unknown.json()) == (404, {"error": MSG_NOT_FOUND})


def test_users_index_renders_the_user_partial(client, fake, policy):
    listed = client.get(f"{URL}/{policy['id']}/users", headers=ADMIN).json()
    jane = fake.store.state.users.get(2)
    assert listed == [user_json(fake.store, jane)]


def test_inbox_limits_create_duplicate_update_destroy(client, frozen, policy):
    limits = f"{URL}/{policy['id']}/inbox_limits"
    assert policy["inbox_capacity_limits"] == [{"id": 1, "inbox_id": 1, "conversation_limit": 5}]
    created = client.post(limits, json={"inbox_id": "2", "conversation_limit": "10"}, headers=ADMIN)
    assert created.status_code == 200
    body = created.json()
    assert list(body) == CREATED_LIMIT_KEYS
    assert body == {
        "id": 2,
        "inbox_id": 2,
        "agent_capacity_policy_id": policy["id"],
        "conversation_limit": 10,
        "created_at": int(NOW),
        "updated_at": int(NOW),
    }
    twice = client.post(limits, json={"inbox_id": 2, "conversation_limit": 99}, headers=ADMIN)
    assert (twice.status_code, twice.json()) == (422, {"error": MSG_INBOX_ALREADY_ASSIGNED})
    no_inbox = client.post(limits, json={"conversation_limit": 1}, headers=ADMIN)
    assert (no_inbox.status_code, no_inbox.json()) == (404, {"error": MSG_NOT_FOUND})
    frozen.set(NOW + 10)
    updated = client.put(f"{limits}/2", json={"conversation_limit": 15}, headers=ADMIN)
    assert updated.json() == {
        "id": 2,
        "inbox_id": 2,
        "inbox_name": "Acme Website",
        "agent_capacity_policy_id": policy["id"],
        "conversation_limit": 15,
        "created_at": int(NOW),
        "updated_at": int(NOW + 10),
    }
    shown = client.get(f"{URL}/{policy['id']}", headers=ADMIN).json()["inbox_capacity_limits"]
    assert shown == [
        {"id": 1, "inbox_id": 1, "conversation_limit": 5},
        {"id": 2, "inbox_id": 2, "conversation_limit": 15},
    ]
    gone = client.delete(f"{limits}/2", headers=ADMIN)
    assert (gone.status_code, gone.content) == (204, b"")
    assert client.delete(f"{limits}/2", headers=ADMIN).status_code == 404
    other = _create(client, name="Other")
    foreign = client.put(f"{URL}/{other['id']}/inbox_limits/1", json={"conversation_limit": 2}, headers=ADMIN)
    assert foreign.status_code == 404  # limit 1 belongs to the first policy


def test_conversation_limit_validations_leave_nothing_behind(client, policy):
    limits = f"{URL}/{policy['id']}/inbox_limits"
    for value, message in (
        (None, "Conversation limit can't be blank, Conversation limit is not a number"),
        ("", "Conversation limit can't be blank, Conversation limit is not a number"),
        ("abc", "Conversation limit is not a number"),
        (True, "Conversation limit is not a number"),
        (1.5, "Conversation limit must be an integer"),
        (10.0, "Conversation limit must be an integer"),
        (" 10", "Conversation limit must be an integer"),
        (0, "Conversation limit must be greater than 0"),
        ("-3", "Conversation limit must be greater than 0"),
        (2**31, "Conversation limit is out of range"),  # ActiveModel::RangeError (a 500 upstream)
    ):
        answer = client.post(limits, json={"inbox_id": 2, "conversation_limit": value}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": LIMIT}), value
    absent = client.put(f"{limits}/1", json={}, headers=ADMIN)  # update assigns nil when it is absent
    assert absent.status_code == 422
    assert client.get(f"{URL}/{policy['id']}", headers=ADMIN).json() == policy


def test_destroy_removes_limits_and_releases_users(client, fake, policy, events):
    assert client.delete(f"{URL}/{policy['id']}", headers=ADMIN).status_code == 200
    assert client.get(f"{URL}/{policy['id']}", headers=ADMIN).status_code == 404
    assert fake.store.agent_capacity_policies.policy_id_of(1, 2) is None
    assert fake.store.account(1).inbox_capacity_limits.rows == {}
    assert events == []


def test_a_deleted_inbox_drops_its_limit(client, fake, policy):
    fake.store.inboxes.delete(fake.store.account(1).inboxes.get(1))  # Inbox has_many :inbox_capacity_limits
    assert client.get(f"{URL}/{policy['id']}", headers=ADMIN).json()["inbox_capacity_limits"] == []


def test_an_agent_who_leaves_and_returns_has_no_policy(client, fake, policy):
    assert client.delete("/api/v1/accounts/1/agents/2", headers=ADMIN).status_code == 200
    assert client.get(f"{URL}/{policy['id']}/users", headers=ADMIN).json() == []
    back = client.post(
        "/api/v1/accounts/1/agents", json={"name": "Jane", "email": "jane@acme.inc"}, headers=ADMIN
    )
    assert back.status_code == 200
    assert fake.store.agent_capacity_policies.policy_id_of(1, 2) is None
    assert client.get(f"{URL}/{policy['id']}", headers=ADMIN).json()["assigned_agent_count"] == 0
