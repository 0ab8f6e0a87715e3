"""Presence: the one place heartbeats and availability live (Chatwoot's OnlineStatusTracker).

Agents' `availability_status`, active contacts and the WebSocket's `presence.update` all read it.
Source: ../shared/reference/realtime-actioncable.md 3.5, accounts-auth-profile-agents-platform.md 2.8.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser, Availability
    from fakewoot.store.state import Store

PresenceKind = Literal["User", "Contact"]
PRESENCE_DURATION_SECONDS = 20.0


class Presence:
    def __init__(self, store: Store) -> None:
        self._store = store

    def heartbeat(self, account_id: int, kind: PresenceKind, record_id: int) -> None:
        self._store.state.heartbeats[(account_id, kind, record_id)] = self._store.clock.now()

    def is_online(self, account_id: int, kind: PresenceKind, record_id: int) -> bool:
        seen = self._store.state.heartbeats.get((account_id, kind, record_id))
        return seen is not None and self._store.clock.now() - seen <= self._store.presence_duration

    def set_status(self, account_id: int, user_id: int, availability: Availability) -> None:
        """Chatwoot writes the configured availability into its per-account status hash."""
        self._store.state.statuses[(account_id, user_id)] = availability

    def availability_status(self, member: AccountUser) -> str:
        """auto_offline false: the stored value; else the status if seen within the window, else offline."""
        if not member.auto_offline:
            return member.availability
        if self.is_online(member.account_id, "User", member.user_id):
            return self._store.state.statuses.get((member.account_id, member.user_id), member.availability)
        return "offline"

    def online_users(self, account_id: int) -> dict[str, str]:
        """{"<user id>": status}: users seen within the window plus every auto_offline=false user."""
        account = self._store.account(account_id)
        return {
            str(user_id): self.availability_status(member)
            for user_id, member in sorted(account.members.items())
            if not member.auto_offline or self.is_online(account_id, "User", user_id)
        }

    def online_contacts(self, account_id: int) -> dict[str, str]:
        """{"<contact id>": "online"} for contacts seen within the window, by id: one pass over the
        heartbeats, sorting only the ones that qualify (presence.update builds this on every subscribe)."""
        now, window = self._store.clock.now(), self._store.presence_duration
        online = sorted(
            record_id
            for (acc, kind, record_id), seen in self._store.state.heartbeats.items()
            if acc == account_id and kind == "Contact" and now - seen <= window
        )
        return {str(record_id): "online" for record_id in online}
