"""The third-party integration sub-routes (Slack, Linear, Shopify, Notion, Dyte) as a v4.10 install
with no third-party credentials answers them. Source at e13e3c87:
app/controllers/api/v1/accounts/integrations/{slack,linear,shopify,notion,dyte}_controller.rb,
lib/integrations/{linear,dyte}/processor_service.rb, app/helpers/shopify/integration_helper.rb.

What never reaches a third party is modelled: the guards, the hook lookups (find_by! is a 404; a
`find_by` nil that is then used is a 500 upstream, a 404 here), destroying a fixture's hook, the
Shopify OAuth URL, the parameter checks. Whatever would call Slack, Linear, Shopify or Dyte with a
configured hook answers 501; Slack's OAuth exchange without a client id is refused by Slack (a 500
upstream): a 422 here.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.conversation_scope import conversation_of
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate, NotFound, NotImplementedInFake
from fakewoot.store.accounts import Account
from fakewoot.store.hooks import Hook

MSG_SLACK_INVALID_CLIENT = "invalid_client_id"  # Slack's oauth.v2.access answer without a client id
MSG_SHOP_DOMAIN_REQUIRED = "Shop domain is required"
MSG_CONTACT_INFO_MISSING = "Contact information missing"
MSG_DYTE_INVALID_MESSAGE = "Invalid message type. Action not permitted"  # errors.dyte.invalid_message_type
SHOPIFY_SCOPES = ("read_customers", "read_orders", "read_fulfillments")  # Shopify::IntegrationHelper
_WWW_SAFE = frozenset("*-._0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _hook(ctx: RequestContext, account: Account, app_id: str) -> Hook | None:
    return next(iter(ctx.store.hooks.of(account.id, app_id)), None)


def _third_party(ctx: RequestContext, service: str) -> NotImplementedInFake:
    path = ctx.request.url.path
    return NotImplementedInFake(f"{ctx.request.method} {path} (calls {service})")


def _destroy(ctx: RequestContext, account: Account, app_id: str) -> Response:
    """@hook.destroy! then head :ok; a missing hook is nil.destroy! (500 upstream): 404 here."""
    hook = find_or_404(_hook(ctx, account, app_id))
    ctx.store.hooks.delete(hook)
    return Response(b"", 200, ctx.response_headers)


# --- Slack: check_admin_authorization? first ---------------------------------------------------------


async def slack_create(ctx: RequestContext) -> Response:
    _, member = account_member(ctx)
    require_administrator(member)
    raise CouldNotCreate(MSG_SLACK_INVALID_CLIENT)


async def slack_update(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    find_or_404(_hook(ctx, account, "slack"))
    raise _third_party(ctx, "Slack")


async def slack_destroy(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    return _destroy(ctx, account, "slack")


# --- Linear: no policy ---------------------------------------------------------------------------------


async def _linear_conversation(ctx: RequestContext, account: Account) -> None:
    """fetch_conversation: find_by!(display_id: params[:conversation_id]) (no policy check)."""
    display_id = to_int((await ctx.params()).get("conversation_id"))
    find_or_404(ctx.store.conversations.by_display_id(account.id, display_id))


async def linear_destroy(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _destroy(ctx, account, "linear")


async def linear_call(ctx: RequestContext) -> Response:
    """teams, team_entities: the processor's find_by!(app_id: 'linear') (404), then Linear."""
    account, _ = account_member(ctx)
    find_or_404(_hook(ctx, account, "linear"))
    raise _third_party(ctx, "Linear")


async def linear_conversation_call(ctx: RequestContext) -> Response:
    """create_issue, link_issue, unlink_issue, linked_issues: the conversation, then the hook."""
    account, _ = account_member(ctx)
    await _linear_conversation(ctx, account)
    find_or_404(_hook(ctx, account, "linear"))
    raise _third_party(ctx, "Linear")


async def linear_search_issue(ctx: RequestContext) -> Response:
    """`render ... if params[:q].blank? && return` returns before rendering: nothing is rendered, so
    Rails answers 204 No Content; a query goes to the processor (404 without a hook)."""
    account, _ = account_member(ctx)
    query = (await ctx.params()).get("q")
    if query is None or (isinstance(query, str) and not query.strip()):
        return Response(b"", 204, ctx.response_headers)
    find_or_404(_hook(ctx, account, "linear"))
    raise _third_party(ctx, "Linear")


# --- Shopify ---------------------------------------------------------------------------------------------


def _www_form(pairs: list[tuple[str, str | None]]) -> str:
    """URI.encode_www_form: a nil value leaves the bare key."""

    def component(text: str) -> str:
        out = []
        for byte in text.encode():
            char = chr(byte)
            out.append(char if char in _WWW_SAFE else "+" if char == " " else f"%{byte:02X}")
        return "".join(out)

    return "&".join(component(k) if v is None else f"{component(k)}={component(v)}" for k, v in pairs)


async def shopify_auth(ctx: RequestContext) -> Response:
    """No SHOPIFY_CLIENT_ID/SECRET: client_id and state are nil."""
    account_member(ctx)
    raw = (await ctx.params()).get("shop_domain")
    shop = None if isinstance(raw, (dict, list)) else to_string(raw)
    if shop is None or not shop.strip():
        raise CouldNotCreate(MSG_SHOP_DOMAIN_REQUIRED)
    frontend = ctx.fake.settings.frontend_url or ""
    query = _www_form(
        [
            ("client_id", None),
            ("scope", ",".join(SHOPIFY_SCOPES)),
            ("redirect_uri", f"{frontend}/shopify/callback"),
            ("state", None),
        ]
    )
    body = {"redirect_url": f"https://{shop}/admin/oauth/authorize?{query}"}
    return json_response(body, headers=ctx.response_headers)


async def shopify_orders(ctx: RequestContext) -> Response:
    """fetch_hook (find_by!: 404), validate_contact (422), then Shopify."""
    account, _ = account_member(ctx)
    find_or_404(_hook(ctx, account, "shopify"))
    contact = account.contacts.get(to_int((await ctx.params()).get("contact_id")) or 0)
    if contact is None or (not contact.email and not contact.phone_number):
        raise CouldNotCreate(MSG_CONTACT_INFO_MISSING)
    raise _third_party(ctx, "Shopify")


async def shopify_destroy(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _destroy(ctx, account, "shopify")


async def notion_destroy(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _destroy(ctx, account, "notion")


# --- Dyte ------------------------------------------------------------------------------------------------


async def dyte_create_meeting(ctx: RequestContext) -> Response:
    """fetch_conversation (404), authorize conversation show? (401), the dyte hook (find_by!: 404)."""
    account, member = account_member(ctx)
    ctx.path_params["conversation_id"] = to_int((await ctx.params()).get("conversation_id"))
    conversation_of(ctx, account, member, None)
    find_or_404(_hook(ctx, account, "dyte"))
    raise _third_party(ctx, "Dyte")


async def dyte_add_participant(ctx: RequestContext) -> Response:
    """fetch_message (account messages find: 404), its conversation's show? (401), an integrations
    message only (422), then the dyte hook (404) and Dyte."""
    account, member = account_member(ctx)
    params: dict[str, Any] = await ctx.params()
    message = account.messages.get(to_int(params.get("message_id")) or 0)
    if message is None:
        raise NotFound()
    conversation = account.conversations.get(message.conversation_id)
    ctx.path_params["conversation_id"] = None if conversation is None else conversation.display_id
    conversation_of(ctx, account, member, None)
    if message.content_type != "integrations":
        raise CouldNotCreate(MSG_DYTE_INVALID_MESSAGE)
    find_or_404(_hook(ctx, account, "dyte"))
    raise _third_party(ctx, "Dyte")


_I = "/api/v1/accounts/{account_id:int}/integrations"
routes = [
    Route("POST", _I + "/slack", slack_create, "integrations/slack.create"),
    Route("PATCH", _I + "/slack", slack_update, "integrations/slack.update"),
    Route("PUT", _I + "/slack", slack_update, "integrations/slack.update"),
    Route("DELETE", _I + "/slack", slack_destroy, "integrations/slack.destroy"),
    Route("GET", _I + "/slack/list_all_channels", slack_update, "integrations/slack.list_all_channels"),
    Route("DELETE", _I + "/linear", linear_destroy, "integrations/linear.destroy"),
    Route("GET", _I + "/linear/teams", linear_call, "integrations/linear.teams"),
    Route("GET", _I + "/linear/team_entities", linear_call, "integrations/linear.team_entities"),
    Route("POST", _I + "/linear/create_issue", linear_conversation_call, "integrations/linear.create_issue"),
    Route("POST", _I + "/linear/link_issue", linear_conversation_call, "integrations/linear.link_issue"),
    Route("POST", _I + "/linear/unlink_issue", linear_conversation_call, "integrations/linear.unlink_issue"),
    Route("GET", _I + "/linear/search_issue", linear_search_issue, "integrations/linear.search_issue"),
    Route("GET", _I + "/linear/linked_issues", linear_conversation_call, "integrations/linear.linked_issues"),
    Route("DELETE", _I + "/shopify", shopify_destroy, "integrations/shopify.destroy"),
    Route("POST", _I + "/shopify/auth", shopify_auth, "integrations/shopify.auth"),
    Route("GET", _I + "/shopify/orders", shopify_orders, "integrations/shopify.orders"),
    Route("DELETE", _I + "/notion", notion_destroy, "integrations/notion.destroy"),
    Route("POST", _I + "/dyte/create_a_meeting", dyte_create_meeting, "integrations/dyte.create_a_meeting"),
    Route(
        "POST",
        _I + "/dyte/add_participant_to_meeting",
        dyte_add_participant,
        "integrations/dyte.add_participant_to_meeting",
    ),
]
