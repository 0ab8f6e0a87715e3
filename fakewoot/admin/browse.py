"""/_fakewoot/browse/...: read-only, paginated lists of the fake's records for the console
(fakewoot's own compact shape, not Chatwoot's wire shape), newest first, one page at a time:
a page costs what it shows, never a scan of a whole table (100,000 contacts included).

GET /_fakewoot/browse/accounts                              ?page=1&per_page=25 (1..100)
GET /_fakewoot/browse/users                                 users with their access tokens and roles
GET /_fakewoot/browse/accounts/{id}/inboxes
GET /_fakewoot/browse/accounts/{id}/contacts                ?q= (name, email, phone or identifier contains;
                                                            counted through the global search's text index)
GET /_fakewoot/browse/accounts/{id}/conversations           ?status=open|resolved|pending|snoozed
GET /_fakewoot/browse/accounts/{id}/{inboxes|contacts|conversations}/{id}
                                                            one record with every field (conversations: with
                                                            their last messages)
GET /_fakewoot/credentials                                  tokens to copy: users, agent bots, platform apps

A page: {"page", "per_page", "total" (null when counting would scan the table), "more", "rows"}.
Out-of-range page or per_page: 422 {"error"}; an unknown account or record: 404.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from fakewoot.admin.dump import _plain
from fakewoot.api.context import RequestContext
from fakewoot.api.params import to_int
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError, RailsDefault
from fakewoot.serializers._common import iso8601
from fakewoot.store.accounts import Account
from fakewoot.store.contacts import Contact
from fakewoot.store.conversations import Conversation
from fakewoot.store.inboxes import Inbox
from fakewoot.store.search import SearchIndex
from fakewoot.store.users import User, check_password

PER_PAGE = 25
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
LAST_MESSAGES = 20  # messages a conversation's detail shows, newest last
# The password every built-in fixture set gives its users: the console shows it where it still works.
DEFAULT_PASSWORD = "Password1!"
MSG_PAGE = f"page must be a whole number between 1 and {MAX_PAGE}"
MSG_PER_PAGE = f"per_page must be a whole number between 1 and {MAX_PER_PAGE}"

R = TypeVar("R")


def _bad(message: str) -> ApiError:
    return ApiError({"error": message}, 422)


def _bounded(ctx: RequestContext, name: str, default: int, top: int, message: str) -> int:
    raw = ctx.request.query_params.get(name)
    if raw is None or raw == "":
        return default
    value = to_int(raw) if raw.strip().lstrip("+").isdigit() else None
    if value is None or not 1 <= value <= top:
        raise _bad(message)
    return value


def _page(
    ctx: RequestContext, rows: Iterable[R], total: int | None, shape: Callable[[R], dict[str, Any]]
) -> Response:
    page = _bounded(ctx, "page", 1, MAX_PAGE, MSG_PAGE)
    per_page = _bounded(ctx, "per_page", PER_PAGE, MAX_PER_PAGE, MSG_PER_PAGE)
    start = (page - 1) * per_page
    window = list(islice(rows, start, start + per_page + 1))  # one more: is there a next page?
    body = {
        "page": page,
        "per_page": per_page,
        "total": total,
        "more": len(window) > per_page,
        "rows": [shape(row) for row in window[:per_page]],
    }
    return json_response(body)


def _when(value: float | None) -> str | None:
    return None if value is None else iso8601(value)


def _account(ctx: RequestContext) -> Account:
    account = ctx.store.state.accounts.get(ctx.path_params["account_id"] or 0)
    if account is None:
        raise RailsDefault(404)
    return account


def account_row(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "name": account.name,
        "locale": account.locale,
        "status": account.status,
        "created_at": iso8601(account.created_at),
        "users": len(account.members),
        "inboxes": len(account.inboxes),
        "contacts": len(account.contacts),
        "conversations": len(account.conversations),
    }


def user_row(ctx: RequestContext, user: User) -> dict[str, Any]:
    token = ctx.store.access_tokens.of("User", user.id)
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "type": user.type,
        "access_token": None if token is None else token.token,
        "password": DEFAULT_PASSWORD if check_password(user, DEFAULT_PASSWORD) else None,
        "confirmed": user.confirmed,
        "accounts": [
            {"account_id": m.account_id, "role": m.role} for m in ctx.store.account_users.of_user(user.id)
        ],
    }


def inbox_row(ctx: RequestContext, inbox: Inbox) -> dict[str, Any]:
    account = ctx.store.state.accounts[inbox.account_id]
    return {
        "id": inbox.id,
        "name": inbox.name,
        "channel_type": inbox.channel_type,
        "members": list(inbox.members),
        "agent_bot_id": account.bot_inboxes.get(inbox.id),
        "created_at": iso8601(inbox.created_at),
    }


def contact_row(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": contact.name,
        "email": contact.email,
        "phone_number": contact.phone_number,
        "identifier": contact.identifier,
        "created_at": iso8601(contact.created_at),
        "last_activity_at": _when(contact.last_activity_at),
    }


def conversation_row(account: Account, conversation: Conversation) -> dict[str, Any]:
    contact = account.contacts.get(conversation.contact_id)
    return {
        "id": conversation.id,
        "display_id": conversation.display_id,
        "status": conversation.status,
        "inbox_id": conversation.inbox_id,
        "contact_id": conversation.contact_id,
        "contact_name": None if contact is None else contact.name,
        "assignee_id": conversation.assignee_id,
        "team_id": conversation.team_id,
        "labels": list(conversation.labels),
        "messages": len(conversation.message_ids),
        "last_activity_at": iso8601(conversation.last_activity_at),
    }


def _contact_matches(q: str) -> Callable[[Contact], bool]:
    needle = q.lower()

    def match(contact: Contact) -> bool:
        return any(
            value is not None and needle in value.lower()
            for value in (contact.name, contact.email, contact.phone_number, contact.identifier)
        )

    return match


async def list_accounts(ctx: RequestContext) -> Response:
    accounts = ctx.store.state.accounts
    return _page(ctx, reversed(accounts.values()), len(accounts), account_row)


async def list_users(ctx: RequestContext) -> Response:
    users = ctx.store.state.users
    return _page(ctx, reversed(users.rows.values()), len(users), lambda u: user_row(ctx, u))


async def list_inboxes(ctx: RequestContext) -> Response:
    inboxes = _account(ctx).inboxes
    return _page(ctx, reversed(inboxes.rows.values()), len(inboxes), lambda i: inbox_row(ctx, i))


async def list_contacts(ctx: RequestContext) -> Response:
    account = _account(ctx)
    contacts = account.contacts
    rows: Iterator[Contact] = reversed(contacts.rows.values())
    q = (ctx.request.query_params.get("q") or "").strip()
    if not q:
        return _page(ctx, rows, len(contacts), contact_row)
    if SearchIndex.usable(q):  # the global search's text index: one str.find over the account
        found = [c for c in ctx.store.search_index.contacts(account, q) if _contact_matches(q)(c)]
        return _page(ctx, reversed(found), len(found), contact_row)
    return _page(ctx, filter(_contact_matches(q), rows), None, contact_row)


async def list_conversations(ctx: RequestContext) -> Response:
    account = _account(ctx)
    conversations = account.conversations
    rows: Iterator[Conversation] = reversed(conversations.rows.values())
    status = ctx.request.query_params.get("status")

    def shape(conversation: Conversation) -> dict[str, Any]:
        return conversation_row(account, conversation)

    if not status:
        return _page(ctx, rows, len(conversations), shape)
    return _page(ctx, (c for c in rows if c.status == status), None, shape)


def _show(ctx: RequestContext, table_name: str) -> Response:
    account = _account(ctx)
    record = getattr(account, table_name).get(ctx.path_params["id"] or 0)
    if record is None:
        raise RailsDefault(404)
    body = _plain(record)
    if isinstance(record, Conversation):
        recent = record.message_ids[-LAST_MESSAGES:]
        body["last_messages"] = [_plain(m) for m in (account.messages.get(i) for i in recent) if m]
    return json_response(body)


async def show_inbox(ctx: RequestContext) -> Response:
    return _show(ctx, "inboxes")


async def show_contact(ctx: RequestContext) -> Response:
    return _show(ctx, "contacts")


async def show_conversation(ctx: RequestContext) -> Response:
    return _show(ctx, "conversations")


async def credentials(ctx: RequestContext) -> Response:
    """Every token the fake accepts, to copy: users (first page), agent bots and platform apps."""
    state = ctx.store.state
    tokens = ctx.store.access_tokens
    users = list(islice(state.users.values(), MAX_PER_PAGE))

    def token_of(kind: Any, owner_id: int) -> str | None:
        found = tokens.of(kind, owner_id)
        return None if found is None else found.token

    body = {
        "users": [user_row(ctx, user) for user in users],
        "more_users": len(state.users) > len(users),
        "agent_bots": [
            {"id": b.id, "name": b.name, "access_token": token_of("AgentBot", b.id)}
            for b in state.agent_bots.values()
        ],
        "platform_apps": [
            {"id": a.id, "name": a.name, "access_token": token_of("PlatformApp", a.id)}
            for a in state.platform_apps.values()
        ],
    }
    return json_response(body)


B = "/_fakewoot/browse"
A = B + "/accounts/{account_id:int}"
routes = [
    Route("GET", B + "/accounts", list_accounts, "fakewoot.browse.accounts"),
    Route("GET", B + "/users", list_users, "fakewoot.browse.users"),
    Route("GET", A + "/inboxes", list_inboxes, "fakewoot.browse.inboxes"),
    Route("GET", A + "/contacts", list_contacts, "fakewoot.browse.contacts"),
    Route("GET", A + "/conversations", list_conversations, "fakewoot.browse.conversations"),
    Route("GET", A + "/inboxes/{id:int}", show_inbox, "fakewoot.browse.inboxes.show"),
    Route("GET", A + "/contacts/{id:int}", show_contact, "fakewoot.browse.contacts.show"),
    Route("GET", A + "/conversations/{id:int}", show_conversation, "fakewoot.browse.conversations.show"),
    Route("GET", "/_fakewoot/credentials", credentials, "fakewoot.credentials"),
]
