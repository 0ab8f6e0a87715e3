"""Articles as v4.10 renders them: app/views/api/v1/accounts/articles/_article.json.jbuilder (with the
agent partial for the author and _associated_article.json.jbuilder for the articles hanging off it),
wrapped in `payload` by show/create/update/edit, and index.json.jbuilder with its counts.
`associated_articles` is left out when there are none (Jbuilder drops a block that sets nothing);
`author` only when the user exists. An associated article carries its portal in the index shape
(`articles: []`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fakewoot.serializers.agents import agent_of
from fakewoot.serializers.portals import portal_json

if TYPE_CHECKING:
    from fakewoot.store.account_users import AccountUser
    from fakewoot.store.articles import Article
    from fakewoot.store.state import Store


def _author_json(store: Store, article: Article, member: AccountUser) -> dict[str, Any] | None:
    """The agent partial of article.author as a member of the current account (a user outside it
    renders with nil membership fields; csat's assigned agent is the same partial)."""
    return None if article.author_id is None else agent_of(store, member.account_id, article.author_id)


def associated_article_json(
    store: Store, article: Article, member: AccountUser, base_url: str
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": article.id,
        "category_id": article.category_id,
        "title": article.title,
        "content": article.content,
        "description": article.description,
        "status": article.status,
        "account_id": article.account_id,
    }
    portal = store.account(article.account_id).portals.get(article.portal_id)
    if portal is not None:
        body["portal"] = portal_json(store, portal, member, base_url, index=True)
    body["views"] = article.views
    author = _author_json(store, article, member)
    if author is not None:
        body["author"] = author
    return body


def article_json(store: Store, article: Article, member: AccountUser, base_url: str) -> dict[str, Any]:
    category = store.categories.find(article.category_id)
    body: dict[str, Any] = {
        "id": article.id,
        "slug": article.slug,
        "title": article.title,
        "content": article.content,
        "description": article.description,
        "status": article.status,
        "position": article.position,
        "account_id": article.account_id,
        "updated_at": int(article.updated_at),
        "meta": article.meta,
        "category": {
            "id": article.category_id,
            "name": None if category is None else category.name,
            "slug": None if category is None else category.slug,
            "locale": None if category is None else category.locale,
        },
        "views": article.views,
    }
    author = _author_json(store, article, member)
    if author is not None:
        body["author"] = author
    associated = store.articles.associated(article)
    if associated:
        body["associated_articles"] = [
            associated_article_json(store, a, member, base_url) for a in associated
        ]
    return body


def articles_json(
    store: Store,
    page_rows: list[Article],
    counts: dict[str, int],
    member: AccountUser,
    base_url: str,
    page: Any,
) -> dict[str, Any]:
    """index.json.jbuilder: `counts` holds all, archived, articles, draft, mine and published."""
    return {
        "payload": [article_json(store, a, member, base_url) for a in page_rows],
        "meta": {
            "all_articles_count": counts["all"],
            "archived_articles_count": counts["archived"],
            "articles_count": counts["articles"],
            "current_page": page,
            "draft_articles_count": counts["draft"],
            "mine_articles_count": counts["mine"],
            "published_count": counts["published"],
        },
    }
