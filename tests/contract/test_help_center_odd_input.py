"""Bad input never gets a 500 on the help center's writes: odd JSON shapes, wrong value types and
form bodies against an existing portal, category and article (the generic sweep in test_errors.py
only reaches unknown slugs)."""

from __future__ import annotations

import pytest

from tests.conftest import ADMIN_TOKEN, token

ADMIN = token(ADMIN_TOKEN)
P = "/api/v1/accounts/1/portals"
BODIES = [
    b"[]",
    b"null",
    b'"text"',
    b'{"portal": "x"}',
    b'{"portal": {"config": "x", "archived": [1], "name": {"a": 1}}}',
    b'{"portal": {"config": {"allowed_locales": "en", "default_locale": ["x"]}}}',
    b'{"portal": {"name": "n", "slug": "s2", "custom_domain": 12}, "inbox_id": {"a": 1}}',
    b'{"portal": {"name": "n", "slug": "s3", "custom_domain": ""}, "inbox_id": "abc"}',
    b'{"category": {"name": "c", "slug": "c2", "related_category_ids": {"a": 1}, "position": "x"}}',
    b'{"category": {"name": "c", "slug": "c3", "locale": null, "parent_category_id": [1]}}',
    b'{"article": {"title": "t", "content": "c", "author_id": "1", "meta": "x", "status": [1]}}',
    b'{"article": {"title": "t", "content": "c", "author_id": 1, "meta": {"tags": "a"}, "status": 1.5}}',
    b'{"article": {"title": "\xc3\xa9\xe4\xb8\xad", "content": "c", "author_id": 1, "slug": null}}',
    b'{"positions_hash": {"a": "b"}}',
    b'{"positions_hash": {"1": {"x": 1}}}',
    b'{"email": ["a@b.test"]}',
    b'{"portal": {"name": "n", "slug": "s4", "custom_domain": ""}, "blob_id": {"a": 1}}',
    b'{"blob_id": [1, 2]}',
]


@pytest.fixture
def world(fake):
    portal = fake.store.portals.create(1, name="Help", slug="help", custom_domain="docs.acme.test")
    category = fake.store.categories.create(portal, {"name": "FAQ", "slug": "faq"})
    article = fake.store.articles.create(portal, {"title": "T", "content": "c", "author_id": 1})
    return portal, category, article


def test_odd_bodies_never_500(client, world):
    _, category, article = world
    routes = [
        ("POST", P),
        ("PATCH", P + "/help"),
        ("PUT", P + "/help"),
        ("POST", P + "/help/send_instructions"),
        ("POST", P + "/help/categories"),
        ("PATCH", f"{P}/help/categories/{category.id}"),
        ("POST", P + "/help/articles"),
        ("PATCH", f"{P}/help/articles/{article.id}"),
        ("POST", P + "/help/articles/reorder"),
    ]
    for method, url in routes:
        for raw in BODIES:
            for content_type in ("application/json", "text/plain"):
                headers = {**ADMIN, "content-type": content_type}
                response = client.request(method, url, content=raw, headers=headers)
                assert response.status_code < 500, (method, url, raw, response.text)


def test_odd_query_parameters_never_500(client, world):
    for query in (
        "page=abc&locale[]=en",
        "query=%21%21&status=7&author_id=x",
        "category_slug[a]=1&page=-3",
        "query=%E4%B8%AD&locale=",
    ):
        for path in ("", "/help", "/help/categories", "/help/articles"):
            response = client.get(f"{P}{path}?{query}", headers=ADMIN)
            assert response.status_code == 200, (path, query, response.text)


def test_form_bodies_are_read_like_rails(client, fake, world):
    form = {
        "article[title]": "Form",
        "article[content]": "c",
        "article[author_id]": "1",
        "article[status]": "1",
    }
    refused = client.post(P + "/help/articles", data=form, headers=ADMIN)  # "1" is no enum label
    assert refused.status_code == 422
    form["article[status]"] = "published"
    created = client.post(P + "/help/articles", data=form, headers=ADMIN)
    assert created.status_code == 200 and created.json()["payload"]["status"] == "published"
