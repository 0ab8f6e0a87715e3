"""Account shapes. Sources: app/views/api/v1/models/_account.json.jbuilder,
app/views/api/v1/accounts/show.json.jbuilder; reference section 3.3, 4.2, 4.5."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers._common import iso8601
from fakewoot.store.accounts import CACHE_KEY_NAMES

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account

# Optional custom attributes the partial emits only when present, in its order.
_OPTIONAL_CUSTOM_ATTRIBUTES = (
    "industry",
    "company_size",
    "timezone",
    "logo",
    "onboarding_step",
    "marked_for_deletion_at",
    "marked_for_deletion_reason",
)
NEVER_CACHED = "0000000000"


def cache_keys_json(account: Account) -> dict[str, str]:
    """Epoch seconds as strings; "0000000000" for a key never set (CacheKeysHelper)."""
    return {
        name: str(account.cache_keys[name]) if name in account.cache_keys else NEVER_CACHED
        for name in CACHE_KEY_NAMES
    }


def account_json(account: Account, mailer_sender: str | None = None) -> dict[str, Any]:
    """`support_email` falls back to MAILER_SENDER_EMAIL when unset (Account#support_email)."""
    body: dict[str, Any] = {"settings": account.settings, "created_at": iso8601(account.created_at)}
    attrs = account.custom_attributes
    if attrs:
        custom: dict[str, Any] = {
            "plan_name": attrs.get("plan_name"),
            "subscribed_quantity": attrs.get("subscribed_quantity"),
            "subscription_status": attrs.get("subscription_status"),
            "subscription_ends_on": attrs.get("subscription_ends_on"),
        }
        for key in _OPTIONAL_CUSTOM_ATTRIBUTES:
            if attrs.get(key) not in (None, "", [], {}):
                custom[key] = attrs[key]
        body["custom_attributes"] = custom
    body.update(
        {
            "domain": account.domain,
            "features": {name: True for name in account.features},
            "id": account.id,
            "locale": account.locale,
            "name": account.name,
            "support_email": account.support_email or mailer_sender,
            "status": account.status,
            "cache_keys": cache_keys_json(account),
        }
    )
    return body


def account_show_json(
    account: Account, latest_chatwoot_version: str | None, mailer_sender: str | None = None
) -> dict[str, Any]:
    body = account_json(account, mailer_sender)
    body["latest_chatwoot_version"] = latest_chatwoot_version
    # enterprise accounts partial (standard image): the CHATWOOT_CLOUD_PLAN_FEATURES installation config
    # is unset on a self-hosted install, so no subscribed features
    body["subscribed_features"] = []
    return body
