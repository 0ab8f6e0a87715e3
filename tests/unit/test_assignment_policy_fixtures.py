"""Fixture sets may seed assignment policies and link them to their account's inboxes
(fakewoot/fixture_models.py AssignmentPolicyFixture, fakewoot/seeding.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fakewoot import FakeChatwoot, FrozenClock
from fakewoot.errors import CouldNotCreate
from fakewoot.seeding import FixtureError
from fakewoot.serializers.assignment_policies import assignment_policy_json

SET = """
seed_time: "2024-06-01T00:00:00Z"
accounts:
  - {id: 1, name: Solo}
inboxes:
  - {id: 1, account_id: 1, name: Api, channel_type: api}
  - {id: 2, account_id: 1, name: Api 2, channel_type: api}
assignment_policies:
  - {id: 7, account_id: 1, name: Night, assignment_order: balanced, fair_distribution_limit: 5, inboxes: [1, 2]}
  - {id: 9, account_id: 1, name: Day, description: office hours, enabled: false, inboxes: [2]}
"""


def _folder(tmp_path: Path, text: str) -> Path:
    (tmp_path / "set.yaml").write_text(text)
    return tmp_path


def test_seeded_policies_and_links(tmp_path):
    fake = FakeChatwoot(fixtures=_folder(tmp_path, SET), clock=FrozenClock(1_800_000_000))
    policies = fake.store.assignment_policies
    night, day = policies.of(1)
    seeded = 1_717_200_000  # seed_time
    assert assignment_policy_json(night, policies.inbox_count(night)) == {
        "id": 7,
        "name": "Night",
        "description": None,
        "assignment_order": "balanced",
        "conversation_priority": "earliest_created",
        "fair_distribution_limit": 5,
        "fair_distribution_window": 3600,
        "enabled": True,
        "assigned_inbox_count": 1,  # inbox 2 moved to Day, the later policy
        "created_at": seeded,
        "updated_at": seeded,
    }
    assert (day.id, day.description, day.enabled, policies.inbox_count(day)) == (9, "office hours", False, 1)
    inboxes = fake.store.account(1).inboxes
    assert [policies.of_inbox(inboxes.get(i)).name for i in (1, 2)] == ["Night", "Day"]
    created = policies.create(1, {"name": "Next"})
    assert created.id == 10  # the sequence follows the seeded ids


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "{id: 1, account_id: 1, name: X, inboxes: [5]}",
            "assignment_policies[0] (id 1): field '(reference)': inboxes: no inbox 5 in account 1",
        ),
        ("{id: 1, account_id: 3, name: X}", "field '(reference)': no account 3"),
        ("{id: 1, account_id: 1, name: X, fair_distribution_limit: 0}", "fair_distribution_limit"),
        ("{id: 1, account_id: 1, name: X, assignment_order: fifo}", "assignment_order"),
    ],
)
def test_bad_policies_name_the_record(tmp_path, row, expected):
    text = SET.split("assignment_policies:")[0] + f"assignment_policies:\n  - {row}\n"
    with pytest.raises(FixtureError) as info:
        FakeChatwoot(fixtures=_folder(tmp_path, text))
    assert expected in str(info.value)


def test_duplicate_names_are_refused_like_the_model(tmp_path):
    text = SET.replace("name: Day", "name: Night")
    with pytest.raises(FixtureError) as info:
        FakeChatwoot(fixtures=_folder(tmp_path, text))
    assert "assignment_policies[1] (id 9): field 'name': Name has already been taken" in str(info.value)


CAPACITY = """
users:
  - {id: 1, name: Ann, email: ann@solo.test, password: Password1!, accounts: [{account_id: 1, role: agent}]}
  - {id: 2, name: Bob, email: bob@solo.test, password: Password1!, accounts: [{account_id: 1, role: agent}]}
agent_capacity_policies:
  - {id: 4, account_id: 1, name: Tight, exclusion_rules: {exclude_older_than_hours: 2, excluded_labels: [vip]},
     users: [1, 2], inbox_limits: [{inbox_id: 2, conversation_limit: 3}, {inbox_id: 1, conversation_limit: 9}]}
  - {id: 5, account_id: 1, name: Loose, users: [2]}
"""


def test_seeded_capacity_policies_users_and_limits(tmp_path):
    fake = FakeChatwoot(fixtures=_folder(tmp_path, SET + CAPACITY), clock=FrozenClock(1_800_000_000))
    policies = fake.store.agent_capacity_policies
    tight, loose = policies.of(1)
    assert list(tight.exclusion_rules) == ["excluded_labels", "exclude_older_than_hours"]  # jsonb order
    assert (policies.users(tight), policies.users(loose)) == ([1], [2])  # Bob moved to the later policy
    assert [(limit.inbox_id, limit.conversation_limit) for limit in policies.limits(tight)] == [
        (2, 3),
        (1, 9),
    ]
    assert tight.created_at == 1_717_200_000


@pytest.mark.parametrize(
    ("original", "replacement", "expected"),
    [
        ("users: [1, 2]", "users: [1, 7]", "users: user 7 is not a member of account 1"),
        (
            "inbox_id: 1, conversation_limit: 9",
            "inbox_id: 2, conversation_limit: 9",
            "inbox 2 is not a new inbox",
        ),
        (
            "inbox_id: 1, conversation_limit: 9",
            "inbox_id: 8, conversation_limit: 9",
            "inbox 8 is not a new inbox",
        ),
        ("conversation_limit: 3", "conversation_limit: 0", "conversation_limit"),
    ],
)
def test_bad_capacity_policies_name_the_record(tmp_path, original, replacement, expected):
    with pytest.raises(FixtureError) as info:
        FakeChatwoot(fixtures=_folder(tmp_path, SET + CAPACITY.replace(original, replacement)))
    assert "agent_capacity_policies[0] (id 4)" in str(info.value)
    assert expected in str(info.value)


def test_the_store_refuses_an_unknown_enum_label_like_the_api(fake):
    with pytest.raises(CouldNotCreate) as info:
        fake.store.assignment_policies.create(1, {"name": "x", "conversation_priority": "newest"})
    assert info.value.body == {"error": "'newest' is not a valid conversation_priority"}
    assert fake.store.assignment_policies.of(1) == []
