"""Integration hooks (app/models/integrations/hook.rb at v4.10): an account's connection to an
integration app (config/integration/apps.yml, fakewoot/store/integration_apps.py).

hook_type comes from the app (before_validation; `account` for an unknown app id) and, with app_id,
account_id and inbox_id, is read-only after create. Validations in Chatwoot's order: app_id presence,
inbox_id presence for inbox hooks, settings against the app's settings_json_schema, the app's
feature_flag on the account, app_id unique per account unless the app allows several hooks. status
is the enum disabled 0 / enabled 1 (default enabled); settings a JSON object (default {}).
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store import integration_apps
from fakewoot.store.validation import MSG_BLANK, MSG_TAKEN, Errors, blank

if TYPE_CHECKING:
    from fakewoot.store.state import Store

MSG_INVALID_SETTINGS = "Settings : Invalid settings data"  # errors.add(:settings, ': Invalid settings data')
MSG_FEATURE_NOT_ENABLED = (
    "Feature flag Feature not enabled"  # errors.add(:feature_flag, 'Feature not enabled')
)
STATUSES = {"disabled": 0, "enabled": 1}
HOOK_TYPES = ("account", "inbox")


@dataclass(slots=True)
class Hook:
    id: int
    account_id: int
    app_id: str
    created_at: float
    updated_at: float
    hook_type: str = "account"
    status: int | None = 1
    inbox_id: int | None = None
    settings: Any = field(default_factory=dict)
    reference_id: str | None = None
    access_token: str | None = None


def _type_ok(kind: str, value: Any) -> bool:
    """JSON Schema's primitive types (json_schemer: an integral float is an integer)."""
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "integer":
        return not isinstance(value, bool) and (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        )
    return True


def schema_valid(schema: dict[str, Any], value: Any) -> bool:
    """The subset of JSON Schema apps.yml uses: an object, typed properties, required keys, no others."""
    if not isinstance(value, dict):
        return False
    properties: dict[str, Any] = schema.get("properties", {})
    if any(key not in value for key in schema.get("required", [])):
        return False
    for key, item in value.items():
        if key not in properties:
            if schema.get("additionalProperties") is False:
                return False
            continue
        if not _type_ok(properties[key].get("type", ""), item):
            return False
    return True


class Hooks:
    def __init__(self, store: Store) -> None:
        self._store = store

    def of(self, account_id: int, app_id: str | None = None) -> list[Hook]:
        hooks = sorted(self._store.account(account_id).hooks.values(), key=lambda h: h.id)
        return hooks if app_id is None else [hook for hook in hooks if hook.app_id == app_id]

    def get(self, account_id: int, hook_id: int) -> Hook | None:
        return self._store.account(account_id).hooks.get(hook_id)

    def _validate(self, hook: Hook, own_id: int) -> None:
        app = integration_apps.find(hook.app_id)
        errors = Errors()
        if blank(hook.app_id):
            errors.pairs.append(("app_id", MSG_BLANK.format(attr="App")))
        if hook.hook_type == "inbox" and hook.inbox_id is None:
            errors.pairs.append(("inbox_id", MSG_BLANK.format(attr="Inbox")))
        schema = app.get("settings_json_schema") if app else None
        if schema and not schema_valid(schema, hook.settings):
            errors.pairs.append(("settings", MSG_INVALID_SETTINGS))
        flag = app.get("feature_flag") if app else None
        if flag and flag not in self._store.account(hook.account_id).features:
            errors.pairs.append(("feature_flag", MSG_FEATURE_NOT_ENABLED))
        if not (app and app.get("allow_multiple_hooks")) and any(
            other.app_id == hook.app_id and other.id != own_id for other in self.of(hook.account_id)
        ):
            errors.pairs.append(("app_id", MSG_TAKEN.format(attr="App")))
        errors.raise_if_any()

    def create(
        self,
        account_id: int,
        *,
        app_id: str | None,
        inbox_id: int | None = None,
        status: int | None = 1,
        settings: Any = None,
        reference_id: str | None = None,
        hook_id: int | None = None,
        created_at: float | None = None,
    ) -> Hook:
        store = self._store
        account = store.account(account_id)
        app = integration_apps.find(app_id)
        now = store.clock.now() if created_at is None else created_at
        hook = Hook(
            id=0,
            account_id=account_id,
            app_id=app_id or "",
            created_at=now,
            updated_at=now,
            hook_type=app["hook_type"] if app else "account",
            status=status,
            inbox_id=inbox_id,
            settings={} if settings is None else settings,
            reference_id=reference_id,
        )
        self._validate(hook, 0)
        hook.id = account.hooks.next_id() if hook_id is None else hook_id
        hook.access_token = store.secure_token()  # has_secure_token (never rendered)
        account.hooks.add(hook)
        return hook

    def update(self, hook: Hook, changes: dict[str, Any]) -> None:
        """update!(status, settings): validated as a whole; nothing changes on a refusal."""
        candidate = Hook(**{name: getattr(hook, name) for name in Hook.__slots__})
        for key in ("status", "settings"):
            if key in changes:
                setattr(candidate, key, changes[key])
        self._validate(candidate, hook.id)
        if (candidate.status, candidate.settings) != (hook.status, hook.settings):
            hook.status, hook.settings = candidate.status, candidate.settings
            hook.updated_at = self._store.clock.now()

    def delete(self, hook: Hook) -> None:
        self._store.account(hook.account_id).hooks.remove(hook.id)
