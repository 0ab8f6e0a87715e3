"""Teams and their members (app/models/team.rb, team_member.rb at v4.10).

A name is stored lower-cased (before_validation), required ("must not be blank", Chatwoot's
errors.validations.presence) and unique per account. Every write bumps the account's `team` cache
key (AccountCacheRevalidator, and add_members/remove_members call it too). Destroying a team
nullifies its conversations' team_id with one UPDATE (no callbacks, no events).
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING

from fakewoot.records import dataclass
from fakewoot.store.validation import MSG_TAKEN, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store

MSG_NAME_PRESENCE = "{attr} must not be blank"  # config/locales/en.yml errors.validations.presence


@dataclass(slots=True)
class Team:
    id: int
    account_id: int
    name: str
    created_at: float
    updated_at: float
    description: str | None = None
    allow_auto_assign: bool | None = True
    member_ids: list[int] = field(default_factory=list)  # in the order they joined (team_members.id)


class Teams:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int) -> list[Team]:
        return sorted(self._store.account(account_id).teams, key=lambda t: t.id)

    def get(self, account_id: int, team_id: int | None) -> Team | None:
        return None if team_id is None else self._store.account(account_id).teams.get(team_id)

    def of_user(self, account_id: int, user_id: int) -> list[Team]:
        return [team for team in self.of(account_id) if user_id in team.member_ids]

    def _validate(self, account_id: int, name: str | None, own_id: int) -> None:
        errors = Errors()
        if blank(name):
            errors.add("name", MSG_NAME_PRESENCE)
        elif any(t.name == name and t.id != own_id for t in self._store.account(account_id).teams):
            errors.add("name", MSG_TAKEN)
        errors.raise_if_any()

    def _touch_cache(self, account_id: int) -> None:
        store = self._store
        store.accounts.invalidate_cache_key(store.account(account_id), "team")

    def create(
        self,
        account_id: int,
        *,
        name: str | None,
        description: str | None = None,
        allow_auto_assign: bool | None = True,
        team_id: int | None = None,
        created_at: float | None = None,
    ) -> Team:
        store = self._store
        account = store.account(account_id)
        name = None if name is None else name.lower()
        self._validate(account_id, name, 0)
        assert name is not None
        now = store.clock.now() if created_at is None else created_at
        team = Team(
            id=account.teams.next_id() if team_id is None else team_id,
            account_id=account_id,
            name=name,
            created_at=now,
            updated_at=now,
            description=description,
            allow_auto_assign=allow_auto_assign,
        )
        account.teams.add(team)
        self._touch_cache(account_id)
        return team

    def update(self, team: Team, changes: dict[str, object]) -> None:
        """Assign name (lower-cased), description, allow_auto_assign; validate; save. Nothing changes
        on a refusal."""
        name = changes.get("name", team.name)
        name = name.lower() if isinstance(name, str) else None
        self._validate(team.account_id, name, team.id)
        assert name is not None
        values = {
            "name": name,
            "description": changes.get("description", team.description),
            "allow_auto_assign": changes.get("allow_auto_assign", team.allow_auto_assign),
        }
        if any(getattr(team, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(team, key, value)
            team.updated_at = self._store.clock.now()
            self._touch_cache(team.account_id)  # after_commit runs only when the save wrote

    def delete(self, team: Team) -> None:
        account = self._store.account(team.account_id)
        account.teams.remove(team.id)
        for conversation in account.conversations.values():
            if conversation.team_id == team.id:
                conversation.team_id = None  # dependent: :nullify (update_all: no callbacks)
        self._touch_cache(team.account_id)

    def add_members(self, team: Team, user_ids: list[int]) -> list[int]:
        """Team#add_members: the ones not yet members join (a duplicate fails its uniqueness check and
        is skipped); the ids that joined."""
        added: list[int] = []
        for user_id in user_ids:
            if user_id not in team.member_ids and self._store.state.users.get(user_id) is not None:
                team.member_ids.append(user_id)
                added.append(user_id)
        self._touch_cache(team.account_id)
        return added

    def remove_members(self, team: Team, user_ids: list[int]) -> None:
        wanted = set(user_ids)
        team.member_ids = [user_id for user_id in team.member_ids if user_id not in wanted]
        self._touch_cache(team.account_id)

    def forget_user(self, account_id: int, user_id: int) -> None:
        """The user left the account: their team memberships go (Agents::DestroyJob)."""
        for team in self._store.account(account_id).teams.values():
            if user_id in team.member_ids:
                team.member_ids.remove(user_id)
