"""/api/v1/accounts/:account_id/dashboard_apps: the account's dashboard apps (index, show, create,
update, destroy 204) for every member (no policy upstream). Source at v4.10:
dashboard_apps_controller.rb, app/models/dashboard_app.rb, the views."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, scalar, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.dashboard_apps import dashboard_app_json
from fakewoot.store.dashboard_apps import DashboardApp

_FRAME_KEYS = ("url", "type")


def _frame(item: Any) -> Any:
    """`content: [:url, :type]` on one element: a hash keeps its scalar url and type."""
    return permit(item, *_FRAME_KEYS) if isinstance(item, dict) else None


def _content(value: Any) -> Any:
    """permit(content: [:url, :type]): a list of hashes, or one hash; scalars and lists of scalars are
    dropped. What is left is checked by the model (anything but a non-empty list of frames fails)."""
    if isinstance(value, dict):
        return permit(value, *_FRAME_KEYS)
    if isinstance(value, list):
        return [_frame(item) for item in value if isinstance(item, dict)]
    return None


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """params.require(:dashboard_app).permit(:title, content: [:url, :type])."""
    source = await ctx.require("dashboard_app")
    values: dict[str, Any] = {}
    if "title" in source and scalar(source["title"]) is source["title"]:
        values["title"] = to_string(source["title"])
    if isinstance(source.get("content"), (dict, list)):
        values["content"] = _content(source["content"])
    return values


def _record(ctx: RequestContext, account_id: int) -> DashboardApp:
    return find_or_404(ctx.store.dashboard_apps.get(account_id, ctx.path_params["id"]))


def _respond(ctx: RequestContext, record: DashboardApp) -> Response:
    return json_response(dashboard_app_json(record), headers=ctx.response_headers)


async def list_dashboard_apps(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    rows = ctx.store.dashboard_apps.of(account.id)
    return json_response([dashboard_app_json(r) for r in rows], headers=ctx.response_headers)


async def show_dashboard_app(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, _record(ctx, account.id))


async def create_dashboard_app(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    values = await _values(ctx)
    record = ctx.store.dashboard_apps.create(
        account.id, title=values.get("title"), content=values.get("content"), user_id=member.user_id
    )
    return _respond(ctx, record)


async def update_dashboard_app(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    record = _record(ctx, account.id)
    ctx.store.dashboard_apps.update(record, await _values(ctx))
    return _respond(ctx, record)


async def delete_dashboard_app(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    ctx.store.dashboard_apps.delete(_record(ctx, account.id))
    return Response(b"", 204, ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/dashboard_apps"
routes = [
    Route("GET", _BASE, list_dashboard_apps, "dashboard_apps.index"),
    Route("POST", _BASE, create_dashboard_app, "dashboard_apps.create"),
    Route("GET", _BASE + "/{id:int}", show_dashboard_app, "dashboard_apps.show"),
    Route("PATCH", _BASE + "/{id:int}", update_dashboard_app, "dashboard_apps.update"),
    Route("PUT", _BASE + "/{id:int}", update_dashboard_app, "dashboard_apps.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_dashboard_app, "dashboard_apps.destroy"),
]
