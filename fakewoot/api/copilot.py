"""/api/v1/accounts/:account_id/captain/copilot_threads (index, create) and .../copilot_threads/:id/
copilot_messages (index, create), as the unlicensed standard image answers them at v4.10 (e13e3c87).

Source: enterprise/app/controllers/api/v1/accounts/captain/copilot_threads_controller.rb and
copilot_messages_controller.rb (no policy: every member of the account; a user sees only their own
threads, another's is a 404), views under enterprise/app/views/api/v1/accounts/captain/copilot_*
(the index views are `{"payload": [...]}` with no meta; threads 5 a page, messages 1000 a page).
create checks the message (`Message is required`) before the assistant (404). The reply an LLM
would write (Captain::Copilot::ResponseJob) is not generated: see fakewoot/store/copilot.py.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import json_scalar, to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.captain_records import copilot_message_json, copilot_thread_json
from fakewoot.store.accounts import Account
from fakewoot.store.copilot import CopilotThread
from fakewoot.store.validation import present

MSG_MESSAGE_REQUIRED = "Message is required"  # captain.copilot_message_required
THREADS_PER_PAGE = 5
MESSAGES_PER_PAGE = 1000


def _frontend(ctx: RequestContext) -> str:
    return (ctx.fake.settings.frontend_url or str(ctx.request.base_url)).rstrip("/")


def _window(rows: list[Any], raw_page: Any, per: int) -> list[Any]:
    """Kaminari's `.page(params[:page] || 1).per(n)`."""
    number = max((None if isinstance(raw_page, (dict, list)) else to_int(raw_page)) or 0, 1)
    return rows[(number - 1) * per : number * per]


def _thread(ctx: RequestContext, account: Account, user_id: int) -> CopilotThread:
    return find_or_404(ctx.store.copilot.thread(account.id, ctx.path_params["copilot_thread_id"], user_id))


async def list_threads(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    threads = ctx.store.copilot.threads_of(account.id, member.user_id)
    page = _window(threads, (await ctx.params()).get("page"), THREADS_PER_PAGE)
    body = {"payload": [copilot_thread_json(ctx.store, t, _frontend(ctx)) for t in page]}
    return json_response(body, headers=ctx.response_headers)


async def create_thread(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    message = params.get("message")
    if not present(message) or isinstance(message, (dict, list)):
        raise CouldNotCreate(MSG_MESSAGE_REQUIRED)
    raw = params.get("assistant_id")
    assistant = find_or_404(
        ctx.store.captain_assistants.get(account.id, None if isinstance(raw, (dict, list)) else to_int(raw))
    )
    thread = ctx.store.copilot.start(account.id, member.user_id, assistant.id, str(json_scalar(message)))
    return json_response(copilot_thread_json(ctx.store, thread, _frontend(ctx)), headers=ctx.response_headers)


async def list_messages(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    thread = _thread(ctx, account, member.user_id)
    messages = _window(
        ctx.store.copilot.messages_of(thread), (await ctx.params()).get("page"), MESSAGES_PER_PAGE
    )
    body = {"payload": [copilot_message_json(ctx.store, m, thread) for m in messages]}
    return json_response(body, headers=ctx.response_headers)


async def create_message(ctx: RequestContext) -> Response:
    """`message: { content: params[:message] }` as sent (any JSON value, nil included)."""
    account, member = account_member(ctx)
    thread = _thread(ctx, account, member.user_id)
    message = ctx.store.copilot.add_message(thread, json_scalar((await ctx.params()).get("message")))
    return json_response(copilot_message_json(ctx.store, message, thread), headers=ctx.response_headers)


T = "/api/v1/accounts/{account_id:int}/captain/copilot_threads"
M = T + "/{copilot_thread_id:int}/copilot_messages"
routes = [
    Route("GET", T, list_threads, "captain/copilot_threads.index"),
    Route("POST", T, create_thread, "captain/copilot_threads.create"),
    Route("GET", M, list_messages, "captain/copilot_messages.index"),
    Route("POST", M, create_message, "captain/copilot_messages.create"),
]
