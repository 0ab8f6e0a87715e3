"""User shapes. Sources: app/views/api/v1/models/_user.json.jbuilder (user_json),
app/views/api/v1/accounts/create.json.jbuilder (signup_json); reference section 3.1 and 4.1."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.custom_roles import custom_role_summary

if TYPE_CHECKING:
    from fakewoot.store.state import Store
    from fakewoot.store.users import User


def _access_token(store: Store, user: User) -> str | None:
    token = store.access_tokens.of("User", user.id)
    return None if token is None else token.token


def user_head_json(store: Store, user: User) -> dict[str, Any]:
    """The keys both user partials (api/v1 and platform) open with, in their order."""
    active = store.account_users.active_of(user)
    return {
        "access_token": _access_token(store, user),
        "account_id": None if active is None else active.account_id,
        "available_name": user.available_name,
        "avatar_url": user.avatar_url,
        "confirmed": user.confirmed,
        "display_name": user.display_name,
        "message_signature": user.message_signature,
        "email": user.email,
        "id": user.id,
    }


def user_json(store: Store, user: User) -> dict[str, Any]:
    """The profile / sign-in / validate_token user object, keys in the jbuilder's order."""
    active = store.account_users.active_of(user)
    body = user_head_json(store, user)
    body["inviter_id"] = None if active is None else active.inviter_id
    body["name"] = user.name
    body["provider"] = user.provider
    body["pubsub_token"] = user.pubsub_token
    if user.custom_attributes:
        body["custom_attributes"] = user.custom_attributes
    body["role"] = None if active is None else active.role
    body["ui_settings"] = user.ui_settings
    body["uid"] = user.uid
    body["type"] = user.type
    accounts = []
    for member in store.account_users.of_user(user.id):
        account = store.account(member.account_id)
        accounts.append(
            {
                "id": account.id,
                "name": account.name,
                "status": account.status,
                "active_at": iso8601(member.active_at),
                "role": member.role,
                "permissions": store.custom_roles.permissions_of(member),
                "availability": member.availability,
                "availability_status": store.presence.availability_status(member),
                "auto_offline": member.auto_offline,
                # enterprise/app/views/api/v1/models/_account_user
                "custom_role_id": store.custom_roles.role_id_of(member),
                "custom_role": custom_role_summary(store.custom_roles.role_of(member)),
            }
        )
    body["accounts"] = accounts
    return body


def signup_json(store: Store, user: User, account_id: int) -> dict[str, Any]:
    """POST /api/v1/accounts: `{"data": {...}}` of the new (or calling) user and its accounts."""
    member = store.account_users.active_of(user)  # role and inviter come from the active membership
    accounts = []
    for membership in store.account_users.of_user(user.id):
        account = store.account(membership.account_id)
        accounts.append(
            {
                "id": account.id,
                "name": account.name,
                "active_at": iso8601(membership.active_at),
                "role": membership.role,
                "locale": account.locale,
            }
        )
    return {
        "data": {
            "id": user.id,
            "provider": user.provider,
            "uid": user.uid,
            "name": user.name,
            "display_name": user.display_name,
            "email": user.email,
            "account_id": account_id,
            "created_at": iso8601(user.created_at),
            "pubsub_token": user.pubsub_token,
            "role": None if member is None else member.role,
            "inviter_id": None if member is None else member.inviter_id,
            "confirmed": user.confirmed,
            "avatar_url": user.avatar_url,
            "access_token": _access_token(store, user),
            "accounts": accounts,
        }
    }
