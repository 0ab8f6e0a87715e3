"""/api/v1/accounts/:account_id/portals index and show (the help center's read side). Source at
v4.10: app/controllers/api/v1/accounts/portals_controller.rb (fetch_portal by slug, find_by: nil for
an unknown slug, which the show view cannot render: a 500 upstream, a 404 here), app/policies/
portal_policy.rb (index/show for every member), app/views/api/v1/accounts/portals/*. Portal writes,
categories and articles stay 501."""

from __future__ import annotations

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import ApiError, CouldNotCreate, NotImplementedInFake
from fakewoot.serializers.portals import portal_json, portals_json


def _base(ctx: RequestContext) -> str:
    return str(ctx.request.base_url).rstrip("/")


async def list_portals(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    page = (await ctx.params()).get("page") or 1  # params[:page] || 1, as sent
    body = portals_json(ctx.store, ctx.store.portals.of(account.id), member, _base(ctx), page)
    return json_response(body, headers=ctx.response_headers)


async def show_portal(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["id"]))
    body = portal_json(ctx.store, portal, member, _base(ctx), index=False)
    return json_response(body, headers=ctx.response_headers)


MSG_CUSTOM_DOMAIN_NOT_CONFIGURED = "Custom domain is not configured"  # portals.ssl_status...
MSG_CLOUDFLARE_NOT_CONFIGURED = "Cloudflare API token or zone ID not found"  # CheckCustomHostnameService


async def portal_ssl_status(ctx: RequestContext) -> Response:
    """Enterprise ssl_status (no licence check, every member): no custom domain 422; with one,
    Cloudflare::CheckCustomHostnameService without CLOUDFLARE_API_KEY/ZONE_ID answers its errors array
    (422 `{"error": [...]}`). An unknown slug is nil (a 500 upstream): 404."""
    account, _ = account_member(ctx)
    portal = find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["id"]))
    if not portal.custom_domain:
        raise CouldNotCreate(MSG_CUSTOM_DOMAIN_NOT_CONFIGURED)
    raise ApiError({"error": [MSG_CLOUDFLARE_NOT_CONFIGURED]}, 422)


async def portal_write(ctx: RequestContext) -> Response:
    """create, update, destroy, archive, logo, send_instructions: fetch_portal (find_by: nil) then
    PortalPolicy (administrators, 401); portal writes are not modelled yet (501; an unknown slug is
    nil used by the action upstream, a 404 here)."""
    account, member = account_member(ctx)
    require_administrator(member)
    if "id" in ctx.path_params:
        find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["id"]))
    raise NotImplementedInFake(f"{ctx.request.method} {ctx.request.url.path} ({ctx.route_name})")


_BASE = "/api/v1/accounts/{account_id:int}/portals"
routes = [
    Route("GET", _BASE, list_portals, "portals.index"),
    Route("GET", _BASE + "/{id}", show_portal, "portals.show"),
    Route("GET", _BASE + "/{id}/ssl_status", portal_ssl_status, "portals.ssl_status"),
    Route("POST", _BASE, portal_write, "portals.create", pending=True),
    Route("PATCH", _BASE + "/{id}", portal_write, "portals.update", pending=True),
    Route("PUT", _BASE + "/{id}", portal_write, "portals.update", pending=True),
    Route("DELETE", _BASE + "/{id}", portal_write, "portals.destroy", pending=True),
    Route("PATCH", _BASE + "/{id}/archive", portal_write, "portals.archive", pending=True),
    Route("DELETE", _BASE + "/{id}/logo", portal_write, "portals.logo", pending=True),
    Route("POST", _BASE + "/{id}/send_instructions", portal_write, "portals.send_instructions", pending=True),
]
