"""A conversation's messages, assignments and labels.

Source: app/controllers/api/v1/accounts/conversations/{messages,assignments,labels}_controller.rb,
app/builders/messages/message_builder.rb, app/finders/message_finder.rb
(reference inboxes-conversations-messages.md 3.8, 3.9, 4).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of, performer
from fakewoot.api.members import account_caller, account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_bool, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError, CouldNotCreate
from fakewoot.serializers._common import iso8601
from fakewoot.serializers.agent_bots import agent_bot_slim_json
from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.contacts import contact_push_data
from fakewoot.serializers.messages import message_json
from fakewoot.serializers.push import user_push_data
from fakewoot.store.messages import (
    CONTENT_LIMIT,
    CONTENT_TYPES,
    INCOMING,
    MESSAGE_STATUSES,
    MESSAGE_TYPES,
)

MSG_INCOMING_API_ONLY = "Incoming messages are only allowed in Api inboxes"
MSG_STATUS_API_ONLY = "Message status update is only allowed for API inboxes"
MAX_ATTACHMENTS = 15


async def list_messages(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    params = await ctx.params()
    store = ctx.store
    before = to_int(params.get("before")) if params.get("before") not in (None, "") else None
    after = to_int(params.get("after")) if params.get("after") not in (None, "") else None
    contact = account.contacts.get(conversation.contact_id)
    meta: dict[str, Any] = {
        "labels": conversation.labels,
        "additional_attributes": conversation.additional_attributes,
        "contact": None if contact is None else contact_push_data(contact),
    }
    if conversation.assignee_id is not None:
        meta["assignee"] = user_push_data(store, conversation.assignee_id, account.id)
    meta["agent_last_seen_at"] = iso8601(conversation.agent_last_seen_at)
    meta["assignee_last_seen_at"] = iso8601(conversation.assignee_last_seen_at)
    payload = [message_json(store, m) for m in store.messages.page(conversation, before, after)]
    return json_response({"meta": meta, "payload": payload}, headers=ctx.response_headers)


async def _attachments(params: dict[str, Any], base_url: str) -> list[dict[str, Any]]:
    files = params.get("attachments")
    uploads = [f for f in (files if isinstance(files, list) else [files]) if isinstance(f, UploadFile)]
    if len(uploads) > MAX_ATTACHMENTS:
        raise CouldNotCreate(f"Too many attachments (maximum is {MAX_ATTACHMENTS})")
    found = []
    for upload in uploads:
        content = await upload.read()
        kind = (upload.content_type or "").split("/")[0]
        name = upload.filename or "file"
        found.append(
            {
                "file_type": kind if kind in ("image", "audio", "video") else "file",
                "extension": name.rsplit(".", 1)[-1] if "." in name else None,
                "data_url": f"{base_url}/rails/active_storage/blobs/{name}",
                "thumb_url": f"{base_url}/rails/active_storage/representations/{name}"
                if kind == "image"
                else "",
                "file_size": len(content),
                "width": None,
                "height": None,
            }
        )
    return found


async def create_message(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    store = ctx.store
    # MessagesController#create rescues every error as 422 {"error": message}
    kind = to_string(permit(params, "message_type").get("message_type")) or "outgoing"
    if kind not in ("incoming", "outgoing"):
        raise CouldNotCreate(f"'{kind}' is not a valid message_type")
    message_type = MESSAGE_TYPES[kind]
    inbox = account.inboxes.get(conversation.inbox_id)
    if message_type == INCOMING and (inbox is None or inbox.channel_type != "Channel::Api"):
        raise CouldNotCreate(MSG_INCOMING_API_ONLY)
    content_type = to_string(permit(params, "content_type").get("content_type")) or "text"
    if content_type not in CONTENT_TYPES:
        raise CouldNotCreate(f"'{content_type}' is not a valid content_type")
    content = to_string(permit(params, "content").get("content"))
    if content is not None and len(content) > CONTENT_LIMIT:
        raise CouldNotCreate(
            f"Validation failed: Content is too long (maximum is {CONTENT_LIMIT} characters)"
        )
    attachments = await _attachments(params, str(ctx.request.base_url).rstrip("/"))
    if message_type == INCOMING:
        sender: tuple[str | None, int | None] = ("Contact", conversation.contact_id)
    elif member is not None:
        sender = ("User", member.user_id)
    else:
        sender = ("AgentBot", bot_id)
    template = permit_hash(params, "template_params")
    message = store.messages.create(
        conversation,
        message_type=message_type,
        content=content,
        sender_type=sender[0],
        sender_id=sender[1],
        private=bool(to_bool(permit(params, "private").get("private"))),
        content_type=content_type,
        content_attributes=permit_hash(params, "content_attributes"),
        echo_id=to_string(permit(params, "echo_id").get("echo_id")),
        source_id=to_string(permit(params, "source_id").get("source_id")),
        additional_attributes=None if template is None else {"template_params": template},
        attachments=attachments,
        performer_id=performer(member),
    )
    return json_response(message_json(store, message), headers=ctx.response_headers)


async def update_message(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    message = find_or_404(ctx.store.messages.get(conversation, ctx.path_params["id"]))
    inbox = account.inboxes.get(conversation.inbox_id)
    if inbox is None or inbox.channel_type != "Channel::Api":
        raise ApiError({"error": MSG_STATUS_API_ONLY}, 403)
    params = await ctx.params()
    status = to_string(permit(params, "status").get("status"))
    if status not in MESSAGE_STATUSES:
        raise CouldNotCreate(f"'{status}' is not a valid status")
    ctx.store.messages.update_status(
        message,
        status,
        to_string(permit(params, "external_error").get("external_error")),
        performer_id=member.user_id,
    )
    return json_response(message_json(ctx.store, message), headers=ctx.response_headers)


async def delete_message(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    message = find_or_404(ctx.store.messages.get(conversation, ctx.path_params["id"]))
    ctx.store.messages.soft_delete(message, performer_id=member.user_id)
    return json_response(message_json(ctx.store, message), headers=ctx.response_headers)


async def create_assignment(ctx: RequestContext) -> Response:
    """assignee_id -> the agent object (unknown id: unassigned, null); assignee_type AgentBot -> the
    bot (agent_bot_slim) or null for an unknown bot; team_id -> null (no teams yet)."""
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    store = ctx.store
    bot_assignment = to_string(permit(params, "assignee_type").get("assignee_type")) == "AgentBot"
    if "assignee_id" not in params and not bot_assignment:
        return json_response(None, headers=ctx.response_headers)
    assignee_id = to_int(permit(params, "assignee_id").get("assignee_id"))
    if bot_assignment:
        bot = store.agent_bots.get(assignee_id)
        if bot is None or bot.account_id not in (None, account.id):
            return json_response(None, headers=ctx.response_headers)
        store.conversations.assign_bot(conversation, bot.id, performer(member), by_bot=bot_id)
        return json_response(agent_bot_slim_json(bot), headers=ctx.response_headers)
    assignee = None if assignee_id is None else account.members.get(assignee_id)
    store.conversations.assign(
        conversation, None if assignee is None else assignee.user_id, performer(member), bot_id=bot_id
    )
    user = None if assignee is None else store.users.get(assignee.user_id)
    body = None if user is None or assignee is None else agent_json(store, user, assignee)
    return json_response(body, headers=ctx.response_headers)


async def list_labels(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    return json_response({"payload": conversation.labels}, headers=ctx.response_headers)


async def set_labels(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    raw = (await ctx.params()).get("labels")
    labels = (
        [str(x) for x in raw if x is not None and not isinstance(x, (dict, list))]
        if isinstance(raw, list)
        else []
    )
    names = ctx.store.conversations.set_labels(
        conversation, labels, performer_id=performer(member), bot_id=bot_id
    )
    return json_response({"payload": names}, headers=ctx.response_headers)


C = "/api/v1/accounts/{account_id:int}/conversations/{conversation_id:int}"
routes = [
    Route("GET", C + "/messages", list_messages, "messages.index"),
    Route("POST", C + "/messages", create_message, "messages.create"),
    Route("PATCH", C + "/messages/{id:int}", update_message, "messages.update"),
    Route("PUT", C + "/messages/{id:int}", update_message, "messages.update"),
    Route("DELETE", C + "/messages/{id:int}", delete_message, "messages.destroy"),
    Route("POST", C + "/assignments", create_assignment, "assignments.create"),
    Route("GET", C + "/labels", list_labels, "conversations/labels.index"),
    Route("POST", C + "/labels", set_labels, "conversations/labels.create"),
]
