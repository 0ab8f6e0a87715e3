"""Portal writes (v4.10): create (custom_domain parsed to its host, `inbox_id` linking a website
inbox), update (PATCH and PUT; only with params[:portal]; config replaced whole), destroy (its
categories and articles go, inboxes lose their help center), archive (a NoMethodError upstream, a
422 here), logo (nothing to purge), send_instructions (email checks, then the custom domain, then
the CNAME mail). Source: portals_controller.rb, portal.rb, portal_policy.rb (administrators),
portals/create|update.json.jbuilder (the `articles: []` shape), config/locales/en.yml
(portals.send_instructions.*)."""

from __future__ import annotations

import pytest

from fakewoot.api.portals import (
    CNAME_TEMPLATE,
    MSG_ARCHIVE,
    MSG_BAD_URI,
    MSG_CUSTOM_DOMAIN_NOT_CONFIGURED,
    MSG_EMAIL_REQUIRED,
    MSG_INSTRUCTIONS_SENT,
    MSG_INVALID_EMAIL,
)
from fakewoot.errors import (
    MSG_BOTS_NOT_AUTHORIZED,
    MSG_NOT_AUTHORIZED_ACCOUNT,
    MSG_NOT_AUTHORIZED_ACTION,
    MSG_NOT_FOUND,
    MSG_PARAM_MISSING,
)
from fakewoot.store.portals import MSG_ALLOWED_LOCALES
from tests.conftest import ADMIN_TOKEN, AGENT_TOKEN, BOT_TOKEN, OTHER_ADMIN_TOKEN, token
from tests.contract.matrix import assert_refuses_strangers
from tests.contract.test_portals import META_KEYS, PORTAL_KEYS

URL = "/api/v1/accounts/1/portals"
ADMIN, AGENT = token(ADMIN_TOKEN), token(AGENT_TOKEN)
WEB_INBOX, API_INBOX = 2, 1  # default fixtures: "Acme Website" and "Acme API"
WRITES = [
    ("POST", ""),
    ("PATCH", "/acme-help"),
    ("PUT", "/acme-help"),
    ("DELETE", "/acme-help"),
    ("DELETE", "/acme-help/logo"),
    ("POST", "/acme-help/send_instructions"),
]


@pytest.fixture
def help_portal(fake):
    return fake.store.portals.create(
        1, name="Acme Help", slug="acme-help", config={"allowed_locales": ["en"], "website_token": "t"}
    )


def _create(client, **portal):
    body = {"name": "Docs", "slug": "docs", "custom_domain": "", **portal}
    return client.post(URL, json={"portal": body}, headers=ADMIN)


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_writes_refuse_strangers_bots_other_accounts_and_agents(client, fake, help_portal, method, path):
    body = {"portal": {"name": "x", "slug": "x", "custom_domain": ""}, "email": "a@b.test"}
    assert_refuses_strangers(client, method, URL + path, json=body)
    bot = client.request(method, URL + path, json=body, headers=token(BOT_TOKEN))
    assert (bot.status_code, bot.json()) == (401, {"error": MSG_BOTS_NOT_AUTHORIZED})
    other = client.request(method, URL + path, json=body, headers=token(OTHER_ADMIN_TOKEN))
    assert (other.status_code, other.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACCOUNT})
    agent = client.request(method, URL + path, json=body, headers=AGENT)
    assert (agent.status_code, agent.json()) == (401, {"error": MSG_NOT_AUTHORIZED_ACTION})
    assert [(p.slug, p.name) for p in fake.store.portals.of(1)] == [("acme-help", "Acme Help")]
    assert fake.store.mailer.outbox(template=CNAME_TEMPLATE) == []


def test_create_answers_the_portal_with_the_host_of_a_custom_domain_url(client, fake):
    answer = _create(client, custom_domain="https://support.acme.test/help", color="#1f93ff")
    assert answer.status_code == 200
    body = answer.json()
    assert list(body) == PORTAL_KEYS and list(body["meta"]) == META_KEYS
    assert (body["name"], body["slug"], body["custom_domain"], body["color"]) == (
        "Docs",
        "docs",
        "support.acme.test",
        "#1f93ff",
    )
    assert body["archived"] is False and body["account_id"] == 1
    assert body["config"] == {"allowed_locales": [{"code": "en", "articles_count": 0, "categories_count": 0}]}
    assert body["meta"] == {
        "all_articles_count": 0,
        "archived_articles_count": None,
        "published_count": None,
        "draft_articles_count": None,
        "categories_count": 0,
        "default_locale": "en",
    }
    stored = fake.store.portals.by_slug(1, "docs")
    assert stored.id == body["id"] and stored.config == {"allowed_locales": ["en"], "default_locale": "en"}
    cased = _create(client, slug="cased", custom_domain="HTTP://me@Help.Acme.test:8080/x?y")
    assert cased.json()["custom_domain"] == "Help.Acme.test"  # URI::HTTP#host keeps the case
    plain = _create(client, slug="plain", custom_domain="help.acme.test", homepage_link="")
    assert (plain.json()["custom_domain"], plain.json()["homepage_link"]) == ("help.acme.test", None)
    blank = _create(client, slug="blank", custom_domain="")  # normalize_empty_string_to_nil
    assert blank.json()["custom_domain"] is None


def test_create_with_config_and_a_flat_json_body(client, fake):
    config = {"allowed_locales": ["en", "fr"], "default_locale": "fr", "theme": "dark"}
    body = {"name": "Docs", "slug": "docs", "custom_domain": "", "config": config, "inbox_id": WEB_INBOX}
    answer = client.post(URL, json=body, headers=ADMIN)  # wrap_parameters: Portal's attributes
    assert answer.status_code == 200
    assert [loc["code"] for loc in answer.json()["config"]["allowed_locales"]] == ["en", "fr"]
    assert answer.json()["meta"]["default_locale"] == "fr"
    assert list(answer.json())[-2:] == ["inbox", "meta"] and answer.json()["inbox"]["id"] == WEB_INBOX
    assert fake.store.portals.by_slug(1, "docs").config == {
        "default_locale": "fr",
        "allowed_locales": ["en", "fr"],
    }


def test_create_refusals_change_nothing(client, fake, help_portal):
    missing = client.post(URL, json={}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (422, {"error": MSG_PARAM_MISSING.format(key="portal")})
    no_domain = client.post(URL, json={"portal": {"name": "Docs", "slug": "docs"}}, headers=ADMIN)
    assert (no_domain.status_code, no_domain.json()) == (422, {"error": MSG_BAD_URI.format(value="nil")})
    bad_uri = _create(client, custom_domain="help acme")
    assert (bad_uri.status_code, bad_uri.json()) == (422, {"error": MSG_BAD_URI.format(value='"help acme"')})
    blank = _create(client, name="", slug="")
    assert (blank.status_code, blank.json()) == (
        422,
        {"message": "Name can't be blank, Slug can't be blank", "attributes": ["name", "slug"]},
    )
    taken = _create(client, slug="acme-help")
    assert (taken.status_code, taken.json()) == (
        422,
        {"message": "Slug has already been taken", "attributes": ["slug"]},
    )
    locales = _create(client, config={"default_locale": "en"})
    assert (locales.status_code, locales.json()) == (
        422,
        {"message": MSG_ALLOWED_LOCALES, "attributes": ["config"]},
    )
    too_long = _create(client, name="n" * 256)
    assert too_long.json()["message"] == "Name is too long (maximum is 255 characters)"
    unknown_inbox = client.post(
        URL, json={"portal": {"name": "D", "slug": "d", "custom_domain": ""}, "inbox_id": 999}, headers=ADMIN
    )
    assert (unknown_inbox.status_code, unknown_inbox.json()) == (404, {"error": MSG_NOT_FOUND})
    assert [p.slug for p in fake.store.portals.of(1)] == ["acme-help"]


def test_create_ignores_an_inbox_that_is_no_website(client):
    body = {"portal": {"name": "D", "slug": "d", "custom_domain": ""}, "inbox_id": API_INBOX}
    answer = client.post(URL, json=body, headers=ADMIN)
    assert answer.status_code == 200 and "inbox" not in answer.json()


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_update_replaces_config_and_keeps_the_rest(client, fake, help_portal, method):
    body = {"portal": {"name": "New name", "config": {"allowed_locales": ["en", "es"]}, "archived": True}}
    answer = client.request(method, URL + "/acme-help", json=body, headers=ADMIN)
    assert answer.status_code == 200 and list(answer.json()) == PORTAL_KEYS
    assert (answer.json()["name"], answer.json()["archived"]) == ("New name", True)
    assert answer.json()["config"] == {
        "allowed_locales": [
            {"code": "en", "articles_count": 0, "categories_count": 0},
            {"code": "es", "articles_count": 0, "categories_count": 0},
        ]
    }
    assert answer.json()["meta"]["archived_articles_count"] is None  # the update view's articles: []
    assert help_portal.config == {
        "allowed_locales": ["en", "es"],
        "default_locale": "en",
    }  # website_token gone
    unchanged = client.request(method, URL + "/acme-help", json={"portal": {}}, headers=ADMIN)
    assert unchanged.status_code == 200 and unchanged.json()["name"] == "New name"
    url = client.request(method, URL + "/acme-help", json={"custom_domain": "https://x.test"}, headers=ADMIN)
    assert url.json()["custom_domain"] == "https://x.test"  # update does not parse it


def test_update_links_and_unlinks_the_website_inbox(client, fake, help_portal):
    linked = client.patch(
        URL + "/acme-help", json={"portal": {"name": "A"}, "inbox_id": WEB_INBOX}, headers=ADMIN
    )
    assert linked.json()["inbox"]["id"] == WEB_INBOX
    ignored = client.patch(URL + "/acme-help", json={"inbox_id": ""}, headers=ADMIN)  # no params[:portal]
    assert ignored.json()["inbox"]["id"] == WEB_INBOX
    cleared = client.patch(URL + "/acme-help", json={"portal": {"name": "A"}, "inbox_id": ""}, headers=ADMIN)
    assert cleared.status_code == 200 and "inbox" not in cleared.json()
    assert help_portal.channel_web_widget_id is None


def test_update_refusals_change_nothing(client, fake, help_portal):
    fake.store.portals.create(1, name="Other", slug="other", custom_domain="docs.acme.test")
    before = help_portal.updated_at
    for portal, message, attrs in (
        ({"slug": "other"}, "Slug has already been taken", ["slug"]),
        ({"custom_domain": "docs.acme.test"}, "Custom domain has already been taken", ["custom_domain"]),
        ({"name": " "}, "Name can't be blank", ["name"]),
    ):
        answer = client.put(URL + "/acme-help", json={"portal": portal}, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (422, {"message": message, "attributes": attrs})
    assert (help_portal.slug, help_portal.name, help_portal.custom_domain) == ("acme-help", "Acme Help", None)
    assert help_portal.updated_at == before
    missing = client.put(URL + "/nope", json={"portal": {"name": "x"}}, headers=ADMIN)
    assert (missing.status_code, missing.json()) == (404, {"error": MSG_NOT_FOUND})


def test_destroy_takes_categories_and_articles_and_frees_inboxes(client, fake, help_portal):
    category = fake.store.categories.create(help_portal, {"name": "FAQ", "slug": "faq"})
    fake.store.articles.create(
        help_portal, {"title": "Hi", "content": "x", "author_id": 1, "category_id": category.id}
    )
    inbox = fake.store.account(1).inboxes.get(WEB_INBOX)
    inbox.settings["portal_id"] = help_portal.id
    answer = client.delete(URL + "/acme-help", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert fake.store.portals.of(1) == []
    assert len(fake.store.account(1).categories) == 0 and len(fake.store.account(1).articles) == 0
    assert inbox.settings["portal_id"] is None
    assert client.delete(URL + "/acme-help", headers=ADMIN).status_code == 404


def test_archive_is_refused_for_every_member(client, fake, help_portal):
    for headers in (ADMIN, AGENT):
        answer = client.patch(URL + "/acme-help/archive", headers=headers)
        assert (answer.status_code, answer.json()) == (422, {"error": MSG_ARCHIVE})
    assert help_portal.archived is False
    assert_refuses_strangers(client, "PATCH", URL + "/acme-help/archive")


def test_logo_has_nothing_to_purge(client, help_portal):
    answer = client.delete(URL + "/acme-help/logo", headers=ADMIN)
    assert (answer.status_code, answer.content) == (200, b"")
    assert client.delete(URL + "/nope/logo", headers=ADMIN).status_code == 404


def test_send_instructions(client, fake, help_portal):
    fake.store.portals.create(1, name="D", slug="docs", custom_domain="docs.acme.test")
    path = URL + "/docs/send_instructions"
    for body, message in (
        ({}, MSG_EMAIL_REQUIRED),
        ({"email": " "}, MSG_EMAIL_REQUIRED),
        ({"email": {"a": 1}}, MSG_EMAIL_REQUIRED),  # permit drops a hash
        ({"email": "invalid-email"}, MSG_INVALID_EMAIL),
    ):
        answer = client.post(path, json=body, headers=ADMIN)
        assert (answer.status_code, answer.json()) == (422, {"error": message})
    plain = client.post(URL + "/acme-help/send_instructions", json={"email": "dev@acme.test"}, headers=ADMIN)
    assert (plain.status_code, plain.json()) == (422, {"error": MSG_CUSTOM_DOMAIN_NOT_CONFIGURED})
    missing = client.post(URL + "/nope/send_instructions", json={"email": "dev@acme.test"}, headers=ADMIN)
    assert missing.status_code == 404
    assert (
        client.post(URL + "/nope/send_instructions", json={}, headers=ADMIN).status_code == 422
    )  # email first
    assert fake.store.mailer.outbox(template=CNAME_TEMPLATE) == []
    sent = client.post(path, json={"email": "dev@acme.test"}, headers=ADMIN)
    assert (sent.status_code, sent.json()) == (200, {"message": MSG_INSTRUCTIONS_SENT})
    [mail] = fake.store.mailer.outbox(template=CNAME_TEMPLATE)
    assert (mail.to, mail.subject) == ("dev@acme.test", "Finish setting up docs.acme.test")
    assert mail.data["cname_record"].startswith("docs.acme.test CNAME ")
    before, fake.settings.frontend_url = fake.settings.frontend_url, "https://app.acme.test/"
    try:  # FRONTEND_URL: its host is the target domain
        client.post(path, json={"email": "ops@acme.test"}, headers=ADMIN)
    finally:
        fake.settings.frontend_url = before
    assert fake.store.mailer.outbox(to="ops@acme.test")[0].data["cname_record"] == (
        "docs.acme.test CNAME app.acme.test"
    )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_logo_from_a_signed_blob_id(client, fake):
    blob = fake.store.blobs.create_and_upload(PNG, filename="logo.png", content_type="image/png")
    signed = fake.store.blobs.signed_id(blob)
    body = {"portal": {"name": "Docs", "slug": "docs", "custom_domain": ""}, "blob_id": signed}
    created = client.post(URL, json=body, headers=ADMIN).json()
    assert list(created)[-2:] == ["logo", "meta"]
    logo = created["logo"]
    assert list(logo) == ["id", "portal_id", "file_type", "account_id", "file_url", "blob_id", "filename"]
    assert (logo["portal_id"], logo["file_type"], logo["account_id"], logo["blob_id"], logo["filename"]) == (
        created["id"],
        "image/png",
        1,
        signed,
        "logo.png",
    )
    assert logo["file_url"].endswith(f"/rails/active_storage/blobs/redirect/{signed}/logo.png")
    assert client.get(logo["file_url"], headers=ADMIN).status_code in (200, 302)
    kept = client.patch(URL + "/docs", json={"portal": {"name": "Docs 2"}}, headers=ADMIN).json()
    assert kept["logo"]["blob_id"] == signed  # no blob_id: the logo stays
    forged = client.patch(URL + "/docs", json={"blob_id": "forged--x"}, headers=ADMIN).json()
    assert "logo" not in forged  # find_signed is nil: attach(nil) detaches
    client.patch(URL + "/docs", json={"blob_id": signed}, headers=ADMIN)
    purged = client.delete(URL + "/docs/logo", headers=ADMIN)
    assert (purged.status_code, purged.content) == (200, b"")
    assert "logo" not in client.get(URL + "/docs", headers=ADMIN).json()
    assert fake.store.blobs.get(blob.id) is None  # purge takes the blob too
