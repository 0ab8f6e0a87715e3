"""Help center portals, read side (v4.10): index (payload + meta) and show by slug for every member,
the portal partial's keys and order, the index's nil article scopes, 404 for an unknown slug, the
auth matrix (writes: tests/contract/test_portal_writes.py). Source: portals_controller.rb, portal_policy.rb, portals/_portal.json.jbuilder,
models/_portal_config.json.jbuilder."""

from __future__ import annotations

import pytest

from fakewoot.api.portals import MSG_CLOUDFLARE_NOT_CONFIGURED, MSG_CUSTOM_DOMAIN_NOT_CONFIGURED
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    Invalid,
)
from fakewoot.store.portals import MSG_ALLOWED_LOCALES
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers

URL = "/api/v1/accounts/1/portals"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
PORTAL_KEYS = [
    "id",
    "color",
    "custom_domain",
    "header_text",
    "homepage_link",
    "name",
    "page_title",
    "slug",
    "archived",
    "account_id",
    "config",
    "meta",
]
META_KEYS = [
    "all_articles_count",
    "archived_articles_count",
    "published_count",
    "draft_articles_count",
    "categories_count",
    "default_locale",
]


@pytest.fixture
def help_portal(fake):
    return fake.store.portals.create(
        1,
        name="Acme Help",
        slug="acme-help",
        color="#1f93ff",
        header_text="How can we help?",
        config={"allowed_locales": ["en", "fr"], "default_locale": "fr"},
    )


@pytest.mark.parametrize("path", ["", "/acme-help", "/acme-help/categories", "/acme-help/articles"])
def test_strangers_bots_and_other_accounts_are_refused(client, help_portal, path):
    assert_refuses_strangers(client, "GET", URL + path)
    bot = client.get(URL + path, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.get(URL + path, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})


def test_index_for_every_member(client, help_portal):
    for headers in (AGENT, ADMIN):
        answer = client.get(URL, headers=headers)
        assert answer.status_code == 200 and list(answer.json()) == ["payload", "meta"]
        assert answer.json()["meta"] == {"current_page": 1, "portals_count": 1}
        listed = answer.json()["payload"][0]
        assert list(listed) == PORTAL_KEYS and list(listed["meta"]) == META_KEYS
        assert (listed["slug"], listed["archived"], listed["custom_domain"]) == ("acme-help", False, None)
        assert listed["meta"] == {
            "all_articles_count": 0,
            "archived_articles_count": None,  # [].try(:archived)
            "published_count": None,
            "draft_articles_count": None,
            "categories_count": 0,
            "default_locale": "fr",
        }
        assert listed["config"] == {
            "allowed_locales": [
                {"code": "en", "articles_count": 0, "categories_count": 0},
                {"code": "fr", "articles_count": 0, "categories_count": 0},
            ]
        }
    paged = client.get(URL, params={"page": "2"}, headers=AGENT).json()["meta"]
    assert paged == {"current_page": "2", "portals_count": 1}


def test_show_by_slug_counts_the_locale_articles(client, help_portal):
    answer = client.get(URL + "/acme-help", headers=AGENT)
    assert answer.status_code == 200 and list(answer.json()) == PORTAL_KEYS
    assert answer.json()["meta"]["archived_articles_count"] == 0 and answer.json()["id"] == help_portal.id
    for path in ("/nope", f"/{help_portal.id}"):  # by slug only
        missing = client.get(URL + path, headers=AGENT)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_live_chat_inbox_and_empty_index(client, fake):
    assert client.get(URL, headers=AGENT).json() == {
        "payload": [],
        "meta": {"current_page": 1, "portals_count": 0},
    }
    widget = fake.store.account(1).inboxes.get(2)
    fake.store.portals.create(1, name="Docs", slug="docs", channel_web_widget_id=widget.channel_id)
    shown = client.get(URL + "/docs", headers=ADMIN).json()
    assert list(shown)[-2:] == ["inbox", "meta"] and shown["inbox"]["id"] == 2
    assert shown["meta"]["default_locale"] == "en"


def test_portal_validations(fake, help_portal):
    with pytest.raises(Invalid) as taken:
        fake.store.portals.create(2, name="Other", slug="acme-help")
    assert taken.value.body == {"message": "Slug has already been taken", "attributes": ["slug"]}
    with pytest.raises(Invalid) as blank:
        fake.store.portals.create(1, name="", slug="x", config={"theme": "dark"})
    assert blank.value.pairs == [
        ("name", "Name can't be blank"),
        ("cofig", "Cofig in portal on theme is not supported."),
        ("config", MSG_ALLOWED_LOCALES),  # no allowed_locales list: every view would fail upstream
    ]


def test_categories_and_articles_read_side(client, help_portal):
    base = URL + "/acme-help"
    categories = client.get(base + "/categories", headers=AGENT)
    assert categories.status_code == 200
    assert categories.json() == {"payload": [], "meta": {"current_page": 1, "categories_count": 0}}
    articles = client.get(base + "/articles", params={"page": "2"}, headers=AGENT)
    assert articles.status_code == 200 and articles.json() == {
        "payload": [],
        "meta": {
            "all_articles_count": 0,
            "archived_articles_count": 0,
            "articles_count": 0,
            "current_page": "2",
            "draft_articles_count": 0,
            "mine_articles_count": 0,
            "published_count": 0,
        },
    }
    for path in ("/categories", "/articles"):
        missing = client.get(URL + "/nope" + path, headers=AGENT)
        assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})
        denied = client.get(base + path + "/1", headers=AGENT)
        assert (denied.status_code, denied.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
        assert client.get(base + path + "/1", headers=ADMIN).status_code == 404
    assert client.get(URL + "/nope/categories/1", headers=AGENT).status_code == 401  # policy first
    assert client.get(URL + "/nope/articles/1", headers=AGENT).status_code == 404  # find_by! first


def test_ssl_status_without_cloudflare(client, fake, help_portal):
    plain = client.get(URL + "/acme-help/ssl_status", headers=AGENT)
    assert (plain.status_code, plain.json()) == (422, {"error": MSG_CUSTOM_DOMAIN_NOT_CONFIGURED})
    fake.store.portals.create(1, name="Docs", slug="docs", custom_domain="docs.acme.test")
    domain = client.get(URL + "/docs/ssl_status", headers=AGENT)
    assert (domain.status_code, domain.json()) == (422, {"error": [MSG_CLOUDFLARE_NOT_CONFIGURED]})
    assert client.get(URL + "/nope/ssl_status", headers=AGENT).status_code == 404
