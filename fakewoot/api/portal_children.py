"""A portal's categories and articles: index and show, and the writes' guards. No category or article
is modelled yet, so the indexes are empty, every show, update and destroy is a 404 and the creates
(and the articles' reorder) answer 501 after the policy. Source at v4.10:
app/controllers/api/v1/accounts/categories_controller.rb (portal find_by: an unknown slug is nil,
used by the index (a 500 upstream, a 404 here); policy, then fetch_category find 404),
articles_controller.rb (portal find_by! 404; policy; fetch_article find 404),
app/policies/category_policy.rb and article_policy.rb (index for members, show for administrators),
categories/index.json.jbuilder, articles/index.json.jbuilder."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.responses import Response, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import NotFound, NotImplementedInFake
from fakewoot.serializers.portals import articles_index_json, categories_index_json


async def _page(ctx: RequestContext) -> Any:
    return (await ctx.params()).get("page") or 1  # params[:page] || 1, as sent


async def list_categories(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["portal_id"]))
    return json_response(categories_index_json(await _page(ctx)), headers=ctx.response_headers)


async def list_articles(ctx: RequestContext) -> Response:
    account, _ = account_member(ctx)
    find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["portal_id"]))
    return json_response(articles_index_json(await _page(ctx)), headers=ctx.response_headers)


async def show_category(ctx: RequestContext) -> Response:
    """categories#show: the portal (find_by: nil), the policy (administrators, 401), then the category
    (find: 404; none exist yet; a nil portal is a 500 upstream, a 404 here)."""
    _, member = account_member(ctx)
    require_administrator(member)
    raise NotFound()


async def show_article(ctx: RequestContext) -> Response:
    """articles#show: the portal (find_by!: 404), the policy (administrators, 401), the article (404)."""
    account, member = account_member(ctx)
    find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["portal_id"]))
    require_administrator(member)
    raise NotFound()


async def write_category(ctx: RequestContext) -> Response:
    """create (501: not modelled), update/destroy (find: 404, none exist): the policy first
    (administrators), the portal's find_by nil used after it (a 500 upstream, 404 here)."""
    account, member = account_member(ctx)
    require_administrator(member)
    find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["portal_id"]))
    if "id" in ctx.path_params:
        raise NotFound()
    raise NotImplementedInFake(f"{ctx.request.method} {ctx.request.url.path} ({ctx.route_name})")


async def write_article(ctx: RequestContext) -> Response:
    """create and reorder (501: not modelled), update/destroy (find: 404, none exist): the portal's
    find_by! (404) first, then the policy (administrators)."""
    account, member = account_member(ctx)
    find_or_404(ctx.store.portals.by_slug(account.id, ctx.path_params["portal_id"]))
    require_administrator(member)
    if "id" in ctx.path_params:
        raise NotFound()
    raise NotImplementedInFake(f"{ctx.request.method} {ctx.request.url.path} ({ctx.route_name})")


_P = "/api/v1/accounts/{account_id:int}/portals/{portal_id}"
routes = [
    Route("GET", _P + "/categories", list_categories, "categories.index"),
    Route("GET", _P + "/categories/{id:int}", show_category, "categories.show"),
    Route("GET", _P + "/articles", list_articles, "articles.index"),
    Route("GET", _P + "/articles/{id:int}", show_article, "articles.show"),
    Route("POST", _P + "/categories", write_category, "categories.create", pending=True),
    Route("PATCH", _P + "/categories/{id:int}", write_category, "categories.update"),
    Route("PUT", _P + "/categories/{id:int}", write_category, "categories.update"),
    Route("DELETE", _P + "/categories/{id:int}", write_category, "categories.destroy"),
    Route("POST", _P + "/articles", write_article, "articles.create", pending=True),
    Route("POST", _P + "/articles/reorder", write_article, "articles.reorder", pending=True),
    Route("PATCH", _P + "/articles/{id:int}", write_article, "articles.update"),
    Route("PUT", _P + "/articles/{id:int}", write_article, "articles.update"),
    Route("DELETE", _P + "/articles/{id:int}", write_article, "articles.destroy"),
]
