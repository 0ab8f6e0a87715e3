"""/platform/api/v1/agent_bots: index, create, show, update, destroy, DELETE :id/avatar.

Source: app/controllers/platform/api/v1/agent_bots_controller.rb at v4.10 and its spec; the
partial app/views/platform/api/v1/models/_agent_bot.json.jbuilder. Bodies are flat; the bot is
created without an account unless `account_id` is given.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.api.attachments import avatar_url as attached_avatar_url
from fakewoot.api.attachments import purge_attached
from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit, to_int, to_string
from fakewoot.api.platform.guards import permissible
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import authenticate_platform
from fakewoot.serializers.platform import platform_agent_bot_json
from fakewoot.store import validation as v
from fakewoot.store.agent_bots import AgentBot

_TEXT = ("name", "description", "outgoing_url")
_ONE = "/platform/api/v1/agent_bots/{id:int}"
_UNCHANGED = object()  # `account_id` not sent: the bot keeps its account


def _json(ctx: RequestContext, bot: AgentBot) -> dict[str, Any]:
    return platform_agent_bot_json(bot, ctx.store.agent_bots.access_token(bot))


def _bot(ctx: RequestContext) -> AgentBot:
    """set_resource (AgentBot.find: Rails' 404) then validate_platform_app_permissible (401)."""
    app = authenticate_platform(ctx)
    return permissible(ctx, app, "AgentBot", ctx.store.agent_bots.get(ctx.path_params["id"]))


async def _changes(ctx: RequestContext) -> tuple[dict[str, Any], Any, str | None]:
    """params.permit(:name, :description, :account_id, :outgoing_url, :avatar, :avatar_url):
    the text columns, the account id (absent: unchanged) and an uploaded avatar's URL.
    `avatar_url` is fetched by a job upstream; the fake has no network and ignores it."""
    params = await ctx.params()
    raw = permit(params, *_TEXT, "account_id")
    values: dict[str, Any] = {key: to_string(raw[key]) for key in _TEXT if key in raw}
    account_id: Any = _UNCHANGED
    if "account_id" in raw:
        account_id = to_int(raw["account_id"])
        if account_id is not None and ctx.store.accounts.get(account_id) is None:
            # upstream: a foreign key violation (500); bad input never gets a 500 here
            v.invalid("account", v.MSG_MUST_EXIST)
    ctx.store.agent_bots.validate(values)
    avatar = params.get("avatar")
    avatar_url = None
    if isinstance(avatar, UploadFile):
        avatar_url = attached_avatar_url(ctx, avatar)
    return values, account_id, avatar_url


def _apply(ctx: RequestContext, bot: AgentBot, account_id: Any, avatar_url: str | None) -> None:
    if account_id is not _UNCHANGED:
        ctx.store.agent_bots.set_account(bot, account_id)
    if avatar_url is not None:
        ctx.store.agent_bots.set_avatar(bot, avatar_url)


async def list_agent_bots(ctx: RequestContext) -> Response:
    app = authenticate_platform(ctx)
    bots = [
        ctx.store.agent_bots.get(bot_id) for bot_id in ctx.store.platform_apps.permitted_ids(app, "AgentBot")
    ]
    return json_response([_json(ctx, bot) for bot in bots if bot is not None])


async def create_agent_bot(ctx: RequestContext) -> Response:
    app = authenticate_platform(ctx)
    values, account_id, avatar_url = await _changes(ctx)
    store = ctx.store
    bot = store.agent_bots.create(
        name=values.get("name"),
        description=values.get("description"),
        outgoing_url=values.get("outgoing_url"),
    )
    _apply(ctx, bot, account_id, avatar_url)
    store.platform_apps.permit(app, "AgentBot", bot.id)
    return json_response(_json(ctx, bot))


async def show_agent_bot(ctx: RequestContext) -> Response:
    return json_response(_json(ctx, _bot(ctx)))


async def update_agent_bot(ctx: RequestContext) -> Response:
    bot = _bot(ctx)
    values, account_id, avatar_url = await _changes(ctx)
    ctx.store.agent_bots.update(bot, values)
    _apply(ctx, bot, account_id, avatar_url)
    return json_response(_json(ctx, bot))


async def delete_agent_bot(ctx: RequestContext) -> Response:
    bot = _bot(ctx)
    ctx.store.agent_bots.delete(bot)
    ctx.store.platform_apps.forget("AgentBot", bot.id)
    return head_ok()


async def delete_avatar(ctx: RequestContext) -> Response:
    bot = _bot(ctx)
    if bot.avatar_url:
        purge_attached(ctx, bot.avatar_url)  # avatar.purge
        ctx.store.agent_bots.remove_avatar(bot)
    return json_response(_json(ctx, bot))


routes = [
    Route("GET", "/platform/api/v1/agent_bots", list_agent_bots, "platform/api/v1/agent_bots.index"),
    Route("POST", "/platform/api/v1/agent_bots", create_agent_bot, "platform/api/v1/agent_bots.create"),
    Route("GET", _ONE, show_agent_bot, "platform/api/v1/agent_bots.show"),
    Route("PUT", _ONE, update_agent_bot, "platform/api/v1/agent_bots.update"),
    Route("PATCH", _ONE, update_agent_bot, "platform/api/v1/agent_bots.update"),
    Route("DELETE", _ONE, delete_agent_bot, "platform/api/v1/agent_bots.destroy"),
    Route("DELETE", _ONE + "/avatar", delete_avatar, "platform/api/v1/agent_bots.avatar"),
]
