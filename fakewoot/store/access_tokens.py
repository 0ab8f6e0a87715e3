"""Personal API tokens (`api_access_token`) of users, agent bots and platform apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store

OwnerType = Literal["User", "AgentBot", "PlatformApp"]


@dataclass(slots=True)
class AccessToken:
    id: int
    owner_type: OwnerType
    owner_id: int
    token: str


class AccessTokens:
    def __init__(self, store: Store) -> None:
        self._store = store

    def find(self, token: str) -> AccessToken | None:
        token_id = self._store.state.access_token_ids.get(token)
        return None if token_id is None else self._store.state.access_tokens.get(token_id)

    def of(self, owner_type: OwnerType, owner_id: int) -> AccessToken | None:
        state = self._store.state
        token_id = state.access_token_by_owner.get((owner_type, owner_id))
        return None if token_id is None else state.access_tokens.get(token_id)

    def issue(self, owner_type: OwnerType, owner_id: int, token: str | None = None) -> AccessToken:
        state = self._store.state
        if token is not None and token in state.access_token_ids:
            raise ValueError(f"access token {token!r} is already in use")
        record = AccessToken(
            id=state.access_tokens.next_id(),
            owner_type=owner_type,
            owner_id=owner_id,
            token=token or state.tokens.alnum(24),
        )
        state.access_tokens.add(record)
        state.access_token_ids[record.token] = record.id
        state.access_token_by_owner[(owner_type, owner_id)] = record.id
        return record

    def regenerate(self, owner_type: OwnerType, owner_id: int) -> AccessToken:
        """A new token string for the owner; the old one stops working at once."""
        state = self._store.state
        record = self.of(owner_type, owner_id)
        if record is None:
            return self.issue(owner_type, owner_id)
        del state.access_token_ids[record.token]
        record.token = state.tokens.alnum(24)
        state.access_token_ids[record.token] = record.id
        return record

    def revoke_owner(self, owner_type: OwnerType, owner_id: int) -> None:
        state = self._store.state
        token_id = state.access_token_by_owner.pop((owner_type, owner_id), None)
        if token_id is None:
            return
        record = state.access_tokens.remove(token_id)
        if record is not None:
            state.access_token_ids.pop(record.token, None)
