"""/api/v1/accounts/:account_id/portals/:portal_id/categories. Source at v4.10:
app/controllers/api/v1/accounts/categories_controller.rb (portal find_by: nil for an unknown slug,
then CategoryPolicy (index for members, the rest for administrators, 401), then
portal.categories.find (404); a nil portal used by the action is a 500 upstream, a 404 here),
app/views/api/v1/accounts/categories/*. `related_category_ids` is read from params[:category]
unpermitted: create adds the portal's categories found (in id order), update replaces the related
ones only when it finds any."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.help_center import portal_or_404, require_model
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.serializers.categories import categories_json, category_json
from fakewoot.store.accounts import Account
from fakewoot.store.categories import Category
from fakewoot.store.portals import Portal

# Category's attribute names: what wrap_parameters puts under `category` from a JSON body
_WRAPPED = (
    "id",
    "account_id",
    "portal_id",
    "name",
    "description",
    "position",
    "created_at",
    "updated_at",
    "locale",
    "slug",
    "parent_category_id",
    "associated_category_id",
    "icon",
)
_STRINGS = ("name", "description", "slug", "locale", "icon")
_INTEGERS = ("position", "parent_category_id", "associated_category_id")


async def _values(ctx: RequestContext) -> tuple[dict[str, Any], set[int]]:
    """category_params, and the ids in params[:category][:related_category_ids]."""
    raw = await require_model(ctx, "category", _WRAPPED)
    found = permit(raw, *_STRINGS, *_INTEGERS)
    values = {key: to_string(value) if key in _STRINGS else to_int(value) for key, value in found.items()}
    related = raw.get("related_category_ids")
    ids = {to_int(i) for i in (related if isinstance(related, list) else [related])}
    return values, {i for i in ids if i is not None}


def _found(ctx: RequestContext, account: Account) -> tuple[Portal, Category]:
    portal = portal_or_404(ctx, account, "portal_id")
    return portal, find_or_404(ctx.store.categories.get(portal, ctx.path_params["id"]))


def _respond(ctx: RequestContext, category: Category) -> Response:
    return json_response({"payload": category_json(ctx.store, category)}, headers=ctx.response_headers)


async def list_categories(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    portal = portal_or_404(ctx, account, "portal_id")
    params = await ctx.params()
    page, locale = params.get("page") or 1, params.get("locale")  # params[:page] || 1, as sent
    rows = ctx.store.categories.search(portal, locale, to_int(page) or 1)
    return json_response(categories_json(ctx.store, rows, locale, page), headers=ctx.response_headers)


async def show_category(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    return _respond(ctx, _found(ctx, account)[1])


async def create_category(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    portal = portal_or_404(ctx, account, "portal_id")
    values, related_ids = await _values(ctx)
    categories = ctx.store.categories
    category = categories.create(portal, values, categories.by_ids(portal, related_ids))
    return _respond(ctx, category)


async def update_category(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    portal, category = _found(ctx, account)
    values, related_ids = await _values(ctx)
    ctx.store.categories.update(category, values, ctx.store.categories.by_ids(portal, related_ids))
    return _respond(ctx, category)


async def delete_category(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    require_administrator(member)
    ctx.store.categories.delete(_found(ctx, account)[1])
    return head_ok(ctx.response_headers)


_P = "/api/v1/accounts/{account_id:int}/portals/{portal_id}/categories"
routes = [
    Route("GET", _P, list_categories, "categories.index"),
    Route("POST", _P, create_category, "categories.create"),
    Route("GET", _P + "/{id:int}", show_category, "categories.show"),
    Route("PATCH", _P + "/{id:int}", update_category, "categories.update"),
    Route("PUT", _P + "/{id:int}", update_category, "categories.update"),
    Route("DELETE", _P + "/{id:int}", delete_category, "categories.destroy"),
]
