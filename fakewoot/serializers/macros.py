"""A macro as app/views/api/v1/models/_macro.json.jbuilder renders it at v4.10: created_by and
updated_by (the agent partial) only while those users exist, `files` only when some are attached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.agents import agent_json

if TYPE_CHECKING:
    from fakewoot.store.macros import Macro
    from fakewoot.store.state import Store


def _agent(store: Store, account_id: int, user_id: int | None) -> dict[str, Any] | None:
    if user_id is None:
        return None
    user = store.users.get(user_id)
    member = store.account(account_id).members.get(user_id)
    if user is None or member is None:
        return None
    return agent_json(store, user, member)


def macro_json(store: Store, macro: Macro) -> dict[str, Any]:
    body: dict[str, Any] = {"id": macro.id, "name": macro.name, "visibility": macro.visibility}
    created_by = _agent(store, macro.account_id, macro.created_by_id)
    if created_by is not None:
        body["created_by"] = created_by
    updated_by = _agent(store, macro.account_id, macro.updated_by_id)
    if updated_by is not None:
        body["updated_by"] = updated_by
    body["account_id"] = macro.account_id
    body["actions"] = macro.actions
    if macro.files:
        body["files"] = macro.files
    return body
