"""Port of spec/controllers/api/v1/accounts/categories_controller_spec.rb (v4.10). The spec's `let!`
records (a portal allowing en and es, four categories at positions 1-4) are built with the store
verbs the fake's control API uses; every request goes over HTTP."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from fakewoot.store.categories import MSG_LOCALE_UNIQUE
from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/categories_controller_spec.rb"
UPSTREAM_ITS = 14
_BASE = "/api/v1/accounts/{account.id}/portals/{portal.slug}/categories"
POST = "POST " + _BASE
PUT = "PUT " + _BASE + "/{category.id}"
DELETE = "DELETE " + _BASE + "/{category.id}"
GET = "GET " + _BASE
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
URL = "/api/v1/accounts/1/portals/test-portal/categories"


def _world(fake: Any) -> SimpleNamespace:
    """let!(:portal) and the four categories (FactoryBot's locale 'en' default)."""
    portal = fake.store.portals.create(
        1, name="test_portal", slug="test-portal", config={"allowed_locales": ["en", "es"]}
    )
    made = [
        fake.store.categories.create(
            portal, {"name": name, "slug": slug, "position": position, "description": "MyText"}
        )
        for name, slug, position in (
            ("category", "category_slug", 1),
            ("associated category", "associated_category_slug", 2),
            ("related category 1", "category_slug_1", 3),
            ("related category 2", "category_slug_2", 4),
        )
    ]
    return SimpleNamespace(
        portal=portal, category=made[0], to_associate=made[1], related_1=made[2], related_2=made[3]
    )


def _params(world: SimpleNamespace, n: int) -> dict[str, Any]:
    return {
        "category": {
            "name": f"test_category{'' if n == 1 else '_2'}",
            "description": f"test_description{'' if n == 1 else '_2'}",
            "position": 4 + n,
            "locale": "es",
            "slug": f"test_category_{n}",
            "parent_category_id": world.category.id,
            "associated_category_id": world.to_associate.id,
            "related_category_ids": [world.related_1.id, world.related_2.id],
        }
    }


def _last(fake: Any, world: SimpleNamespace, count: int) -> list[int]:
    return [c.id for c in fake.store.categories.of(world.portal)][-count:]


@ports(POST + UNAUTH, PUT + UNAUTH, DELETE + UNAUTH, GET + UNAUTH)
def test_unauthenticated(http, fake):
    world = _world(fake)
    assert http.post(URL, json={}).status_code == 401
    assert http.put(f"{URL}/{world.category.id}", json={}).status_code == 401
    assert http.delete(f"{URL}/{world.category.id}").status_code == 401
    assert http.get(URL).status_code == 401
    assert len(fake.store.categories.of(world.portal)) == 4


@ports(POST + AUTHED + "creates category")
def test_create(http, fake):
    world = _world(fake)
    admin = new_user(http, role="administrator")["headers"]
    body = ok(http.post(URL, json=_params(world, 1), headers=admin))["payload"]
    assert [c["id"] for c in body["related_categories"]] == [world.related_1.id, world.related_2.id]
    assert body["parent_category"]["id"] == world.category.id
    assert body["root_category"]["id"] == world.to_associate.id
    assert fake.store.categories.sub_category_ids(world.category) == _last(fake, world, 1)
    assert fake.store.categories.associated_category_ids(world.to_associate) == _last(fake, world, 1)


@ports(
    POST + AUTHED + "creates multiple sub_categories under one parent_category",
    POST + AUTHED + "creates multiple associated_categories with one category",
)
def test_create_two_children(http, fake):
    world = _world(fake)
    admin = new_user(http, role="administrator")["headers"]
    ok(http.post(URL, json=_params(world, 1), headers=admin))
    ok(http.post(URL, json=_params(world, 2), headers=admin))
    assert fake.store.categories.sub_category_ids(world.category) == _last(fake, world, 2)
    assert fake.store.categories.associated_category_ids(world.to_associate) == _last(fake, world, 2)


@ports(POST + AUTHED + "will throw an error on locale, category_id uniqueness")
def test_create_twice(http, fake):
    world = _world(fake)
    admin = new_user(http, role="administrator")["headers"]
    ok(http.post(URL, json=_params(world, 1), headers=admin))
    again = http.post(URL, json=_params(world, 1), headers=admin)
    assert (again.status_code, again.json()["message"]) == (422, MSG_LOCALE_UNIQUE)


@ports(POST + AUTHED + "will throw an error slug presence")
def test_create_without_slug(http, fake):
    _world(fake)
    body = {
        "category": {
            "name": "test_category",
            "description": "test_description",
            "position": 1,
            "locale": "es",
        }
    }
    answer = http.post(URL, json=body, headers=new_user(http, role="administrator")["headers"])
    assert (answer.status_code, answer.json()["message"]) == (422, "Slug can't be blank")


@ports(PUT + AUTHED + "updates category")
def test_update(http, fake):
    world = _world(fake)
    body = {
        "category": {
            "name": "test_category_2",
            "description": "test_description",
            "position": 1,
            "related_category_ids": [world.related_1.id],
            "parent_category_id": world.related_2.id,
        }
    }
    assert world.category.name != "test_category_2"
    assert world.category.related_category_ids == [] and world.category.parent_category_id is None
    admin = new_user(http, role="administrator")["headers"]
    answer = http.put(f"{URL}/{world.category.id}", json=body, headers=admin).json()["payload"]
    assert answer["name"] == "test_category_2"
    assert answer["related_categories"][0]["id"] == world.related_1.id
    assert answer["parent_category"]["id"] == world.related_2.id
    assert fake.store.categories.sub_category_ids(world.related_2) == [world.category.id]


@ports(PUT + AUTHED + "updates related categories")
def test_update_related(http, fake):
    world = _world(fake)
    fake.store.categories.update(world.category, {}, [world.related_2])  # related_categories << ...
    assert world.category.related_category_ids == [world.related_2.id]
    body = {"category": {"related_category_ids": [world.related_1.id]}}
    admin = new_user(http, role="administrator")["headers"]
    answer = ok(http.put(f"{URL}/{world.category.id}", json=body, headers=admin))["payload"]
    assert answer["name"] == world.category.name
    assert answer["related_categories"][0]["id"] == world.related_1.id
    assert world.category.related_category_ids == [world.related_1.id]
    assert world.related_1.related_category_ids == []
    assert answer["position"] == world.category.position


@ports(PUT + AUTHED + "update reverse associations for related categories")
def test_update_reverse(http, fake):
    world = _world(fake)
    fake.store.categories.update(world.category, {}, [world.related_2])
    body = {"category": {"related_category_ids": [world.category.id]}}
    admin = new_user(http, role="administrator")["headers"]
    ok(http.put(f"{URL}/{world.related_2.id}", json=body, headers=admin))
    assert world.category.related_category_ids == [world.related_2.id]
    assert world.related_2.related_category_ids == [world.category.id]


@ports(DELETE + AUTHED + "deletes category")
def test_destroy(http, fake):
    world = _world(fake)
    ok(http.delete(f"{URL}/{world.category.id}", headers=new_user(http, role="administrator")["headers"]))
    assert fake.store.categories.find(world.category.id) is None


@ports(GET + AUTHED + "get all categories in portal")
def test_index(http, fake):
    world = _world(fake)
    count = len(fake.store.account(1).categories)
    second = fake.store.categories.create(
        world.portal, {"name": "test_category_2", "locale": "es", "slug": "category_slug_2"}
    )
    assert second.id is not None
    body = ok(http.get(URL, headers=new_user(http, role="administrator")["headers"]))
    assert len(body["payload"]) == count + 1
