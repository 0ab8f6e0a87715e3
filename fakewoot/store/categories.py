"""Help center categories (app/models/category.rb, related_category.rb at v4.10).

A category belongs to a portal (and its account); its locale must be one of the portal's
allowed_locales and (locale, slug) is unique in the portal. Validations run in the model's order:
column lengths (ApplicationRecord), slug, name, the locale rule, the uniqueness. A category may name
a parent (`parent_category_id`, its sub_categories) and a root (`associated_category_id`, its
associated_categories); related categories are RelatedCategory rows in the order they were added.
Destroying one nullifies its articles' category, its sub and associated categories' links, and
removes its related rows (destroy_async, done at once here). No domain events: Chatwoot publishes
none for the help center.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.records import dataclass
from fakewoot.store.portal_children import PortalChildren, matches
from fakewoot.store.validation import MSG_BLANK, Errors, blank, check_column_lengths

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.base import Table
    from fakewoot.store.portals import Portal

CATEGORIES_PER_PAGE = 1000  # lib/limits.rb
# errors.add(:locale, "#{locale} of category is not part of portal's #{allowed_locales}.")
MSG_LOCALE_NOT_ALLOWED = "Locale {locale} of category is not part of portal's {allowed}."
MSG_LOCALE_UNIQUE = "Locale should be unique in the category and portal"  # errors.categories.locale.unique
COLUMNS = (
    "name",
    "description",
    "position",
    "locale",
    "slug",
    "icon",
    "parent_category_id",
    "associated_category_id",
)


def ruby_inspect(value: Any) -> str:
    """Array#to_s / Object#inspect of the JSON values a portal config holds."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}"'
    if isinstance(value, list):
        return "[" + ", ".join(ruby_inspect(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{ruby_inspect(k)} => {ruby_inspect(v)}" for k, v in value.items()) + "}"
    return str(value)


@dataclass(slots=True)
class Category:
    id: int
    account_id: int
    portal_id: int
    slug: str
    created_at: float
    updated_at: float
    name: str | None = None
    description: str | None = None
    position: int | None = None
    locale: str | None = "en"
    icon: str | None = ""
    parent_category_id: int | None = None
    associated_category_id: int | None = None
    related_category_ids: list[int] = field(default_factory=list)  # RelatedCategory rows, by id


def position_key(position: int | None, record_id: int) -> tuple[int, int, int]:
    """ORDER BY position ASC as PostgreSQL sorts it (NULLs last), then by id."""
    return (1, 0, record_id) if position is None else (0, position, record_id)


class Categories(PortalChildren[Category]):
    def _table(self, account: Account) -> Table[Category]:
        return account.categories

    def by_ids(self, portal: Portal, ids: set[int]) -> list[Category]:
        """portal.categories.where(id: ids), in id order."""
        return [c for c in self.of(portal) if c.id in ids]

    def search(self, portal: Portal, locale: Any, page: int) -> list[Category]:
        """Category.search: search_by_locale (when present), one page (Kaminari: below 1 is 1),
        ORDER BY position."""
        rows = [c for c in self.of(portal) if matches(c.locale, locale)]
        rows.sort(key=lambda c: position_key(c.position, c.id))
        number = max(page - 1, 0)
        return rows[number * CATEGORIES_PER_PAGE : (number + 1) * CATEGORIES_PER_PAGE]

    def sub_category_ids(self, category: Category) -> list[int]:
        rows = self._store.account(category.account_id).categories.values()
        return sorted(c.id for c in rows if c.parent_category_id == category.id)

    def associated_category_ids(self, category: Category) -> list[int]:
        rows = self._store.account(category.account_id).categories.values()
        return sorted(c.id for c in rows if c.associated_category_id == category.id)

    def _validate(self, portal: Portal, values: dict[str, Any], own_id: int) -> None:
        errors = Errors()
        check_column_lengths(
            errors, values, strings=("name", "locale", "slug", "icon"), texts=("description",)
        )
        if blank(values.get("slug")):
            errors.add("slug", MSG_BLANK)
        if blank(values.get("name")):
            errors.add("name", MSG_BLANK)
        allowed = portal.config.get("allowed_locales")
        locale = values.get("locale")
        if not (isinstance(allowed, list) and locale in allowed):
            shown = "" if locale is None else locale
            errors.pairs.append(
                ("locale", MSG_LOCALE_NOT_ALLOWED.format(locale=shown, allowed=ruby_inspect(allowed)))
            )
        if any(
            c.slug == values.get("slug") and c.locale == locale and c.id != own_id for c in self.of(portal)
        ):
            errors.pairs.append(("locale", MSG_LOCALE_UNIQUE))
        errors.raise_if_any()

    def create(
        self,
        portal: Portal,
        values: dict[str, Any],
        related: list[Category] | None = None,
        *,
        category_id: int | None = None,
        created_at: float | None = None,
    ) -> Category:
        """@portal.categories.create!(category_params), then related_categories << the related ones."""
        store = self._store
        account = store.account(portal.account_id)
        merged: dict[str, Any] = {"locale": "en", "icon": "", **values}
        self._validate(portal, merged, 0)
        now = store.clock.now() if created_at is None else created_at
        columns: dict[str, Any] = {key: merged[key] for key in COLUMNS if key in merged}
        category = Category(
            id=account.categories.next_id() if category_id is None else category_id,
            account_id=portal.account_id,
            portal_id=portal.id,
            created_at=now,
            updated_at=now,
            **columns,
        )
        category.related_category_ids = [c.id for c in related or []]
        return account.categories.add(category)

    def update(self, category: Category, values: dict[str, Any], related: list[Category] | None) -> None:
        """update!(category_params); the related categories replaced when any were found."""
        portal = self._store.account(category.account_id).portals.get(category.portal_id)
        assert portal is not None
        merged = {key: getattr(category, key) for key in COLUMNS} | values
        self._validate(portal, merged, category.id)
        changed = any(getattr(category, key) != value for key, value in values.items())
        for key, value in values.items():
            setattr(category, key, value)
        if changed:
            category.updated_at = self._store.clock.now()
        if related:  # related_categories = records: the rows kept stay first, new rows follow
            wanted = [c.id for c in related]
            kept = [i for i in category.related_category_ids if i in wanted]
            category.related_category_ids = kept + [i for i in wanted if i not in kept]

    def delete(self, category: Category) -> None:
        account = self._store.account(category.account_id)
        account.categories.remove(category.id)
        for other in account.categories.values():
            if other.parent_category_id == category.id:
                other.parent_category_id = None
            if other.associated_category_id == category.id:
                other.associated_category_id = None
            if category.id in other.related_category_ids:  # the join no longer finds it
                other.related_category_ids.remove(category.id)
        for article in account.articles.values():
            if article.category_id == category.id:
                article.category_id = None  # has_many :articles, dependent: :nullify
