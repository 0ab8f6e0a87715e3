"""/api/v1/accounts/:account_id/portals/:portal_id/articles. Source at v4.10:
app/controllers/api/v1/accounts/articles_controller.rb (portal find_by!: 404 first, then
ArticlePolicy: index for members, the rest for administrators, 401; then portal.articles.find: 404),
app/views/api/v1/accounts/articles/*. index counts the articles matching locale, query and category
(all, mine, published, draft, archived), then lists those also matching status and author, 25 a
page, by position with a category slug, else most recently updated first. create defaults the status
to draft. reorder's positions_hash moves any article by id (Article.find is not scoped to the portal
upstream); an id not found is a 404 before anything moves, and a positions_hash that is no object
(a NoMethodError upstream, a 500) is a 422."""

from __future__ import annotations

from typing import Any

from fakewoot.api.context import RequestContext
from fakewoot.api.help_center import base_url, model_params, portal_or_404, require_model
from fakewoot.api.members import account_member, find_or_404
from fakewoot.api.params import permit, scalar, to_int, to_string
from fakewoot.api.responses import Response, head_ok, json_response
from fakewoot.api.routing import Route
from fakewoot.auth.guards import require_administrator
from fakewoot.errors import CouldNotCreate
from fakewoot.serializers.articles import article_json, articles_json
from fakewoot.store.account_users import AccountUser
from fakewoot.store.articles import ARTICLES_PER_PAGE, Article, enum_status
from fakewoot.store.categories import position_key
from fakewoot.store.validation import present

MSG_POSITIONS_HASH = "positions_hash must be an object of article ids and positions"
# Article's attribute names: what wrap_parameters puts under `article` from a JSON body
_WRAPPED = (
    "id",
    "account_id",
    "portal_id",
    "category_id",
    "folder_id",
    "title",
    "description",
    "content",
    "status",
    "views",
    "created_at",
    "updated_at",
    "author_id",
    "associated_article_id",
    "meta",
    "slug",
    "position",
    "locale",
)
_STRINGS = ("title", "slug", "content", "description", "locale")
_INTEGERS = ("position", "category_id", "author_id", "associated_article_id")


def _values(raw: dict[str, Any]) -> dict[str, Any]:
    """article_params: the scalars cast, meta's title, description and tags list, the status enum."""
    found = permit(raw, *_STRINGS, *_INTEGERS, "status")
    values: dict[str, Any] = {key: to_string(found[key]) for key in _STRINGS if key in found}
    values |= {key: to_int(found[key]) for key in _INTEGERS if key in found}
    if "status" in found:
        values["status"] = found["status"]
    meta = raw.get("meta")
    if isinstance(meta, dict):
        values["meta"] = permit(meta, "title", "description")
        if isinstance(meta.get("tags"), list):
            values["meta"]["tags"] = [tag for tag in meta["tags"] if tag is None or scalar(tag) is tag]
    return values


def _respond(ctx: RequestContext, article: Article, member: AccountUser) -> Response:
    body = {"payload": article_json(ctx.store, article, member, base_url(ctx))}
    return json_response(body, headers=ctx.response_headers)


async def list_articles(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = portal_or_404(ctx, account, "portal_id")
    given = permit(await ctx.params(), "locale", "query", "page", "category_slug", "status", "author_id")
    articles = ctx.store.articles
    every = articles.of(portal)
    base = articles.search(every, **{k: given.get(k) for k in ("category_slug", "locale", "query")})
    author = given.get("author_id")
    rows = articles.search(
        base, status=given.get("status"), author_id=_id(author) if present(author) else None
    )
    counts = {
        "all": len(every),
        "articles": len(base),
        "mine": sum(a.author_id == member.user_id for a in base),
    }
    counts |= {status: sum(a.status == status for a in base) for status in ("published", "draft", "archived")}
    if present(given.get("category_slug")):
        rows.sort(key=lambda a: position_key(a.position, a.id))
    else:
        rows.sort(key=lambda a: (-a.updated_at, -a.id))
    page = given.get("page") or 1  # params[:page] || 1, as sent
    first = (max(to_int(page) or 1, 1) - 1) * ARTICLES_PER_PAGE
    shown = rows[first : first + ARTICLES_PER_PAGE]
    return json_response(
        articles_json(ctx.store, shown, counts, member, base_url(ctx), page), headers=ctx.response_headers
    )


def _id(value: Any) -> int:
    """where(author_id: value): an uncastable value matches no row (-1 is no id)."""
    number = to_int(value)
    return -1 if number is None else number


async def show_article(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = portal_or_404(ctx, account, "portal_id")
    require_administrator(member)
    return _respond(ctx, find_or_404(ctx.store.articles.get(portal, ctx.path_params["id"])), member)


async def create_article(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = portal_or_404(ctx, account, "portal_id")
    require_administrator(member)
    values = _values(await require_model(ctx, "article", _WRAPPED))
    values["status"] = enum_status(values.get("status") or "draft")  # status ||= :draft
    return _respond(ctx, ctx.store.articles.create(portal, values), member)


async def update_article(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = portal_or_404(ctx, account, "portal_id")
    require_administrator(member)
    article = find_or_404(ctx.store.articles.get(portal, ctx.path_params["id"]))
    raw = await model_params(ctx, "article", _WRAPPED)
    if raw:
        values = _values(raw)
        if "status" in values:
            values["status"] = enum_status(values["status"])
        ctx.store.articles.update(article, values)
    return _respond(ctx, article, member)


async def delete_article(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal = portal_or_404(ctx, account, "portal_id")
    require_administrator(member)
    ctx.store.articles.delete(find_or_404(ctx.store.articles.get(portal, ctx.path_params["id"])))
    return head_ok(ctx.response_headers)


async def reorder_articles(ctx: RequestContext) -> Response:
    account, member = account_member(ctx)
    portal_or_404(ctx, account, "portal_id")
    require_administrator(member)
    positions = (await ctx.params()).get("positions_hash")
    if not isinstance(positions, dict):
        raise CouldNotCreate(MSG_POSITIONS_HASH)
    moves = []
    for article_id, position in positions.items():
        number = to_int(article_id)
        found = None if number is None else ctx.store.articles.find(number)
        moves.append((find_or_404(found), to_int(position)))
    ctx.store.articles.reposition(moves)
    return head_ok(ctx.response_headers)


_P = "/api/v1/accounts/{account_id:int}/portals/{portal_id}/articles"
routes = [
    Route("GET", _P, list_articles, "articles.index"),
    Route("POST", _P, create_article, "articles.create"),
    Route("POST", _P + "/reorder", reorder_articles, "articles.reorder"),
    Route("GET", _P + "/{id:int}", show_article, "articles.show"),
    Route("PATCH", _P + "/{id:int}", update_article, "articles.update"),
    Route("PUT", _P + "/{id:int}", update_article, "articles.update"),
    Route("DELETE", _P + "/{id:int}", delete_article, "articles.destroy"),
]
