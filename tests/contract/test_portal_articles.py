"""A portal's articles (v4.10): index for members (counts over locale, query and category; the page
filtered by status and author too; by position with a category slug, else most recently updated
first; 25 a page), show/create/update/destroy/reorder for administrators; the portal's find_by!
(404) before the policy (401) before find (404); create's draft default, generated slug, locale
from the category, position last in the category; the status enum; associated (root) articles.
Source: articles_controller.rb, article.rb, article_policy.rb, articles/*.json.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot.api.portal_articles import MSG_POSITIONS_HASH
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.articles import MSG_INVALID_STATUS
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape
from tests.contract.test_agents import assert_agent
from tests.contract.test_portals import PORTAL_KEYS

URL = "/api/v1/accounts/1/portals/acme-help/articles"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
NoneType = type(None)
ARTICLE_KEYS = {
    "id": int,
    "slug": str,
    "title": str,
    "content": str,
    "description": (str, NoneType),
    "status": (str, NoneType),
    "position": (int, NoneType),
    "account_id": int,
    "updated_at": int,
    "meta": dict,
    "category": dict,
    "views": (int, NoneType),
}
ASSOCIATED_KEYS = ["id", "category_id", "title", "content", "description", "status", "account_id", "portal"]
META_KEYS = [
    "all_articles_count",
    "archived_articles_count",
    "articles_count",
    "current_page",
    "draft_articles_count",
    "mine_articles_count",
    "published_count",
]


def assert_article(body):
    assert_shape(body, ARTICLE_KEYS, optional={"author": dict, "associated_articles": list})
    expected = [*ARTICLE_KEYS, *[k for k in ("author", "associated_articles") if k in body]]
    assert list(body) == expected
    assert list(body["category"]) == ["id", "name", "slug", "locale"]
    if "author" in body:
        assert_agent(body["author"])
    for associated in body.get("associated_articles", []):
        assert list(associated) == [*ASSOCIATED_KEYS, "views", "author"]
        assert list(associated["portal"]) == PORTAL_KEYS


@pytest.fixture
def ids(client):
    return {
        "admin": client.get("/api/v1/profile", headers=ADMIN).json()["id"],
        "agent": client.get("/api/v1/profile", headers=AGENT).json()["id"],
    }


@pytest.fixture
def help_portal(fake):
    return fake.store.portals.create(
        1, name="Acme Help", slug="acme-help", config={"allowed_locales": ["en", "es"]}
    )


@pytest.fixture
def faq(fake, help_portal):
    return fake.store.categories.create(help_portal, {"name": "FAQ", "slug": "faq", "locale": "es"})


@pytest.fixture
def frozen(freeze):
    return freeze(1_704_067_200)


def _post(client, author_id, **article):
    body = {"title": "Reset your password", "content": "Click the link.", "author_id": author_id, **article}
    return client.post(URL, json={"article": body}, headers=ADMIN)


def _article(fake, portal, author_id, **values):
    return fake.store.articles.create(
        portal, {"title": "T", "content": "c", "author_id": author_id, **values}
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", ""),
        ("POST", ""),
        ("POST", "/reorder"),
        ("GET", "/1"),
        ("PATCH", "/1"),
        ("PUT", "/1"),
        ("DELETE", "/1"),
    ],
)
def test_strangers_bots_other_accounts_and_agents_are_refused(client, fake, help_portal, ids, method, path):
    article = _article(fake, help_portal, ids["agent"])
    path = path.replace("1", str(article.id))
    body = {"article": {"title": "x", "content": "y", "author_id": ids["admin"]}, "positions_hash": {}}
    assert_refuses_strangers(client, method, URL + path, json=body)
    bot = client.request(method, URL + path, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, URL + path, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    if (method, path) != ("GET", ""):
        agent = client.request(method, URL + path, json=body, headers=AGENT)
        assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
        nope = client.request(method, URL.replace("acme-help", "nope") + path, json=body, headers=AGENT)
        assert (nope.status_code, nope.json()) == (404, {"error": MSG_NOT_FOUND})  # find_by! first
    assert [(a.id, a.title) for a in fake.store.articles.of(help_portal)] == [(article.id, "T")]


def test_create_defaults(client, fake, frozen, help_portal, faq, ids):
    answer = _post(client, ids["agent"], title="MyTitle Über", category_id=faq.id, locale="en")
    assert answer.status_code == 200 and list(answer.json()) == ["payload"]
    body = answer.json()["payload"]
    assert_article(body)
    assert (body["status"], body["slug"], body["position"], body["views"]) == (
        "draft",  # status ||= :draft
        "1704067200-my_title-uber",  # "<unix time>-#{title.underscore.parameterize}"
        10,  # first in its category
        None,
    )
    assert body["category"] == {"id": faq.id, "name": "FAQ", "slug": "faq", "locale": "es"}
    assert body["author"]["id"] == ids["agent"] and body["meta"] == {}
    assert body["updated_at"] == 1_704_067_200 and "associated_articles" not in body
    stored = fake.store.articles.get(help_portal, body["id"])
    assert stored.locale == "es"  # the category's locale wins
    second = _post(
        client, ids["agent"], slug="second", category_id=faq.id, status="published", meta={"tags": ["a"]}
    )
    assert (second.json()["payload"]["position"], second.json()["payload"]["status"]) == (20, "published")
    assert second.json()["payload"]["meta"] == {"tags": ["a"]}
    loose = _post(client, ids["agent"], slug="loose", position=3, status=2)
    assert (loose.json()["payload"]["position"], loose.json()["payload"]["status"]) == (3, "archived")
    assert (
        fake.store.articles.get(help_portal, loose.json()["payload"]["id"]).locale == "en"
    )  # portal default


def test_create_refusals_change_nothing(client, fake, help_portal, ids):
    _article(fake, help_portal, ids["agent"], slug="taken")
    cases = [
        (
            {"author_id": None},
            {"message": "Author must exist, Author can't be blank", "attributes": ["author", "author_id"]},
        ),
        ({"author_id": 999}, {"message": "Author must exist", "attributes": ["author"]}),
        (
            {"title": "", "content": None},
            {"message": "Title can't be blank, Content can't be blank", "attributes": ["title", "content"]},
        ),
        ({"slug": "taken"}, {"message": "Slug has already been taken", "attributes": ["slug"]}),
        ({"status": "live"}, {"error": MSG_INVALID_STATUS.format(value="live")}),
        ({"status": "1"}, {"error": MSG_INVALID_STATUS.format(value="1")}),
        ({"status": True}, {"error": MSG_INVALID_STATUS.format(value="true")}),
        ({"status": 3}, {"error": MSG_INVALID_STATUS.format(value="3")}),
        ({"associated_article_id": 999}, {"error": MSG_NOT_FOUND}),
    ]
    for article, expected in cases:
        answer = _post(client, **{"author_id": ids["agent"], **article})
        status = 404 if expected == {"error": MSG_NOT_FOUND} else 422
        assert (answer.status_code, answer.json()) == (status, expected), article
    missing = client.post(URL, json={}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (422, {"error": MSG_PARAM_MISSING.format(key="article")})
    assert len(fake.store.articles.of(help_portal)) == 1


def test_associated_articles_hang_off_the_root(client, fake, help_portal, ids):
    root = _article(fake, help_portal, ids["agent"], slug="root")
    child = _post(client, ids["admin"], slug="child", associated_article_id=root.id).json()["payload"]
    grandchild = _post(client, ids["admin"], slug="grandchild", associated_article_id=child["id"]).json()[
        "payload"
    ]
    assert fake.store.articles.get(help_portal, grandchild["id"]).associated_article_id == root.id
    shown = client.get(f"{URL}/{root.id}", headers=ADMIN)
    assert shown.status_code == 200
    body = shown.json()["payload"]
    assert_article(body)
    assert [a["id"] for a in body["associated_articles"]] == [child["id"], grandchild["id"]]
    assert body["associated_articles"][0]["portal"]["slug"] == "acme-help"
    client.delete(f"{URL}/{root.id}", headers=ADMIN)
    assert fake.store.articles.get(help_portal, child["id"]).associated_article_id is None


def test_index_counts_filters_and_order(client, fake, help_portal, faq, ids, frozen):
    first = _article(
        fake, help_portal, ids["agent"], slug="a", status="published", category_id=faq.id, position=5
    )
    frozen.advance(1)
    second = _article(fake, help_portal, ids["admin"], slug="b", status="draft", content="some funny content")
    frozen.advance(1)
    third = _article(
        fake, help_portal, ids["admin"], slug="c", status="archived", category_id=faq.id, position=1
    )
    answer = client.get(URL, headers=AGENT)
    assert answer.status_code == 200 and list(answer.json()) == ["payload", "meta"]
    body = answer.json()
    assert [a["id"] for a in body["payload"]] == [third.id, second.id, first.id]  # updated_at desc
    assert list(body["meta"]) == META_KEYS
    assert body["meta"] == {
        "all_articles_count": 3,
        "archived_articles_count": 1,
        "articles_count": 3,
        "current_page": 1,
        "draft_articles_count": 1,
        "mine_articles_count": 1,  # jane wrote one
        "published_count": 1,
    }
    by_category = client.get(URL, params={"category_slug": "faq"}, headers=AGENT).json()
    assert [a["id"] for a in by_category["payload"]] == [third.id, first.id]  # by position
    published = client.get(URL, params={"status": "published"}, headers=AGENT).json()
    assert [a["id"] for a in published["payload"]] == [first.id] and published["meta"]["articles_count"] == 3
    query = client.get(URL, params={"query": "FUN"}, headers=AGENT).json()  # prefix, any case
    assert [a["id"] for a in query["payload"]] == [second.id]
    assert (query["meta"]["all_articles_count"], query["meta"]["articles_count"]) == (3, 1)
    mine = client.get(URL, params={"author_id": str(ids["admin"])}, headers=AGENT).json()
    assert [a["id"] for a in mine["payload"]] == [third.id, second.id]
    spanish = client.get(URL, params={"locale": "es", "page": "1"}, headers=AGENT).json()
    assert [a["id"] for a in spanish["payload"]] == [third.id, first.id] and spanish["meta"][
        "current_page"
    ] == "1"
    assert client.get(URL, params={"status": "nope"}, headers=AGENT).json()["payload"] == []


def test_index_pages_of_25(client, fake, help_portal, ids):
    for n in range(26):
        _article(fake, help_portal, ids["agent"], slug=f"s{n}")
    assert len(client.get(URL, headers=AGENT).json()["payload"]) == 25
    assert len(client.get(URL, params={"page": 2}, headers=AGENT).json()["payload"]) == 1


def test_update_moves_to_the_end_of_a_new_category(client, fake, help_portal, faq, ids):
    placed = _article(fake, help_portal, ids["agent"], slug="placed", category_id=faq.id, position=40)
    moving = _article(fake, help_portal, ids["agent"], slug="moving")
    answer = client.put(
        f"{URL}/{moving.id}",
        json={"article": {"title": "New", "category_id": faq.id, "status": "published"}},
        headers=ADMIN,
    )
    assert answer.status_code == 200
    body = answer.json()["payload"]
    assert (body["title"], body["status"], body["position"], body["category"]["id"]) == (
        "New",
        "published",
        50,
        faq.id,
    )
    same = client.patch(f"{URL}/{moving.id}", json={"article": {"position": 5}}, headers=ADMIN).json()[
        "payload"
    ]
    assert same["position"] == 5
    untouched = client.patch(f"{URL}/{moving.id}", json={}, headers=ADMIN)
    assert untouched.status_code == 200 and untouched.json()["payload"]["position"] == 5
    refused = client.patch(
        f"{URL}/{moving.id}", json={"article": {"status": "gone", "title": "X"}}, headers=ADMIN
    )
    assert (refused.status_code, refused.json()) == (422, {"error": MSG_INVALID_STATUS.format(value="gone")})
    blank = client.patch(f"{URL}/{moving.id}", json={"article": {"content": " "}}, headers=ADMIN)
    assert (blank.status_code, blank.json()["message"]) == (422, "Content can't be blank")
    assert (moving.title, moving.content) == ("New", "c") and placed.position == 40


def test_destroy_and_missing_articles(client, fake, help_portal, ids):
    article = _article(fake, help_portal, ids["agent"])
    answer = client.delete(f"{URL}/{article.id}", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    for method in ("GET", "PATCH", "DELETE"):
        missing = client.request(
            method, f"{URL}/{article.id}", json={"article": {"title": "x"}}, headers=ADMIN
        )
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_reorder(client, fake, help_portal, ids):
    one = _article(fake, help_portal, ids["agent"], slug="one")
    two = _article(fake, help_portal, ids["agent"], slug="two")
    answer = client.post(
        f"{URL}/reorder", json={"positions_hash": {str(one.id): 2, str(two.id): "1"}}, headers=ADMIN
    )
    assert (answer.status_code, answer.content) == (200, b"")
    assert (one.position, two.position) == (2, 1)
    missing = client.post(
        f"{URL}/reorder", json={"positions_hash": {str(one.id): 7, "999": 1}}, headers=ADMIN
    )
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert one.position == 2  # nothing moves before every article is found
    for junk in (None, "x", [1, 2]):
        refused = client.post(f"{URL}/reorder", json={"positions_hash": junk}, headers=ADMIN)
        assert (refused.status_code, refused.json()) == (422, {"error": MSG_POSITIONS_HASH})


def test_a_destroyed_author_leaves_the_article_without_one(client, fake, help_portal):
    from tests.conftest import PLATFORM_TOKEN

    platform = token(PLATFORM_TOKEN)
    body = {"name": "Writer", "email": "writer@acme.test", "password": "Password1!"}
    user = client.post("/platform/api/v1/users", json=body, headers=platform).json()
    article = _article(fake, help_portal, user["id"])
    assert "author" in client.get(f"{URL}/{article.id}", headers=ADMIN).json()["payload"]
    assert client.delete(f"/platform/api/v1/users/{user['id']}", headers=platform).status_code == 200
    assert article.author_id is None  # User has_many :articles, dependent: :nullify
    shown = client.get(f"{URL}/{article.id}", headers=ADMIN).json()["payload"]
    assert "author" not in shown
    refused = client.patch(f"{URL}/{article.id}", json={"article": {"title": "New"}}, headers=ADMIN)
    assert refused.json() == {
        "message": "Author must exist, Author can't be blank",
        "attributes": ["author", "author_id"],
    }
