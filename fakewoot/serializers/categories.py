"""Categories as v4.10 renders them: app/views/api/v1/accounts/categories/_category.json.jbuilder and
_associated_category.json.jbuilder, wrapped in `payload` by show/create/update, and index.json.jbuilder.
`related_categories` is left out when there are none (Jbuilder drops a block that sets nothing);
`parent_category` and `root_category` only when they exist. meta.articles_count counts the category's
articles in the `locale` asked (index only: nil elsewhere, so every article counts)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fakewoot.store.categories import Category
    from fakewoot.store.state import Store


def associated_category_json(category: Category) -> dict[str, Any]:
    return {
        "id": category.id,
        "name": category.name,
        "slug": category.slug,
        "locale": category.locale,
        "description": category.description,
        "position": category.position,
        "account_id": category.account_id,
    }


def _article_counts(store: Store, account_id: int, locale: Any) -> Counter[int | None]:
    """category.articles.search(locale:).size for every category of the account, in one pass."""
    rows = list(store.account(account_id).articles.values())
    return Counter(a.category_id for a in store.articles.search(rows, locale=locale))


def category_json(
    store: Store, category: Category, locale: Any = None, counts: Counter[int | None] | None = None
) -> dict[str, Any]:
    body = associated_category_json(category)
    body["icon"] = category.icon
    related = [c for i in category.related_category_ids if (c := store.categories.find(i)) is not None]
    if related:
        body["related_categories"] = [associated_category_json(c) for c in related]
    for key, linked_id in (
        ("parent_category", category.parent_category_id),
        ("root_category", category.associated_category_id),
    ):
        linked = store.categories.find(linked_id)
        if linked is not None:
            body[key] = associated_category_json(linked)
    counts = _article_counts(store, category.account_id, locale) if counts is None else counts
    body["meta"] = {"articles_count": counts[category.id]}
    return body


def categories_json(store: Store, categories: list[Category], locale: Any, page: Any) -> dict[str, Any]:
    counts = _article_counts(store, categories[0].account_id, locale) if categories else Counter()
    return {
        "payload": [category_json(store, c, locale, counts) for c in categories],
        "meta": {"current_page": page, "categories_count": len(categories)},
    }
