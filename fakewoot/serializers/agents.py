"""The agent shape: a user as a member of one account.
Source: app/views/api/v1/models/_agent.json.jbuilder (reference 3.2). `active` (one stored version
only) is not emitted. `custom_role_id` closes the shape as the standard image renders it
(`ChatwootApp.enterprise?`): always null, since an unlicensed install has no custom roles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.state import Store
    from fakewoot.store.users import User


def agent_json(store: Store, user: User, member: AccountUser) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": user.id,
        "account_id": member.account_id,
        "availability_status": store.presence.availability_status(member),
        "auto_offline": member.auto_offline,
        "confirmed": user.confirmed,
        "email": user.email,
        "provider": user.provider,
        "available_name": user.available_name,
    }
    if user.custom_attributes:
        body["custom_attributes"] = user.custom_attributes
    body["name"] = user.name
    body["role"] = member.role
    body["thumbnail"] = user.avatar_url
    body["custom_role_id"] = None
    return body
