"""Push data: what events carry on the socket (Contact/User#push_event_data), and the listener's
envelope (`account_id` always, `performer` when a signed-in user caused the change).
Source: ../shared/reference/realtime-actioncable.md 4 and 6.3."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601

if TYPE_CHECKING:
    from fakewoot.store.state import Store


def user_push_data(store: Store, user_id: int, account_id: int) -> dict[str, Any] | None:
    user = store.users.get(user_id)
    if user is None:
        return None
    member = store.account_users.find(account_id, user_id)
    return {
        "id": user.id,
        "name": user.name,
        "available_name": user.available_name,
        "avatar_url": user.avatar_url,
        "type": "user",
        "availability_status": None if member is None else store.presence.availability_status(member),
        "thumbnail": user.avatar_url,
    }


def envelope(
    store: Store, event: str, data: dict[str, Any], account_id: int, performer_id: int | None
) -> dict[str, Any]:
    body = {**data, "account_id": account_id}
    performer = None if performer_id is None else user_push_data(store, performer_id, account_id)
    if performer is not None:
        body["performer"] = performer
    return {"event": event, "data": body}


# message columns holding times: Rails renders them as ISO 8601 (TimeWithZone#as_json)
MESSAGE_TIME_COLUMNS = frozenset({"created_at", "updated_at"})


def previous_changes_json(changes: dict[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    """ActiveModel's previous_changes as JSON: column -> [old, new], times as ISO 8601."""
    rendered: dict[str, list[Any]] = {}
    for column, (old, new) in changes.items():
        if column in MESSAGE_TIME_COLUMNS:
            rendered[column] = [iso8601(old), iso8601(new)]
        else:
            rendered[column] = [old, new]
    return rendered
