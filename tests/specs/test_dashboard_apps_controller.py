"""Port of spec/controllers/api/v1/accounts/dashboard_apps_controller_spec.rb (v4.10)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import new_user, ok

SPEC = "spec/controllers/api/v1/accounts/dashboard_apps_controller_spec.rb"
UPSTREAM_ITS = 14
SKIPPED: dict[str, str] = {}
URL = "/api/v1/accounts/1/dashboard_apps"
INDEX = "GET /api/v1/accounts/{account.id}/dashboard_apps"
SHOW = "GET /api/v1/accounts/{account.id}/dashboard_apps/:id"
CREATE = "POST /api/v1/accounts/{account.id}/dashboard_apps"
UPDATE = "PATCH /api/v1/accounts/{account.id}/dashboard_apps/:id"
DESTROY = "DELETE /api/v1/accounts/{account.id}/dashboard_apps/:id"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
FACTORY = {"title": "Test Dashboard App", "content": [{"url": "https://chatwoot.com", "type": "frame"}]}


def _form(url: str, kind: str = "frame") -> dict[str, str]:
    """The spec's payloads as the form body Rails' request helper sends."""
    return {
        "dashboard_app[title]": "CRM Dashboard",
        "dashboard_app[content][][type]": kind,
        "dashboard_app[content][][url]": url,
    }


def _setup(http) -> tuple[dict, dict]:
    user = new_user(http)
    return user, ok(http.post(URL, json=FACTORY, headers=user["headers"]))


@ports(INDEX + UNAUTH, SHOW + UNAUTH, CREATE + UNAUTH, UPDATE + UNAUTH, DESTROY + UNAUTH)
def test_unauthenticated_calls_are_refused(http):
    user, app = _setup(http)
    one = f"{URL}/{app['id']}"
    for method, url, data in (
        ("GET", URL, None),
        ("GET", one, None),
        ("POST", URL, _form("https://link.com")),
        ("PATCH", one, _form("https://link.com")),
        ("DELETE", one, None),
    ):
        assert http.request(method, url, data=data).status_code == 401, (method, url)
    assert ok(http.get(URL, headers=user["headers"])) == [app]


@ports(INDEX + AUTHED + "returns all dashboard_apps in the account")
def test_index(http):
    user, app = _setup(http)
    listed = ok(http.get(URL, headers=new_user(http)["headers"]))  # every member sees the account's apps
    assert listed[0]["title"] == FACTORY["title"] and listed[0]["content"] == FACTORY["content"]
    assert listed == [app] and user["id"] != 0


@ports(SHOW + AUTHED + "shows the dashboard app")
def test_show(http):
    user, app = _setup(http)
    answer = http.get(f"{URL}/{app['id']}", headers=user["headers"])
    assert answer.status_code == 200 and FACTORY["title"] in answer.text


@ports(
    CREATE + AUTHED + "creates the dashboard app",
    CREATE + AUTHED + "creates the dashboard app even if the URL does not have SSL",
)
def test_create_with_https_and_http_urls(http):
    user = new_user(http)
    for url in ("https://link.com", "http://link.com"):
        created = ok(http.post(URL, data=_form(url), headers=user["headers"]))
        assert created["title"] == "CRM Dashboard"
        assert created["content"] == [{"url": url, "type": "frame"}]
    assert len(ok(http.get(URL, headers=user["headers"]))) == 2


@ports(
    CREATE + AUTHED + "does not create the dashboard app if invalid URL",
    CREATE + AUTHED + "does not create the dashboard app if non HTTP URL",
    CREATE + AUTHED + "does not create the dashboard app if invalid type",
)
def test_invalid_content_is_refused(http):
    user = new_user(http)
    for form in (
        _form("com"),
        _form("ftp://wontwork.chatwoot.com/hello-world"),
        _form("https://link.com", "dda"),
    ):
        answer = http.post(URL, data=form, headers=user["headers"])
        assert answer.status_code == 422
        assert answer.json()["message"] == "Content : Invalid data"
    assert ok(http.get(URL, headers=user["headers"])) == []


@ports(UPDATE + AUTHED + "updates the dashboard app")
def test_update(http):
    user, app = _setup(http)
    updated = ok(http.patch(f"{URL}/{app['id']}", data=_form("https://link.com"), headers=user["headers"]))
    assert updated["content"] == [{"url": "https://link.com", "type": "frame"}]
    assert ok(http.get(f"{URL}/{app['id']}", headers=user["headers"]))["title"] == "CRM Dashboard"


@ports(DESTROY + " > when it is an authenticated admin user > deletes dashboard app")
def test_destroy(http):
    user, app = _setup(http)
    assert http.delete(f"{URL}/{app['id']}", headers=user["headers"]).status_code == 204
    assert ok(http.get(URL, headers=user["headers"])) == []
