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
from fakewoot.errors import ParameterMissing, Unauthorized
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


async def _listed_ids(ctx: RequestContext) -> None:
    """create/update compute `params[:user_ids] - current ids`: anything but an array is a
    NoMethodError upstream (500); here a 422 before anything changes."""
    if not isinstance((await ctx.params()).get("user_ids"), list):
        raise ParameterMissing("user_ids")


def _new_member_ids(ctx: RequestContext, inbox: Inbox, raw: list[Any]) -> list[int]:
    """Inbox#add_members: `inbox_members.create!` one row per id (in a transaction), so the first
    invalid row is the 422: an id that casts to nil (`User can't be blank, User must exist`), a user
    that does not exist in the installation (`User must exist`; any account's user is accepted, the
    answer lists the account's users only), or an id given twice (`User has already been taken`)."""
    ids: list[int] = []
    for value in raw:
        user_id = to_int(value)
        errors = v.Errors()
        if user_id is None:
            errors.add("user_id", v.MSG_BLANK)
        elif user_id in ids or user_id in inbox.members:
            errors.add("user_id", v.MSG_TAKEN)
        if user_id is None or ctx.store.users.get(user_id) is None:
            errors.add("user", v.MSG_MUST_EXIST)
        errors.raise_if_any()
        assert user_id is not None
        ids.append(user_id)
    return ids


async def show_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox = find_or_404(account.inboxes.get(to_int(ctx.path_params["inbox_id"]) or 0))
    if not ctx.store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    return _members_body(ctx, account, inbox)


async def add_members(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    inbox, raw = await _inbox_and_ids(ctx, account)
    require_administrator(member)
    await _listed_ids(ctx)
    current = set(inbox.members)
    ids = _new_member_ids(ctx, inbox, [x for x in raw if to_int(x) not in current])
    ctx.store.inboxes.set_members(inbox, [*inbox.members, *ids])
    return _members_body(ctx, account, inbox)


async def replace_members(ctx: RequestContext) -> Response:
    """update_agents_list: add the ids not yet members, then remove the members not listed."""
    account, member = account_member(ctx)
    inbox, raw = await _inbox_and_ids(ctx, account)
    require_administrator(member)
    await _listed_ids(ctx)
    current = set(inbox.members)
    ids = _new_member_ids(ctx, inbox, [x for x in raw if to_int(x) not in current])
    wanted = {to_int(x) for x in raw}
    kept = [i for i in inbox.members if i in wanted]
    ctx.store.inboxes.set_members(inbox, [*kept, *ids])
    return _members_body(ctx, account, inbox)


async def remove_members(ctx: RequestContext) -> Response:
    """Inbox#remove_members: `inbox_members.where(user_id: ids).destroy_all`; ids that match no
    member (junk, non-members) are ignored."""
    account, member = account_member(ctx)
    inbox, raw = await _inbox_and_ids(ctx, account)
    require_administrator(member)
    ids = {to_int(x) for x in raw if not isinstance(x, (dict, list))}
    if any(i in ids for i in inbox.members):
        ctx.store.inboxes.set_members(inbox, [i for i in inbox.members if i not in ids])
    return head_ok(ctx.response_headers)


B = "/api/v1/accounts/{account_id:int}/inbox_members"
routes = [
    Route("GET", B + "/{inbox_id:int}", show_members, "inbox_members.show"),
    Route("POST", B, add_members, "inbox_members.create"),
    Route("PATCH", B, replace_members, "inbox_members.update"),
    Route("DELETE", B, remove_members, "inbox_members.destroy"),
]
