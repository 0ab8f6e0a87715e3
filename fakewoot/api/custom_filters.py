"""/api/v1/accounts/:account_id/custom_filters: a user's saved filters (index by `filter_type`, default
conversation; show, create, update, destroy 204). Every member, only their own filters: another
user's id is a 404. Source at v4.10: custom_filters_controller.rb, custom_filter_policy.rb (agents and
administrators), app/models/custom_filter.rb, the views."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.custom_filters import custom_filter_json
from fakewoot.store.custom_filters import CustomFilter, filter_type


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """params.require(:custom_filter).permit(:name, :filter_type, query: {})."""
    source = await ctx.require("custom_filter")
    raw = permit(source, "name", "filter_type")
    values: dict[str, Any] = {}
    if "name" in raw:
        values["name"] = to_string(raw["name"])
    if "filter_type" in raw:
        values["filter_type"] = filter_type(raw["filter_type"])
    query = permit_hash(source, "query")
    if query is not None:
        values["query"] = query
    return values


def _record(ctx: RequestContext, account_id: int, user_id: int) -> CustomFilter:
    return find_or_404(ctx.store.custom_filters.get(account_id, user_id, ctx.path_params["id"]))


def _respond(ctx: RequestContext, record: CustomFilter) -> Response:
    return json_response(custom_filter_json(record), headers=ctx.response_headers)


async def list_custom_filters(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    given = (await ctx.params()).get("filter_type")
    kind = (
        "conversation"
        if given is None
        else filter_type(given if not isinstance(given, str) else _enum(given))
    )
    rows = ctx.store.custom_filters.of_user(account.id, member.user_id, kind or "")
    return json_response([custom_filter_json(r) for r in rows], headers=ctx.response_headers)


def _enum(text: str) -> Any:
    """A query string's "1" is the enum's integer in a WHERE (serialised as the column's type)."""
    return int(text) if text.isdigit() else text


async def show_custom_filter(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    return _respond(ctx, _record(ctx, account.id, member.user_id))


async def create_custom_filter(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    values = await _values(ctx)
    record = ctx.store.custom_filters.create(
        account.id,
        member.user_id,
        name=values.get("name"),
        filter_type=values.get("filter_type", "conversation"),
        query=values.get("query"),
    )
    return _respond(ctx, record)


async def update_custom_filter(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    record = _record(ctx, account.id, member.user_id)
    ctx.store.custom_filters.update(record, await _values(ctx))
    return _respond(ctx, record)


async def delete_custom_filter(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    ctx.store.custom_filters.delete(_record(ctx, account.id, member.user_id))
    return Response(b"", 204, ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/custom_filters"
routes = [
    Route("GET", _BASE, list_custom_filters, "custom_filters.index"),
    Route("POST", _BASE, create_custom_filter, "custom_filters.create"),
    Route("GET", _BASE + "/{id:int}", show_custom_filter, "custom_filters.show"),
    Route("PATCH", _BASE + "/{id:int}", update_custom_filter, "custom_filters.update"),
    Route("PUT", _BASE + "/{id:int}", update_custom_filter, "custom_filters.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_custom_filter, "custom_filters.destroy"),
]
