"""Port of spec/models/article_spec.rb (Chatwoot v4.10): the validations through POST/PATCH of the
articles API, the locale an article takes (read from the store: the article JSON has no locale),
Article.search through the articles index (its payload is `portal.articles.search(params)`), the
generated slug. FactoryBot's records are built with the store verbs the control API uses."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, new_user, ok

SPEC = "spec/models/article_spec.rb"
UPSTREAM_ITS = 21
ASSOCIATION = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
SKIPPED = {
    "with validations > is_expected.to validate_presence_of(:account_id)": (
        "internal: account_id is always the portal's (ensure_account_id), no request can leave it blank"
    ),
    "associations > is_expected.to belong_to(:account)": ASSOCIATION,
    "#to_llm_text > returns formatted article text": (
        "internal: LlmFormattable's text for Captain's prompts, no HTTP effect"
    ),
}
_titles = itertools.count(1)
SEARCH = "search > "
SOME = SEARCH + "when some params missing > "


def _world(fake: Any, http: Any) -> SimpleNamespace:
    """let!(:portal_1) allowing en and es, let!(:category_1) (en), the agent `user`."""
    portal = fake.store.portals.create(
        1, name="P1", slug="portal-1", config={"allowed_locales": ["en", "es"]}
    )
    category = fake.store.categories.create(
        portal, {"name": "MyString", "slug": "category_1", "locale": "en"}
    )
    return SimpleNamespace(portal_1=portal, category_1=category, user=new_user(http))


def _article(fake: Any, portal: Any, **values: Any) -> Any:
    """create(:article, ...) with the factory's defaults (published, 0 views, a unique title)."""
    factory = {
        "title": f"Movie title {next(_titles)}",
        "content": "MyText",
        "description": "MyDescrption",
        "status": "published",
        "locale": "en",
        "views": 0,
    }
    return fake.store.articles.create(portal, {**factory, **values})


def _url(portal: Any) -> str:
    return f"/api/v1/accounts/1/portals/{portal.slug}/articles"


def _create(http: Any, portal: Any, **article: Any) -> Any:
    return http.post(_url(portal), json={"article": article}, headers=ADMIN)


@ports(
    "with validations > is_expected.to validate_presence_of(:author_id)",
    "with validations > is_expected.to validate_presence_of(:title)",
    "with validations > is_expected.to validate_presence_of(:content)",
    "associations > is_expected.to belong_to(:author)",
)
def test_validations(http, fake):
    world = _world(fake, http)
    answer = _create(http, world.portal_1, title="", content="", author_id=None)
    assert answer.status_code == 422
    assert answer.json()["message"] == (
        "Author must exist, Author can't be blank, Title can't be blank, Content can't be blank"
    )
    unknown = _create(http, world.portal_1, title="t", content="c", author_id=999_999)
    assert (unknown.status_code, unknown.json()["message"]) == (422, "Author must exist")


@ports(
    "length validations > when it validates content length > valid when within limit",
    "length validations > when it validates content length > invalid when crossed the limit",
)
def test_content_length(http, fake):
    world = _world(fake, http)
    article = _article(
        fake,
        world.portal_1,
        category_id=world.category_1.id,
        content="This is the content",
        description="this is the description",
        slug="this-is-title",
        title="this is title",
        author_id=world.user["id"],
    )
    url = f"{_url(world.portal_1)}/{article.id}"
    ok(http.patch(url, json={"article": {"content": "a" * 1000}}, headers=ADMIN))
    too_long = http.patch(url, json={"article": {"content": "a" * 25_001}}, headers=ADMIN)
    assert (too_long.status_code, too_long.json()["message"]) == (
        422,
        "Content is too long (maximum is 20000 characters)",
    )


@ports(
    "add_locale_to_article > adds locale to article from category",
    "add_locale_to_article > adds locale to article from portal",
)
def test_locale(http, fake):
    world = _world(fake, http)
    portal = fake.store.portals.create(
        1, name="P", slug="portal-pt", config={"allowed_locales": ["en", "es", "pt"], "default_locale": "es"}
    )
    category = fake.store.categories.create(
        portal, {"name": "MyString", "slug": "category_1", "locale": "pt"}
    )
    common = {
        "content": "This is the content",
        "description": "this is the description",
        "title": "this is title",
    }
    common["author_id"] = world.user["id"]
    from_category = ok(_create(http, portal, slug="this-is-title", category_id=category.id, **common))
    assert fake.store.articles.get(portal, from_category["payload"]["id"]).locale == "pt"
    from_portal = ok(_create(http, portal, slug="this-is-title-2", locale="", **common))
    assert fake.store.articles.get(portal, from_portal["payload"]["id"]).locale == "es"


def _search_world(fake: Any, http: Any) -> SimpleNamespace:
    world = _world(fake, http)
    portal_2 = fake.store.portals.create(
        1, name="P2", slug="portal-2", config={"allowed_locales": ["en", "es"]}
    )
    categories = fake.store.categories
    category_2 = categories.create(world.portal_1, {"name": "MyString", "slug": "category_2", "locale": "es"})
    category_3 = categories.create(portal_2, {"name": "MyString", "slug": "category_3", "locale": "es"})
    author = world.user["id"]
    p1, c1 = world.portal_1, world.category_1
    _article(
        fake,
        p1,
        category_id=c1.id,
        content="This is the content",
        description="this is the description",
        slug="this-is-title",
        title="this is title",
        author_id=author,
    )
    _article(
        fake,
        p1,
        category_id=c1.id,
        slug="title-1",
        title="title 1",
        content="This is the content",
        author_id=author,
    )
    _article(fake, portal_2, category_id=category_2.id, slug="title-2", title="title 2", author_id=author)
    _article(fake, p1, category_id=category_2.id, slug="title-3", title="title 3", author_id=author)
    _article(fake, portal_2, category_id=category_3.id, slug="title-6", title="title 6", author_id=author)
    _article(fake, p1, category_id=category_2.id, slug="title-7", title="title 7", author_id=author)
    world.portal_2 = portal_2
    return world


def _count(http: Any, portal: Any, **params: Any) -> int:
    """portal.articles.search(params).count: the index's payload (one page holds them all)."""
    return len(ok(http.get(_url(portal), params=params, headers=ADMIN))["payload"])


@ports(SEARCH + "when no parameters passed > returns all the articles in portal")
def test_search_without_params(http, fake):
    world = _search_world(fake, http)
    assert _count(http, world.portal_1) == len(fake.store.articles.of(world.portal_1)) == 4
    assert _count(http, world.portal_2) == len(fake.store.articles.of(world.portal_2)) == 2


@ports(SEARCH + "when params passed > returns all the articles with all the params filters")
def test_search_with_every_filter(http, fake):
    world = _search_world(fake, http)
    assert _count(http, world.portal_2, query="title", locale="es", category_slug="category_3") == 1
    assert _count(http, world.portal_1, query="this", locale="en", category_slug="category_1") == 2
    published = [a for a in fake.store.articles.of(world.portal_1) if a.status == "published"]
    assert _count(http, world.portal_1, status="published") == len(published)


@ports(
    SOME + "returns data with category slug",
    SOME + "returns data with locale",
    SOME + "returns data with text_search query",
    SOME + "returns data with text_search query and locale",
    SOME + "returns records with locale and category_slug",
    SOME + "return records with category_slug and text_search query",
    SOME + "returns records with author and category_slug",
)
def test_search_with_some_filters(http, fake):
    world = _search_world(fake, http)
    p1, p2 = world.portal_1, world.portal_2
    assert _count(http, p1, category_slug="category_2") == 2
    assert (_count(http, p2, locale="es"), _count(http, p1, locale="en")) == (2, 2)
    assert (_count(http, p2, query="title"), _count(http, p1, query="title")) == (2, 4)
    assert _count(http, p1, query="the content") == 2
    assert _count(http, p2, query="title", locale="es") == 2
    assert _count(http, p1, category_slug="category_2", locale="es") == 2
    assert _count(http, p1, category_slug="category_2", query="title") == 2
    assert _count(http, p1, category_slug="category_2", author_id=world.user["id"]) == 2


@ports(SOME + "auto saves article slug")
def test_slug_is_generated(http, fake):
    world = _search_world(fake, http)
    body = {
        "category_id": world.category_1.id,
        "title": "the awesome article 1",
        "content": "This is the content",
    }
    article = ok(_create(http, world.portal_1, author_id=world.user["id"], **body))["payload"]
    assert "the-awesome-article-1" in article["slug"]
