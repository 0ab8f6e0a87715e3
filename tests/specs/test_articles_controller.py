"""Port of spec/controllers/api/v1/accounts/articles_controller_spec.rb (v4.10). The spec's `let!`
records (a portal, a category 'category_slug' in en, an article by an agent) and its
create(:article) calls use the store verbs the fake's control API uses, with the factory's values
(content 'MyText', description 'MyDescrption', published, 0 views, a unique title); every request
goes over HTTP."""

from __future__ import annotations

import itertools
from types import SimpleNamespace
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/articles_controller_spec.rb"
UPSTREAM_ITS = 17
_BASE = "/api/v1/accounts/{account.id}/portals/{portal.slug}/articles"
POST = "POST " + _BASE
PUT = "PUT " + _BASE + "/{article.id}"
DELETE = "DELETE " + _BASE + "/{article.id}"
GET = "GET " + _BASE
SHOW = GET + " > GET " + _BASE + "/{article.id} > "
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
URL = "/api/v1/accounts/1/portals/test-portal/articles"
_titles = itertools.count(1)


def _world(fake: Any, http: Any) -> SimpleNamespace:
    portal = fake.store.portals.create(1, name="test_portal", slug="test-portal")
    category = fake.store.categories.create(
        portal, {"name": "category", "locale": "en", "slug": "category_slug"}
    )
    agent, admin = new_user(http), new_user(http, role="administrator")
    world = SimpleNamespace(portal=portal, category=category, agent=agent, admin=admin["headers"])
    world.article = _article(fake, world)
    return world


def _article(fake: Any, world: SimpleNamespace, **values: Any) -> Any:
    """create(:article, category:, portal:, author_id: agent.id, ...) with the factory's defaults."""
    factory = {
        "title": f"Movie title {next(_titles)}",
        "content": "MyText",
        "description": "MyDescrption",
        "status": "published",
        "locale": "en",
        "category_id": world.category.id,
        "author_id": world.agent["id"],
        "views": 0,
    }
    return fake.store.articles.create(world.portal, {**factory, **values})


def _params(world: SimpleNamespace, **article: Any) -> dict[str, Any]:
    body = {
        "category_id": world.category.id,
        "description": "test description",
        "title": "MyTitle",
        "slug": "my-title",
        "content": "This is my content.",
        "status": "published",
        "author_id": world.agent["id"],
        "position": 3,
    }
    return {"article": {**body, **article}}


@ports(POST + UNAUTH, PUT + UNAUTH, DELETE + UNAUTH, GET + UNAUTH)
def test_unauthenticated(http, fake):
    world = _world(fake, http)
    assert http.post(URL, json={}).status_code == 401
    assert http.put(f"{URL}/{world.article.id}", json={}).status_code == 401
    assert http.delete(f"{URL}/{world.article.id}").status_code == 401
    assert http.get(URL).status_code == 401
    assert len(fake.store.articles.of(world.portal)) == 1


@ports(POST + AUTHED + "creates article", POST + AUTHED + "creates article even if category is not provided")
def test_create(http, fake):
    world = _world(fake, http)
    body = ok(http.post(URL, json=_params(world), headers=world.admin))["payload"]
    assert (body["title"], body["status"], body["position"]) == ("MyTitle", "published", 3)
    loose = _params(world, category_id=None, slug="my-title-2")
    body = ok(http.post(URL, json=loose, headers=world.admin))["payload"]
    assert (body["title"], body["status"], body["position"]) == ("MyTitle", "published", 3)


@ports(POST + AUTHED + "creates article as draft when status is not provided")
def test_create_draft(http, fake):
    world = _world(fake, http)
    article = _params(world, title="DraftTitle", slug="draft-title", content="This is my draft content.")
    del article["article"]["status"], article["article"]["position"]
    body = ok(http.post(URL, json=article, headers=world.admin))["payload"]
    assert (body["title"], body["status"]) == ("DraftTitle", "draft")


@ports(POST + AUTHED + "associate to the root article")
def test_associate_to_the_root(http, fake):
    world = _world(fake, http)
    root = _article(fake, world, slug="root-article", associated_article_id=None)
    parent = _article(fake, world, slug="parent-article", associated_article_id=root.id)
    body = ok(
        http.post(
            URL, json=_params(world, slug="MyTitle", associated_article_id=parent.id), headers=world.admin
        )
    )
    assert body["payload"]["title"] == "MyTitle"
    assert fake.store.articles.get(world.portal, body["payload"]["id"]).associated_article_id == root.id


@ports(POST + AUTHED + "associate to the current parent article")
def test_associate_to_the_parent(http, fake):
    world = _world(fake, http)
    parent = _article(fake, world, associated_article_id=None)
    body = ok(
        http.post(
            URL, json=_params(world, slug="MyTitle", associated_article_id=parent.id), headers=world.admin
        )
    )
    assert body["payload"]["title"] == "MyTitle"
    assert fake.store.articles.get(world.portal, body["payload"]["id"]).associated_article_id == parent.id


@ports(PUT + AUTHED + "updates article")
def test_update(http, fake):
    world = _world(fake, http)
    article = {"title": "MyTitle2", "status": "published", "description": "test_description", "position": 5}
    assert world.article.title != article["title"]
    body = ok(http.put(f"{URL}/{world.article.id}", json={"article": article}, headers=world.admin))[
        "payload"
    ]
    assert (body["title"], body["status"], body["position"]) == ("MyTitle2", "published", 5)


@ports(DELETE + AUTHED + "deletes category")
def test_destroy(http, fake):
    world = _world(fake, http)
    ok(http.delete(f"{URL}/{world.article.id}", headers=world.admin))
    assert fake.store.articles.find(world.article.id) is None


@ports(GET + AUTHED + "get all articles", GET + AUTHED + "get all articles with searched params")
def test_index(http, fake):
    world = _world(fake, http)
    assert _article(fake, world).id is not None
    assert len(ok(http.get(URL, headers=world.admin))["payload"]) == 2
    searched = ok(http.get(URL, params={"category_slug": world.category.slug}, headers=world.admin))
    assert len(searched["payload"]) == 2


@ports(GET + AUTHED + "get all articles with uncategorized articles")
def test_index_uncategorized(http, fake):
    world = _world(fake, http)
    second = _article(fake, world, category_id=None, locale="en")
    body = ok(http.get(URL, headers=world.admin))
    assert len(body["payload"]) == 2
    assert body["payload"][0]["id"] == second.id and body["payload"][0]["category"]["id"] is None


@ports(GET + AUTHED + "get all articles with searched text query")
def test_index_query(http, fake):
    world = _world(fake, http)
    _article(fake, world, content="this is some test and funny content")
    body = ok(http.get(URL, params={"query": "funny"}, headers=world.admin))
    assert len(body["payload"]) == 1
    meta = body["meta"]
    assert (meta["all_articles_count"], meta["articles_count"], meta["mine_articles_count"]) == (2, 1, 0)


@ports(SHOW + "get article")
def test_show(http, fake):
    world = _world(fake, http)
    second = _article(fake, world)
    body = ok(http.get(f"{URL}/{second.id}", headers=world.admin))["payload"]
    assert (body["title"], body["id"]) == (second.title, second.id)


@ports(SHOW + "get associated articles")
def test_show_associated(http, fake):
    world = _world(fake, http)
    root = _article(fake, world, associated_article_id=None)
    child_1 = _article(fake, world, slug="child-1", associated_article_id=root.id)
    child_2 = _article(fake, world, slug="child-2", associated_article_id=root.id)
    body = ok(http.get(f"{URL}/{root.id}", headers=world.admin))["payload"]
    assert sorted(a["id"] for a in body["associated_articles"]) == sorted([child_1.id, child_2.id])
    assert body["id"] == root.id
