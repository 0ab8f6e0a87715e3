"""A conversation's messages, assignments and labels.

Source: app/controllers/api/v1/accounts/conversations/{messages,assignments,labels}_controller.rb,
app/builders/messages/message_builder.rb, app/finders/message_finder.rb
(reference inboxes-conversations-messages.md 3.8, 3.9, 4).
"""

from __future__ import annotations

import re
from typing import Any

import orjson

from fakewoot.api.attachments import build_message_attachments, purge_message_attachments
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
from fakewoot.serializers.conversations import team_record_json
from fakewoot.serializers.messages import message_json
from fakewoot.serializers.push import user_push_data
from fakewoot.store.file_types import file_type
from fakewoot.store.messages import CONTENT_TYPES, MESSAGE_TYPES
from fakewoot.store.validation import present

MSG_INCOMING_API_ONLY = "Incoming messages are only allowed in Api inboxes"
MSG_STATUS_API_ONLY = "Message status update is only allowed for API inboxes"
MSG_NOT_VALID = "'{value}' is not a valid {attribute}"  # ActiveRecord::Enum's ArgumentError
MSG_INVALID_EMAIL = "Invalid email address"
# ActiveRecord::RecordNotFound from @conversation.messages.find(id), rescued by #retry
MSG_MESSAGE_NOT_FOUND = 'Couldn\'t find Message with \'id\'={id} [WHERE "messages"."conversation_id" = $1]'
# URI::MailTo::EMAIL_REGEXP
EMAIL_ADDRESS = re.compile(
    r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*"
)


def _cursor(params: dict[str, Any], key: str) -> int | None:
    """MessageFinder: a present `before`/`after` is taken with String#to_i (junk is 0)."""
    value = params.get(key)
    if not present(value):
        return None
    if isinstance(value, (dict, list)):
        return 0
    return to_int(value) or 0


async def list_messages(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    params = await ctx.params()
    store = ctx.store
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
    messages = store.messages.page(
        conversation,
        _cursor(params, "before"),
        _cursor(params, "after"),
        internal=not present(params.get("filter_internal_messages")),
    )
    payload = [message_json(store, m) for m in messages]
    return json_response({"meta": meta, "payload": payload}, headers=ctx.response_headers)


def _content_attributes(params: dict[str, Any]) -> dict[str, Any]:
    """MessageBuilder#content_attributes: a hash, or a JSON string holding one; anything else {}."""
    value = params.get("content_attributes")
    if isinstance(value, str):
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return {}
    if not isinstance(value, dict):
        return {}
    return permit_hash({"v": value}, "v") or {}


def _json_value(value: Any) -> Any:
    """A parameter as a JSON column keeps it: uploaded files become their names."""
    return (permit_hash({"v": {"x": value}}, "v") or {}).get("x")


def _enum(params: dict[str, Any], key: str, values: tuple[str, ...] | dict[str, int], default: str) -> str:
    """An enum attribute: blank is the default; an unknown value is ArgumentError's 422."""
    raw = permit(params, key).get(key)
    names = list(values)
    if isinstance(raw, int) and not isinstance(raw, bool) and 0 <= raw < len(names):
        return names[raw]  # an enum takes its integer value too (JSON numbers only)
    value = to_string(raw) if present(raw) else default
    if value is None or value not in values:
        raise CouldNotCreate(MSG_NOT_VALID.format(value=value, attribute=key))
    return value


async def create_message(ctx: RequestContext) -> Response:
    """Messages::MessageBuilder then Message.create!; any error is 422 {"error": message}."""
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    store = ctx.store
    kind = _enum(params, "message_type", MESSAGE_TYPES, "outgoing")
    # the builder compares the raw param with the strings 'incoming' and 'outgoing': an integer
    # message_type skips the API-inbox check and is sent by the contact, whatever its type
    by_label = not isinstance(params.get("message_type"), int) or isinstance(params.get("message_type"), bool)
    inbox = account.inboxes.get(conversation.inbox_id)
    if by_label and kind == "incoming" and (inbox is None or inbox.channel_type != "Channel::Api"):
        raise CouldNotCreate(MSG_INCOMING_API_ONLY)
    content_type = _enum(params, "content_type", CONTENT_TYPES, "text")
    attributes, additional = _builder_attributes(params)
    sender = _sender(
        ctx, params, kind if by_label else "", conversation.contact_id, member, bot_id, account.id
    )
    uploads = await build_message_attachments(ctx, params, file_type)
    content = to_string(permit(params, "content").get("content"))
    if inbox is not None and inbox.channel_type == "Channel::Email":
        attributes.update(_email_addresses(params))
        # `!@private` on the raw param (Ruby: only nil and false are false) and content present
        if params.get("private") in (None, False) and content is not None and present(content):
            html = permit(params, "email_html_content").get("email_html_content")
            attributes["email"] = store.messages.email_content(
                conversation,
                content=content,
                message_type=MESSAGE_TYPES[kind],
                sender_type=sender[0],
                sender_id=sender[1],
                email=attributes.get("email"),
                custom_html=to_string(html) if present(html) else None,
            )
    message = store.messages.create(
        conversation,
        message_type=MESSAGE_TYPES[kind],
        content=content,
        sender_type=sender[0],
        sender_id=sender[1],
        private=bool(to_bool(permit(params, "private").get("private"))),
        content_type=content_type,
        content_attributes=attributes,
        echo_id=to_string(permit(params, "echo_id").get("echo_id")),
        source_id=to_string(permit(params, "source_id").get("source_id")),
        additional_attributes=additional,
        attachments=uploads.attachments,
        performer_id=performer(member),
        bot_id=bot_id,
        validate=True,
    )
    uploads.saved(message)  # the uploaded files' blobs, once the message is saved
    return json_response(message_json(store, message), headers=ctx.response_headers)


def _builder_attributes(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """MessageBuilder#message_params' content_attributes and additional_attributes: the given
    attributes plus `external_created_at`; an `automation_rule_id` replaces the hash (only items,
    in_reply_to and external_created_at, their own accessors, survive); `campaign_id` or
    `template_params` (a shallow merge: template_params wins) as additional_attributes."""
    attributes = _content_attributes(params)
    created_elsewhere = params.get("external_created_at")
    if present(created_elsewhere):
        attributes["external_created_at"] = _json_value(created_elsewhere)
    if present(attributes.get("automation_rule_id")):
        kept = ("items", "in_reply_to", "external_created_at")
        attributes = {
            "automation_rule_id": attributes["automation_rule_id"],
            **{k: attributes[k] for k in kept if attributes.get(k) is not None},
        }
    additional: dict[str, Any] | None = None
    if present(params.get("campaign_id")):
        additional = {"campaign_id": _json_value(params["campaign_id"])}
    if present(params.get("template_params")):
        additional = {"template_params": _json_value(params["template_params"])}
    return attributes, additional


def _email_addresses(params: dict[str, Any]) -> dict[str, list[str]]:
    """MessageBuilder#process_emails (email inboxes): `cc_emails`, `bcc_emails`, `to_emails` are
    comma-separated, whitespace dropped; one address URI::MailTo::EMAIL_REGEXP refuses is a 422."""
    found = {}
    for key in ("cc_emails", "bcc_emails", "to_emails"):
        raw = params.get(key)
        text = "" if not present(raw) or isinstance(raw, (dict, list)) else to_string(raw) or ""
        parts = re.sub(r"\s+", "", text).split(",")
        while parts and not parts[-1]:  # Ruby's split drops trailing empty fields only
            parts.pop()
        found[key] = parts
    for address in (a for addresses in found.values() for a in addresses):
        if not EMAIL_ADDRESS.fullmatch(address):
            raise CouldNotCreate(MSG_INVALID_EMAIL)
    return found


def _sender(
    ctx: RequestContext,
    params: dict[str, Any],
    kind: str,
    contact_id: int,
    member: Any,
    bot_id: int | None,
    account_id: int,
) -> tuple[str | None, int | None]:
    """MessageBuilder#sender: an outgoing message is sent by the named agent bot (`sender_type`
    AgentBot + `sender_id`, a bot of the account or a system bot) or else the caller; every other
    type by the conversation's contact."""
    if kind != "outgoing":
        return ("Contact", contact_id)
    if to_string(permit(params, "sender_type").get("sender_type")) == "AgentBot":
        named = ctx.store.agent_bots.get(to_int(permit(params, "sender_id").get("sender_id")) or 0)
        if named is not None and named.account_id in (None, account_id):
            return ("AgentBot", named.id)
    if member is not None:
        return ("User", member.user_id)
    return ("AgentBot", bot_id)


async def update_message(ctx: RequestContext) -> Response:
    """Messages::StatusUpdateService: an unknown status (or read -> delivered) leaves the message as
    it was and still answers 200 with it."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    inbox = account.inboxes.get(conversation.inbox_id)
    if inbox is None or inbox.channel_type != "Channel::Api":
        raise ApiError({"error": MSG_STATUS_API_ONLY}, 403)
    message = find_or_404(ctx.store.messages.get(conversation, ctx.path_params["id"]))
    params = await ctx.params()
    ctx.store.messages.update_status(
        message,
        to_string(permit(params, "status").get("status")),
        to_string(permit(params, "external_error").get("external_error")),
        performer_id=member.user_id,
    )
    return json_response(message_json(ctx.store, message), headers=ctx.response_headers)


async def retry_message(ctx: RequestContext) -> Response:
    """MessagesController#retry: status back to `sent` (StatusUpdateService), content_attributes
    emptied; every error, an unknown message included, is 422 {"error": ...}."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    message_id = ctx.path_params["id"]
    message = ctx.store.messages.get(conversation, message_id)
    if message is None:
        raise CouldNotCreate(MSG_MESSAGE_NOT_FOUND.format(id=message_id))
    ctx.store.messages.retry(message, performer_id=member.user_id)
    return json_response(message_json(ctx.store, message), headers=ctx.response_headers)


async def delete_message(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    message = find_or_404(ctx.store.messages.get(conversation, ctx.path_params["id"]))
    purge_message_attachments(ctx, message)  # attachments.destroy_all
    ctx.store.messages.soft_delete(message, performer_id=member.user_id)
    return json_response(message_json(ctx.store, message), headers=ctx.response_headers)


async def create_assignment(ctx: RequestContext) -> Response:
    """assignee_id -> the agent object (unknown id: unassigned, null); assignee_type AgentBot -> the
    bot (agent_bot_slim) or null for an unknown bot; else team_id -> the team's columns as
    `render json: @team` gives them (unknown id: the team is removed, null); else null."""
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    store = ctx.store
    bot_assignment = to_string(permit(params, "assignee_type").get("assignee_type")) == "AgentBot"
    if "assignee_id" not in params and not bot_assignment:
        if "team_id" not in params:
            return json_response(None, headers=ctx.response_headers)
        team = store.teams.get(account.id, to_int(permit(params, "team_id").get("team_id")))
        store.conversations.set_team(
            conversation, None if team is None else team.id, performer(member), bot_id=bot_id
        )
        body = None if team is None else team_record_json(team)
        return json_response(body, headers=ctx.response_headers)
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
    Route("POST", C + "/messages/{id:int}/retry", retry_message, "messages.retry"),
    Route("POST", C + "/assignments", create_assignment, "assignments.create"),
    Route("GET", C + "/labels", list_labels, "conversations/labels.index"),
    Route("POST", C + "/labels", set_labels, "conversations/labels.create"),
]
