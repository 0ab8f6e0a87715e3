"""Port of spec/controllers/api/v1/accounts/portals_controller_spec.rb (v4.10): index, show (with the
articles of a locale), create, update (archived flag, the web widget cleared), destroy, logo and
send_instructions. The spec's FactoryBot records are built over HTTP or through the store verbs the
fake's control API uses."""

from __future__ import annotations

from fakewoot.api.portals import (
    CNAME_TEMPLATE,
    MSG_CUSTOM_DOMAIN_NOT_CONFIGURED,
    MSG_EMAIL_REQUIRED,
    MSG_INSTRUCTIONS_SENT,
    MSG_INVALID_EMAIL,
)
from tests.specs.ledger import ports
from tests.specs.support import ADMIN, WEB_INBOX, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/portals_controller_spec.rb"
UPSTREAM_ITS = 22
_CREATE = "POST /api/v1/accounts/{account.id}/portals"
_PUT = "PUT /api/v1/accounts/{account.id}/portals/{portal.slug}"
_DELETE = "DELETE /api/v1/accounts/{account.id}/portals/{portal.slug}"
_LOGO = "DELETE /api/v1/accounts/{account.id}/portals/{portal.slug}/logo"
_SEND = "POST /api/v1/accounts/{account.id}/portals/{portal.slug}/send_instructions"
_UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
_AUTHED = " > when it is an authenticated user > "
_ADMIN = " > when it is an authenticated admin > "
INDEX = "GET /api/v1/accounts/{account.id}/portals"
SHOW = "GET /api/v1/accounts/{account.id}/portals/{portal.slug}"
URL = "/api/v1/accounts/1/portals"


def _portal(fake, name: str = "test_portal", slug: str = "portal-1"):
    """create(:portal, slug:, name:, account_id:)."""
    return fake.store.portals.create(1, name=name, slug=slug)


@ports(INDEX + _UNAUTH, SHOW + _UNAUTH)
def test_unauthenticated(http, fake):
    _portal(fake)
    assert http.get(URL).status_code == 401
    assert http.get(URL + "/portal-1").status_code == 401


@ports(INDEX + _AUTHED + "get all portals")
def test_index(http, fake):
    portal = _portal(fake)
    second = _portal(fake, "test_portal_2", "portal-2")
    assert second.id is not None
    body = ok(http.get(URL, headers=new_user(http, role="administrator")["headers"]))
    assert len(body["payload"]) == 2 and body["payload"][0]["id"] == portal.id


@ports(SHOW + _AUTHED + "get one portals")
def test_show(http, fake):
    portal = _portal(fake)
    body = ok(http.get(f"{URL}/{portal.slug}", headers=new_user(http, role="administrator")["headers"]))
    assert body["name"] == portal.name and body["meta"]["all_articles_count"] == 0


@ports(_CREATE + _UNAUTH, _PUT + _UNAUTH, _DELETE + _UNAUTH, _LOGO + _UNAUTH, _SEND + _UNAUTH)
def test_writes_unauthenticated(http, fake):
    _portal(fake)
    for method, path in (
        ("POST", ""),
        ("PUT", "/portal-1"),
        ("DELETE", "/portal-1"),
        ("DELETE", "/portal-1/logo"),
        ("POST", "/portal-1/send_instructions"),
    ):
        assert http.request(method, URL + path, json={"portal": {"name": "x"}}).status_code == 401
    assert [p.name for p in fake.store.portals.of(1)] == ["test_portal"]


@ports(
    _LOGO + _AUTHED + "throw error if agent",
    _SEND + " > when it is an authenticated agent > returns unauthorized",
)
def test_writes_refused_to_agents(http, fake):
    _portal(fake)
    agent = new_user(http)["headers"]
    assert http.delete(URL + "/portal-1/logo", headers=agent).status_code == 401
    body = {"email": "admin@example.com"}
    assert http.post(URL + "/portal-1/send_instructions", json=body, headers=agent).status_code == 401


def _with_domain(fake):
    """create(:portal, slug: 'portal-with-domain', custom_domain: 'docs.example.com')."""
    return fake.store.portals.create(1, name="p", slug="portal-with-domain", custom_domain="docs.example.com")


@ports(SHOW + _AUTHED + "returns portal articles metadata")
def test_show_counts_the_articles_of_the_locale(http, fake):
    portal = _portal(fake)
    admin = new_user(http, role="administrator")
    agent = new_user(http)
    config = {"allowed_locales": ["en", "es"], "default_locale": "en"}
    ok(http.put(f"{URL}/portal-1", json={"portal": {"config": config}}, headers=ADMIN))
    base = f"{URL}/portal-1"
    for locale in ("en", "es"):
        body = {"category": {"name": "MyString", "slug": f"{locale}-cat", "locale": locale}}
        ok(http.post(base + "/categories", json=body, headers=ADMIN))
    en_cat, es_cat = (c.id for c in fake.store.categories.of(portal))
    for category_id, author in ((en_cat, agent), (en_cat, admin), (es_cat, agent)):
        article = {"title": f"T {author['id']} {category_id}", "content": "MyText", "author_id": author["id"]}
        ok(
            http.post(
                base + "/articles", json={"article": {**article, "category_id": category_id}}, headers=ADMIN
            )
        )
    body = ok(http.get(base, params={"locale": "en"}, headers=admin["headers"]))
    assert body["name"] == portal.name
    assert (body["meta"]["all_articles_count"], body["meta"]["mine_articles_count"]) == (2, 1)


@ports(_CREATE + _AUTHED + "creates portal")
def test_create(http):
    portal = {"name": "test_portal", "slug": "test_kbase", "custom_domain": "https://support.chatwoot.dev"}
    body = ok(
        http.post(URL, json={"portal": portal}, headers=new_user(http, role="administrator")["headers"])
    )
    assert (body["name"], body["custom_domain"]) == ("test_portal", "support.chatwoot.dev")


@ports(_PUT + _AUTHED + "updates portal")
def test_update(http, fake):
    portal = _portal(fake)
    assert portal.name == "test_portal"
    body = {"portal": {"name": "updated_test_portal", "config": {"allowed_locales": ["en", "es"]}}}
    answer = ok(
        http.put(f"{URL}/portal-1", json=body, headers=new_user(http, role="administrator")["headers"])
    )
    assert answer["name"] == "updated_test_portal"
    assert answer["config"] == {
        "allowed_locales": [
            {"articles_count": 0, "categories_count": 0, "code": "en"},
            {"articles_count": 0, "categories_count": 0, "code": "es"},
        ]
    }


@ports(_PUT + _AUTHED + "archive portal")
def test_update_archives(http, fake):
    portal = _portal(fake)
    assert not portal.archived
    body = {"portal": {"archived": True}}
    answer = ok(
        http.put(f"{URL}/portal-1", json=body, headers=new_user(http, role="administrator")["headers"])
    )
    assert answer["archived"] is True
    assert fake.store.portals.by_slug(1, "portal-1").archived is True


@ports(_PUT + _AUTHED + "clears associated web widget when inbox selection is blank")
def test_update_clears_the_web_widget(http, fake):
    portal = _portal(fake)
    admin = new_user(http, role="administrator")["headers"]
    ok(
        http.put(
            f"{URL}/portal-1", json={"portal": {"name": portal.name}, "inbox_id": WEB_INBOX}, headers=admin
        )
    )
    channel_id = fake.store.account(1).inboxes.get(WEB_INBOX).channel_id
    assert fake.store.portals.by_slug(1, "portal-1").channel_web_widget_id == channel_id
    body = {"portal": {"name": portal.name}, "inbox_id": ""}
    answer = ok(http.put(f"{URL}/portal-1", json=body, headers=admin))
    assert fake.store.portals.by_slug(1, "portal-1").channel_web_widget_id is None
    assert answer.get("inbox") is None


@ports(_DELETE + _AUTHED + "deletes portal")
def test_destroy(http, fake):
    _portal(fake)
    ok(http.delete(f"{URL}/portal-1", headers=new_user(http, role="administrator")["headers"]))
    assert fake.store.portals.by_slug(1, "portal-1") is None


@ports(_LOGO + _AUTHED + "delete portal logo if admin")
def test_logo_admin(http, fake):
    portal = _portal(fake)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16  # portal.logo.attach(avatar.png)
    fake.store.portals.attach_logo(
        portal, fake.store.blobs.create_and_upload(png, filename="avatar.png", content_type="image/png")
    )
    ok(http.delete(f"{URL}/portal-1/logo", headers=new_user(http, role="administrator")["headers"]))
    assert portal.logo_attachment_id is None and portal.logo_blob_id is None


@ports(
    _SEND + _ADMIN + "returns error when email is missing",
    _SEND + _ADMIN + "returns error when email is invalid",
    _SEND + _ADMIN + "returns error when custom domain is not configured",
)
def test_send_instructions_errors(http, fake):
    _portal(fake)
    _with_domain(fake)
    admin = new_user(http, role="administrator")["headers"]
    for slug, body, message in (
        ("portal-with-domain", {}, MSG_EMAIL_REQUIRED),
        ("portal-with-domain", {"email": "invalid-email"}, MSG_INVALID_EMAIL),
        ("portal-1", {"email": "dev@example.com"}, MSG_CUSTOM_DOMAIN_NOT_CONFIGURED),
    ):
        answer = http.post(f"{URL}/{slug}/send_instructions", json=body, headers=admin)
        assert (answer.status_code, answer.json()["error"]) == (422, message)


@ports(_SEND + _ADMIN + "sends instructions successfully")
def test_send_instructions(http, fake):
    portal = _with_domain(fake)
    admin = new_user(http, role="administrator")["headers"]
    body = {"email": "dev@example.com"}
    answer = ok(http.post(f"{URL}/portal-with-domain/send_instructions", json=body, headers=admin))
    assert answer["message"] == MSG_INSTRUCTIONS_SENT
    [mail] = fake.store.mailer.outbox(template=CNAME_TEMPLATE)
    assert (mail.to, mail.data["portal_id"]) == ("dev@example.com", portal.id)
