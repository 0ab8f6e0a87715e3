"""Loading a fixture set's help center categories and articles into a Store (after the portals,
which seeding_settings loads); every record goes through the store verbs the API uses, so the same
validations and defaults apply (an article's slug, locale and position)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fakewoot.seeding_settings import Record, When

if TYPE_CHECKING:
    from fakewoot.fixture_models import FixtureFile
    from fakewoot.store.portals import Portal
    from fakewoot.store.state import Store


_REFERENCES = {"id", "account_id", "portal", "created_at"}  # not columns the store verbs take


def _portal(store: Store, account_id: int, slug: str) -> Portal:
    portal = store.portals.by_slug(account_id, slug)
    if portal is None:
        raise KeyError(f"no portal {slug!r} in account {account_id}")
    return portal


def load_help_center(store: Store, data: FixtureFile, when: When, record: Record) -> None:
    for i, category in enumerate(data.categories):
        with record("categories", i, category.id):
            portal = _portal(store, category.account_id, category.portal)
            values = category.model_dump(
                exclude={"id", "account_id", "portal", "related_category_ids", "created_at"}
            )
            related = store.categories.by_ids(portal, set(category.related_category_ids))
            store.categories.create(
                portal, values, related, category_id=category.id, created_at=when(category.created_at)
            )
    for i, article in enumerate(data.articles):
        with record("articles", i, article.id):
            portal = _portal(store, article.account_id, article.portal)
            values = article.model_dump(
                exclude={"id", "account_id", "portal", "created_at"}, exclude_none=True
            )
            values.setdefault("meta", {})
            store.articles.create(portal, values, article_id=article.id, created_at=when(article.created_at))
