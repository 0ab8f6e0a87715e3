"""/public/api/v1/inboxes/:inbox_identifier/contacts/:source_id/conversations/:id/messages: index,
create, update.

Source at v4.10: app/controllers/public/api/v1/inboxes/messages_controller.rb, app/finders/
message_finder.rb, views public/api/v1/inboxes/messages/*. The conversation is any of the contact's
(hmac_verified or not). index: MessageFinder with filter_internal_messages (no private notes, no
activity) and `before`. create: an incoming message from the contact, through the store's message
creation (every side effect of an incoming message); Message's validations fail as RecordInvalid
(422 `{message, attributes}`). update: submitted_values (name, title, value, csat_survey_response:
feedback_message, rating); an input_csat message older than 14 days is refused with a 422."""

from __future__ import annotations

from typing import Any

from fakewoot.api.attachments import build_message_attachments
from fakewoot.api.context import RequestContext
from fakewoot.api.csat import LOCK_DAYS, MSG_CSAT_LOCKED, _days, _submitted
from fakewoot.api.params import permit, to_int, to_string
from fakewoot.api.public.lookups import CONVERSATION, api_inbox, contact_inbox, conversation, found
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import CouldNotCreate, Invalid
from fakewoot.serializers.public import public_message_json
from fakewoot.store.contact_inboxes import ContactInbox
from fakewoot.store.conversations import Conversation
from fakewoot.store.csat_survey_responses import CSAT_CONTENT_TYPE
from fakewoot.store.file_types import file_type
from fakewoot.store.messages import INCOMING, MSG_CONTENT_TOO_LONG, MSG_TOO_MANY_MESSAGES
from fakewoot.store.validation import present

# Message's errors as RecordInvalid names them: (full message, attribute)
_RECORD_ERRORS = ((MSG_TOO_MANY_MESSAGES, "base"), (MSG_CONTENT_TOO_LONG, "content"))


async def _conversation(ctx: RequestContext) -> tuple[ContactInbox, Conversation]:
    record = contact_inbox(ctx, api_inbox(ctx))
    return record, conversation(ctx, record, "conversation_id", whole_contact=True)


def _json(ctx: RequestContext, body: Any) -> Response:
    return json_response(body, headers=ctx.response_headers)


async def list_messages(ctx: RequestContext) -> Response:
    _, found_conversation = await _conversation(ctx)
    raw = (await ctx.params()).get("before")
    before = (to_int(raw) or 0) if present(raw) else None  # `params[:before].to_i`
    page = ctx.store.messages.page(found_conversation, before, None, internal=False)
    return _json(ctx, [public_message_json(ctx.store, m, found_conversation.display_id) for m in page])


def _validate(ctx: RequestContext, target: Conversation, content: str | None) -> None:
    """The store's Message validations, answered as RecordInvalid (`save!` here, not the builder)."""
    try:
        ctx.store.messages.validate(
            target,
            content=content,
            content_type="text",
            content_attributes={},
            additional_attributes={},
            source_id=None,
        )
    except CouldNotCreate as error:
        text = str(error.body.get("error"))
        pairs = [(attr, message) for message, attr in _RECORD_ERRORS if message in text]
        if not pairs:
            raise
        raise Invalid(pairs) from error


async def create_message(ctx: RequestContext) -> Response:
    record, target = await _conversation(ctx)
    params = await ctx.params()
    kept = permit(params, "content", "echo_id")
    content = to_string(kept.get("content"))
    _validate(ctx, target, content)
    uploads = await build_message_attachments(ctx, params, file_type)
    message = ctx.store.messages.create(
        target,
        message_type=INCOMING,
        content=content,
        sender_type="Contact",
        sender_id=record.contact_id,
        echo_id=to_string(kept.get("echo_id")),
        attachments=uploads.attachments,
    )
    uploads.saved(message)  # the blobs are kept once the message is saved, then analysed
    return _json(ctx, public_message_json(ctx.store, message, target.display_id))


async def update_message(ctx: RequestContext) -> Response:
    _, target = await _conversation(ctx)
    message = found(ctx.store.messages.get(target, to_int(ctx.path_params["id"])))
    if message.content_type == CSAT_CONTENT_TYPE and _days(ctx, message.created_at) > LOCK_DAYS:
        raise CouldNotCreate(MSG_CSAT_LOCKED)
    params = await ctx.params()
    submitted = _submitted(params["submitted_values"]) if "submitted_values" in params else None
    if submitted is not None and submitted != message.content_attributes.get("submitted_values"):
        ctx.store.csat_survey_responses.submit(message, submitted)
    return _json(ctx, public_message_json(ctx.store, message, target.display_id))


_MESSAGES = CONVERSATION + "/messages"
_NAME = "public/api/v1/inboxes/messages"
routes = [
    Route("GET", _MESSAGES, list_messages, f"{_NAME}.index"),
    Route("POST", _MESSAGES, create_message, f"{_NAME}.create"),
    Route("PATCH", _MESSAGES + "/{id}", update_message, f"{_NAME}.update"),
    Route("PUT", _MESSAGES + "/{id}", update_message, f"{_NAME}.update"),
]
