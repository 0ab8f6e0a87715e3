"""/api/v1/accounts/:account_id/conversations/:conversation_id/draft_messages: show, update, destroy.

Source at v4.10: conversations/draft_messages_controller.rb (Conversations::BaseController: the
conversation by display id, 404, then ConversationPolicy#show?, 401; not open to bots). show answers
`{"has_draft": false}` or `{"has_draft": true, "message": ...}`; update stores
`params.dig(:draft_message, :message) || ''` (a flat JSON body is wrapped) and answers 200 empty, as
destroy does.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of
from fakewoot.api.members import account_member
from fakewoot.api.params import to_string, wrapped
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.store.conversations import Conversation


def _conversation(ctx: RequestContext) -> Conversation:
    account, member = account_member(ctx)
    return conversation_of(ctx, account, member, None)


def _text(value: Any) -> str:
    """What Redis stores: the value's text (Ruby's to_s); nil and false fall back to ''."""
    if value is None or value is False:
        return ""
    if isinstance(value, (dict, list)):
        return str(value)
    return to_string(value) or ""


async def show_draft(ctx: RequestContext) -> Response:
    conversation = _conversation(ctx)
    draft = ctx.store.drafts.get(conversation.id)
    body: dict[str, Any] = {"has_draft": False} if draft is None else {"has_draft": True, "message": draft}
    return json_response(body, headers=ctx.response_headers)


async def update_draft(ctx: RequestContext) -> Response:
    conversation = _conversation(ctx)
    source = wrapped(await ctx.parsed(), "draft_message") or {}
    ctx.store.drafts.set(conversation.id, _text(source.get("message")))
    return head_ok(ctx.response_headers)


async def delete_draft(ctx: RequestContext) -> Response:
    conversation = _conversation(ctx)
    ctx.store.drafts.delete(conversation.id)
    return head_ok(ctx.response_headers)


_PATH = "/api/v1/accounts/{account_id:int}/conversations/{conversation_id:int}/draft_messages"
routes = [
    Route("GET", _PATH, show_draft, "conversations/draft_messages.show"),
    Route("PATCH", _PATH, update_draft, "conversations/draft_messages.update"),
    Route("PUT", _PATH, update_draft, "conversations/draft_messages.update"),
    Route("DELETE", _PATH, delete_draft, "conversations/draft_messages.destroy"),
]
