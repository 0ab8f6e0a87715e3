"""Domain events -> agent capacity policies: an account user that is destroyed takes its
agent_capacity_policy_id with it (the column lives on account_users), so a user who leaves an account
and joins it again starts without a policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.events.bus import Event
from fakewoot.notifications.listener import ACCOUNT_USER_DELETED

if TYPE_CHECKING:
    from fakewoot.store.state import Store


class AgentCapacityListener:
    """Subscribed for ACCOUNT_USER_DELETED only."""

    name = ACCOUNT_USER_DELETED

    def __init__(self, store: Store) -> None:
        self._store = store

    def __call__(self, event: Event) -> None:
        member = event.data["account_user"]
        self._store.agent_capacity_policies.release_user(member.account_id, member.user_id)
