"""/platform/api/v1/accounts: index, create, show, update, delete.

Source: app/controllers/platform/api/v1/accounts_controller.rb and its spec; the partial
app/views/platform/api/v1/models/_account.json.jbuilder. `limits` and `custom_attributes` are
replaced on update; `features` `{name: bool}` enables or disables flags.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, permit_hash, to_string
from fakewoot.api.platform.guards import permissible
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_platform
from fakewoot.serializers.platform import platform_account_json
from fakewoot.store import validation as v
from fakewoot.store.accounts import Account
from fakewoot.store.locales import LOCALES

STATUSES = ("active", "suspended")
DOMAIN_MAX = 100


def _json(ctx: RequestContext, account: Account) -> dict[str, Any]:
    return platform_account_json(account, account.support_email or ctx.fake.settings.mailer_sender_email)


def _account(ctx: RequestContext) -> Account:
    app = authenticate_platform(ctx)
    return permissible(ctx, app, "Account", ctx.store.accounts.get(ctx.path_params["id"] or 0))


def _changes(params: dict[str, Any], creating: bool) -> tuple[dict[str, Any], dict[str, bool]]:
    columns: dict[str, Any] = {
        key: to_string(value)
        for key, value in permit(params, "name", "locale", "domain", "support_email", "status").items()
    }
    for key in ("limits", "custom_attributes"):
        value = permit_hash(params, key)
        if value is not None:
            columns[key] = value
    # update_resource_features: `value.present?` enables (so "false" and 0 do), blank disables
    features = {str(name): v.present(flag) for name, flag in (permit_hash(params, "features") or {}).items()}
    errors = v.Errors()
    if creating or "name" in columns:
        v.check_name(errors, columns.get("name"))
    if "locale" in columns and columns["locale"] not in LOCALES:
        errors.add("locale", v.MSG_INCLUSION)
    if "status" in columns and columns["status"] not in STATUSES:
        errors.add("status", v.MSG_INCLUSION)
    if columns.get("domain") is not None and len(columns["domain"]) > DOMAIN_MAX:
        errors.add("domain", v.MSG_TOO_LONG, count=DOMAIN_MAX)
    errors.raise_if_any()
    return columns, features


async def list_accounts(ctx: RequestContext) -> Response:
    app = authenticate_platform(ctx)
    ids = [record_id for kind, record_id in app.permissibles if kind == "Account"]
    accounts = [ctx.store.accounts.get(account_id) for account_id in sorted(ids)]
    return json_response([_json(ctx, account) for account in accounts if account is not None])


async def create_account(ctx: RequestContext) -> Response:
    app = authenticate_platform(ctx)
    columns, features = _changes(await ctx.params(), creating=True)
    store = ctx.store
    account = store.accounts.create(name=columns.pop("name"), locale=columns.pop("locale", None) or "en")
    store.accounts.assign(account, columns)
    store.accounts.set_features(account, features)
    store.platform_apps.permit(app, "Account", account.id)
    return json_response(_json(ctx, account))


async def show_account(ctx: RequestContext) -> Response:
    return json_response(_json(ctx, _account(ctx)))


async def update_account(ctx: RequestContext) -> Response:
    account = _account(ctx)
    columns, features = _changes(await ctx.params(), creating=False)
    ctx.store.accounts.assign(account, columns)
    ctx.store.accounts.set_features(account, features)
    return json_response(_json(ctx, account))


async def delete_account(ctx: RequestContext) -> Response:
    account = _account(ctx)
    ctx.store.accounts.delete(account)
    return head_ok()


routes = [
    Route("GET", "/platform/api/v1/accounts", list_accounts, "platform/api/v1/accounts.index"),
    Route("POST", "/platform/api/v1/accounts", create_account, "platform/api/v1/accounts.create"),
    Route("GET", "/platform/api/v1/accounts/{id:int}", show_account, "platform/api/v1/accounts.show"),
    Route("PUT", "/platform/api/v1/accounts/{id:int}", update_account, "platform/api/v1/accounts.update"),
    Route("PATCH", "/platform/api/v1/accounts/{id:int}", update_account, "platform/api/v1/accounts.update"),
    Route("DELETE", "/platform/api/v1/accounts/{id:int}", delete_account, "platform/api/v1/accounts.destroy"),
]
