"""Integration apps and hooks as v4.10 renders them: app/views/api/v1/models/_app.json.jbuilder and
_hook.json.jbuilder. Administrators also get the app's apps.yml params (every key, in the file's
order; `action` and `button` set after them), a hook's settings and reference_id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.store import integration_apps

if TYPE_CHECKING:
    from fakewoot.store.hooks import Hook
    from fakewoot.store.state import Store

SLACK_REDIRECT = "{frontend}/app/accounts/{account_id}/settings/integrations/slack"
LINEAR_REDIRECT = "{frontend}/linear/callback"


def hook_json(store: Store, hook: Hook, admin: bool) -> dict[str, Any]:
    inbox = None
    if hook.inbox_id is not None:
        account = store.state.accounts.get(hook.account_id)
        found = account.inboxes.get(hook.inbox_id) if account else None
        inbox = None if found is None else {"id": found.id, "name": found.name}
    body: dict[str, Any] = {
        "id": hook.id,
        "app_id": hook.app_id,
        "status": hook.status == 1,
        "inbox": inbox,
        "account_id": hook.account_id,
        "hook_type": hook.hook_type,
    }
    if admin:
        body["settings"] = hook.settings
        body["reference_id"] = hook.reference_id
    return body


def app_action(app: dict[str, Any], account_id: int, frontend: str) -> str | None:
    """Integrations::App#action with no client ids configured (they interpolate as empty)."""
    if app["id"] == "slack":
        redirect = SLACK_REDIRECT.format(frontend=frontend, account_id=account_id)
        return f"{app['action']}&client_id=&redirect_uri={redirect}"
    if app["id"] == "linear":
        redirect = LINEAR_REDIRECT.format(frontend=frontend)
        parts = [f"{app['action']}?response_type=code", "client_id=", f"redirect_uri={redirect}", "state="]
        return "&".join([*parts, "scope=read,write", "prompt=consent", "actor=app"])
    action: str | None = app.get("action")
    return action


def app_enabled(store: Store, account_id: int, app_id: str) -> bool:
    """Integrations::App#enabled?: webhooks and dashboard apps count the account's records."""
    account = store.account(account_id)
    if app_id == "webhook":
        return len(account.webhooks) > 0
    if app_id == "dashboard_apps":
        return len(account.dashboard_apps) > 0
    return any(hook.app_id == app_id for hook in account.hooks.values())


def app_json(
    store: Store, account_id: int, app: dict[str, Any], admin: bool, frontend: str
) -> dict[str, Any]:
    name, description, short = integration_apps.texts(app)
    body: dict[str, Any] = {
        "id": app["id"],
        "name": name,
        "description": description,
        "short_description": short,
        "enabled": app_enabled(store, account_id, app["id"]),
    }
    if admin:
        body.update(app)
        body["action"] = body["button"] = app_action(app, account_id, frontend)
    body["hooks"] = [hook_json(store, hook, admin) for hook in store.hooks.of(account_id, app["id"])]
    return body
