"""Expected JSON shapes, key by key with types, and where each comes from.

User object: ../shared/reference/accounts-auth-profile-agents-platform.md 3.1,
  chatwoot app/views/api/v1/models/_user.json.jbuilder.
Account object: reference 3.3 and 4.2, app/views/api/v1/models/_account.json.jbuilder,
  app/views/api/v1/accounts/show.json.jbuilder.
Signup body: reference 4.1, app/views/api/v1/accounts/create.json.jbuilder.
"""

from __future__ import annotations

import re
from typing import Any

NoneType = type(None)
ISO8601 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

USER_KEYS: dict[str, Any] = {
    "access_token": str,
    "account_id": (int, NoneType),
    "available_name": str,
    "avatar_url": str,
    "confirmed": bool,
    "display_name": (str, NoneType),
    "message_signature": (str, NoneType),
    "email": str,
    "id": int,
    "inviter_id": (int, NoneType),
    "name": str,
    "provider": str,
    "pubsub_token": str,
    "role": (str, NoneType),
    "ui_settings": dict,
    "uid": str,
    "type": (str, NoneType),
    "accounts": list,
}
USER_ORDER = [
    "access_token",
    "account_id",
    "available_name",
    "avatar_url",
    "confirmed",
    "display_name",
    "message_signature",
    "email",
    "id",
    "inviter_id",
    "name",
    "provider",
    "pubsub_token",
    "role",
    "ui_settings",
    "uid",
    "type",
    "accounts",
]
USER_ACCOUNT_KEYS: dict[str, Any] = {
    "id": int,
    "name": str,
    "status": str,
    "active_at": (str, NoneType),
    "role": str,
    "permissions": list,
    "availability": str,
    "availability_status": str,
    "auto_offline": bool,
    "custom_role_id": (int, NoneType),  # the standard image's enterprise account_user partial
    "custom_role": (dict, NoneType),
}
ACCOUNT_KEYS: dict[str, Any] = {
    "settings": dict,
    "created_at": str,
    "domain": (str, NoneType),
    "features": dict,
    "id": int,
    "locale": str,
    "name": str,
    "support_email": (str, NoneType),
    "status": str,
    "cache_keys": dict,
}
ACCOUNT_SHOW_KEYS: dict[str, Any] = {
    **ACCOUNT_KEYS,
    "latest_chatwoot_version": (str, NoneType),
    "subscribed_features": list,  # the standard image's enterprise accounts partial
}
CACHE_KEYS = {"label": str, "inbox": str, "team": str}
SIGNUP_KEYS: dict[str, Any] = {
    "id": int,
    "provider": str,
    "uid": str,
    "name": str,
    "display_name": (str, NoneType),
    "email": str,
    "account_id": int,
    "created_at": str,
    "pubsub_token": str,
    "role": str,
    "inviter_id": (int, NoneType),
    "confirmed": bool,
    "avatar_url": str,
    "access_token": str,
    "accounts": list,
}
SIGNUP_ACCOUNT_KEYS = {"id": int, "name": str, "active_at": (str, NoneType), "role": str, "locale": str}
DTA_HEADERS = ("access-token", "token-type", "client", "expiry", "uid", "authorization")
# Contact#webhook_data, in its order (a webhook's sender/contact; no `type` key, unlike a user's)
CONTACT_WEBHOOK_KEYS = [
    "account",
    "additional_attributes",
    "avatar",
    "custom_attributes",
    "email",
    "id",
    "identifier",
    "name",
    "phone_number",
    "thumbnail",
    "blocked",
]


def assert_shape(body: Any, keys: dict[str, Any], optional: dict[str, Any] | None = None) -> None:
    """The exact key set (optional keys may appear) and each value's type."""
    assert isinstance(body, dict), body
    optional = optional or {}
    missing = set(keys) - set(body)
    extra = set(body) - set(keys) - set(optional)
    assert not missing and not extra, f"missing {sorted(missing)}, unexpected {sorted(extra)}"
    for key, value in body.items():
        kind = keys.get(key, optional.get(key))
        assert isinstance(value, kind), f"{key}: {value!r} is not {kind}"
        if kind is bool or kind == (bool,):
            continue
        if isinstance(value, bool):
            assert kind is bool or (isinstance(kind, tuple) and bool in kind), f"{key}: bool where {kind}"


def assert_user(body: Any) -> None:
    assert_shape(body, USER_KEYS, optional={"custom_attributes": dict})
    assert [k for k in body if k != "custom_attributes"] == USER_ORDER
    for account in body["accounts"]:
        assert_shape(account, USER_ACCOUNT_KEYS)
        assert account["permissions"] == [account["role"]]
        if account["active_at"] is not None:
            assert ISO8601.match(account["active_at"])


def assert_account(body: Any, show: bool = True) -> None:
    assert_shape(body, ACCOUNT_SHOW_KEYS if show else ACCOUNT_KEYS, optional={"custom_attributes": dict})
    assert ISO8601.match(body["created_at"])
    assert all(value is True for value in body["features"].values())
    assert_shape(body["cache_keys"], CACHE_KEYS)
