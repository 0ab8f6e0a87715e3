"""GET /api/v1/accounts/:id/search/articles and the index's `articles` (v4.10).

Sources: app/services/search_service.rb#filter_articles, app/models/article.rb (pg_search_scope
:text_search: tsearch, prefix, normalization 2, title A / description B / content C, ranked),
app/views/api/v1/accounts/search/_article.json.jbuilder. Articles are made with the store verbs the
control API uses (the default fixtures have none).
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from fakewoot.errors import MSG_NOT_AUTHORIZED_ACCOUNT
from fakewoot.store.tsrank import ts_rank, weighted_vector
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

ADMIN, AGENT, OTHER = token(ADMIN_TOKEN), token(AGENT_TOKEN), token(OTHER_ADMIN_TOKEN)
URL = "/api/v1/accounts/1/search/articles"
_slugs = itertools.count(1)
KEYS = [
    "id",
    "title",
    "locale",
    "content",
    "slug",
    "portal_slug",
    "account_id",
    "category_name",
    "status",
    "updated_at",
]


@pytest.fixture
def help_portal(fake):
    return fake.store.portals.create(1, name="Help", slug="help")


def _article(fake: Any, portal: Any, title: str, content: str = "MyText", **values: Any) -> Any:
    slug = f"article-{next(_slugs)}"  # the generated slug (time and title) repeats under one clock tick
    body = {
        "title": title,
        "content": content,
        "description": "About it",
        "author_id": 1,
        "slug": slug,
        **values,
    }
    return fake.store.articles.create(portal, body)


def _ids(client, q: str, headers: dict[str, str] = AGENT, **params: Any) -> list[int]:
    response = client.get(URL, params={"q": q, **params}, headers=headers)
    assert response.status_code == 200, response.text
    assert list(response.json()["payload"]) == ["articles"]
    return [a["id"] for a in response.json()["payload"]["articles"]]


def test_article_result_shape(client, fake, help_portal):
    category = fake.store.categories.create(help_portal, {"name": "Guides", "locale": "en", "slug": "guides"})
    article = _article(fake, help_portal, "Magic Guide", category_id=category.id, status="published")
    response = client.get(URL, params={"q": "magic"}, headers=AGENT)
    assert response.status_code == 200
    found = response.json()["payload"]["articles"]
    assert [list(a) for a in found] == [KEYS]
    assert found[0] == {
        "id": article.id,
        "title": "Magic Guide",
        "locale": "en",
        "content": "MyText",
        "slug": article.slug,
        "portal_slug": "help",
        "account_id": 1,
        "category_name": "Guides",
        "status": "published",
        "updated_at": int(article.updated_at),
    }


def test_every_status_and_no_category(client, fake, help_portal):
    draft = _article(fake, help_portal, "Magic draft")  # status defaults to nil here: any status is searched
    archived = _article(fake, help_portal, "Magic archived", status="archived")
    body = client.get(URL, params={"q": "magic"}, headers=AGENT).json()["payload"]["articles"]
    assert sorted(a["id"] for a in body) == [draft.id, archived.id]
    assert {a["id"]: (a["status"], a["category_name"]) for a in body} == {
        draft.id: (draft.status, None),
        archived.id: ("archived", None),
    }


def test_words_are_prefixes_and_all_must_match(client, fake, help_portal):
    guide = _article(fake, help_portal, "Magic Guide")
    manual = _article(fake, help_portal, "Magic Manual", content="Wizardry for beginners")
    assert sorted(_ids(client, "mag")) == [guide.id, manual.id]
    assert _ids(client, "magic wiz") == [manual.id]  # both words, anywhere in the article
    assert _ids(client, "agic") == []  # prefixes of words, not substrings
    assert _ids(client, "") == [] and _ids(client, "  !? ") == []  # no words: nothing


def test_ranked_by_weight_and_length_then_id(client, fake, help_portal):
    """ts_rank(..., 2): a title hit (A, 1.0) outranks a content hit (C, 0.2); equal ranks by id."""
    in_content = _article(fake, help_portal, "Guide", content="magic wand")
    in_title = _article(fake, help_portal, "Magic Guide")
    twin = _article(fake, help_portal, "Magic Guide")
    assert _ids(client, "magic") == [in_title.id, twin.id, in_content.id]
    title_rank = ts_rank(
        weighted_vector([("Magic Guide", "A"), ("About it", "B"), ("MyText", "C")]), ["magic"]
    )
    content_rank = ts_rank(
        weighted_vector([("Guide", "A"), ("About it", "B"), ("magic wand", "C")]), ["magic"]
    )
    # (wjm + resj - wjm) / (pi^2 / 6) over the document's five positions
    assert title_rank == pytest.approx(1.0 / 1.64493406685 / 5)
    assert content_rank == pytest.approx(0.2 / 1.64493406685 / 5)


def test_only_the_accounts_articles(client, fake, help_portal):
    mine = _article(fake, help_portal, "Magic Guide")
    theirs = fake.store.portals.create(2, name="Globex help", slug="globex-help")
    _article(fake, theirs, "Magic Guide")
    assert _ids(client, "magic") == [mine.id]


def test_index_lists_articles_too(client, fake, help_portal):
    article = _article(fake, help_portal, "Zqmagic Guide")
    response = client.get("/api/v1/accounts/1/search", params={"q": "zqmagic"}, headers=ADMIN)
    assert response.status_code == 200
    payload = response.json()["payload"]
    assert list(payload) == ["conversations", "contacts", "messages", "articles"]
    assert [a["id"] for a in payload["articles"]] == [article.id]


def test_pages_of_15(client, fake, help_portal):
    made = [_article(fake, help_portal, f"Magic {i}").id for i in range(17)]
    first, second = _ids(client, "magic", page="1"), _ids(client, "magic", page="2")
    assert (len(first), len(second)) == (15, 2)
    assert sorted(first + second) == made
    assert _ids(client, "magic", page="3") == []


def test_other_account_admin_is_refused(client, fake, help_portal):
    response = client.get(URL, params={"q": "magic"}, headers=OTHER)
    assert (response.status_code, response.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_strangers_and_bots_are_refused(client, fake):
    assert_refuses_strangers(client, "GET", URL, params={"q": "magic"})
