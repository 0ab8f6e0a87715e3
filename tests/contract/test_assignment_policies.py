"""Assignment policies (v4.10, "Assignment V2"): /assignment_policies, /assignment_policies/:id/inboxes
and /inboxes/:inbox_id/assignment_policy. Administrators only (AssignmentPolicyPolicy), bots refused,
lookups (404) before the policy (401); the partial of
app/views/api/v1/accounts/assignment_policies/_assignment_policy.json.jbuilder; the model's
validations, enums and NOT NULL columns (app/models/assignment_policy.rb,
db/migrate/20250806140000_create_assignment_policies.rb); one policy per inbox
(app/models/inbox_assignment_policy.rb). No feature flag gates the routes."""

from __future__ import annotations

import pytest

from fakewoot.api.assignment_policies import MSG_POLICY_NOT_FOUND
from fakewoot.api.search import MSG_NIL_MESSAGE
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.macros import MSG_INVALID_ENUM
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/assignment_policies"
INBOX_URL = "/api/v1/accounts/1/inboxes/{inbox}/assignment_policy"
ADMIN, AGENT, OTHER = token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)
POLICY_KEYS = {
    "id": int,
    "name": str,
    "description": (str, type(None)),
    "assignment_order": str,
    "conversation_priority": str,
    "fair_distribution_limit": int,
    "fair_distribution_window": int,
    "enabled": bool,
    "assigned_inbox_count": int,
    "created_at": int,
    "updated_at": int,
}
NOW = 1_717_200_000.75
LIMIT, WINDOW = ["fair_distribution_limit"], ["fair_distribution_window"]


@pytest.fixture
def frozen(freeze):
    return freeze(NOW)


def _create(client, headers=ADMIN, url=URL, **fields) -> dict:
    answer = client.post(url, json={"assignment_policy": fields}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _names(client) -> list[str]:
    return [policy["name"] for policy in client.get(URL, headers=ADMIN).json()]


def test_create_with_defaults_then_index_and_show(client, frozen):
    created = _create(client, name="Fair")
    assert list(created) == list(POLICY_KEYS)
    assert_shape(created, POLICY_KEYS)
    assert created == {
        "id": created["id"],
        "name": "Fair",
        "description": None,
        "assignment_order": "round_robin",
        "conversation_priority": "earliest_created",
        "fair_distribution_limit": 100,
        "fair_distribution_window": 3600,
        "enabled": True,
        "assigned_inbox_count": 0,
        "created_at": int(NOW),
        "updated_at": int(NOW),
    }
    second = _create(
        client,
        name="Busy",
        description="rush hour",
        assignment_order="balanced",
        conversation_priority="longest_waiting",
        fair_distribution_limit=15,
        fair_distribution_window=60,
        enabled=False,
    )
    listed = client.get(URL, headers=ADMIN).json()
    assert listed == [created, second]
    assert client.get(f"{URL}/{second['id']}", headers=ADMIN).json() == second
    assert (second["assignment_order"], second["conversation_priority"], second["enabled"]) == (
        "balanced",
        "longest_waiting",
        False,
    )


ROUTES = [
    ("GET", URL, None),
    ("POST", URL, {"name": "x"}),
    ("GET", f"{URL}/1", None),
    ("PATCH", f"{URL}/1", {"name": "x"}),
    ("PUT", f"{URL}/1", {"name": "x"}),
    ("DELETE", f"{URL}/1", None),
    ("GET", f"{URL}/1/inboxes", None),
    ("POST", f"{URL}/1/inboxes", {"inbox_id": 2}),
    ("GET", INBOX_URL.format(inbox=1), None),
    ("POST", INBOX_URL.format(inbox=2), {"assignment_policy_id": 1}),
    ("DELETE", INBOX_URL.format(inbox=1), None),
]


@pytest.fixture
def linked(client) -> dict:
    """Policy 1 governing inbox 1, as an administrator set it up."""
    policy = _create(client, name="Linked")
    answer = client.post(
        INBOX_URL.format(inbox=1), json={"assignment_policy_id": policy["id"]}, headers=ADMIN
    )
    assert answer.status_code == 200
    return policy


@pytest.mark.parametrize(("method", "url", "body"), ROUTES)
def test_strangers_bots_other_accounts_and_agents_are_refused(client, linked, method, url, body):
    before = client.get(URL, headers=ADMIN).json()
    assert_refuses_strangers(client, method, url, json=body)
    bot = client.request(method, url, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, url, json=body, headers=OTHER)
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    agent = client.request(method, url, json=body, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert client.get(URL, headers=ADMIN).json() == before
    assert client.get(INBOX_URL.format(inbox=1), headers=ADMIN).json()["id"] == linked["id"]


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [r for r in ROUTES if "/assignment_policies/1" in r[1]]
    + [
        ("GET", INBOX_URL.format(inbox=99), None),
        ("POST", INBOX_URL.format(inbox=99), {"assignment_policy_id": 1}),
        ("POST", INBOX_URL.format(inbox=1), {"assignment_policy_id": 99}),
        ("DELETE", INBOX_URL.format(inbox=99), None),
    ],
)
def test_unknown_records_are_404_before_the_policy(client, linked, method, url, body):
    url = url.replace("/assignment_policies/1", "/assignment_policies/99")
    for headers in (AGENT, ADMIN):
        answer = client.request(method, url, json=body, headers=headers)
        assert (answer.status_code, answer.json()) == (404, {"error": MSG_NOT_FOUND})


def test_another_accounts_policy_and_inbox_are_not_found(client, linked):
    theirs = _create(client, headers=OTHER, url="/api/v1/accounts/2/assignment_policies", name="Linked")
    assert theirs["name"] == "Linked"  # unique per account only
    assert client.get(f"{URL}/{theirs['id']}", headers=ADMIN).status_code == 404
    assigned = client.post(
        INBOX_URL.format(inbox=1), json={"assignment_policy_id": theirs["id"]}, headers=ADMIN
    )
    assert assigned.status_code == 404
    other_inbox = client.get(INBOX_URL.format(inbox=3), headers=ADMIN)  # Globex's inbox
    assert (other_inbox.status_code, other_inbox.json()) == (404, {"error": MSG_NOT_FOUND})
    assert client.get("/api/v1/accounts/2/assignment_policies", headers=OTHER).json() == [theirs]


def test_validations_in_the_models_order_and_nothing_changes(client):
    _create(client, name="Taken")
    for fields, message, attributes in (
        ({"name": ""}, "Name can't be blank", ["name"]),
        ({"name": "   "}, "Name can't be blank", ["name"]),
        ({"description": "no name"}, "Name can't be blank", ["name"]),
        ({"name": "Taken"}, "Name has already been taken", ["name"]),
        (
            {"name": "", "fair_distribution_limit": 0, "fair_distribution_window": -1},
            "Name can't be blank, Fair distribution limit must be greater than 0, "
            "Fair distribution window must be greater than 0",
            ["name", "fair_distribution_limit", "fair_distribution_window"],
        ),
        ({"name": "n", "fair_distribution_limit": "abc"}, "Fair distribution limit is not a number", LIMIT),
        ({"name": "n", "fair_distribution_limit": None}, "Fair distribution limit is not a number", LIMIT),
        ({"name": "n", "fair_distribution_limit": True}, "Fair distribution limit is not a number", LIMIT),
        ({"name": "n", "fair_distribution_limit": "12abc"}, "Fair distribution limit is not a number", LIMIT),
        ({"name": "n", "fair_distribution_limit": "0x1A"}, "Fair distribution limit is not a number", LIMIT),
        (
            {"name": "n", "fair_distribution_window": "-5"},
            "Fair distribution window must be greater than 0",
            WINDOW,
        ),
    ):
        answer = client.post(URL, json={"assignment_policy": fields}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attributes}), (
            fields
        )
    assert _names(client) == ["Taken"]


def test_what_the_database_refuses_is_a_422_not_a_500(client):
    """ValueTooLong, ActiveModel::RangeError and NotNullViolation are 500s upstream."""
    for fields, message, attribute in (
        ({"name": "n" * 256}, "Name is too long (maximum is 255 characters)", "name"),
        (
            {"name": "n", "fair_distribution_limit": 2**31},
            "Fair distribution limit is out of range",
            LIMIT[0],
        ),
        (
            {"name": "n", "fair_distribution_window": "9999999999"},
            "Fair distribution window is out of range",
            WINDOW[0],
        ),
        ({"name": "n", "enabled": ""}, "Enabled can't be blank", "enabled"),
        ({"name": "n", "enabled": None}, "Enabled can't be blank", "enabled"),
        ({"name": "n", "assignment_order": ""}, "Assignment order can't be blank", "assignment_order"),
        (
            {"name": "n", "conversation_priority": None},
            "Conversation priority can't be blank",
            "conversation_priority",
        ),
    ):
        answer = client.post(URL, json={"assignment_policy": fields}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (
            422,
            {"message": message, "attributes": [attribute]},
        ), fields
    assert _names(client) == []
    longest = _create(client, name="n" * 255, fair_distribution_limit=2**31 - 1)
    assert longest["fair_distribution_limit"] == 2**31 - 1


def test_unknown_enum_values_are_argument_errors_in_permit_order(client):
    for fields, value, attr in (
        ({"name": "n", "assignment_order": "fifo"}, "fifo", "assignment_order"),
        ({"name": "n", "assignment_order": 2}, "2", "assignment_order"),
        ({"name": "n", "assignment_order": "1"}, "1", "assignment_order"),  # a string is no mapped integer
        ({"name": "n", "conversation_priority": True}, "true", "conversation_priority"),
        ({"conversation_priority": "newest", "assignment_order": "x"}, "x", "assignment_order"),
    ):
        answer = client.post(URL, json={"assignment_policy": fields}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (
            422,
            {"error": MSG_INVALID_ENUM.format(value=value, attr=attr)},
        ), fields
    assert _names(client) == []


def test_casts_as_the_attribute_writers(client):
    policy = _create(
        client,
        name=42,
        assignment_order=1,
        conversation_priority=1.0,
        fair_distribution_limit="15",
        fair_distribution_window=90.9,
        enabled="0",
    )
    assert (
        policy["name"],
        policy["assignment_order"],
        policy["conversation_priority"],
        policy["fair_distribution_limit"],
        policy["fair_distribution_window"],
        policy["enabled"],
    ) == ("42", "balanced", "longest_waiting", 15, 90, False)
    # NumericalityValidator reads the value before the integer cast: 0.5 passes, the column keeps 0
    half = _create(client, name="half", fair_distribution_limit=0.5, fair_distribution_window=" 1e3 ")
    assert (half["fair_distribution_limit"], half["fair_distribution_window"]) == (0, 1)


def test_params_wrapping_and_missing_params(client):
    flat = client.post(URL, json={"name": "Flat", "enabled": False, "ignored": 1}, headers=ADMIN)
    assert (flat.status_code, flat.json()["enabled"]) == (200, False)
    for body in (
        {"ignored": 1},
        {"assignment_policy": {}},
        {"assignment_policy": "x"},
        {"assignment_policy": [1]},
    ):
        answer = client.post(URL, json=body, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (
            422,
            {"error": MSG_PARAM_MISSING.format(key="assignment_policy")},
        ), body
    form = client.post(URL, data={"name": "Form"}, headers=ADMIN)  # no wrapping outside JSON
    assert (form.status_code, form.json()) == (
        422,
        {"error": MSG_PARAM_MISSING.format(key="assignment_policy")},
    )
    nested_form = client.post(
        URL, data={"assignment_policy[name]": "Form", "assignment_policy[enabled]": "f"}, headers=ADMIN
    )
    assert (nested_form.status_code, nested_form.json()["enabled"]) == (200, False)
    assert _names(client) == ["Flat", "Form"]


def test_update_partial_put_and_patch_and_only_a_change_touches_updated_at(client, frozen):
    policy = _create(client, name="Original", fair_distribution_limit=10)
    frozen.set(NOW + 60)
    same = client.put(f"{URL}/{policy['id']}", json={"enabled": True, "name": "Original"}, headers=ADMIN)
    assert same.json() == policy
    changed = client.patch(
        f"{URL}/{policy['id']}", json={"assignment_policy": {"enabled": False}}, headers=ADMIN
    )
    assert changed.status_code == 200
    assert changed.json() == {**policy, "enabled": False, "updated_at": int(NOW + 60)}
    _create(client, name="Existing")
    clash = client.put(f"{URL}/{policy['id']}", json={"name": "Existing", "enabled": True}, headers=ADMIN)
    assert (clash.status_code, clash.json()) == (
        422,
        {"message": "Name has already been taken", "attributes": ["name"]},
    )
    bad = client.put(
        f"{URL}/{policy['id']}", json={"description": "d", "assignment_order": "nope"}, headers=ADMIN
    )
    assert bad.status_code == 422
    assert client.get(f"{URL}/{policy['id']}", headers=ADMIN).json() == changed.json()
    renamed = client.put(f"{URL}/{policy['id']}", json={"name": "Original"}, headers=ADMIN)  # its own name
    assert renamed.status_code == 200


def test_inbox_policy_show_assign_replace_and_remove(client):
    show = client.get(INBOX_URL.format(inbox=1), headers=ADMIN)
    assert (show.status_code, show.json()) == (404, {"error": MSG_POLICY_NOT_FOUND})
    first, second = _create(client, name="First"), _create(client, name="Second")
    assigned = client.post(
        INBOX_URL.format(inbox=1), json={"assignment_policy_id": first["id"]}, headers=ADMIN
    )
    assert assigned.json() == {**first, "assigned_inbox_count": 1}
    assert client.get(INBOX_URL.format(inbox=1), headers=ADMIN).json() == assigned.json()
    as_string = client.post(
        INBOX_URL.format(inbox=1), params={"assignment_policy_id": str(second["id"])}, headers=ADMIN
    )
    assert as_string.json()["assigned_inbox_count"] == 1  # replaced: inbox 1 moved to Second
    counts = {p["name"]: p["assigned_inbox_count"] for p in client.get(URL, headers=ADMIN).json()}
    assert counts == {"First": 0, "Second": 1}
    client.post(INBOX_URL.format(inbox=2), json={"assignment_policy_id": second["id"]}, headers=ADMIN)
    assert client.get(f"{URL}/{second['id']}", headers=ADMIN).json()["assigned_inbox_count"] == 2
    for body in ({}, {"assignment_policy_id": [second["id"]]}, {"assignment_policy_id": "abc"}):
        missing = client.post(INBOX_URL.format(inbox=1), json=body, headers=ADMIN)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND}), body
    removed = client.delete(INBOX_URL.format(inbox=1), headers=ADMIN)
    assert (removed.status_code, removed.content) == (200, b"")
    again = client.delete(INBOX_URL.format(inbox=1), headers=ADMIN)
    assert (again.status_code, again.json()) == (404, {"error": MSG_POLICY_NOT_FOUND})
    assert client.get(f"{URL}/{second['id']}", headers=ADMIN).json()["assigned_inbox_count"] == 1


def test_policy_inboxes_index_renders_the_inbox_partial(client, fake):
    policy = _create(client, name="Both")
    empty = client.get(f"{URL}/{policy['id']}/inboxes", headers=ADMIN)
    assert (empty.status_code, empty.json()) == (200, {"inboxes": []})
    for inbox in (2, 1):
        client.post(INBOX_URL.format(inbox=inbox), json={"assignment_policy_id": policy["id"]}, headers=ADMIN)
    listed = client.get(f"{URL}/{policy['id']}/inboxes", headers=ADMIN).json()
    assert list(listed) == ["inboxes"]
    assert listed["inboxes"] == [
        client.get(f"/api/v1/accounts/1/inboxes/{i}", headers=ADMIN).json() for i in (2, 1)
    ]
    fake.store.inboxes.delete(fake.store.account(1).inboxes.get(2))  # has_one ..., dependent: :destroy
    assert [
        i["id"] for i in client.get(f"{URL}/{policy['id']}/inboxes", headers=ADMIN).json()["inboxes"]
    ] == [1]
    assert client.get(f"{URL}/{policy['id']}", headers=ADMIN).json()["assigned_inbox_count"] == 1


def test_policy_inboxes_create_has_no_action_and_delete_no_route(client, linked):
    crash = client.post(f"{URL}/{linked['id']}/inboxes", json={"inbox_id": 2}, headers=ADMIN)
    assert (crash.status_code, crash.json()) == (422, {"error": MSG_NIL_MESSAGE})  # a 500 upstream
    assert client.get(f"{URL}/{linked['id']}", headers=ADMIN).json()["assigned_inbox_count"] == 1
    gone = client.delete(f"{URL}/{linked['id']}/inboxes/1", headers=ADMIN)
    assert (gone.status_code, gone.json()) == (404, {"status": 404, "error": "Not Found"})


def test_destroy_cascades_to_the_inbox_links(client, linked):
    answer = client.delete(f"{URL}/{linked['id']}", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert client.get(f"{URL}/{linked['id']}", headers=ADMIN).status_code == 404
    shown = client.get(INBOX_URL.format(inbox=1), headers=ADMIN)
    assert (shown.status_code, shown.json()) == (404, {"error": MSG_POLICY_NOT_FOUND})
    assert client.delete(f"{URL}/{linked['id']}", headers=ADMIN).status_code == 404


def test_no_events_and_reset_forgets_everything(client, fake, events, linked):
    client.patch(f"{URL}/{linked['id']}", json={"enabled": False}, headers=ADMIN)
    client.delete(INBOX_URL.format(inbox=1), headers=ADMIN)
    assert events == []
    fake.reset()
    assert client.get(URL, headers=ADMIN).json() == []
