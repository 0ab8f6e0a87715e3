"""/api/v1/accounts/:account_id/inbox_members: show (GET /:inbox_id), create (adds), update (replaces),
destroy (removes). Source: app/controllers/api/v1/accounts/inbox_members_controller.rb and its spec."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import to_int
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import NotFound, Unauthorized
from fakewoot.serializers.agents import agent_json
from fakewoot.store import validation as v
from fakewoot.store.accounts import Account
from fakewoot.store.inboxes import Inbox


def _members_body(ctx: RequestContext, account: Account, inbox: Inbox) -> Response:
    payload = []
    for user_id in inbox.members:
        user, member = ctx.store.users.get(user_id), account.members.get(user_id)
        if user is not None and member is not None:
            payload.append(agent_json(ctx.store, user, member))
    return json_response({"payload": payload}, headers=ctx.response_headers)


async def _inbox_and_ids(ctx: RequestContext, account: Account) -> tuple[Inbox, list[Any]]:
    params = await ctx.params()
    inbox = find_or_404(account.inboxes.get(to_int(params.get("inbox_id")) or 0))
    raw = params.get("user_ids")
    return inbox, raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])


def _valid_ids(account: Account, raw: list[Any]) -> list[int]:
    """Every id must be a user of the account: else 422 `User must exist` (the inbox_member's belongs_to)."""
    ids = [to_int(x) for x in raw]
    if any(i is None or i not in account.members for i in ids):
        v.invalid("user", v.MSG_MUST_EXIST)
    return [i for i in ids if i is not None]


async def show_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = find_or_404(account.inboxes.get(to_int(ctx.path_params["inbox_id"]) or 0))
    if not ctx.store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    return _members_body(ctx, account, inbox)


async def add_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    inbox, raw = await _inbox_and_ids(ctx, account)
    ids = _valid_ids(account, raw)
    ctx.store.inboxes.set_members(inbox, [*inbox.members, *[i for i in ids if i not in inbox.members]])
    return _members_body(ctx, account, inbox)


async def replace_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    inbox, raw = await _inbox_and_ids(ctx, account)
    ctx.store.inboxes.set_members(inbox, list(dict.fromkeys(_valid_ids(account, raw))))
    return _members_body(ctx, account, inbox)


async def remove_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    inbox, raw = await _inbox_and_ids(ctx, account)
    ids = [to_int(x) for x in raw]
    if any(i is None or i not in inbox.members for i in ids):
        raise NotFound()
    ctx.store.inboxes.set_members(inbox, [i for i in inbox.members if i not in ids])
    return head_ok(ctx.response_headers)


B = "/api/v1/accounts/{account_id:int}/inbox_members"
routes = [
    Route("GET", B + "/{inbox_id:int}", show_members, "inbox_members.show"),
    Route("POST", B, add_members, "inbox_members.create"),
    Route("PATCH", B, replace_members, "inbox_members.update"),
    Route("DELETE", B, remove_members, "inbox_members.destroy"),
]
