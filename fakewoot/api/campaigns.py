"""/api/v1/accounts/:account_id/campaigns by display id: index (bare array), show, create, update,
destroy (200 empty), administrators only (CampaignPolicy, on the class: agents get 401 before any
lookup). Source at v4.10: campaigns_controller.rb, campaign_policy.rb, campaign.rb, the views.

An unknown display id is `find_by` nil upstream, and rendering or updating nil is a 500 there: a 404
here (docs/fidelity.md)."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, permit_hash, to_bool, to_int, to_string, to_time
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.campaigns import campaign_json
from fakewoot.store.accounts import Account
from fakewoot.store.campaigns import Campaign


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """params.require(:campaign).permit(:title, :description, :message, :enabled,
    :trigger_only_during_business_hours, :inbox_id, :sender_id, :scheduled_at, audience: [:type, :id],
    trigger_rules: {}, template_params: {})."""
    source = await ctx.require("campaign")
    raw = permit(
        source,
        "title",
        "description",
        "message",
        "enabled",
        "trigger_only_during_business_hours",
        "inbox_id",
        "sender_id",
        "scheduled_at",
    )
    values: dict[str, Any] = {}
    for key in ("title", "description", "message"):
        if key in raw:
            values[key] = to_string(raw[key])
    for key in ("enabled", "trigger_only_during_business_hours"):
        if key in raw:
            values[key] = to_bool(raw[key])
    for key in ("inbox_id", "sender_id"):
        if key in raw:
            values[key] = to_int(raw[key])
    if "scheduled_at" in raw:
        values["scheduled_at"] = to_time(raw["scheduled_at"], "scheduled_at")
    audience = source.get("audience")
    if isinstance(audience, list):
        values["audience"] = [permit(item, "type", "id") for item in audience if isinstance(item, dict)]
    elif isinstance(audience, dict):
        values["audience"] = permit(audience, "type", "id")
    for key in ("trigger_rules", "template_params"):
        found = permit_hash(source, key)
        if found is not None:
            values[key] = found
    return values


def _admin(ctx: RequestContext) -> Account:
    account, member = account_member(ctx)
    require_administrator(member)
    return account


def _campaign(ctx: RequestContext, account: Account) -> Campaign:
    return find_or_404(ctx.store.campaigns.by_display_id(account.id, ctx.path_params["id"]))


def _respond(ctx: RequestContext, campaign: Campaign) -> Response:
    base = str(ctx.request.base_url).rstrip("/")
    return json_response(campaign_json(ctx.store, campaign, base), headers=ctx.response_headers)


async def list_campaigns(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    base = str(ctx.request.base_url).rstrip("/")
    body = [campaign_json(ctx.store, c, base) for c in ctx.store.campaigns.of(account.id)]
    return json_response(body, headers=ctx.response_headers)


async def show_campaign(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    return _respond(ctx, _campaign(ctx, account))


async def create_campaign(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    campaign = ctx.store.campaigns.create(account.id, await _values(ctx))
    return _respond(ctx, campaign)


async def update_campaign(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    campaign = _campaign(ctx, account)
    ctx.store.campaigns.update(campaign, await _values(ctx))
    return _respond(ctx, campaign)


async def delete_campaign(ctx: RequestContext) -> Response:
    account = _admin(ctx)
    ctx.store.campaigns.delete(_campaign(ctx, account))
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/campaigns"
routes = [
    Route("GET", _BASE, list_campaigns, "campaigns.index"),
    Route("POST", _BASE, create_campaign, "campaigns.create"),
    Route("GET", _BASE + "/{id:int}", show_campaign, "campaigns.show"),
    Route("PATCH", _BASE + "/{id:int}", update_campaign, "campaigns.update"),
    Route("PUT", _BASE + "/{id:int}", update_campaign, "campaigns.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_campaign, "campaigns.destroy"),
]
