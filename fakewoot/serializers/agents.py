"""The agent shape: a user as a member of one account.
Source: app/views/api/v1/models/_agent.json.jbuilder (reference 3.2). `active` (one stored version
only) is not emitted. `custom_role_id` closes the shape as the standard image renders it
(`ChatwootApp.enterprise?`): the membership's custom role id (fakewoot/store/custom_roles.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.state import Store
    from fakewoot.store.users import User


def agent_json(store: Store, user: User, member: AccountUser) -> dict[str, Any]:
    return _agent(store, user, member.account_id, member)


def agent_of(store: Store, account_id: int, user_id: int) -> dict[str, Any] | None:
    """The agent partial of a user by id (None for no such user); a user no longer in the account
    renders with nil membership fields (availability_status, auto_offline, role)."""
    user = store.state.users.get(user_id)
    if user is None:
        return None
    return _agent(store, user, account_id, store.account(account_id).members.get(user_id))


def _agent(store: Store, user: User, account_id: int, member: AccountUser | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": user.id,
        "account_id": account_id,
        "availability_status": None if member is None else store.presence.availability_status(member),
        "auto_offline": None if member is None else member.auto_offline,
        "confirmed": user.confirmed,
        "email": user.email,
        "provider": user.provider,
        "available_name": user.available_name,
    }
    if user.custom_attributes:
        body["custom_attributes"] = user.custom_attributes
    body["name"] = user.name
    body["role"] = None if member is None else member.role
    body["thumbnail"] = user.avatar_url
    body["custom_role_id"] = None if member is None else store.custom_roles.role_id_of(member)
    return body
