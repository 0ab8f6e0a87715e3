"""Conversation draft messages: Chatwoot keeps one per conversation in Redis
(`Redis::Alfred::CONVERSATION_DRAFT_MESSAGE`), outside the database: no events, no timestamps, and
deleting the conversation leaves the key. Here they live on State, so reset and snapshots cover them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fakewoot.store.state import Store


class Drafts:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, conversation_id: int) -> str | None:
        return self._store.state.drafts.get(conversation_id)

    def set(self, conversation_id: int, text: str) -> None:
        self._store.state.drafts[conversation_id] = text

    def delete(self, conversation_id: int) -> None:
        self._store.state.drafts.pop(conversation_id, None)
