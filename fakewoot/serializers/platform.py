"""Platform API shapes. Sources: app/views/platform/api/v1/models/_user.json.jbuilder,
_account.json.jbuilder, _agent_bot.json.jbuilder, users/token.json.jbuilder; account_users
render the ActiveRecord row (reference 3.4, 8; Chatwoot's platform specs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.serializers.users import user_head_json

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.accounts import Account
    from fakewoot.store.agent_bots import AgentBot
    from fakewoot.store.state import Store
    from fakewoot.store.users import User


def platform_user_json(store: Store, user: User) -> dict[str, Any]:
    active = store.account_users.active_of(user)
    body = user_head_json(store, user)
    body["name"] = user.name
    body["provider"] = user.provider
    body["pubsub_token"] = user.pubsub_token
    if user.custom_attributes:
        body["custom_attributes"] = user.custom_attributes
    body["role"] = None if active is None else active.role
    body["ui_settings"] = user.ui_settings
    body["uid"] = user.uid
    body["accounts"] = [
        {
            "id": member.account_id,
            "name": store.account(member.account_id).name,
            "active_at": iso8601(member.active_at),
            "role": member.role,
        }
        for member in store.account_users.of_user(user.id)
    ]
    return body


def platform_token_json(store: Store, user: User) -> dict[str, Any]:
    token = store.access_tokens.of("User", user.id)
    return {
        "access_token": None if token is None else token.token,
        "expiry": None,
        "user": {
            "id": user.id,
            "name": user.name,
            "display_name": user.display_name,
            "email": user.email,
            "pubsub_token": user.pubsub_token,
        },
    }


def platform_account_json(account: Account, support_email: str | None) -> dict[str, Any]:
    return {
        "id": account.id,
        "name": account.name,
        "locale": account.locale,
        "domain": account.domain,
        "support_email": support_email,
        "features": {name: True for name in account.features},
        "custom_attributes": account.custom_attributes,
        "limits": account.limits,
        "status": account.status,
    }


def account_user_row_json(store: Store, member: AccountUser) -> dict[str, Any]:
    """`render json: account_user`: the table's columns in order, with the membership's custom role
    and agent capacity policy (enterprise columns), if any."""
    return {
        "id": member.id,
        "account_id": member.account_id,
        "user_id": member.user_id,
        "role": member.role,
        "inviter_id": member.inviter_id,
        "created_at": iso8601(member.created_at),
        "updated_at": iso8601(member.updated_at),
        "active_at": iso8601(member.active_at),
        "availability": member.availability,
        "auto_offline": member.auto_offline,
        "custom_role_id": store.custom_roles.role_id_of(member),
        "agent_capacity_policy_id": store.agent_capacity_policies.policy_id_of(
            member.account_id, member.user_id
        ),
    }


def platform_agent_bot_json(bot: AgentBot, access_token: str | None) -> dict[str, Any]:
    """platform/api/v1/models/_agent_bot.json.jbuilder at v4.10. Its `outgoing_url` line renders
    `resource.name` (an upstream slip, kept: that is what the wire carries)."""
    return {
        "id": bot.id,
        "name": bot.name,
        "description": bot.description,
        "outgoing_url": bot.name,
        "account_id": bot.account_id,
        "access_token": access_token,
    }
