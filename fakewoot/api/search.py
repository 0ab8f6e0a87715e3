"""/api/v1/accounts/:account_id/search and its collection routes conversations, contacts, messages and
articles (config/routes.rb: `resources :search, only: [:index]` with four collection GETs).

Source at v4.10: app/controllers/api/v1/accounts/search_controller.rb (no policy: every member of the
account; bots are refused, the controller is not bot-accessible), app/services/search_service.rb
(fakewoot/store/search.py), app/views/api/v1/accounts/search/*. Each answer is
`{"payload": {<kind>: [...]}}`; the index answers conversations, contacts, messages and articles, in
that order. Where Chatwoot would crash (a 500) fakewoot answers a 422 `{"error": ...}`:
- a matching conversation without any message (the result partial reads `nil.id`);
- with `search_with_gin`, a query holding to_tsquery syntax (PG::SyntaxError);
- `page`, `since`, `until` or `inbox_id` sent as an array or hash (`to_i` on them).
An array or hash `q` is searched as Ruby's `to_s` renders it (`["a", "b"]`, `{"k" => "v"}`).
"""

from __future__ import annotations

from typing import Any

import orjson

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member
from fakewoot.api.params import to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.errors import ApiError
from fakewoot.serializers.messages import message_json
from fakewoot.serializers.search import contact_json, conversation_result_json
from fakewoot.serializers.search_articles import article_result_json
from fakewoot.store.account_users import AccountUser
from fakewoot.store.accounts import Account
from fakewoot.store.search import RUBY_STRIP, Search, SearchParams, TsquerySyntaxError, parse_sender
from fakewoot.store.validation import present

MSG_NIL_MESSAGE = "undefined method 'id' for nil"
MSG_TSQUERY_SYNTAX = "syntax error in tsquery"
MSG_BAD_PARAM = "undefined method 'to_i' for an instance of {kind}"

_A = "/api/v1/accounts/{account_id:int}/search"


class SearchCrash(ApiError):
    """A 422 `{"error": ...}` where Chatwoot answers 500."""

    status = 422

    def __init__(self, message: str) -> None:
        super().__init__({"error": message})


def _integer(params: dict[str, Any], key: str) -> int | None:
    """`params[key].to_i` when present (Ruby String#to_i: junk reads 0)."""
    raw = params.get(key)
    if not present(raw):
        return None
    if isinstance(raw, (dict, list)):
        kind = "Array" if isinstance(raw, list) else "ActionController::Parameters"
        raise SearchCrash(MSG_BAD_PARAM.format(kind=kind))
    return to_int(raw) or 0


def _ruby_to_s(value: Any) -> str:
    """`to_s`: nil reads "", an array or hash its inspect form."""
    if isinstance(value, list):
        return "[" + ", ".join(_inspect(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_inspect(k)} => {_inspect(v)}" for k, v in value.items()) + "}"
    return to_string(value) or ""


def _inspect(value: Any) -> str:
    if isinstance(value, str):
        return orjson.dumps(value).decode()
    if value is None:
        return "nil"
    return _ruby_to_s(value)


def _params(account: Account, params: dict[str, Any]) -> SearchParams:
    raw_q = params.get("q")
    raw_page = params.get("page")
    page = 1 if raw_page is None else _integer(params, "page") or 1
    inbox_id = _integer(params, "inbox_id")
    return SearchParams(
        query=_ruby_to_s(raw_q).strip(RUBY_STRIP),
        page=max(page, 1),
        since=_integer(params, "since"),
        until=_integer(params, "until"),
        sender=parse_sender(params.get("from")),
        inbox_id=inbox_id or None,
    )


def _conversations(
    ctx: RequestContext, account: Account, member: AccountUser, params: SearchParams, *, with_attributes: bool
) -> list[dict[str, Any]]:
    out = []
    for conversation in Search(ctx.store).conversations(member, params):
        first = next(
            (m for i in conversation.message_ids if (m := account.messages.get(i)) is not None), None
        )
        if first is None:
            raise SearchCrash(MSG_NIL_MESSAGE)
        out.append(
            conversation_result_json(ctx.store, account, conversation, first, with_attributes=with_attributes)
        )
    return out


def _contacts(ctx: RequestContext, member: AccountUser, params: SearchParams) -> list[dict[str, Any]]:
    return [contact_json(c) for c in Search(ctx.store).contacts(member, params)]


def _articles(ctx: RequestContext, member: AccountUser, params: SearchParams) -> list[dict[str, Any]]:
    return [article_result_json(ctx.store, a) for a in Search(ctx.store).articles(member, params)]


def _messages(ctx: RequestContext, member: AccountUser, params: SearchParams) -> list[dict[str, Any]]:
    try:
        rows = Search(ctx.store).messages(member, params)
    except TsquerySyntaxError:
        raise SearchCrash(MSG_TSQUERY_SYNTAX) from None
    return [message_json(ctx.store, m) for m in rows]


async def _setup(ctx: RequestContext) -> tuple[Account, AccountUser, SearchParams]:
    account, member = account_member(ctx)
    return account, member, _params(account, await ctx.params())


def _respond(ctx: RequestContext, payload: dict[str, Any]) -> Response:
    return json_response({"payload": payload}, headers=ctx.response_headers)


async def search_all(ctx: RequestContext) -> Response:
    account, member, params = await _setup(ctx)
    contacts = _contacts(ctx, member, params)
    messages = _messages(ctx, member, params)
    conversations = _conversations(ctx, account, member, params, with_attributes=False)
    articles = _articles(ctx, member, params)
    body = {"conversations": conversations, "contacts": contacts, "messages": messages, "articles": articles}
    return _respond(ctx, body)


async def search_conversations(ctx: RequestContext) -> Response:
    account, member, params = await _setup(ctx)
    return _respond(
        ctx, {"conversations": _conversations(ctx, account, member, params, with_attributes=True)}
    )


async def search_contacts(ctx: RequestContext) -> Response:
    _account, member, params = await _setup(ctx)
    return _respond(ctx, {"contacts": _contacts(ctx, member, params)})


async def search_messages(ctx: RequestContext) -> Response:
    _account, member, params = await _setup(ctx)
    return _respond(ctx, {"messages": _messages(ctx, member, params)})


async def search_articles(ctx: RequestContext) -> Response:
    _account, member, params = await _setup(ctx)
    return _respond(ctx, {"articles": _articles(ctx, member, params)})


routes = [
    Route("GET", _A, search_all, "search.index"),
    Route("GET", _A + "/conversations", search_conversations, "search.conversations"),
    Route("GET", _A + "/contacts", search_contacts, "search.contacts"),
    Route("GET", _A + "/messages", search_messages, "search.messages"),
    Route("GET", _A + "/articles", search_articles, "search.articles"),
]
