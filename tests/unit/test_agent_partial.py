"""The agent partial (api/v1/models/_agent) for a member and for a user outside the account."""

from __future__ import annotations

from fakewoot import FakeChatwoot
from fakewoot.serializers.agents import agent_json, agent_of

KEYS = [
    "id",
    "account_id",
    "availability_status",
    "auto_offline",
    "confirmed",
    "email",
    "provider",
    "available_name",
    "name",
    "role",
    "thumbnail",
    "custom_role_id",
]


def test_member_and_outsider_render_the_same_keys():
    fake = FakeChatwoot()
    store = fake.store
    member = store.account(1).members.get(1)
    assert member is not None
    user = store.state.users.get(1)
    assert user is not None
    assert agent_of(store, 1, 1) == agent_json(store, user, member)
    outsider = agent_of(store, 2, 1)  # user 1 belongs to account 1 only
    assert outsider is not None and list(outsider) == KEYS
    assert (outsider["account_id"], outsider["availability_status"], outsider["auto_offline"]) == (
        2,
        None,
        None,
    )
    assert (outsider["role"], outsider["custom_role_id"]) == (None, None)
    assert agent_of(store, 1, 999_999) is None
