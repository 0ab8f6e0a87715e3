"""/api/v1/accounts/:account_id/webhooks: index, create, update, destroy (administrators only).

Source: app/controllers/api/v1/accounts/webhooks_controller.rb, app/policies/webhook_policy.rb,
app/models/webhook.rb, app/views/api/v1/accounts/webhooks/*.json.jbuilder (reference webhooks-bots.md
1). There is no show route upstream: GET .../webhooks/:id is an unknown route (Rails' 404).
The policy runs before fetch_webhook, so an agent gets 401 even for an unknown id.
"""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, scalar, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.webhooks import webhook_json
from fakewoot.store.accounts import Account
from fakewoot.store.webhooks import Webhook


def _administrator_account(ctx: RequestContext) -> Account:
    """Authentication, account, membership, then WebhookPolicy (administrators)."""
    account, member = account_member(ctx)
    require_administrator(member)
    return account


async def _values(ctx: RequestContext) -> dict[str, Any]:
    """params.require(:webhook).permit(:inbox_id, :name, :url, subscriptions: []): a flat JSON body is
    wrapped under `webhook`. `subscriptions` passes only as an array of scalars (anything else is
    dropped, and a null is skipped); Rails' deep_munge drops the nulls inside it."""
    source = await ctx.require("webhook")
    raw = permit(source, "inbox_id", "name", "url")
    values: dict[str, Any] = {}
    if "inbox_id" in raw:
        values["inbox_id"] = to_int(raw["inbox_id"])
    for key in ("name", "url"):
        if key in raw:
            values[key] = to_string(raw[key])
    subscriptions = source.get("subscriptions")
    if isinstance(subscriptions, list) and all(scalar(x) is x for x in subscriptions):
        values["subscriptions"] = [x for x in subscriptions if x is not None]
    return values


def _webhook(ctx: RequestContext, account: Account) -> Webhook:
    """fetch_webhook: Current.account.webhooks.find(params[:id])."""
    return find_or_404(ctx.store.webhooks.get(account.id, ctx.path_params["id"]))


def _respond(ctx: RequestContext, webhook: Webhook) -> Response:
    return json_response(
        {"payload": {"webhook": webhook_json(ctx.store, webhook)}}, headers=ctx.response_headers
    )


async def list_webhooks(ctx: RequestContext) -> Response:
    account = _administrator_account(ctx)
    webhooks = sorted(ctx.store.webhooks.of(account.id), key=lambda w: w.id)
    payload = [webhook_json(ctx.store, webhook) for webhook in webhooks]
    return json_response({"payload": {"webhooks": payload}}, headers=ctx.response_headers)


async def create_webhook(ctx: RequestContext) -> Response:
    account = _administrator_account(ctx)
    values = await _values(ctx)
    webhook = ctx.store.webhooks.create(
        account.id,
        url=values.get("url"),  # type: ignore[arg-type]  # None is refused by the validation
        subscriptions=values.get("subscriptions"),
        name=values.get("name"),
        inbox_id=values.get("inbox_id"),
    )
    return _respond(ctx, webhook)


async def update_webhook(ctx: RequestContext) -> Response:
    account = _administrator_account(ctx)
    webhook = _webhook(ctx, account)
    values = await _values(ctx)
    ctx.store.webhooks.update(webhook, values)
    return _respond(ctx, webhook)


async def delete_webhook(ctx: RequestContext) -> Response:
    account = _administrator_account(ctx)
    ctx.store.webhooks.delete(_webhook(ctx, account))
    return head_ok(ctx.response_headers)


_BASE = "/api/v1/accounts/{account_id:int}/webhooks"
routes = [
    Route("GET", _BASE, list_webhooks, "webhooks.index"),
    Route("POST", _BASE, create_webhook, "webhooks.create"),
    Route("PUT", _BASE + "/{id:int}", update_webhook, "webhooks.update"),
    Route("PATCH", _BASE + "/{id:int}", update_webhook, "webhooks.update"),
    Route("DELETE", _BASE + "/{id:int}", delete_webhook, "webhooks.destroy"),
]
