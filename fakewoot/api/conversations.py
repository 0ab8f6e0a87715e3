"""/api/v1/accounts/:account_id/conversations: list, meta, show, create, update, toggle_status,
toggle_priority, toggle_typing_status, update_last_seen, unread, mute, unmute, custom_attributes,
destroy. Addressed by display_id.

Source: app/controllers/api/v1/accounts/conversations_controller.rb, app/finders/conversation_finder.rb,
app/builders/conversation_builder.rb, app/policies/conversation_policy.rb
(reference inboxes-conversations-messages.md 3). Agents see their inboxes' conversations (401 for
another inbox's); agent bots may call what BOT_ACCESSIBLE_ENDPOINTS allows.
"""

from __future__ import annotations

import re
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of, conversation_payload, performer
from fakewoot.api.members import account_caller, account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_bool, to_int, to_string, to_time
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, ParameterMissing, Unauthorized
from fakewoot.serializers._common import iso8601
from fakewoot.serializers.agents import agent_json
from fakewoot.serializers.conversations import conversation_json, search_conversation_json
from fakewoot.serializers.messages import attachment_json, sender_push_data
from fakewoot.store import validation as v
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.contact_filters import parse_conditions
from fakewoot.store.contact_inboxes import MSG_SOURCE_ID_TAKEN
from fakewoot.store.conversation_filters import ConversationFilter
from fakewoot.store.conversations import PRIORITIES, STATUSES, Conversation, validate_jsonb
from fakewoot.store.messages import INCOMING, OUTGOING, Message

PER_PAGE = 25
ATTACHMENTS_PER_PAGE = 100
ATTACHMENT_KEYS = (
    "message_id",
    "thumb_url",
    "data_url",
    "file_size",
    "file_type",
    "extension",
    "width",
    "height",
)
MSG_EMAIL_MISSING = "email param missing"
TRANSCRIPT_MAIL = "conversation_transcript"
RENAMABLE = ("Channel::Email", "Channel::Sms", "Channel::Whatsapp")  # ContactInboxBuilder renames the holder
# ConversationFinder::SORT_OPTIONS: sort_by -> (SortHandler scope, direction); an unknown value sorts
# as last_activity_at_desc
SORTS = {
    "last_activity_at_asc": ("last_activity_at", False),
    "last_activity_at_desc": ("last_activity_at", True),
    "created_at_asc": ("created_at", False),
    "created_at_desc": ("created_at", True),
    "priority_asc": ("priority", False),
    "priority_desc": ("priority", True),
    "waiting_since_asc": ("waiting_since", False),
    "waiting_since_desc": ("waiting_since", True),
    "latest": ("last_activity_at", True),
    "sort_on_created_at": ("created_at", False),
    "sort_on_priority": ("priority", True),
    "sort_on_waiting_since": ("waiting_since", False),
}
PRIORITY_RANK = {"low": 0, "medium": 1, "high": 2, "urgent": 3}  # the enum's integers
MENTION_RE = re.compile(r"\(mention://user/(\d+)/(.+?)\)")


def _values(raw: Any) -> list[str]:
    """A Rails `where(column: param)` value as strings: a scalar or an array of scalars."""
    items = raw if isinstance(raw, list) else [raw]
    return [str(x) for x in items if isinstance(x, (str, int, float)) and not isinstance(x, bool)]


def _mentioned(ctx: RequestContext, account: Account, conversation: Conversation, user_id: int) -> bool:
    """A Mention of the user: a private note naming `(mention://user/<id>/...)`, the user being an
    administrator or a member of the inbox (Messages::MentionService)."""
    member = account.members.get(user_id)
    inbox = account.inboxes.get(conversation.inbox_id)
    if member is None or not (member.administrator or (inbox is not None and user_id in inbox.members)):
        return False
    for message_id in conversation.message_ids:
        message = account.messages.get(message_id)
        if message is None or not message.private or not message.content:
            continue
        if any(int(found) == user_id for found, _ in MENTION_RE.findall(message.content)):
            return True
    return False


def _find(
    ctx: RequestContext, account: Account, params: dict[str, Any], member: AccountUser
) -> list[Conversation]:
    """ConversationFinder#set_up: inbox (within the caller's inboxes), permission, conversation_type,
    status (skipped with `q`), team, labels, q, source_id. Each parameter counts when present, even
    blank, as `if params[:x]` does in Ruby."""
    store = ctx.store
    team = None
    if "team_id" in params:  # current_account.teams.find: an unknown team is a 404
        raw = params.get("team_id")
        team_id = _ruby_to_i(raw) if isinstance(raw, (str, int)) else None  # the id is cast with to_i
        team = find_or_404(store.teams.get(account.id, team_id))
    rows = store.conversations.visible_to(member)  # PermissionFilterService
    if "inbox_id" in params:
        wanted = set(_values(params.get("inbox_id")))
        rows = [c for c in rows if str(c.inbox_id) in wanted]
    kind = params.get("conversation_type")
    if kind == "mention":
        rows = [c for c in rows if _mentioned(ctx, account, c, member.user_id)]
    elif kind == "participating":
        # current_user.participating_conversations in the account: no inbox or permission filter;
        # participants are the assignees (ParticipationListener) and the mentioned users (MentionService)
        rows = [
            c
            for c in account.conversations.values()
            if member.user_id in c.participant_ids or _mentioned(ctx, account, c, member.user_id)
        ]
    elif kind == "unattended":
        rows = [c for c in rows if c.first_reply_created_at is None or c.waiting_since is not None]
    if "q" not in params and params.get("status") != "all":
        status = params.get("status", "open")
        rows = [c for c in rows if c.status == status]  # an unknown or blank status matches nothing
    if team is not None:
        rows = [c for c in rows if c.team_id == team.id]
    if "labels" in params:
        raw = params.get("labels")
        names = [n.strip() for v in _values(raw) for n in v.split(",")]  # ActsAsTaggableOn's parser
        wanted_labels = {n for n in names if n}
        rows = [c for c in rows if wanted_labels & set(c.labels)]  # tagged_with(any: true); none when empty
    if "q" in params:
        rows = [c for c in rows if _matching_messages(account, c, params.get("q"))]
    if "source_id" in params:
        sources = set(_values(params.get("source_id")))
        rows = [
            c
            for c in rows
            if (link := account.contact_inboxes.get(c.contact_inbox_id or 0)) is not None
            and link.source_id in sources
        ]
    return rows


def _matching_messages(account: Account, conversation: Conversation, query: Any) -> list[Message]:
    """The incoming and outgoing messages whose content contains `q`, case-insensitively (ILIKE)."""
    needle = ("" if query is None else str(query) if not isinstance(query, (dict, list)) else "").lower()
    found = []
    for message_id in conversation.message_ids:
        message = account.messages.get(message_id)
        if (
            message is not None
            and message.message_type in (INCOMING, OUTGOING)
            and message.content is not None
            and needle in message.content.lower()
        ):
            found.append(message)
    return found


def _counts(rows: list[Conversation], user_id: int) -> dict[str, int]:
    unassigned = sum(1 for c in rows if c.assignee_id is None)
    return {
        "mine_count": sum(1 for c in rows if c.assignee_id == user_id),
        "assigned_count": len(rows) - unassigned,
        "unassigned_count": unassigned,
        "all_count": len(rows),
    }


def _by_assignee(rows: list[Conversation], assignee_type: Any, user_id: int) -> list[Conversation]:
    if assignee_type == "me":
        return [c for c in rows if c.assignee_id == user_id]
    if assignee_type == "unassigned":
        return [c for c in rows if c.assignee_id is None]
    if assignee_type == "assigned":
        return [c for c in rows if c.assignee_id is not None]
    return rows


def _sorted(rows: list[Conversation], sort_by: Any) -> list[Conversation]:
    """SortHandler: priority sorts NULLS LAST then by last_activity_at DESC; waiting_since NULLS LAST
    then by created_at ASC; the id settles the remaining ties."""
    key, descending = SORTS.get(sort_by if isinstance(sort_by, str) else "", SORTS["last_activity_at_desc"])
    sign = -1 if descending else 1
    if key == "priority":
        return sorted(
            rows,
            key=lambda c: (
                c.priority is None,
                sign * PRIORITY_RANK.get(c.priority or "", 0),
                -c.last_activity_at,
                c.id,
            ),
        )
    if key == "waiting_since":
        return sorted(
            rows, key=lambda c: (c.waiting_since is None, sign * (c.waiting_since or 0), c.created_at, c.id)
        )
    return sorted(rows, key=lambda c: (sign * getattr(c, key), c.id))


def _page(ctx: RequestContext, rows: list[Conversation], params: dict[str, Any]) -> list[Conversation]:
    """ConversationFinder#conversations: `updated_within` (seconds) replaces paging by a window."""
    rows = _sorted(rows, params.get("sort_by"))
    if params.get("updated_within") not in (None, ""):
        since = ctx.store.clock.now() - _ruby_to_i(params.get("updated_within"))
        return [c for c in rows if c.updated_at > since]
    page = max(_ruby_to_i(params.get("page")) or 1, 1)
    return rows[(page - 1) * PER_PAGE : page * PER_PAGE]


def _ruby_to_i(value: Any) -> int:
    """String#to_i: the leading integer, 0 when there is none."""
    if isinstance(value, bool) or value is None:
        return 0
    if isinstance(value, (int, float)):
        return int(value) if abs(value) < 1e18 else 0
    found = re.match(r"\s*([-+]?\d+)", str(value)) if isinstance(value, str) else None
    return int(found.group(1)) if found else 0


async def list_conversations(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    params = await ctx.params()
    rows = _find(ctx, account, params, member)
    meta = _counts(rows, member.user_id)
    rows = _page(ctx, _by_assignee(rows, params.get("assignee_type"), member.user_id), params)
    payload = [conversation_json(ctx.store, c, member.user_id) for c in rows]
    return json_response({"data": {"meta": meta, "payload": payload}}, headers=ctx.response_headers)


async def conversations_meta(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    rows = _find(ctx, account, await ctx.params(), member)
    return json_response({"meta": _counts(rows, member.user_id)}, headers=ctx.response_headers)


def _short_meta(counts: dict[str, int]) -> dict[str, int]:
    """search.json and filter.json: mine, unassigned and all counts (no assigned_count)."""
    return {key: counts[key] for key in ("mine_count", "unassigned_count", "all_count")}


async def search_conversations(ctx: RequestContext) -> Response:
    """GET /conversations/search: the finder, rendered by api/v1/models/_conversation (the matching
    messages only, as the eager load with the ILIKE condition keeps)."""
    account, member = account_member(ctx)
    params = await ctx.params()
    store = ctx.store
    rows = _find(ctx, account, params, member)
    meta = _short_meta(_counts(rows, member.user_id))
    rows = _page(ctx, _by_assignee(rows, params.get("assignee_type"), member.user_id), params)
    payload = []
    for conversation in rows:
        contact = account.contacts.get(conversation.contact_id)
        inbox = account.inboxes.get(conversation.inbox_id)
        messages = (
            _matching_messages(account, conversation, params.get("q"))
            if "q" in params
            else [m for i in conversation.message_ids if (m := account.messages.get(i)) is not None]
        )
        payload.append(search_conversation_json(store, conversation, contact, inbox, messages))
    return json_response({"meta": meta, "payload": payload}, headers=ctx.response_headers)


async def filter_conversations(ctx: RequestContext) -> Response:
    """{"meta": counts, "payload": [...]} without the `data` wrapper; errors 422 {"error": ...}."""
    account, member = account_member(ctx)
    params = await ctx.params()
    if "payload" not in params:
        raise ParameterMissing("payload")
    rows = ConversationFilter(ctx.store, account.id).run_on(
        parse_conditions(params.get("payload")), ctx.store.conversations.visible_to(member)
    )
    meta = _short_meta(_counts(rows, member.user_id))
    page = max(_ruby_to_i(params.get("page")) or 1, 1)
    rows = _sorted(rows, None)[(page - 1) * PER_PAGE : page * PER_PAGE]
    payload = [conversation_json(ctx.store, c, member.user_id) for c in rows]
    return json_response({"meta": meta, "payload": payload}, headers=ctx.response_headers)


async def show_conversation(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    return conversation_payload(ctx, conversation, performer(member))


async def create_conversation(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    params = await ctx.params()
    store = ctx.store
    source_id = to_string(permit(params, "source_id").get("source_id"))
    # before_action inbox (found and authorised), contact, contact_inbox
    inbox = contact = None
    if params.get("inbox_id") not in (None, ""):
        inbox = find_or_404(account.inboxes.get(to_int(permit(params, "inbox_id").get("inbox_id")) or 0))
        if member is not None and not store.inboxes.can_see(member, inbox):
            raise Unauthorized()
    if params.get("contact_id") not in (None, ""):
        contact = find_or_404(
            store.contacts.get(account.id, to_int(permit(params, "contact_id").get("contact_id")))
        )
    if inbox is not None and contact is not None:
        # ContactInboxBuilder: a source_id another contact holds in the inbox is RecordNotUnique
        held = None if not source_id else store.contact_inboxes.holder(account.id, inbox.id, source_id)
        if held is not None and held.contact_id != contact.id and inbox.channel_type not in RENAMABLE:
            raise CouldNotCreate(MSG_SOURCE_ID_TAKEN)
        link = None  # found or created once the parameters are valid
    else:
        # the fallback: the contact inbox holding source_id (any inbox of the account)
        link = find_or_404(
            None
            if not source_id
            else next((ci for ci in account.contact_inboxes.values() if ci.source_id == source_id), None)
        )
        inbox = find_or_404(account.inboxes.get(link.inbox_id))
        contact = find_or_404(account.contacts.get(link.contact_id))
    if member is not None and not store.inboxes.can_see(member, inbox):
        raise Unauthorized()
    status = to_string(permit(params, "status").get("status"))
    assignee_id = to_int(permit(params, "assignee_id").get("assignee_id"))
    team_id = to_int(permit(params, "team_id").get("team_id"))
    errors = v.Errors()
    if status is not None and status not in STATUSES:
        errors.add("status", v.MSG_INCLUSION)
    errors.raise_if_any()
    snoozed_until = to_time(permit(params, "snoozed_until").get("snoozed_until"), "snoozed_until")
    additional = permit_hash(params, "additional_attributes")
    custom = permit_hash(params, "custom_attributes")
    # the create runs in one transaction upstream: a refused conversation leaves no contact inbox
    validate_jsonb(additional or {}, custom or {})
    if link is None:
        link = store.contact_inboxes.find_or_create(contact, inbox, source_id)
    if inbox.settings.get("lock_to_single_conversation"):
        existing = [
            c for c in store.conversations.of_contact(account.id, contact.id) if c.contact_inbox_id == link.id
        ]
        if existing:
            return conversation_payload(ctx, existing[-1], performer(member))
    conversation = store.conversations.create(
        account_id=account.id,
        inbox_id=inbox.id,
        contact_id=contact.id,
        contact_inbox_id=link.id,
        status=store.conversations.initial_status(account.id, inbox.id, contact, status),
        assignee_id=assignee_id if assignee_id in account.members else None,
        team_id=team_id,  # no foreign key: an unknown id is kept (conversation.team is then nil)
        additional_attributes=additional,
        custom_attributes=custom,
        snoozed_until=snoozed_until,
        performer_id=performer(member),
        bot_id=bot_id,
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
    return conversation_payload(ctx, conversation, performer(member))


async def update_conversation(ctx: RequestContext) -> Response:
    """update!(params.permit(:priority)): priority is the only attribute this endpoint writes."""
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    if "priority" in params:
        conversation_priority(ctx, conversation, params.get("priority"), member, bot_id)
    return conversation_payload(ctx, conversation, performer(member))


def conversation_priority(
    ctx: RequestContext, conversation: Conversation, raw: Any, member: AccountUser | None, bot_id: int | None
) -> None:
    priority = None if raw in (None, "") else to_string(raw)
    if priority is not None and priority not in PRIORITIES:
        v.invalid("priority", v.MSG_INCLUSION)
    ctx.store.conversations.set_priority(
        conversation, priority, performer_id=performer(member), bot_id=bot_id
    )


async def toggle_status(ctx: RequestContext) -> Response:
    """A bot opening a pending conversation hands it off (`success` null: @status is never set);
    a `status` sets it (with `snoozed_until` when given); none toggles. An agent (not an
    administrator) whose action leaves the conversation open becomes its assignee."""
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    params = await ctx.params()
    store = ctx.store
    status = to_string(permit(params, "status").get("status"))
    success: bool | None = True
    if status not in (None, "") and status not in STATUSES:
        v.invalid("status", v.MSG_INCLUSION)
    if bot_id is not None and conversation.status == "pending" and status == "open":
        store.conversations.set_status(conversation, "open", bot_id=bot_id)  # bot_handoff!
        store.publish("conversation.bot_handoff", conversation=conversation, performer_id=None)
        success = None
    else:
        snoozed_until = conversation.snoozed_until
        if status in (None, ""):
            # Conversation#toggle_status: open -> resolved, anything else -> open
            status = "resolved" if conversation.status == "open" else "open"
        elif params.get("snoozed_until") is not None:  # `if params[:snoozed_until]`
            snoozed_until = to_time(permit(params, "snoozed_until").get("snoozed_until"), "snoozed_until")
        store.conversations.set_status(
            conversation, status, snoozed_until=snoozed_until, performer_id=performer(member), bot_id=bot_id
        )
    if conversation.status == "open" and member is not None and not member.administrator:
        store.conversations.assign(conversation, member.user_id, member.user_id)  # assign_conversation
    body = {
        "payload": {
            "success": success,
            "conversation_id": conversation.display_id,
            "current_status": conversation.status,
            "snoozed_until": iso8601(conversation.snoozed_until),
        },
    }
    return json_response(body, headers=ctx.response_headers)


async def toggle_priority(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    conversation_priority(ctx, conversation, (await ctx.params()).get("priority"), member, bot_id)
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
    return conversation_payload(ctx, conversation, performer(member))


async def mark_unread(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    ctx.store.conversations.mark_unread(conversation)
    return conversation_payload(ctx, conversation, performer(member))


async def mute(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    ctx.store.conversations.mute(conversation_of(ctx, account, member, None), member.user_id)
    return head_ok(ctx.response_headers)


async def unmute(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    ctx.store.conversations.unmute(conversation_of(ctx, account, member, None), member.user_id)
    return head_ok(ctx.response_headers)


async def transcript(ctx: RequestContext) -> Response:
    """ConversationReplyMailer#conversation_transcript to `email`; a blank email is a 422."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    email = (await ctx.params()).get("email")
    if not isinstance(email, str) or not email.strip():
        raise ApiError({"error": MSG_EMAIL_MISSING}, 422)
    ctx.store.mailer.deliver(
        TRANSCRIPT_MAIL, email, conversation_id=conversation.display_id, account_id=account.id
    )
    return head_ok(ctx.response_headers)


async def attachments(ctx: RequestContext) -> Response:
    """The conversation's attachments, newest message first, 100 a page (ATTACHMENT_RESULTS_PER_PAGE):
    attachments.json.jbuilder."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    params = await ctx.params()
    rows: list[tuple[Message, dict[str, Any]]] = []
    for message_id in conversation.message_ids:
        message = account.messages.get(message_id)
        if message is not None:
            rows.extend((message, attachment) for attachment in message.attachments or [])
    rows.sort(key=lambda row: (-row[0].created_at, -int(row[1]["id"])))
    page = max(_ruby_to_i(params.get("page")) or 1, 1)
    payload = []
    for message, attachment in rows[(page - 1) * ATTACHMENTS_PER_PAGE : page * ATTACHMENTS_PER_PAGE]:
        data = attachment_json(attachment)
        item = {key: data[key] for key in ATTACHMENT_KEYS}
        item["created_at"] = int(message.created_at)
        sender = sender_push_data(ctx.store, message)
        if sender is not None:
            item["sender"] = sender
        payload.append(item)
    body = {"meta": {"total_count": len(rows)}, "payload": payload}
    return json_response(body, headers=ctx.response_headers)


def _user_ids(params: dict[str, Any]) -> list[int]:
    """params[:user_ids] as integers (Rails compares them with the integer participant ids after the
    finder casts them); a missing or non-list value is refused, where Rails fails on nil."""
    raw = params.get("user_ids")
    if not isinstance(raw, list):
        raise ParameterMissing("user_ids")
    found = [
        _ruby_to_i(value) for value in raw if isinstance(value, (str, int)) and not isinstance(value, bool)
    ]
    return list(dict.fromkeys(found))


def _participants_json(ctx: RequestContext, account: Account, user_ids: list[int]) -> list[dict[str, Any]]:
    """participants/show.json.jbuilder: the agent partial of each participant's user."""
    found = []
    for user_id in user_ids:
        user = ctx.store.users.get(user_id)
        member = account.members.get(user_id)
        if user is not None and member is not None:
            found.append(agent_json(ctx.store, user, member))
    return found


async def show_participants(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    body = _participants_json(ctx, account, conversation.participant_ids)
    return json_response(body, headers=ctx.response_headers)


async def create_participants(ctx: RequestContext) -> Response:
    """The requested users not yet participants are added; the answer lists those (a user without
    inbox access is rendered too, though find_or_create_by could not save them)."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    wanted = [u for u in _user_ids(await ctx.params()) if u not in conversation.participant_ids]
    ctx.store.conversations.add_participants(conversation, wanted)
    return json_response(_participants_json(ctx, account, wanted), headers=ctx.response_headers)


async def update_participants(ctx: RequestContext) -> Response:
    """The participants become the list: the missing ones added, the others removed; show's answer."""
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    wanted = _user_ids(await ctx.params())
    store = ctx.store
    current = list(conversation.participant_ids)
    store.conversations.add_participants(conversation, [u for u in wanted if u not in current])
    store.conversations.remove_participants(conversation, [u for u in current if u not in wanted])
    body = _participants_json(ctx, account, conversation.participant_ids)
    return json_response(body, headers=ctx.response_headers)


async def delete_participants(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    conversation = conversation_of(ctx, account, member, None)
    ctx.store.conversations.remove_participants(conversation, _user_ids(await ctx.params()))
    return head_ok(ctx.response_headers)


async def custom_attributes(ctx: RequestContext) -> Response:
    account, member, bot_id = account_caller(ctx, bot_accessible=True)
    conversation = conversation_of(ctx, account, member, bot_id)
    values = permit_hash(await ctx.params(), "custom_attributes") or {}
    ctx.store.conversations.replace_custom_attributes(
        conversation, values, performer_id=performer(member), bot_id=bot_id
    )
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
    Route("GET", B + "/search", search_conversations, "conversations.search"),
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
    Route("POST", C + "/transcript", transcript, "conversations.transcript"),
    Route("GET", C + "/attachments", attachments, "conversations.attachments"),
    Route("GET", C + "/participants", show_participants, "conversations/participants.show"),
    Route("POST", C + "/participants", create_participants, "conversations/participants.create"),
    Route("PATCH", C + "/participants", update_participants, "conversations/participants.update"),
    Route("PUT", C + "/participants", update_participants, "conversations/participants.update"),
    Route("DELETE", C + "/participants", delete_participants, "conversations/participants.destroy"),
]
