"""/platform/api/v1/accounts/:account_id/account_users: index, create (upsert by user_id), destroy.

Source: app/controllers/platform/api/v1/account_users_controller.rb and its spec. No jbuilder:
the rows are rendered as ActiveRecord JSON.
"""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, to_int, to_string
from fakewoot.api.platform.guards import permissible
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_platform
from fakewoot.serializers.platform import account_user_row_json
from fakewoot.store import validation as v
from fakewoot.store.account_users import ROLES
from fakewoot.store.accounts import Account


def _account(ctx: RequestContext) -> Account:
    app = authenticate_platform(ctx)
    return permissible(ctx, app, "Account", ctx.store.accounts.get(ctx.path_params["account_id"] or 0))


async def list_account_users(ctx: RequestContext) -> Response:
    account = _account(ctx)
    members = sorted(account.members.values(), key=lambda member: member.id)
    return json_response([account_user_row_json(ctx.store, m) for m in members])


async def create_account_user(ctx: RequestContext) -> Response:
    account = _account(ctx)
    params = permit(await ctx.params(), "user_id", "role")
    user_id = to_int(params.get("user_id"))
    role = to_string(params.get("role"))
    store = ctx.store
    errors = v.Errors()
    user = None if user_id is None else store.users.get(user_id)
    if user is None:
        errors.add("user", v.MSG_MUST_EXIST)
    if role is not None and role not in ROLES:
        errors.add("role", v.MSG_INCLUSION)
    errors.raise_if_any()
    assert user is not None
    member = account.members.get(user.id)
    if member is None:
        member = store.account_users.add(account_id=account.id, user_id=user.id, role=role or "agent")  # type: ignore[arg-type]
    else:
        store.account_users.update(member, role=role)
    return json_response(account_user_row_json(store, member))


async def delete_account_user(ctx: RequestContext) -> Response:
    account = _account(ctx)
    user_id = to_int((await ctx.params()).get("user_id"))
    member = None if user_id is None else account.members.get(user_id)
    if member is not None:
        ctx.store.account_users.remove(member)
    return head_ok()


routes = [
    Route(
        "GET",
        "/platform/api/v1/accounts/{account_id:int}/account_users",
        list_account_users,
        "platform/api/v1/account_users.index",
    ),
    Route(
        "POST",
        "/platform/api/v1/accounts/{account_id:int}/account_users",
        create_account_user,
        "platform/api/v1/account_users.create",
    ),
    Route(
        "DELETE",
        "/platform/api/v1/accounts/{account_id:int}/account_users",
        delete_account_user,
        "platform/api/v1/account_users.destroy",
    ),
]
