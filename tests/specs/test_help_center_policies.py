"""Port of spec/policies/portal_policy_spec.rb, category_policy_spec.rb and article_policy_spec.rb
(v4.10): each `permissions` group checked over HTTP, every action of the group (edit? is update?'s
twin: Pundit's edit? has no route of its own), for an administrator (allowed) and an agent (index and
show of portals, index of categories and articles allowed; the rest 401)."""

from __future__ import annotations

from typing import Any

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACTION
from tests.specs.ledger import ports
from tests.specs.support import new_user

PORTAL = "spec/policies/portal_policy_spec.rb"
CATEGORY = "spec/policies/category_policy_spec.rb"
ARTICLE = "spec/policies/article_policy_spec.rb"
SPEC = {PORTAL: PORTAL, CATEGORY: CATEGORY, ARTICLE: ARTICLE}
UPSTREAM_ITS = {PORTAL: 4, CATEGORY: 4, ARTICLE: 4}
SKIPPED: dict[str, dict[str, str]] = {PORTAL: {}, CATEGORY: {}, ARTICLE: {}}
IT = "{ expect(%s_policy).%s permit(%s_context, %s) }"
URL = "/api/v1/accounts/1/portals"


def _it(model: str, who: str, allowed: bool) -> str:
    return IT % (model, "to" if allowed else "not_to", who, model)


def _world(fake: Any, http: Any) -> tuple[dict[str, str], dict[str, str], int, int]:
    portal = fake.store.portals.create(1, name="P", slug="portal-1")
    admin, agent = new_user(http, role="administrator"), new_user(http)
    category = fake.store.categories.create(portal, {"name": "C", "slug": "c"})
    article = fake.store.articles.create(portal, {"title": "T", "content": "c", "author_id": admin["id"]})
    return admin["headers"], agent["headers"], category.id, article.id


def _statuses(http: Any, headers: dict[str, str], calls: list[tuple[str, str, Any]]) -> list[int]:
    statuses = []
    for method, path, body in calls:
        answer = http.request(method, URL + path, json=body, headers=headers)
        if answer.status_code == 401:
            assert answer.json() == {"error": MSG_NOT_AUTHORIZED_ACTION}
        statuses.append(answer.status_code)
    return statuses


def _portal_writes(n: int) -> list[tuple[str, str, Any]]:
    """update?, edit? (update), create?, destroy?, logo? (destroy last: the portal goes)."""
    return [
        ("PATCH", "/portal-1", {"portal": {"name": "Renamed"}}),
        ("PUT", "/portal-1", {"portal": {"name": "Renamed again"}}),
        ("POST", "", {"portal": {"name": "New", "slug": f"new-{n}", "custom_domain": ""}}),
        ("DELETE", "/portal-1/logo", None),
        ("DELETE", "/portal-1", None),
    ]


@ports(
    f"permissions :index?, :show? > when administrator > {_it('portal', 'administrator', True)}",
    f"permissions :index?, :show? > when agent > {_it('portal', 'agent', True)}",
    spec=PORTAL,
)
def test_portal_reads(http, fake):
    admin, agent, _, _ = _world(fake, http)
    for headers in (admin, agent):
        assert _statuses(http, headers, [("GET", "", None), ("GET", "/portal-1", None)]) == [200, 200]


@ports(
    f"permissions :update?, :edit?, :create?, :destroy?, :logo? > when administrator > "
    f"{_it('portal', 'administrator', True)}",
    f"permissions :update?, :edit?, :create?, :destroy?, :logo? > when agent > {_it('portal', 'agent', False)}",
    spec=PORTAL,
)
def test_portal_writes(http, fake):
    admin, agent, _, _ = _world(fake, http)
    assert _statuses(http, agent, _portal_writes(1)) == [401] * 5
    assert _statuses(http, admin, _portal_writes(2)) == [200] * 5


def _children(kind: str, child_id: int, body: dict[str, Any]) -> list[tuple[str, str, Any]]:
    base = f"/portal-1/{kind}"
    return [
        ("PATCH", f"{base}/{child_id}", body),  # update?
        ("GET", f"{base}/{child_id}", None),  # show?
        ("PUT", f"{base}/{child_id}", body),  # edit?
    ]


@ports(
    f"permissions :index? > when administrator > {_it('category', 'administrator', True)}",
    f"permissions :index? > when agent > {_it('category', 'agent', True)}",
    spec=CATEGORY,
)
def test_category_index(http, fake):
    admin, agent, _, _ = _world(fake, http)
    for headers in (admin, agent):
        assert _statuses(http, headers, [("GET", "/portal-1/categories", None)]) == [200]


@ports(
    f"permissions :update?, :show?, :edit?, :create?, :destroy? > when administrator > "
    f"{_it('category', 'administrator', True)}",
    f"permissions :update?, :show?, :edit?, :create?, :destroy? > when agent > {_it('category', 'agent', False)}",
    spec=CATEGORY,
)
def test_category_writes(http, fake):
    admin, agent, category_id, _ = _world(fake, http)
    calls = [
        *_children("categories", category_id, {"category": {"name": "Renamed"}}),
        ("POST", "/portal-1/categories", {"category": {"name": "New", "slug": "new"}}),
        ("DELETE", f"/portal-1/categories/{category_id}", None),
    ]
    assert _statuses(http, agent, calls) == [401] * 5
    assert _statuses(http, admin, calls) == [200] * 5


@ports(
    f"permissions :index? > when administrator > {_it('article', 'administrator', True)}",
    f"permissions :index? > when agent > {_it('article', 'agent', True)}",
    spec=ARTICLE,
)
def test_article_index(http, fake):
    admin, agent, _, _ = _world(fake, http)
    for headers in (admin, agent):
        assert _statuses(http, headers, [("GET", "/portal-1/articles", None)]) == [200]


@ports(
    f"permissions :update?, :show?, :edit?, :create?, :destroy?, :reorder? > when administrator > "
    f"{_it('article', 'administrator', True)}",
    f"permissions :update?, :show?, :edit?, :create?, :destroy?, :reorder? > when agent > "
    f"{_it('article', 'agent', False)}",
    spec=ARTICLE,
)
def test_article_writes(http, fake):
    admin, agent, _, article_id = _world(fake, http)
    author = fake.store.articles.find(article_id).author_id
    calls = [
        *_children("articles", article_id, {"article": {"title": "Renamed"}}),
        ("POST", "/portal-1/articles", {"article": {"title": "New", "content": "c", "author_id": author}}),
        ("POST", "/portal-1/articles/reorder", {"positions_hash": {str(article_id): 5}}),
        ("DELETE", f"/portal-1/articles/{article_id}", None),
    ]
    assert _statuses(http, agent, calls) == [401] * 6
    assert _statuses(http, admin, calls) == [200] * 6
