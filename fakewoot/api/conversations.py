"""/api/v1/accounts/:account_id/conversations: list, meta, show, create, update, toggle_status,
toggle_priority, toggle_typing_status, update_last_seen, unread, mute, unmute, custom_attributes,
destroy. Addressed by display_id.

Source: app/controllers/api/v1/accounts/conversations_controller.rb, app/finders/conversation_finder.rb,
app/builders/conversation_builder.rb, app/policies/conversation_policy.rb
(reference inboxes-conversations-messages.md 3). Agents see their inboxes' conversations (401 for
another inbox's); agent bots may call what BOT_ACCESSIBLE_ENDPOINTS allows.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of, conversation_payload, performer
from fakewoot.api.members import account_caller, account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_bool, to_int, to_string, to_time
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import NotFound, ParameterMissing, Unauthorized
from fakewoot.serializers.conversations import conversation_json
from fakewoot.store import validation as v
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.contact_filters import parse_conditions
from fakewoot.store.conversation_filters import ConversationFilter
from fakewoot.store.conversations import PRIORITIES, STATUSES, Conversation
from fakewoot.store.messages import INCOMING, OUTGOING

PER_PAGE = 25
SORTS = {
    "last_activity_at_desc": ("last_activity_at", True),
    "latest": ("last_activity_at", True),
    "last_activity_at_asc": ("last_activity_at", False),
    "created_at_desc": ("created_at", True),
    "created_at_asc": ("created_at", False),
    "sort_on_created_at": ("created_at", False),
    "priority_desc": ("priority", True),
    "priority_asc": ("priority", False),
    "sort_on_priority": ("priority", True),
    "waiting_since_desc": ("waiting_since", True),
    "waiting_since_asc": ("waiting_since", False),
    "sort_on_waiting_since": ("waiting_since", False),
}
PRIORITY_RANK = {None: 0, "low": 1, "medium": 2, "high": 3, "urgent": 4}


def _find(
    ctx: RequestContext, account: Account, params: dict[str, Any], member: AccountUser
) -> list[Conversation]:
    """ConversationFinder without the assignee filter and paging: inbox, team, labels, status, q."""
    store = ctx.store
    rows = store.conversations.visible_to(member)
    inbox_id = to_int(params.get("inbox_id")) if params.get("inbox_id") not in (None, "") else None
    if inbox_id is not None:
        rows = [c for c in rows if c.inbox_id == inbox_id]
    if params.get("team_id") not in (None, ""):
        raise NotFound()  # teams are not modelled yet: every team id is unknown (Chatwoot: 404)
    labels = params.get("labels")
    wanted = {str(x) for x in labels} if isinstance(labels, list) else {str(labels)} if labels else set()
    if wanted:
        rows = [c for c in rows if wanted & set(c.labels)]
    query = to_string(params.get("q"))
    if query:
        needle = query.lower()
        messages = account.messages
        rows = [
            c
            for c in rows
            if any(
                (m := messages.get(i)) is not None
                and m.message_type in (INCOMING, OUTGOING)
                and m.content
                and needle in m.content.lower()
                for i in c.message_ids
            )
        ]
    else:
        status = to_string(params.get("status")) or "open"
        if status != "all":
            rows = [c for c in rows if c.status == status]
    return rows


def _counts(rows: list[Conversation], user_id: int) -> dict[str, int]:
    unassigned = sum(1 for c in rows if c.assignee_id is None)
    return {
        "mine_count": sum(1 for c in rows if c.assignee_id == user_id),
        "assigned_count": len(rows) - unassigned,
        "unassigned_count": unassigned,
        "all_count": len(rows),
    }


def _by_assignee(rows: list[Conversation], assignee_type: str | None, user_id: int) -> list[Conversation]:
    if assignee_type == "me":
        return [c for c in rows if c.assignee_id == user_id]
    if assignee_type == "unassigned":
        return [c for c in rows if c.assignee_id is None]
    if assignee_type == "assigned":
        return [c for c in rows if c.assignee_id is not None]
    return rows


def _sorted(rows: list[Conversation], sort_by: str | None) -> list[Conversation]:
    key, descending = SORTS.get(sort_by or "", ("last_activity_at", True))
    if key == "priority":
        return sorted(
            rows, key=lambda c: (PRIORITY_RANK.get(c.priority, 0), c.last_activity_at), reverse=descending
        )
    return sorted(rows, key=lambda c: (getattr(c, key) or 0, c.id), reverse=descending)


async def list_conversations(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    rows = _find(ctx, account, params, member)  # an unknown status matches nothing, as the enum scope does
    meta = _counts(rows, member.user_id)
    rows = _sorted(
        _by_assignee(rows, to_string(params.get("assignee_type")), member.user_id),
        to_string(params.get("sort_by")),
    )
    page = max(to_int(params.get("page")) or 1, 1)
    payload = [conversation_json(ctx.store, c) for c in rows[(page - 1) * PER_PAGE : page * PER_PAGE]]
    return json_response({"data": {"meta": meta, "payload": payload}}, headers=ctx.response_headers)


async def conversations_meta(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    rows = _find(ctx, account, await ctx.params(), member)
    return json_response({"meta": _counts(rows, member.user_id)}, headers=ctx.response_headers)


async def filter_conversations(ctx: RequestContext) -> Response:
    """{"meta": counts, "payload": [...]} without the `data` wrapper; errors 422 {"error": ...}."""
    account, member = account_member(ctx)
    params = await ctx.params()
    if "payload" not in params:
        raise ParameterMissing("payload")
    rows = ConversationFilter(ctx.store, account.id).run_on(
        parse_conditions(params.get("payload")), ctx.store.conversations.visible_to(member)
    )
    meta = _counts(rows, member.user_id)
    page = max(to_int(params.get("page")) or 1, 1)
    rows = _sorted(rows, None)[(page - 1) * PER_PAGE : page * PER_PAGE]
    payload = [conversation_json(ctx.store, c) for c in rows]
    return json_response({"meta": meta, "payload": payload}, headers=ctx.response_headers)


async def show_conversation(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    return conversation_payload(ctx, conversation)


def _initial_status(
    ctx: RequestContext, account: Account, inbox_id: int, contact_blocked: bool, wanted: str | None
) -> str:
    """determine_conversation_status: resolved for a blocked contact, pending with an inbox bot."""
    if contact_blocked:
        return "resolved"
    if inbox_id in account.bot_inboxes:
        return "pending"
    return wanted or "open"


async def create_conversation(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    params = await ctx.params()
    store = ctx.store
    source_id = to_string(permit(params, "source_id").get("source_id"))
    if "inbox_id" in params or "contact_id" in params:
        inbox = find_or_404(account.inboxes.get(to_int(permit(params, "inbox_id").get("inbox_id")) or 0))
        contact = find_or_404(
            store.contacts.get(account.id, to_int(permit(params, "contact_id").get("contact_id")))
        )
    elif source_id:
        holder = next((ci for ci in account.contact_inboxes.values() if ci.source_id == source_id), None)
        holder = find_or_404(holder)
        inbox = find_or_404(account.inboxes.get(holder.inbox_id))
        contact = find_or_404(account.contacts.get(holder.contact_id))
    else:
        raise NotFound()
    if member is not None and not store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    status = to_string(permit(params, "status").get("status"))
    assignee_id = to_int(permit(params, "assignee_id").get("assignee_id"))
    errors = v.Errors()
    if status is not None and status not in STATUSES:
        errors.add("status", v.MSG_INCLUSION)
    errors.raise_if_any()
    snoozed_until = to_time(permit(params, "snoozed_until").get("snoozed_until"), "snoozed_until")
    link = store.contact_inboxes.find_or_create(contact, inbox, source_id)
    if inbox.settings.get("lock_to_single_conversation"):
        existing = [
            c for c in store.conversations.of_contact(account.id, contact.id) if c.contact_inbox_id == link.id
        ]
        if existing:
            return conversation_payload(ctx, existing[-1])
    conversation = store.conversations.create(
        account_id=account.id,
        inbox_id=inbox.id,
        contact_id=contact.id,
        contact_inbox_id=link.id,
        status=_initial_status(ctx, account, inbox.id, contact.blocked, status),
        assignee_id=assignee_id if assignee_id in account.members else None,
        additional_attributes=permit_hash(params, "additional_attributes"),
        custom_attributes=permit_hash(params, "custom_attributes"),
        snoozed_until=snoozed_until,
        performer_id=performer(member),
    )
    message = permit_hash(params, "message")
    if message and to_string(message.get("content")):
        sender = ("User", member.user_id) if member is not None else ("AgentBot", bot_id)
        store.messages.create(
            conversation,
            message_type=OUTGOING,
            content=to_string(message.get("content")),
            sender_type=sender[0],
            sender_id=sender[1],
            performer_id=performer(member),
        )
    return conversation_payload(ctx, conversation)


async def update_conversation(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    if "priority" in params:
        conversation_priority(ctx, conversation, params.get("priority"), member)
    additional = permit_hash(params, "additional_attributes")
    custom = permit_hash(params, "custom_attributes")
    if additional is not None or custom is not None:
        ctx.store.conversations.update_attributes(
            conversation, additional=additional, custom=custom, performer_id=performer(member)
        )
    return conversation_payload(ctx, conversation)


def conversation_priority(
    ctx: RequestContext, conversation: Conversation, raw: Any, member: AccountUser | None
) -> None:
    priority = None if raw in (None, "") else to_string(raw)
    if priority is not None and priority not in PRIORITIES:
        v.invalid("priority", v.MSG_INCLUSION)
    ctx.store.conversations.set_priority(conversation, priority, performer_id=performer(member))


async def toggle_status(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    status = to_string(permit(params, "status").get("status"))
    if status is None or status == "":
        # Conversation#toggle_status: open -> resolved, anything else -> open
        status = "resolved" if conversation.status == "open" else "open"
    if status not in STATUSES:
        v.invalid("status", v.MSG_INCLUSION)
    snoozed_until = to_time(permit(params, "snoozed_until").get("snoozed_until"), "snoozed_until")
    was_pending = conversation.status == "pending"
    ctx.store.conversations.set_status(
        conversation, status, snoozed_until=snoozed_until, performer_id=performer(member), bot_id=bot_id
    )
    if bot_id is not None and was_pending and status == "open":
        ctx.store.publish("conversation.bot_handoff", conversation=conversation, performer_id=None)
    body = {
        "meta": {},
        "payload": {
            "success": True,
            "conversation_id": conversation.display_id,
            "current_status": conversation.status,
            "snoozed_until": None if conversation.snoozed_until is None else int(conversation.snoozed_until),
        },
    }
    return json_response(body, headers=ctx.response_headers)


async def toggle_priority(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    conversation_priority(ctx, conversation, (await ctx.params()).get("priority"), member)
    return head_ok(ctx.response_headers)


async def toggle_typing_status(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    state = to_string(permit(params, "typing_status").get("typing_status"))
    if state in ("on", "off"):
        ctx.store.conversations.typing(
            conversation,
            state == "on",
            user_id=performer(member),
            bot_id=bot_id,
            is_private=bool(to_bool(permit(params, "is_private").get("is_private"))),
        )
    return head_ok(ctx.response_headers)


async def update_last_seen(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    ctx.store.conversations.mark_seen(conversation, member.user_id)
    return conversation_payload(ctx, conversation)


async def mark_unread(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    ctx.store.conversations.mark_unread(conversation)
    return conversation_payload(ctx, conversation)


async def mute(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    ctx.store.conversations.set_muted(conversation_of(ctx, account, member, None), True)
    return head_ok(ctx.response_headers)


async def unmute(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    ctx.store.conversations.set_muted(conversation_of(ctx, account, member, None), False)
    return head_ok(ctx.response_headers)


async def custom_attributes(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    values = permit_hash(await ctx.params(), "custom_attributes") or {}
    ctx.store.conversations.replace_custom_attributes(conversation, values, performer_id=performer(member))
    return json_response({"custom_attributes": conversation.custom_attributes}, headers=ctx.response_headers)


async def delete_conversation(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    require_administrator(member)
    ctx.store.conversations.delete(conversation)
    return head_ok(ctx.response_headers)


B = "/api/v1/accounts/{account_id:int}/conversations"
C = B + "/{conversation_id:int}"
routes = [
    Route("GET", B, list_conversations, "conversations.index"),
    Route("POST", B, create_conversation, "conversations.create"),
    Route("GET", B + "/meta", conversations_meta, "conversations.meta"),
    Route("POST", B + "/filter", filter_conversations, "conversations.filter"),
    Route("GET", C, show_conversation, "conversations.show"),
    Route("PATCH", C, update_conversation, "conversations.update"),
    Route("PUT", C, update_conversation, "conversations.update"),
    Route("DELETE", C, delete_conversation, "conversations.destroy"),
    Route("POST", C + "/toggle_status", toggle_status, "conversations.toggle_status"),
    Route("POST", C + "/toggle_priority", toggle_priority, "conversations.toggle_priority"),
    Route("POST", C + "/toggle_typing_status", toggle_typing_status, "conversations.toggle_typing_status"),
    Route("POST", C + "/update_last_seen", update_last_seen, "conversations.update_last_seen"),
    Route("POST", C + "/unread", mark_unread, "conversations.unread"),
    Route("POST", C + "/mute", mute, "conversations.mute"),
    Route("POST", C + "/unmute", unmute, "conversations.unmute"),
    Route("POST", C + "/custom_attributes", custom_attributes, "conversations.custom_attributes"),
]
