"""Port of spec/models/category_spec.rb and related_category_spec.rb (Chatwoot v4.10): the
validations through the categories API, Category.search through the categories index. FactoryBot's
records are built with the store verbs the control API uses."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tests.specs.ledger import ports
from tests.specs.support import ADMIN, ok

CATEGORY = "spec/models/category_spec.rb"
RELATED = "spec/models/related_category_spec.rb"
SPEC = {CATEGORY: CATEGORY, RELATED: RELATED}
UPSTREAM_ITS = {CATEGORY: 11, RELATED: 2}
ASSOCIATION = "internal: an ActiveRecord association declaration (shoulda matcher), no HTTP effect of its own"
SKIPPED = {
    CATEGORY: {
        "with validations > is_expected.to validate_presence_of(:account_id)": (
            "internal: account_id is always the portal's (ensure_account_id), no request can leave it blank"
        ),
        **{
            f"associations > is_expected.to {matcher}": ASSOCIATION
            for matcher in (
                "belong_to(:account)",
                "belong_to(:portal)",
                "have_many(:articles)",
                "have_many(:sub_categories)",
                "have_many(:associated_categories)",
                "have_many(:related_categories)",
            )
        },
    },
    RELATED: {
        "associations > is_expected.to belong_to(:category)": ASSOCIATION,
        "associations > is_expected.to belong_to(:related_category)": ASSOCIATION,
    },
}


def _url(portal: Any) -> str:
    return f"/api/v1/accounts/1/portals/{portal.slug}/categories"


@ports("with validations > is_expected.to validate_presence_of(:name)", spec=CATEGORY)
def test_name_is_required(http, fake):
    portal = fake.store.portals.create(1, name="P", slug="portal-1")
    answer = http.post(_url(portal), json={"category": {"name": " ", "slug": "a"}}, headers=ADMIN)
    assert (answer.status_code, answer.json()) == (
        422,
        {"message": "Name can't be blank", "attributes": ["name"]},
    )


@ports("validations > returns erros when locale is not allowed in the portal", spec=CATEGORY)
def test_locale_outside_the_portal(http, fake):
    portal = fake.store.portals.create(1, name="P", slug="portal-1", config={"allowed_locales": ["en"]})
    category = fake.store.categories.create(
        portal, {"name": "MyString", "slug": "category_1", "locale": "en"}
    )
    answer = http.patch(f"{_url(portal)}/{category.id}", json={"category": {"locale": "es"}}, headers=ADMIN)
    assert (answer.status_code, answer.json()["message"]) == (
        422,
        'Locale es of category is not part of portal\'s ["en"].',
    )
    assert category.locale == "en"


def _search_world(fake: Any) -> SimpleNamespace:
    config = {"allowed_locales": ["en", "es"]}
    portal_1 = fake.store.portals.create(1, name="P1", slug="portal-1", config=config)
    portal_2 = fake.store.portals.create(1, name="P2", slug="portal-2", config=dict(config))
    for portal, slug, locale in (
        (portal_1, "category_1", "en"),
        (portal_1, "category_2", "es"),
        (portal_2, "category_3", "es"),
    ):
        fake.store.categories.create(portal, {"name": "MyString", "slug": slug, "locale": locale})
    return SimpleNamespace(portal_1=portal_1, portal_2=portal_2)


def _count(http: Any, portal: Any, **params: Any) -> int:
    """portal.categories.search(params).count: the index's categories_count."""
    return int(ok(http.get(_url(portal), params=params, headers=ADMIN))["meta"]["categories_count"])


@ports("search > when no parameters passed > returns all the articles in portal", spec=CATEGORY)
def test_search_without_params(http, fake):
    world = _search_world(fake)
    assert _count(http, world.portal_1) == len(fake.store.categories.of(world.portal_1)) == 2
    assert _count(http, world.portal_2) == len(fake.store.categories.of(world.portal_2)) == 1


@ports("search > when params passed > returns all the categories with all the params filters", spec=CATEGORY)
def test_search_by_locale(http, fake):
    world = _search_world(fake)
    assert _count(http, world.portal_2, locale="es") == 1
    assert _count(http, world.portal_1, locale="en") == 1
