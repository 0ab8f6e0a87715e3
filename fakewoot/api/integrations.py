"""/api/v1/accounts/:account_id/integrations/apps (index, show) and .../integrations/hooks (create,
update, destroy, process_event) as v4.10 answers on a self-hosted install with no third-party
credentials configured.

Source at v4.10: app/controllers/api/v1/accounts/integrations/apps_controller.rb, hooks_controller.rb,
app/models/integrations/app.rb, hook.rb, app/policies/hook_policy.rb, config/integration/apps.yml,
app/views/api/v1/models/_app.json.jbuilder, _hook.json.jbuilder. Apps: every member; the index lists
the active apps (payload wrapper), show finds any app by id. Hooks: fetch_hook (404) before the policy
(writes for administrators, process_event for every member); params.require(:hook).permit(:app_id,
:inbox_id, :status, settings: {}); update takes status and settings only.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate, NotImplementedInFake
from fakewoot.serializers.integrations import app_json, hook_json
from fakewoot.store import integration_apps
from fakewoot.store.accounts import Account
from fakewoot.store.hooks import STATUSES, Hook

MSG_NO_PROCESSOR = "No processor found"  # Integrations::Hook#process_event for every app but openai
MSG_NOT_VALID_STATUS = "'{value}' is not a valid status"  # ActiveRecord::Enum's ArgumentError (a 500)
OPENAI_EVENTS = (
    "rephrase",
    "summarize",
    "reply_suggestion",
    "fix_spelling_grammar",
    "shorten",
    "expand",
    "make_friendly",
    "make_formal",
    "simplify",
    "label_suggestion",  # enterprise/lib/enterprise/integrations/openai_processor_service.rb
)


def _frontend(ctx: RequestContext) -> str:
    return ctx.fake.settings.frontend_url or ""  # ENV.fetch('FRONTEND_URL', nil) interpolated


async def list_apps(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    apps = [app for app in integration_apps.APPS if integration_apps.active(app, account.features)]
    body = [app_json(ctx.store, account.id, app, member.administrator, _frontend(ctx)) for app in apps]
    return json_response({"payload": body}, headers=ctx.response_headers)


async def show_app(ctx: RequestContext) -> Response:
    """Integrations::App.find: any app, active or not. An unknown id renders the partial with nil
    upstream (a 500): a 404 here."""
    account, member = account_member(ctx)
    app = find_or_404(integration_apps.find(ctx.path_params["id"]))
    body = app_json(ctx.store, account.id, app, member.administrator, _frontend(ctx))
    return json_response(body, headers=ctx.response_headers)


def _status(raw: Any) -> int | None:
    """The status enum: a name or its integer; anything else is Rails' ArgumentError."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) and not isinstance(raw, bool) and raw in STATUSES.values():
        return raw
    if isinstance(raw, str) and raw in STATUSES:
        return STATUSES[raw]
    raise CouldNotCreate(MSG_NOT_VALID_STATUS.format(value=to_string(raw)))


async def _values(ctx: RequestContext) -> dict[str, Any]:
    source = await ctx.require("hook")
    raw = permit(source, "app_id", "inbox_id", "status")
    values: dict[str, Any] = {}
    if "app_id" in raw:
        values["app_id"] = to_string(raw["app_id"])
    if "inbox_id" in raw:
        values["inbox_id"] = to_int(raw["inbox_id"])
    if "status" in raw:
        values["status"] = _status(raw["status"])
    settings = permit_hash(source, "settings")
    if settings is not None:
        values["settings"] = settings
    return values


def _hook(ctx: RequestContext, account: Account) -> Hook:
    return find_or_404(ctx.store.hooks.get(account.id, ctx.path_params["id"]))


async def create_hook(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx)
    hook = ctx.store.hooks.create(
        account.id,
        app_id=values.get("app_id"),
        inbox_id=values.get("inbox_id"),
        status=values.get("status", 1),
        settings=values.get("settings"),
    )
    return json_response(hook_json(ctx.store, hook, True), headers=ctx.response_headers)


async def update_hook(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    hook = _hook(ctx, account)
    require_administrator(member)
    values = await _values(ctx)
    ctx.store.hooks.update(hook, {k: v for k, v in values.items() if k in ("status", "settings")})
    return json_response(hook_json(ctx.store, hook, True), headers=ctx.response_headers)


async def delete_hook(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    hook = _hook(ctx, account)
    require_administrator(member)
    ctx.store.hooks.delete(hook)
    return head_ok(ctx.response_headers)


async def process_hook_event(ctx: RequestContext) -> Response:
    """Hook#process_event(params[:event]): only openai hooks have a processor; it answers nil (message
    null) unless the event is a hash naming one of its events, which would call OpenAI (not here)."""
    account, _ = account_member(ctx)
    hook = _hook(ctx, account)
    if hook.app_id != "openai":
        raise CouldNotCreate(MSG_NO_PROCESSOR)
    event = (await ctx.params()).get("event")
    if isinstance(event, dict) and event.get("name") in OPENAI_EVENTS:
        raise NotImplementedInFake(
            "POST /api/v1/accounts/:account_id/integrations/hooks/:id/process_event (OpenAI)"
        )
    return json_response({"message": None}, headers=ctx.response_headers)


_APPS = "/api/v1/accounts/{account_id:int}/integrations/apps"
_HOOKS = "/api/v1/accounts/{account_id:int}/integrations/hooks"
routes = [
    Route("GET", _APPS, list_apps, "integrations/apps.index"),
    Route("GET", _APPS + "/{id}", show_app, "integrations/apps.show"),
    Route("POST", _HOOKS, create_hook, "integrations/hooks.create"),
    Route("PATCH", _HOOKS + "/{id:int}", update_hook, "integrations/hooks.update"),
    Route("PUT", _HOOKS + "/{id:int}", update_hook, "integrations/hooks.update"),
    Route("DELETE", _HOOKS + "/{id:int}", delete_hook, "integrations/hooks.destroy"),
    Route("POST", _HOOKS + "/{id:int}/process_event", process_hook_event, "integrations/hooks.process_event"),
]
