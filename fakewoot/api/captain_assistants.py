"""/api/v1/accounts/:account_id/captain/assistants (+ tools, playground) and .../assistants/:id/inboxes,
as the standard image (enterprise/ present, no licence) answers them at v4.10 (e13e3c87).

Source: enterprise/app/controllers/api/v1/accounts/captain/assistants_controller.rb and
inboxes_controller.rb (no licence or feature gate: they run in full), enterprise/app/policies/captain/
assistant_policy.rb (index, show, playground for every member; tools, create, update, destroy for
administrators; the inboxes controller checks the same policy with its own action names), views under
enterprise/app/views/api/v1/accounts/captain/assistants and inboxes.
Order of checks: authentication (bots are refused), account, membership, the policy (401), then the
record (404), then the params.
The playground's answer is an LLM's (Captain::Llm::AssistantChatService): 501 after the checks.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import json_scalar, permit, to_int, to_string
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.api.wrapping import require_wrapped
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import NotFound, NotImplementedInFake
from fakewoot.serializers.captain_assistants import assistant_json, listing_json, tools_json
from fakewoot.serializers.inboxes import inbox_json
from fakewoot.store.accounts import Account
from fakewoot.store.captain_assistants import CONFIG_KEYS, Assistant

# Inbox's attribute names (db/schema.rb): what wrap_parameters puts under `inbox` from a flat JSON body
# (the controller's model resolves to Inbox); `inbox_id` is not one, so a flat body is a 422
INBOX_ATTRIBUTES = (
    "id",
    "channel_id",
    "account_id",
    "name",
    "created_at",
    "updated_at",
    "channel_type",
    "enable_auto_assignment",
    "greeting_enabled",
    "greeting_message",
    "email_address",
    "working_hours_enabled",
    "out_of_office_message",
    "timezone",
    "enable_email_collect",
    "csat_survey_enabled",
    "allow_messages_after_resolved",
    "auto_assignment_config",
    "lock_to_single_conversation",
    "portal_id",
    "sender_name_type",
    "business_name",
    "csat_config",
)


def no_content(ctx: RequestContext) -> Response:
    """`head :no_content`."""
    return Response(b"", 204, ctx.response_headers)


def _assistant(ctx: RequestContext, account: Account, key: str = "id") -> Assistant:
    return find_or_404(ctx.store.captain_assistants.get(account.id, ctx.path_params[key]))


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """assistant_params: name, description (strings), config (the permitted scalar keys, replacing
    the whole hash), and response_guidelines / guardrails as sent when the key is present."""
    raw = await ctx.require("assistant")
    values: dict[str, Any] = {}
    for key, value in permit(raw, "name", "description").items():
        values[key] = to_string(value)
    config = raw.get("config")
    if isinstance(config, dict):
        values["config"] = {key: json_scalar(value) for key, value in permit(config, *CONFIG_KEYS).items()}
    for key in ("response_guidelines", "guardrails"):
        if key in raw:
            values[key] = raw[key]
    return values


def _respond(ctx: RequestContext, assistant: Assistant, *, fresh: Collection[str] = ()) -> Response:
    return json_response(assistant_json(assistant, fresh=fresh), headers=ctx.response_headers)


async def list_assistants(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    payload = [assistant_json(a) for a in ctx.store.captain_assistants.of(account.id)]
    return json_response(listing_json(payload), headers=ctx.response_headers)


async def show_assistant(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    return _respond(ctx, _assistant(ctx, account))


async def create_assistant(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    values = await _values(ctx)
    assistant = ctx.store.captain_assistants.create(account.id, values)
    return _respond(ctx, assistant, fresh=set(values))


async def update_assistant(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    assistant = _assistant(ctx, account)
    values = await _values(ctx)
    ctx.store.captain_assistants.update(assistant, values)
    return _respond(ctx, assistant, fresh=set(values))


async def delete_assistant(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.captain_assistants.delete(_assistant(ctx, account))
    return no_content(ctx)


async def list_tools(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    tools = ctx.store.captain_assistants.available_tools(account.id)
    return json_response(tools_json(tools), headers=ctx.response_headers)


async def playground(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    _assistant(ctx, account)
    raise NotImplementedInFake(
        "POST /api/v1/accounts/:account_id/captain/assistants/:id/playground (an LLM's answer)"
    )


# --- the assistant's inboxes ----------------------------------------------------------------------


def _inboxes_json(ctx: RequestContext, inbox_ids: list[int], administrator: bool) -> list[dict[str, Any]]:
    base = str(ctx.request.base_url).rstrip("/")
    table = ctx.store.account(ctx.path_params["account_id"]).inboxes
    inboxes = (table.get(inbox_id) for inbox_id in inbox_ids)
    return [inbox_json(ctx.store, inbox, administrator, base) for inbox in inboxes if inbox is not None]


async def list_assistant_inboxes(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    assistant = _assistant(ctx, account, "assistant_id")
    ids = ctx.store.captain_assistants.inbox_ids(assistant)
    body = listing_json(_inboxes_json(ctx, ids, member.administrator))
    return json_response(body, headers=ctx.response_headers)


async def add_assistant_inbox(ctx: RequestContext) -> Response:
    """`Current.account.inboxes.find(params[:inbox][:inbox_id])` (404), then the link (422 when the
    inbox serves an assistant already)."""
    account, member = account_member(ctx)
    require_administrator(member)
    assistant = _assistant(ctx, account, "assistant_id")
    raw = (await require_wrapped(ctx, "inbox", INBOX_ATTRIBUTES)).get("inbox_id")
    inbox_id = None if isinstance(raw, (dict, list)) else to_int(raw)
    inbox = find_or_404(None if inbox_id is None else account.inboxes.get(inbox_id))
    ctx.store.captain_assistants.link_inbox(assistant, inbox.id)
    return json_response(
        _inboxes_json(ctx, [inbox.id], member.administrator)[0], headers=ctx.response_headers
    )


async def remove_assistant_inbox(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    assistant = _assistant(ctx, account, "assistant_id")
    link = ctx.store.captain_assistants.find_link(assistant, ctx.path_params["inbox_id"])
    if link is None:
        raise NotFound()
    ctx.store.captain_assistants.unlink_inbox(link)
    return no_content(ctx)


A = "/api/v1/accounts/{account_id:int}/captain/assistants"
_ONE = A + "/{id:int}"
_INBOXES = A + "/{assistant_id:int}/inboxes"
routes = [
    Route("GET", A, list_assistants, "captain/assistants.index"),
    Route("POST", A, create_assistant, "captain/assistants.create"),
    Route("GET", A + "/tools", list_tools, "captain/assistants.tools"),
    Route("GET", _ONE, show_assistant, "captain/assistants.show"),
    Route("PATCH", _ONE, update_assistant, "captain/assistants.update"),
    Route("PUT", _ONE, update_assistant, "captain/assistants.update"),
    Route("DELETE", _ONE, delete_assistant, "captain/assistants.destroy"),
    Route("POST", _ONE + "/playground", playground, "captain/assistants.playground", pending=True),
    Route("GET", _INBOXES, list_assistant_inboxes, "captain/inboxes.index"),
    Route("POST", _INBOXES, add_assistant_inbox, "captain/inboxes.create"),
    Route("DELETE", _INBOXES + "/{inbox_id:int}", remove_assistant_inbox, "captain/inboxes.destroy"),
]
