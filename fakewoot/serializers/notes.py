"""The note shape (app/views/api/v1/models/_note.json.jbuilder): `account_id` and `contact_id` are
always null there (the view reads them from the builder, not the record); `user` is the author as
an agent, omitted when the author is gone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.agents import agent_json

if TYPE_CHECKING:
    from fakewoot.store.notes import Note
    from fakewoot.store.state import Store


def note_json(store: Store, note: Note) -> dict[str, Any]:
    body: dict[str, Any] = {"id": note.id, "content": note.content, "account_id": None, "contact_id": None}
    user = None if note.user_id is None else store.users.get(note.user_id)
    member = None if user is None else store.account(note.account_id).members.get(user.id)
    if user is not None and member is not None:
        body["user"] = agent_json(store, user, member)
    body["created_at"] = int(note.created_at)
    body["updated_at"] = int(note.updated_at)
    return body
