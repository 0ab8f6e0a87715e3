"""/api/v1/accounts/:account_id/agent_bots: index and show (agents and administrators), create, update,
destroy, DELETE .../avatar, POST .../reset_access_token, POST .../reset_secret (administrators).

Source: app/controllers/api/v1/accounts/agent_bots_controller.rb, app/policies/agent_bot_policy.rb,
app/models/agent_bot.rb, app/views/api/v1/accounts/agent_bots/*.json.jbuilder (reference
webhooks-bots.md 4.1, 4.2; `reset_secret` is newest upstream). The policy runs before the bot is
fetched. index lists AgentBot.accessible_to (the account's bots and the system bots) and show finds
among them; every write finds among the account's own bots only (404 for a system bot or another
account's). Parameters are top-level, never wrapped.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.api.attachments import avatar_url, purge_attached
from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.agent_bots import agent_bot_json
from fakewoot.store import validation as v
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.agent_bots import BOT_TYPES, AgentBot

_TEXT = ("name", "description", "outgoing_url")


def _bot_type(value: Any) -> str | None:
    """The enum cast: a name or its integer value; blank is nil; anything else is Rails' enum
    ArgumentError (a 500 upstream), answered as a validation error here."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in BOT_TYPES:
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for index, name in enumerate(BOT_TYPES):
            if value == index:
                return name
    errors = v.Errors()
    errors.add("bot_type", v.MSG_INCLUSION)
    raise v.Invalid(errors.pairs)


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """params.permit(:name, :description, :outgoing_url, :avatar, :avatar_url, :bot_type,
    bot_config: {}). `avatar` (a multipart file) is attached by the action; `avatar_url` (fetched by
    a job upstream) is accepted and not kept: the fake has no network."""
    params = await ctx.params()
    raw = permit(params, *_TEXT, "bot_type")
    values: dict[str, Any] = {key: to_string(raw[key]) for key in _TEXT if key in raw}
    if "bot_type" in raw:
        values["bot_type"] = _bot_type(raw["bot_type"])
    config = permit_hash(params, "bot_config")
    if config is not None:
        values["bot_config"] = config
    return values


def _respond(ctx: RequestContext, bot: AgentBot, account: Account, member: AccountUser) -> Response:
    body = agent_bot_json(ctx.store, bot, account.id, member.administrator)
    return json_response(body, headers=ctx.response_headers)


def _own_bot(ctx: RequestContext, account: Account, member: AccountUser) -> AgentBot:
    """The policy (administrators), then Current.account.agent_bots.find(params[:id])."""
    require_administrator(member)
    bot = ctx.store.agent_bots.get(ctx.path_params["id"])
    return find_or_404(bot if bot is not None and bot.account_id == account.id else None)


async def list_agent_bots(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    bots = ctx.store.agent_bots.accessible_to(account.id)
    body = [agent_bot_json(ctx.store, bot, account.id, member.administrator) for bot in bots]
    return json_response(body, headers=ctx.response_headers)


async def show_agent_bot(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    bot = ctx.store.agent_bots.get(ctx.path_params["id"])
    found = find_or_404(bot if bot is not None and bot.account_id in (None, account.id) else None)
    return _respond(ctx, found, account, member)


async def create_agent_bot(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx)
    bot = ctx.store.agent_bots.create(
        account_id=account.id,
        name=values.get("name"),
        description=values.get("description"),
        outgoing_url=values.get("outgoing_url"),
        bot_config=values.get("bot_config"),
        bot_type=values.get("bot_type", BOT_TYPES[0]),
    )
    await _attach_avatar(ctx, bot)
    return _respond(ctx, bot, account, member)


async def update_agent_bot(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    bot = _own_bot(ctx, account, member)
    ctx.store.agent_bots.update(bot, await _values(ctx))
    await _attach_avatar(ctx, bot)
    return _respond(ctx, bot, account, member)


async def _attach_avatar(ctx: RequestContext, bot: AgentBot) -> None:
    """A multipart `avatar` is attached (Avatarable): the bot's thumbnail points at the blob.
    `avatar_url` would be fetched by Avatar::AvatarFromUrlJob: the fake makes no outbound fetch."""
    upload = (await ctx.params()).get("avatar")
    if isinstance(upload, UploadFile):
        ctx.store.agent_bots.set_avatar(bot, avatar_url(ctx, upload))


async def delete_agent_bot(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    ctx.store.agent_bots.delete(_own_bot(ctx, account, member))
    return head_ok(ctx.response_headers)


async def delete_agent_bot_avatar(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    bot = _own_bot(ctx, account, member)
    purge_attached(ctx, bot.avatar_url)  # avatar.purge
    ctx.store.agent_bots.remove_avatar(bot)
    return _respond(ctx, bot, account, member)


async def reset_agent_bot_access_token(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    bot = _own_bot(ctx, account, member)
    ctx.store.agent_bots.reset_access_token(bot)
    return _respond(ctx, bot, account, member)


async def reset_agent_bot_secret(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    bot = _own_bot(ctx, account, member)
    ctx.store.agent_bots.reset_secret(bot)
    return _respond(ctx, bot, account, member)


_BASE = "/api/v1/accounts/{account_id:int}/agent_bots"
_ONE = _BASE + "/{id:int}"
routes = [
    Route("GET", _BASE, list_agent_bots, "agent_bots.index"),
    Route("POST", _BASE, create_agent_bot, "agent_bots.create"),
    Route("GET", _ONE, show_agent_bot, "agent_bots.show"),
    Route("PUT", _ONE, update_agent_bot, "agent_bots.update"),
    Route("PATCH", _ONE, update_agent_bot, "agent_bots.update"),
    Route("DELETE", _ONE, delete_agent_bot, "agent_bots.destroy"),
    Route("DELETE", _ONE + "/avatar", delete_agent_bot_avatar, "agent_bots.avatar"),
    Route(
        "POST", _ONE + "/reset_access_token", reset_agent_bot_access_token, "agent_bots.reset_access_token"
    ),
    Route("POST", _ONE + "/reset_secret", reset_agent_bot_secret, "agent_bots.reset_secret"),
]
