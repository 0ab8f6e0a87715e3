"""/api/v1/accounts/:account_id/captain/custom_tools as the unlicensed standard image answers them at
v4.10 (e13e3c87): enterprise/app/controllers/api/v1/accounts/captain/custom_tools_controller.rb
(Captain::CustomToolPolicy: index and show for every member, writes for administrators; the policy
before the record; index lists the enabled tools), views/api/v1/accounts/captain/custom_tools/*.
A null `enabled` breaks the NOT NULL column upstream (a 500): a 422 here. The endpoint URL's "the
application itself" check compares with FRONTEND_URL's host (Chatwoot's default http://localhost:3000
when unset).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from fakewoot.api.captain_assistants import no_content
from fakewoot.api.captain_responses import MSG_ENABLED_NULL
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import json_scalar, permit, permit_hash, to_bool, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.captain_assistants import listing_json
from fakewoot.serializers.captain_records import custom_tool_json
from fakewoot.store.accounts import Account
from fakewoot.store.captain_custom_tools import PARAM_KEYS, STRING_FIELDS, CustomTool

DEFAULT_FRONTEND_URL = "http://localhost:3000"  # SafeEndpointValidatable: ENV.fetch('FRONTEND_URL', ...)


def _tool(ctx: RequestContext, account: Account) -> CustomTool:
    return find_or_404(ctx.store.captain_custom_tools.get(account.id, ctx.path_params["id"]))


def _frontend_host(ctx: RequestContext) -> str | None:
    return urlsplit(ctx.fake.settings.frontend_url or DEFAULT_FRONTEND_URL).hostname


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """custom_tool_params: the scalar fields, auth_config (a hash, whole), param_schema (hashes of
    name, type, description, required)."""
    raw = await ctx.require("custom_tool")
    values: dict[str, Any] = {key: to_string(value) for key, value in permit(raw, *STRING_FIELDS).items()}
    if "enabled" in permit(raw, "enabled"):
        values["enabled"] = to_bool(raw["enabled"])
        if values["enabled"] is None:
            raise CouldNotCreate(MSG_ENABLED_NULL)
    auth_config = permit_hash(raw, "auth_config")
    if auth_config is not None:
        values["auth_config"] = auth_config
    schema = raw.get("param_schema")
    if isinstance(schema, list):
        values["param_schema"] = [
            {key: json_scalar(value) for key, value in permit(item, *PARAM_KEYS).items()}
            for item in schema
            if isinstance(item, dict)
        ]
    return values


def _respond(ctx: RequestContext, tool: CustomTool, *, fresh: Collection[str] = ()) -> Response:
    return json_response(custom_tool_json(tool, fresh=fresh), headers=ctx.response_headers)


async def list_custom_tools(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    payload = [custom_tool_json(t) for t in ctx.store.captain_custom_tools.enabled(account.id)]
    return json_response(listing_json(payload), headers=ctx.response_headers)


async def show_custom_tool(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, _tool(ctx, account))


async def create_custom_tool(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx)
    tool = ctx.store.captain_custom_tools.create(account.id, values, frontend_host=_frontend_host(ctx))
    return _respond(ctx, tool, fresh=set(values))


async def update_custom_tool(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    tool = _tool(ctx, account)
    values = await _values(ctx)
    ctx.store.captain_custom_tools.update(tool, values, frontend_host=_frontend_host(ctx))
    return _respond(ctx, tool, fresh=set(values))


async def delete_custom_tool(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.captain_custom_tools.delete(_tool(ctx, account))
    return no_content(ctx)


U = "/api/v1/accounts/{account_id:int}/captain/custom_tools"
routes = [
    Route("GET", U, list_custom_tools, "captain/custom_tools.index"),
    Route("POST", U, create_custom_tool, "captain/custom_tools.create"),
    Route("GET", U + "/{id:int}", show_custom_tool, "captain/custom_tools.show"),
    Route("PATCH", U + "/{id:int}", update_custom_tool, "captain/custom_tools.update"),
    Route("PUT", U + "/{id:int}", update_custom_tool, "captain/custom_tools.update"),
    Route("DELETE", U + "/{id:int}", delete_custom_tool, "captain/custom_tools.destroy"),
]
