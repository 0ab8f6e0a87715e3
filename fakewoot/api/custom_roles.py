"""Custom roles (enterprise/app/controllers/api/v1/accounts/custom_roles_controller.rb at e13e3c87).

No licence or feature gate: an unlicensed install creates and serves them. CustomRolePolicy: every
action administrators only. show/update/destroy find_by(id) before the policy, then use nil (500s
upstream, 404s here). index is a bare array; show, create and update the unwrapped partial.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, scalar, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.api.wrapping import require_wrapped
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.custom_roles import custom_role_json
from fakewoot.store import ranges
from fakewoot.store.accounts import Account
from fakewoot.store.custom_roles import CUSTOM_ROLE_ATTRIBUTES, CustomRole
from fakewoot.store.validation import Errors


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """permit(:name, :description, permissions: []): strings; permissions only as an array of
    scalars (anything else dropped), each cast to text as the text[] column does."""
    raw = await require_wrapped(ctx, "custom_role", CUSTOM_ROLE_ATTRIBUTES)
    named = permit(raw, "name", "description")
    values: dict[str, Any] = {key: to_string(value) for key, value in named.items()}
    permissions = raw.get("permissions")
    if isinstance(permissions, list) and all(scalar(item) is item for item in permissions):
        values["permissions"] = [to_string(item) for item in permissions]
    return values


async def _role(ctx: RequestContext) -> tuple[Account, CustomRole | None]:
    account, member = account_member(ctx)
    role = ctx.store.custom_roles.get(account.id, ctx.path_params["id"])
    require_administrator(member)
    return account, role


def _respond(ctx: RequestContext, role: CustomRole) -> Response:
    return json_response(custom_role_json(role), headers=ctx.response_headers)


async def list_custom_roles(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    roles = [custom_role_json(r) for r in ctx.store.custom_roles.of(account.id)]
    return json_response(roles, headers=ctx.response_headers)


async def show_custom_role(ctx: RequestContext) -> Response:
    _, role = await _role(ctx)
    return _respond(ctx, find_or_404(role))


async def create_custom_role(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    role = ctx.store.custom_roles.create(account.id, await _values(ctx))
    return _respond(ctx, role)


async def update_custom_role(ctx: RequestContext) -> Response:
    _, role = await _role(ctx)
    values = await _values(ctx)  # permitted_params is evaluated before update! is sent to nil
    role = find_or_404(role)
    ctx.store.custom_roles.update(role, values)
    return _respond(ctx, role)


async def delete_custom_role(ctx: RequestContext) -> Response:
    _, role = await _role(ctx)
    ctx.store.custom_roles.delete(find_or_404(role))
    return head_ok(ctx.response_headers)


A = "/api/v1/accounts/{account_id:int}/custom_roles"
routes = [
    Route("GET", A, list_custom_roles, "custom_roles.index"),
    Route("POST", A, create_custom_role, "custom_roles.create"),
    Route("GET", A + "/{id:int}", show_custom_role, "custom_roles.show"),
    Route("PATCH", A + "/{id:int}", update_custom_role, "custom_roles.update"),
    Route("PUT", A + "/{id:int}", update_custom_role, "custom_roles.update"),
    Route("DELETE", A + "/{id:int}", delete_custom_role, "custom_roles.destroy"),
]


async def requested_role_id(ctx: RequestContext) -> int | None:
    """`params[:custom_role_id]` as the bigint column casts it, for the enterprise agents controller's
    `update!(custom_role_id: ...)`; a value past a bigint (a 500 upstream, after the agent was
    written) is refused first here with a 422."""
    raw = (await ctx.params()).get("custom_role_id")
    role_id = to_int(raw)
    if role_id is None and isinstance(raw, str) and raw.strip():
        role_id = 0  # ActiveModel's Integer: a present string is String#to_i ("abc" is 0)
    errors = Errors()
    ranges.check_int(errors, "custom_role_id", role_id, bigint=True)
    errors.raise_if_any()
    return role_id
