"""Contact notes (app/models/note.rb): content written by a user about a contact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.records import dataclass

if TYPE_CHECKING:
    from fakewoot.store.state import Store


@dataclass(slots=True)
class Note:
    id: int
    account_id: int
    contact_id: int
    user_id: int | None
    content: str
    created_at: float
    updated_at: float


class Notes:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int, contact_id: int) -> list[Note]:
        """Note.latest: newest first."""
        notes = [n for n in self._store.account(account_id).notes if n.contact_id == contact_id]
        return sorted(notes, key=lambda n: (n.created_at, n.id), reverse=True)

    def create(self, *, account_id: int, contact_id: int, user_id: int | None, content: str) -> Note:
        store = self._store
        account = store.account(account_id)
        now = store.clock.now()
        note = Note(account.notes.next_id(), account_id, contact_id, user_id, content, now, now)
        account.notes.add(note)
        return note

    def update(self, note: Note, *, content: str, user_id: int | None) -> None:
        """Notes#update also re-attributes the note to the editor."""
        note.content = content
        note.user_id = user_id
        note.updated_at = self._store.clock.now()

    def delete(self, note: Note) -> None:
        self._store.account(note.account_id).notes.remove(note.id)
