"""Help center articles (app/models/article.rb at v4.10).

An article belongs to a portal (and its account), an author (any user: `Author must exist`) and
optionally a category. Before validation: column lengths, a slug from the clock and the title when
none is given ("<unix time>-<title.underscore.parameterize>"), the locale (the category's, else the
one given, else the portal's default). Validations: author, title and content present. The slug is
unique across the installation (a database index: a 500 upstream, a 422 `Slug has already been
taken` here). A new article without a position goes last in its category (max + 10, or 10); moving
an article to another category puts it last there. `status` is the enum draft/published/archived
(an unknown value raises ArgumentError upstream, a 500: a 422 here). Associated articles hang off a
root article (associate_root_article keeps one level). No domain events: Chatwoot publishes none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import field
from typing import TYPE_CHECKING, Any

from fakewoot.errors import CouldNotCreate, NotFound
from fakewoot.records import dataclass
from fakewoot.store.portal_children import PortalChildren, matches
from fakewoot.store.validation import (
    MSG_BLANK,
    MSG_MUST_EXIST,
    MSG_TAKEN,
    Errors,
    blank,
    check_column_lengths,
)

if TYPE_CHECKING:
    from fakewoot.store.accounts import Account
    from fakewoot.store.base import Table
    from fakewoot.store.categories import Category
    from fakewoot.store.portals import Portal

STATUSES = ("draft", "published", "archived")  # enum status: { draft: 0, published: 1, archived: 2 }
MSG_INVALID_STATUS = "'{value}' is not a valid status"  # ActiveRecord::Enum's ArgumentError
ARTICLES_PER_PAGE = 25  # Kaminari's default per_page
COLUMNS = (
    "title",
    "slug",
    "position",
    "content",
    "description",
    "category_id",
    "author_id",
    "associated_article_id",
    "status",
    "locale",
    "meta",
)
NO_MATCH = object()  # a filter value no row can equal (e.g. an unknown enum label)


def enum_status(value: Any) -> str | None:
    """Assigning the enum: a label or its integer; blank is nil; anything else raises."""
    if value is None or (isinstance(value, str) and not value.strip()) or value is False:
        return None
    if isinstance(value, str) and value in STATUSES:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(STATUSES):
        return STATUSES[value]
    shown = ("true" if value else "false") if isinstance(value, bool) else value  # Ruby's to_s
    raise CouldNotCreate(MSG_INVALID_STATUS.format(value=shown))


def status_filter(value: Any) -> object:
    """where(status: value): a label, or its integer (as a number or a numeric string)."""
    if isinstance(value, str) and value in STATUSES:
        return value
    text = str(value).strip()
    if text.isdigit() and int(text) < len(STATUSES):
        return STATUSES[int(text)]
    return NO_MATCH


def underscore(word: str) -> str:
    """ActiveSupport's String#underscore."""
    word = word.replace("::", "/")
    word = re.sub(r"([A-Z\d]+)([A-Z][a-z])", r"\1_\2", word)
    word = re.sub(r"([a-z\d])([A-Z])", r"\1_\2", word)
    return word.replace("-", "_").lower()


def parameterize(text: str) -> str:
    """ActiveSupport's String#parameterize(separator: '-'): transliterated (unknown letters become
    '?'), runs of other than [a-z0-9-_] become '-', squeezed, trimmed, lower-cased."""
    ascii_text = ""
    for char in text:
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        ascii_text += plain if plain or char.isascii() else "?"
    slug = re.sub(r"[^a-z0-9\-_]+", "-", ascii_text, flags=re.IGNORECASE)
    slug = re.sub(r"-{2,}", "-", slug)
    return re.sub(r"^-|-$", "", slug).lower()


def _words(text: Any) -> list[str]:
    return re.findall(r"\w+", text.lower()) if isinstance(text, str) else []


@dataclass(slots=True)
class Article:
    id: int
    account_id: int
    portal_id: int
    slug: str
    created_at: float
    updated_at: float
    author_id: int | None = None
    title: str | None = None
    description: str | None = None
    content: str | None = None
    status: str | None = None
    position: int | None = None
    locale: str = "en"
    views: int | None = None
    meta: Any = field(default_factory=dict)
    category_id: int | None = None
    associated_article_id: int | None = None


class Articles(PortalChildren[Article]):
    def _table(self, account: Account) -> Table[Article]:
        return account.articles

    def associated(self, article: Article) -> list[Article]:
        rows = self._store.account(article.account_id).articles.values()
        return sorted((a for a in rows if a.associated_article_id == article.id), key=lambda a: a.id)

    def search(
        self,
        articles: list[Article],
        *,
        category_slug: Any = None,
        locale: Any = None,
        author_id: Any = None,
        status: Any = None,
        query: Any = None,
    ) -> list[Article]:
        """Article.search: category slug, locale, author, status (each when present), then the text
        search (every word of the query a prefix of a word of the title, description or content,
        as pg_search's tsearch with prefix: true and the simple dictionary: store/tsearch.py's
        tokens)."""
        categories = self._store.categories
        rows = articles
        if not blank(category_slug):
            rows = [
                a
                for a in rows
                if (c := categories.find(a.category_id)) is not None and c.slug == category_slug
            ]
        rows = [a for a in rows if matches(a.locale, locale)]
        if author_id is not None:
            rows = [a for a in rows if a.author_id == author_id]
        if not blank(status):
            wanted = status_filter(status)
            rows = [a for a in rows if a.status == wanted]
        if not blank(query):
            terms = _words(query)
            rows = [a for a in rows if terms and self._matches(a, terms)]
        return rows

    @staticmethod
    def _matches(article: Article, terms: list[str]) -> bool:
        from fakewoot.store.tsearch import simple_tokens  # loads with the first article search

        words = [
            w
            for text in (article.title, article.description, article.content)
            for w in simple_tokens(text or "")
        ]
        return all(any(word.startswith(term) for word in words) for term in terms)

    def _prepare(self, portal: Portal, values: dict[str, Any], own_id: int, now: float) -> None:
        """The before_validation callbacks and the validations, on `values` (changed in place)."""
        store = self._store
        errors = Errors()
        check_column_lengths(
            errors, values, strings=("title", "slug", "locale"), texts=("description", "content")
        )
        if values.get("slug") is None and not blank(values.get("title")):
            values["slug"] = f"{int(now)}-{parameterize(underscore(values['title']))}"
        category = store.categories.find(values.get("category_id"))
        if category is not None:
            values["locale"] = category.locale
        elif blank(values.get("locale")):
            values["locale"] = portal.default_locale
        author_id = values.get("author_id")
        if author_id is None or store.users.get(author_id) is None:
            errors.add("author", MSG_MUST_EXIST)
        if author_id is None:  # validates :author_id, presence (human name "Author")
            errors.pairs.append(("author_id", MSG_BLANK.format(attr="Author")))
        for key in ("title", "content"):
            if blank(values.get(key)):
                errors.add(key, MSG_BLANK)
        errors.raise_if_any()
        slug = values.get("slug")
        if any(
            a.slug == slug and a.id != own_id
            for acc in store.state.accounts.values()
            for a in acc.articles.values()
        ):
            errors.add("slug", MSG_TAKEN)  # index_articles_on_slug (unique)
            errors.raise_if_any()

    def _last_position(self, account_id: int, category_id: int | None) -> int:
        rows = self._store.account(account_id).articles.values()
        positions = [a.position for a in rows if a.category_id == category_id and a.position is not None]
        return max(positions) + 10 if positions else 10

    def root_of(self, portal: Portal, associated_article_id: int | None) -> int | None:
        """associate_root_article: portal.articles.find (404), then its root (one level)."""
        if associated_article_id is None:
            return None
        parent = self.get(portal, associated_article_id)
        if parent is None:
            raise NotFound()
        return parent.associated_article_id or parent.id

    def create(
        self,
        portal: Portal,
        values: dict[str, Any],
        *,
        article_id: int | None = None,
        created_at: float | None = None,
    ) -> Article:
        store = self._store
        account = store.account(portal.account_id)
        root = self.root_of(portal, values.get("associated_article_id"))
        merged: dict[str, Any] = {"locale": "en", "meta": {}, **values}
        now = store.clock.now() if created_at is None else created_at
        self._prepare(portal, merged, 0, now)
        if merged.get("position") is None:
            merged["position"] = self._last_position(portal.account_id, merged.get("category_id"))
        merged["associated_article_id"] = root
        columns: dict[str, Any] = {key: merged[key] for key in COLUMNS if key in merged}
        article = Article(
            id=account.articles.next_id() if article_id is None else article_id,
            account_id=portal.account_id,
            portal_id=portal.id,
            created_at=now,
            updated_at=now,
            **columns,
        )
        if "views" in values:
            article.views = values["views"]
        return account.articles.add(article)

    def update(self, article: Article, values: dict[str, Any]) -> None:
        """update!(article_params): validated as a whole, then saved; a new category puts the
        article last in it (after the save, so its own position counts)."""
        portal = self._store.account(article.account_id).portals.get(article.portal_id)
        assert portal is not None
        merged = {key: getattr(article, key) for key in COLUMNS} | values
        self._prepare(portal, merged, article.id, self._store.clock.now())
        moved = merged.get("category_id") != article.category_id
        changed = any(getattr(article, key) != merged[key] for key in COLUMNS)
        for key in COLUMNS:
            setattr(article, key, merged[key])
        if moved:
            article.position = self._last_position(article.account_id, article.category_id)
        if changed:
            article.updated_at = self._store.clock.now()

    def reposition(self, moves: list[tuple[Article, int | None]]) -> None:
        """Article.update_positions: each article's update!(position:), in the order given."""
        for article, position in moves:
            if article.position != position:
                article.position = position
                article.updated_at = self._store.clock.now()

    def delete(self, article: Article) -> None:
        account = self._store.account(article.account_id)
        account.articles.remove(article.id)
        for other in account.articles.values():
            if other.associated_article_id == article.id:
                other.associated_article_id = None  # has_many :associated_articles, dependent: :nullify

    def forget_author(self, user_id: int) -> None:
        """The user is destroyed: their articles' author_id becomes nil (update_all, no callbacks)."""
        for account in self._store.state.accounts.values():
            for article in account.articles.values():
                if article.author_id == user_id:
                    article.author_id = None

    def category_of(self, article: Article) -> Category | None:
        return self._store.categories.find(article.category_id)
