"""A portal's categories (v4.10): index for members (by position, filtered by locale, counting the
category's articles in that locale), show/create/update/destroy for administrators; the portal's
find_by (an unknown slug is a 404 here, a 500 upstream) before the policy's 401 before find's 404;
validations (slug, name, a locale among the portal's, unique (locale, slug) in the portal); related,
parent and root categories. Source: categories_controller.rb, category.rb, related_category.rb,
category_policy.rb, categories/*.json.jbuilder, config/locales/en.yml (errors.categories.locale)."""

from __future__ import annotations

import pytest

from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.categories import MSG_LOCALE_NOT_ALLOWED, MSG_LOCALE_UNIQUE
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.shapes import assert_shape

URL = "/api/v1/accounts/1/portals/acme-help/categories"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
NoneType = type(None)
ASSOCIATED_KEYS = {
    "id": int,
    "name": (str, NoneType),
    "slug": str,
    "locale": (str, NoneType),
    "description": (str, NoneType),
    "position": (int, NoneType),
    "account_id": int,
}
CATEGORY_KEYS = {**ASSOCIATED_KEYS, "icon": (str, NoneType), "meta": dict}
LINKS = {"related_categories": list, "parent_category": dict, "root_category": dict}


def assert_category(body):
    assert_shape(body, CATEGORY_KEYS, optional=LINKS)
    order = [*ASSOCIATED_KEYS, "icon", *[k for k in LINKS if k in body], "meta"]
    assert list(body) == order and list(body["meta"]) == ["articles_count"]
    for key in ("parent_category", "root_category"):
        if key in body:
            assert_shape(body[key], ASSOCIATED_KEYS) and list(body[key]) == list(ASSOCIATED_KEYS)


@pytest.fixture
def help_portal(fake):
    return fake.store.portals.create(
        1, name="Acme Help", slug="acme-help", config={"allowed_locales": ["en", "es"]}
    )


@pytest.fixture
def faq(fake, help_portal):
    return fake.store.categories.create(help_portal, {"name": "FAQ", "slug": "faq", "position": 2})


def _post(client, **category):
    return client.post(
        URL, json={"category": {"name": "Billing", "slug": "billing", **category}}, headers=ADMIN
    )


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", ""), ("POST", ""), ("GET", "/1"), ("PATCH", "/1"), ("PUT", "/1"), ("DELETE", "/1")],
)
def test_strangers_bots_and_other_accounts_are_refused(client, fake, faq, help_portal, method, path):
    body = {"category": {"name": "x", "slug": "x"}}
    assert_refuses_strangers(client, method, URL + path, json=body)
    bot = client.request(method, URL + path, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, URL + path, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    if (method, path) != ("GET", ""):
        agent = client.request(method, URL + path, json=body, headers=AGENT)
        assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert [(c.id, c.name) for c in fake.store.categories.of(help_portal)] == [(faq.id, "FAQ")]


def test_create_answers_the_category_with_its_links(client, fake, faq, help_portal):
    root = fake.store.categories.create(help_portal, {"name": "Root", "slug": "root"})
    answer = _post(
        client,
        description="Money",
        position=3,
        locale="es",
        icon="💳",
        parent_category_id=faq.id,
        associated_category_id=root.id,
        related_category_ids=[root.id, faq.id, 999],
    )
    assert answer.status_code == 200 and list(answer.json()) == ["payload"]
    body = answer.json()["payload"]
    assert_category(body)
    assert (body["name"], body["slug"], body["locale"], body["position"], body["icon"]) == (
        "Billing",
        "billing",
        "es",
        3,
        "💳",
    )
    assert [c["id"] for c in body["related_categories"]] == [faq.id, root.id]  # where(id:): id order
    assert (body["parent_category"]["id"], body["root_category"]["id"]) == (faq.id, root.id)
    assert body["meta"] == {"articles_count": 0} and body["account_id"] == 1
    assert fake.store.categories.sub_category_ids(faq) == [body["id"]]
    assert fake.store.categories.associated_category_ids(root) == [body["id"]]


def test_create_defaults_and_a_flat_json_body(client, help_portal):
    answer = client.post(
        URL, json={"name": "Plain", "slug": "plain", "related_category_ids": [1]}, headers=ADMIN
    )
    body = answer.json()["payload"]
    assert (body["locale"], body["icon"], body["position"], body["description"]) == ("en", "", None, None)
    assert "related_categories" not in body and "parent_category" not in body and "root_category" not in body


def test_create_refusals_change_nothing(client, fake, faq, help_portal):
    cases = [
        ({"slug": ""}, ["Slug can't be blank"], ["slug"]),
        ({"name": None}, ["Name can't be blank"], ["name"]),
        ({"locale": "fr"}, [MSG_LOCALE_NOT_ALLOWED.format(locale="fr", allowed='["en", "es"]')], ["locale"]),
        ({"slug": "faq"}, [MSG_LOCALE_UNIQUE], ["locale"]),
        ({"name": "n" * 256}, ["Name is too long (maximum is 255 characters)"], ["name"]),
    ]
    for category, messages, attributes in cases:
        answer = _post(client, **category)
        expected = {"message": ", ".join(messages), "attributes": attributes}
        assert (answer.status_code, answer.json()) == (422, expected), category
    same_slug_other_locale = _post(client, slug="faq", locale="es")
    assert same_slug_other_locale.status_code == 200
    missing = client.post(URL, json={}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (422, {"error": MSG_PARAM_MISSING.format(key="category")})
    nope = client.post(URL.replace("acme-help", "nope"), json={"category": {"name": "x"}}, headers=ADMIN)
    assert (nope.status_code, nope.json()) == (404, {"error": MSG_NOT_FOUND})
    assert [c.slug for c in fake.store.categories.of(help_portal)] == ["faq", "faq"]


def test_index_by_position_with_locale_counts(client, fake, faq, help_portal):
    first = fake.store.categories.create(help_portal, {"name": "First", "slug": "first", "position": 1})
    spanish = fake.store.categories.create(help_portal, {"name": "ES", "slug": "es", "locale": "es"})
    fake.store.articles.create(
        help_portal, {"title": "A", "content": "x", "author_id": 1, "category_id": faq.id}
    )
    for headers in (AGENT, ADMIN):
        answer = client.get(URL, headers=headers)
        assert answer.status_code == 200 and list(answer.json()) == ["payload", "meta"]
        body = answer.json()
        assert [c["id"] for c in body["payload"]] == [first.id, faq.id, spanish.id]  # NULL positions last
        assert body["meta"] == {"current_page": 1, "categories_count": 3}
        for category in body["payload"]:
            assert_category(category)
    assert [c["meta"]["articles_count"] for c in client.get(URL, headers=AGENT).json()["payload"]] == [
        0,
        1,
        0,
    ]
    spanish_only = client.get(URL, params={"locale": "es"}, headers=AGENT).json()
    assert [c["id"] for c in spanish_only["payload"]] == [spanish.id]
    both = client.get(URL + "?locale[]=es&locale[]=en", headers=AGENT).json()  # where(locale: [...])
    assert [c["id"] for c in both["payload"]] == [first.id, faq.id, spanish.id]
    assert [c["meta"]["articles_count"] for c in both["payload"]] == [0, 1, 0]
    past_the_end = client.get(URL, params={"page": "2"}, headers=AGENT).json()  # 1000 a page
    assert past_the_end == {"payload": [], "meta": {"current_page": "2", "categories_count": 0}}


def test_show_update_and_destroy(client, fake, faq, help_portal):
    other = fake.store.categories.create(help_portal, {"name": "Other", "slug": "other"})
    third = fake.store.categories.create(help_portal, {"name": "Third", "slug": "third"})
    shown = client.get(f"{URL}/{faq.id}", headers=ADMIN)
    assert shown.status_code == 200 and shown.json()["payload"]["id"] == faq.id
    assert_category(shown.json()["payload"])
    body = {"category": {"name": "FAQs", "related_category_ids": [third.id], "parent_category_id": other.id}}
    updated = client.put(f"{URL}/{faq.id}", json=body, headers=ADMIN).json()["payload"]
    assert (updated["name"], updated["slug"], updated["position"]) == ("FAQs", "faq", 2)
    assert [c["id"] for c in updated["related_categories"]] == [third.id]
    assert updated["parent_category"]["id"] == other.id
    kept = client.patch(
        f"{URL}/{faq.id}", json={"category": {"related_category_ids": [other.id, third.id]}}, headers=ADMIN
    )
    assert [c["id"] for c in kept.json()["payload"]["related_categories"]] == [
        third.id,
        other.id,
    ]  # kept row first
    none_found = client.patch(
        f"{URL}/{faq.id}", json={"category": {"related_category_ids": [999]}}, headers=ADMIN
    )
    assert len(none_found.json()["payload"]["related_categories"]) == 2  # replaced only when some are found
    refused = client.patch(f"{URL}/{faq.id}", json={"category": {"slug": "other"}}, headers=ADMIN)
    assert (refused.status_code, refused.json()["message"]) == (422, MSG_LOCALE_UNIQUE)
    assert faq.slug == "faq"
    article = fake.store.articles.create(
        help_portal, {"title": "A", "content": "x", "author_id": 1, "category_id": faq.id}
    )
    deleted = client.delete(f"{URL}/{other.id}", headers=ADMIN)
    assert (deleted.status_code, deleted.content) == (200, b"")
    assert faq.parent_category_id is None and faq.related_category_ids == [third.id]
    client.delete(f"{URL}/{faq.id}", headers=ADMIN)
    assert article.category_id is None  # has_many :articles, dependent: :nullify
    for method in ("GET", "PUT", "DELETE"):
        missing = client.request(method, f"{URL}/{faq.id}", json={"category": {"name": "x"}}, headers=ADMIN)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
    assert (
        client.get(URL.replace("acme-help", "nope") + "/1", headers=AGENT).status_code == 401
    )  # policy first
    assert client.get(URL.replace("acme-help", "nope") + "/1", headers=ADMIN).status_code == 404
