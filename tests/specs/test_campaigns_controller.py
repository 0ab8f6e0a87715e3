"""Port of spec/controllers/api/v1/accounts/campaigns_controller_spec.rb (v4.10). The spec's inbox
factory is a website inbox (inbox 2, "Acme Website", in the default fixtures)."""

from __future__ import annotations

from tests.specs.ledger import ports
from tests.specs.support import WEB_INBOX, new_user, ok

SPEC = "spec/controllers/api/v1/accounts/campaigns_controller_spec.rb"
UPSTREAM_ITS = 18
SKIPPED = {
    "POST /api/v1/accounts/{account.id}/campaigns > when it is an authenticated user > creates a new oneoff campaign": (
        "not implemented: SMS and WhatsApp inboxes, the only ones that make one-off campaigns"
    ),
}
URL = "/api/v1/accounts/1/campaigns"
INDEX = "GET /api/v1/accounts/{account.id}/campaigns"
SHOW = "GET /api/v1/accounts/{account.id}/campaigns/:id"
CREATE = "POST /api/v1/accounts/{account.id}/campaigns"
UPDATE = "PATCH /api/v1/accounts/{account.id}/campaigns/:id"
DESTROY = "DELETE /api/v1/accounts/{account.id}/campaigns/:id"
UNAUTH = " > when it is an unauthenticated user > returns unauthorized"
AUTHED = " > when it is an authenticated user > "
BODY = {"inbox_id": WEB_INBOX, "title": "test", "message": "test message"}


def _campaign(http) -> dict:
    admin = new_user(http, role="administrator")["headers"]
    body = {**BODY, "title": "Campaign", "trigger_rules": {"url": "https://test.com"}}
    return ok(http.post(URL, json=body, headers=admin))


def _roles(http) -> tuple[dict, dict]:
    return new_user(http, role="agent")["headers"], new_user(http, role="administrator")["headers"]


@ports(INDEX + UNAUTH, SHOW + UNAUTH, CREATE + UNAUTH, UPDATE + UNAUTH, DESTROY + UNAUTH)
def test_unauthenticated_calls_are_refused(http):
    campaign = _campaign(http)
    one = f"{URL}/{campaign['id']}"
    for method, url, body in (
        ("GET", URL, None),
        ("GET", one, None),
        ("POST", URL, BODY),
        ("PATCH", one, BODY),
        ("DELETE", one, None),
    ):
        assert http.request(method, url, json=body).status_code == 401, (method, url)
    assert [c["title"] for c in ok(http.get(URL, headers=_roles(http)[1]))] == ["Campaign"]


@ports(
    INDEX + AUTHED + "returns unauthorized for agents",
    SHOW + AUTHED + "returns unauthorized for agents",
    CREATE + AUTHED + "returns unauthorized for agents",
    UPDATE + AUTHED + "returns unauthorized for agents",
    DESTROY + AUTHED + "return unauthorized if agent",
)
def test_agents_are_refused(http):
    campaign = _campaign(http)
    agent, admin = _roles(http)
    one = f"{URL}/{campaign['id']}"
    for method, url, body in (
        ("GET", URL, None),
        ("GET", one, None),
        ("POST", URL, BODY),
        ("PATCH", one, BODY),
        ("DELETE", one, None),
    ):
        assert http.request(method, url, json=body, headers=agent).status_code == 401, (method, url)
    assert [c["title"] for c in ok(http.get(URL, headers=admin))] == ["Campaign"]


@ports(INDEX + AUTHED + "returns all campaigns to administrators")
def test_index(http):
    campaign = _campaign(http)
    assert ok(http.get(URL, headers=_roles(http)[1]))[0]["id"] == campaign["id"]


@ports(SHOW + AUTHED + "shows the campaign for administrators")
def test_show(http):
    campaign = _campaign(http)
    assert ok(http.get(f"{URL}/{campaign['id']}", headers=_roles(http)[1]))["id"] == campaign["id"]


@ports(CREATE + AUTHED + "creates a new campaign", CREATE + AUTHED + "creates a new ongoing campaign")
def test_create(http):
    admin = _roles(http)[1]
    assert ok(http.post(URL, json=BODY, headers=admin))["title"] == "test"
    ongoing = ok(http.post(URL, json={**BODY, "trigger_rules": {"url": "https://test.com"}}, headers=admin))
    assert (ongoing["title"], ongoing["campaign_type"]) == ("test", "ongoing")


@ports(CREATE + AUTHED + "throws error when invalid url provided for ongoing campaign")
def test_a_url_without_http_is_refused(http):
    admin = _roles(http)[1]
    answer = http.post(URL, json={**BODY, "trigger_rules": {"url": "javascript"}}, headers=admin)
    assert answer.status_code == 422
    assert ok(http.get(URL, headers=admin)) == []


@ports(UPDATE + AUTHED + "updates the campaign")
def test_update(http):
    campaign = _campaign(http)
    admin = _roles(http)[1]
    assert ok(http.patch(f"{URL}/{campaign['id']}", json=BODY, headers=admin))["title"] == "test"


@ports(DESTROY + AUTHED + "delete campaign if admin")
def test_destroy(http):
    campaign = _campaign(http)
    admin = _roles(http)[1]
    assert http.delete(f"{URL}/{campaign['id']}", headers=admin).status_code == 200
    assert http.get(f"{URL}/{campaign['id']}", headers=admin).status_code == 404
