"""Categories as v4.10 renders them: app/views/api/v1/accounts/categories/_category.json.jbuilder and
_associated_category.json.jbuilder, wrapped in `payload` by show/create/update, and index.json.jbuilder.
`related_categories` is left out when there are none (Jbuilder drops a block that sets nothing);
`parent_category` and `root_category` only when they exist. meta.articles_count counts the category's
articles in the `locale` asked (index only: nil elsewhere, so every article counts)."""

from __future__ import annotations

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


def category_json(store: Store, category: Category, locale: Any = None) -> dict[str, Any]:
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
    articles = [
        a for a in store.account(category.account_id).articles.values() if a.category_id == category.id
    ]
    body["meta"] = {"articles_count": len(store.articles.search(articles, locale=locale))}
    return body


def categories_json(store: Store, categories: list[Category], locale: Any, page: Any) -> dict[str, Any]:
    return {
        "payload": [category_json(store, c, locale) for c in categories],
        "meta": {"current_page": page, "categories_count": len(categories)},
    }
