"""Memberships of users in accounts: role, configured availability, auto_offline, active_at."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fakewoot.records import dataclass
from fakewoot.store import validation as v

if TYPE_CHECKING:
    from fakewoot.store.state import Store
    from fakewoot.store.users import User

Role = Literal["agent", "administrator"]
Availability = Literal["online", "offline", "busy"]
ROLES: tuple[Role, ...] = ("agent", "administrator")
AVAILABILITIES: tuple[Availability, ...] = ("online", "offline", "busy")


@dataclass(slots=True)
class AccountUser:
    id: int
    account_id: int
    user_id: int
    role: Role
    created_at: float
    updated_at: float
    availability: Availability = "online"
    auto_offline: bool = True
    active_at: float | None = None
    inviter_id: int | None = None

    @property
    def administrator(self) -> bool:
        return self.role == "administrator"

    @property
    def permissions(self) -> list[str]:
        return ["administrator"] if self.role == "administrator" else ["agent"]


class AccountUsers:
    def __init__(self, store: Store) -> None:
        self._store = store

    def find(self, account_id: int, user_id: int) -> AccountUser | None:
        account = self._store.state.accounts.get(account_id)
        return None if account is None else account.members.get(user_id)

    def of_user(self, user_id: int) -> list[AccountUser]:
        """A user's memberships in account order (Chatwoot: has_many :account_users)."""
        found = []
        for account in self._store.state.accounts.values():
            member = account.members.get(user_id)
            if member is not None:
                found.append(member)
        found.sort(key=lambda au: au.id)
        return found

    def active_of(self, user: User) -> AccountUser | None:
        """Chatwoot's active_account_user: ORDER BY active_at DESC NULLS LAST (then id)."""
        members = self.of_user(user.id)
        if not members:
            return None
        with_time = [m for m in members if m.active_at is not None]
        if with_time:
            return max(with_time, key=lambda m: (m.active_at or 0.0, -m.id))
        return members[0]

    def add(
        self,
        *,
        account_id: int,
        user_id: int,
        role: Role = "agent",
        availability: Availability = "online",
        auto_offline: bool = True,
        inviter_id: int | None = None,
        active_at: float | None = None,
        created_at: float | None = None,
    ) -> AccountUser:
        store = self._store
        account = store.account(account_id)
        if user_id in account.members:
            raise ValueError(f"user {user_id} is already a member of account {account_id}")
        now = store.clock.now() if created_at is None else created_at
        member = AccountUser(
            id=store.state.sequences.next("account_users"),
            account_id=account_id,
            user_id=user_id,
            role=role,
            created_at=now,
            updated_at=now,
            availability=availability,
            auto_offline=auto_offline,
            active_at=active_at,
            inviter_id=inviter_id,
        )
        account.members[user_id] = member
        store.presence.set_status(account_id, user_id, availability)
        store.publish("account_user.created", account_user=member)
        return member

    def update(
        self,
        member: AccountUser,
        *,
        role: str | None = None,
        availability: str | None = None,
        auto_offline: bool | None = None,
    ) -> None:
        """Apply validated changes; None leaves a field as it is (Chatwoot's `.compact`)."""
        if role is not None:
            member.role = role  # type: ignore[assignment]
        if availability is not None:
            self.set_availability(member, availability)  # type: ignore[arg-type]
        if auto_offline is not None:
            member.auto_offline = auto_offline
        member.updated_at = self._store.clock.now()
        self._store.publish("account_user.updated", account_user=member)

    def set_active(self, member: AccountUser) -> None:
        member.active_at = self._store.clock.now()
        member.updated_at = member.active_at

    def set_availability(self, member: AccountUser, availability: Availability) -> None:
        member.availability = availability
        member.updated_at = self._store.clock.now()
        self._store.presence.set_status(member.account_id, member.user_id, availability)

    def set_auto_offline(self, member: AccountUser, auto_offline: bool) -> None:
        member.auto_offline = auto_offline
        member.updated_at = self._store.clock.now()

    def remove(self, member: AccountUser) -> None:
        """AccountUser#destroy; its after_destroy Agents::DestroyJob (run at once here) removes the
        user from the account's teams and inboxes and unassigns the account's conversations assigned to it
        (`update_all`: no callbacks, so no activity message and no event)."""
        store = self._store
        account = store.account(member.account_id)
        account.members.pop(member.user_id, None)
        store.teams.forget_user(account.id, member.user_id)
        for inbox in list(account.inboxes):
            if member.user_id in inbox.members:
                store.inboxes.set_members(inbox, [i for i in inbox.members if i != member.user_id])
        for conversation in account.conversations.values():
            if conversation.assignee_id == member.user_id:
                conversation.assignee_id = None
        # the agent_capacity_policy_id column lives on account_users: a user who leaves and joins
        # again starts without a policy
        store.agent_capacity_policies.release_user(member.account_id, member.user_id)
        store.publish("account_user.deleted", account_user=member)

    # --- agents (AgentBuilder) ------------------------------------------------------------------

    def invite(
        self,
        *,
        account_id: int,
        email: str,
        name: str | None,
        role: str | None = None,
        availability: str | None = None,
        auto_offline: bool | None = None,
        inviter_id: int | None = None,
    ) -> AccountUser:
        """AgentBuilder: find the user by email or create one (unconfirmed, a temporary password,
        a confirmation mail as the invitation), then the membership. Validates before changing."""
        store = self._store
        email = email.strip().lower()
        user = store.users.by_email(email) if email else None
        errors = v.Errors()
        if user is None:
            v.check_email(errors, email, taken=False)
            v.check_name(errors, name)
        elif user.id in store.account(account_id).members:
            errors.add("user_id", v.MSG_TAKEN.replace("{attr}", "User"))
        if role is not None and role not in ROLES:
            errors.add("role", v.MSG_INCLUSION)
        if availability is not None and availability not in AVAILABILITIES:
            errors.add("availability", v.MSG_INCLUSION)
        errors.raise_if_any()
        if user is None:
            temporary = "1!aA" + store.state.tokens.alnum(12)
            user = store.users.create(name=name or "", email=email, password=temporary, confirmed=False)
            store.users.send_confirmation(user, account_id=account_id, inviter_id=inviter_id)
        return self.add(
            account_id=account_id,
            user_id=user.id,
            role=role or "agent",  # type: ignore[arg-type]
            availability=availability or "online",  # type: ignore[arg-type]
            auto_offline=True if auto_offline is None else auto_offline,
            inviter_id=inviter_id,
        )

    def remove_agent(self, member: AccountUser) -> None:
        """Agents#destroy: drop the membership; a user left with no account is deleted too."""
        self.remove(member)
        user = self._store.users.get(member.user_id)
        if user is not None and not self.of_user(user.id):
            self._store.users.delete(user)
