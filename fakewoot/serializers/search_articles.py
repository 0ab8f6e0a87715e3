"""An article in global search results: app/views/api/v1/accounts/search/_article.json.jbuilder (v4.10)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.articles import Article
    from fakewoot.store.state import Store


def article_result_json(store: Store, article: Article) -> dict[str, Any]:
    portal = store.account(article.account_id).portals.get(article.portal_id)
    category = store.categories.find(article.category_id)
    return {
        "id": article.id,
        "title": article.title,
        "locale": article.locale,
        "content": article.content,
        "slug": article.slug,
        "portal_slug": portal.slug if portal is not None else None,
        "account_id": article.account_id,
        "category_name": category.name if category is not None else None,
        "status": article.status,
        "updated_at": int(article.updated_at),
    }
