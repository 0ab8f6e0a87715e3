"""/public/api/v1/inboxes/:inbox_identifier/contacts/:source_id/conversations: index, create, show,
toggle_status, toggle_typing, update_last_seen.

Source at v4.10: app/controllers/public/api/v1/inboxes/conversations_controller.rb,
app/builders/conversation_builder.rb, views public/api/v1/inboxes/conversations/*. A contact inbox
marked hmac_verified sees every conversation of its contact; otherwise only its own. create permits
custom_attributes only; toggle_status resolves (as the contact) and leaves a resolved one alone;
toggle_typing dispatches typing on/off for `on`/`off` and nothing else, 200 with no body."""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.params import permit_hash
from fakewoot.api.public.lookups import CONTACT, api_inbox, contact_inbox, conversation
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.serializers.public import public_conversation_json
from fakewoot.store.contact_inboxes import ContactInbox
from fakewoot.store.conversations import Conversation


async def _contact_inbox(ctx: RequestContext) -> ContactInbox:
    return contact_inbox(ctx, api_inbox(ctx))


async def _conversation(ctx: RequestContext) -> tuple[ContactInbox, Conversation]:
    record = await _contact_inbox(ctx)
    return record, conversation(ctx, record, "id", whole_contact=record.hmac_verified)


def _respond(ctx: RequestContext, found: Conversation) -> Response:
    return json_response(public_conversation_json(ctx.store, found), headers=ctx.response_headers)


async def list_conversations(ctx: RequestContext) -> Response:
    record = await _contact_inbox(ctx)
    rows = ctx.store.client_api.conversations(record, whole_contact=record.hmac_verified)
    body = [public_conversation_json(ctx.store, row) for row in rows]
    return json_response(body, headers=ctx.response_headers)


async def create_conversation(ctx: RequestContext) -> Response:
    record = await _contact_inbox(ctx)
    custom = permit_hash(await ctx.params(), "custom_attributes") or {}
    return _respond(ctx, ctx.store.client_api.start_conversation(record, custom))


async def show_conversation(ctx: RequestContext) -> Response:
    _, found = await _conversation(ctx)
    return _respond(ctx, found)


async def toggle_status(ctx: RequestContext) -> Response:
    record, found = await _conversation(ctx)
    ctx.store.client_api.resolve(found, ctx.store.client_api.contact_of(record))
    return _respond(ctx, found)


async def toggle_typing(ctx: RequestContext) -> Response:
    record, found = await _conversation(ctx)
    status = (await ctx.params()).get("typing_status")
    if status in ("on", "off"):
        ctx.store.client_api.typing(found, record.contact_id, status == "on")
    return head_ok(ctx.response_headers)


async def update_last_seen(ctx: RequestContext) -> Response:
    _, found = await _conversation(ctx)
    ctx.store.client_api.seen(found)
    return head_ok(ctx.response_headers)


_CONVERSATIONS = CONTACT + "/conversations"
_ONE = _CONVERSATIONS + "/{id}"
_NAME = "public/api/v1/inboxes/conversations"
routes = [
    Route("GET", _CONVERSATIONS, list_conversations, f"{_NAME}.index"),
    Route("POST", _CONVERSATIONS, create_conversation, f"{_NAME}.create"),
    Route("GET", _ONE, show_conversation, f"{_NAME}.show"),
    Route("POST", _ONE + "/toggle_status", toggle_status, f"{_NAME}.toggle_status"),
    Route("POST", _ONE + "/toggle_typing", toggle_typing, f"{_NAME}.toggle_typing"),
    Route("POST", _ONE + "/update_last_seen", update_last_seen, f"{_NAME}.update_last_seen"),
]
